/**
 * Start-up benchmark (not a test): median wall time of `citypitch --version` and `citypitch check
 * dalian` through the bin an installed user runs, i.e. plain Node on the compiled dist/. The bin
 * is run from a folder laid out like an installed package (bin, dist, package.json, templates and
 * node_modules linked from the repository), so it takes its installed path, not the checkout's tsx one.
 * Wall time is the target; the CPU time each run reports of itself is printed beside it, since on a
 * shared machine it varies far less with the load than the wall time does.
 * Run: npx tsx scripts/bench/startup.ts [--no-compile]   (or `npm run bench -- startup`)
 *      npx tsx scripts/bench/startup.ts --dist DIR   (a compile of your own, `npx tsc -p tsconfig.build.json
 *      --outDir DIR`, measured without touching the shared dist/)
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, median } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const RUNS = 15;
const TARGETS = { version: 100, check: 250 };

const distAt = process.argv.indexOf("--dist");
const DIST = distAt > 0 ? resolve(process.argv[distAt + 1] ?? "dist") : join(ROOT, "dist");

function installedLayout(): string {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-startup-"));
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(ROOT, "bin", "citypitch.cjs"), join(dir, "bin", "citypitch.cjs"));
  copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
  symlinkSync(DIST, join(dir, "dist"));
  for (const linked of ["templates", "schema", "node_modules", "data"]) symlinkSync(join(ROOT, linked), join(dir, linked));
  return dir;
}

/**
 * Preloaded into each run: writes the process's own CPU time (user + system, ms) to fd 3 as it
 * exits. Node preloads it into worker threads too (the prefetch thread); only the main thread writes.
 */
const CPU_PROBE = `if (require("node:worker_threads").isMainThread) process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeSync(3, String((u.user + u.system) / 1000)); });\n`;

function time(args: string[], cwd: string, runs: number, probe: string): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, ["--require", probe, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe", "pipe"] });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
    if (i === 0) continue; // the first run only warms the file cache
    wall.push(ms);
    cpu.push(Number(run.output[3]));
  }
  return { wall, cpu };
}

function report(label: string, { wall, cpu }: { wall: number[]; cpu: number[] }, target?: number): boolean {
  const met = target === undefined || median(wall) <= target;
  const verdict = target === undefined ? "" : `  target ≤ ${target} ms: ${met ? "met" : "MISSED"}`;
  console.log(`  ${label.padEnd(40)} wall ${describe(wall)}${verdict}\n  ${"".padEnd(40)} cpu  ${describe(cpu)}`);
  return met;
}

if (!process.argv.includes("--no-compile") && distAt < 0) {
  const compiled = spawnSync("npm", ["run", "--silent", "compile"], { cwd: ROOT, stdio: "inherit" });
  if (compiled.status !== 0) throw new Error("npm run compile failed");
}
const pkg = installedLayout();
const probe = join(pkg, "cpu-probe.cjs");
writeFileSync(probe, CPU_PROBE);
const bin = join(pkg, "bin", "citypitch.cjs");
const elsewhere = mkdtempSync(join(tmpdir(), "citypitch-cwd-"));
try {
  console.log(`start-up through the compiled bin, run from another folder, ${RUNS} runs after one warm-up:`);
  let met = report("citypitch --version", time([bin, "--version"], elsewhere, RUNS, probe), TARGETS.version);
  met = report("citypitch check dalian --project <repo>", time([bin, "check", "dalian", "--project", ROOT], elsewhere, RUNS, probe), TARGETS.check) && met;
  // With nothing changed since the last check, the template dry run is proven (src/cache/checked.ts)
  // and the fonts' facts remembered (src/cache/fontFacts.ts); --no-cache shows the cost without either.
  report("citypitch check dalian --no-cache", time([bin, "check", "dalian", "--no-cache", "--project", ROOT], elsewhere, 5, probe));
  console.log("for comparison, the checkout's bin (TypeScript through tsx), 5 runs:");
  report("citypitch --version (tsx)", time([join(ROOT, "bin", "citypitch.cjs"), "--version"], ROOT, 5, probe));
  report("citypitch check dalian (tsx)", time([join(ROOT, "bin", "citypitch.cjs"), "check", "dalian"], ROOT, 5, probe));
  process.exitCode = met ? 0 : 1;
} finally {
  rmSync(pkg, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
}
