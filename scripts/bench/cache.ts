/**
 * Incremental-build benchmark (not a test): median wall times of Dalian's build with nothing
 * changed, after a one-word prose edit, and cold (no cache), beside `check dalian` and `--version`
 * (what starting the process costs). Runs are interleaved, one of each per round, so a load spike
 * on the shared machine hits them all alike. It runs on a snapshot of the tool compiled to dist/
 * (as installed: plain Node), so that nobody's edit to src/ between runs changes the tool's
 * fingerprint and with it every cache key; `--tsx` runs the snapshot's TypeScript instead.
 * Target: a build with nothing changed within 300 ms of `--version` (process start).
 * Run: npx tsx scripts/bench/cache.ts [--rounds N] [--tsx]   (or `npm run bench -- cache`)
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { snapshot } from "../../test/helpers/snapshot.ts";
import { compiledTool } from "./compiled.ts";
import { describe, median } from "./stats.ts";

const rounds = Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 5;
const viaTsx = process.argv.includes("--tsx");
const TARGET_BEYOND_START = 300;

const tool = viaTsx ? undefined : compiledTool("dalian");
const snap = tool ?? snapshot("dalian");
try {
  const command: string[] = tool ? tool.command : ["--import", "tsx", join(snap.dir, "src", "cli.ts")];
  const env = { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium", CI: "1" };
  // Each run reports its own CPU time (user + system, ms) on fd 3 as it exits: on a shared machine
  // it varies far less with the load than the wall time does, so both are printed. Only the main
  // thread writes it: process.cpuUsage() is the whole process's, worker threads included.
  const probe = join(snap.dir, "cpu-probe.cjs");
  writeFileSync(
    probe,
    `if (require("node:worker_threads").isMainThread) process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeSync(3, String((u.user + u.system) / 1000)); });\n`,
  );
  const cpu = new Map<string, number[]>();
  const run = (args: string[], label = args.join(" ")): number => {
    const start = performance.now();
    const result = spawnSync(process.execPath, ["--require", probe, ...command, ...args], { cwd: snap.dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe", "pipe"] });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`citypitch ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    cpu.set(label, [...(cpu.get(label) ?? []), Number(result.output[3])]);
    return ms;
  };
  const build = (label = "warm") => run(["build", "dalian", "--edition", "en", "--out", "out"], label);
  const city = join(snap.data, "cities", "dalian.yaml");
  const words = ["growing role", "rising role"];
  let flip = 0;
  const editOneWord = () => {
    const text = readFileSync(city, "utf8");
    const [from, to] = flip++ % 2 === 0 ? words : [...words].reverse();
    if (!text.includes(from!)) throw new Error(`bench: "${from}" is no longer in dalian.yaml; pick another prose word`);
    writeFileSync(city, text.replace(from!, to!));
  };

  build(); // warm the file cache and the artifact cache
  const times = { version: [] as number[], check: [] as number[], unchanged: [] as number[], oneWord: [] as number[], cold: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    times.version.push(run(["--version"], "version"));
    times.check.push(run(["check", "dalian"], "check"));
    times.unchanged.push(build("unchanged"));
    editOneWord();
    times.oneWord.push(build("oneWord"));
    rmSync(join(snap.out, ".citypitch-cache"), { recursive: true, force: true });
    times.cold.push(build("cold"));
    build(); // leaves a warm cache for the next round's unchanged build
  }

  const beyond = median(times.unchanged) - median(times.version);
  console.log(`Dalian, all default formats, ${rounds} interleaved rounds, ${viaTsx ? "TypeScript through tsx" : "compiled dist/ through the bin"}:`);
  const rows: [string, keyof typeof times][] = [
    ["citypitch --version (process start)", "version"],
    ["citypitch check dalian", "check"],
    ["build, nothing changed", "unchanged"],
    ["build after a one-word prose edit", "oneWord"],
    ["build, cold (no cache)", "cold"],
  ];
  for (const [label, key] of rows) {
    console.log(`  ${label.padEnd(38)} wall ${describe(times[key])}\n  ${"".padEnd(38)} cpu  ${describe(cpu.get(key)!)}`);
  }
  const met = beyond <= TARGET_BEYOND_START;
  const cpuBeyond = median(cpu.get("unchanged")!) - median(cpu.get("version")!);
  const cpuOverCheck = median(cpu.get("unchanged")!) - median(cpu.get("check")!);
  console.log(`  nothing-changed build beyond process start: wall ${beyond.toFixed(0)} ms  target ≤ ${TARGET_BEYOND_START} ms: ${met ? "met" : "MISSED"}`);
  console.log(`  (cpu: ${cpuBeyond.toFixed(0)} ms beyond --version, ${cpuOverCheck.toFixed(0)} ms beyond check, which a build also does)`);
  process.exitCode = met ? 0 : 1;
} finally {
  rmSync(snap.dir, { recursive: true, force: true });
}
