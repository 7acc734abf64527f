/**
 * Deck benchmark (issue 11): whole CLI runs as a user starts them, against the plain marp CLI.
 *
 *   full      `citypitch build dalian --edition en` in the formats of issue 11 (charts, brochure, md,
 *             html, pdf, pptx): the city file declares several editions; one deck is compared
 *   marp x3   the marp CLI binary three times (HTML, PDF, PPTX) over the Markdown that build ships,
 *             with its theme and engine settings: what "just running Marp" costs for the same deck
 *   pptx      `citypitch build dalian --edition en --formats pptx` (the editable PPTX alone)
 *   start     `citypitch --version`: process start (node and the CLI module), the floor of any run
 *   before    with CITYPITCH_BENCH_BASE=<a checkout of an earlier commit>: that commit's
 *             `citypitch build dalian` (its data and formats), run the same way, for a before/after
 *
 * Runs are interleaved (one of each per round, after a warm-up round), so a shared machine's load
 * falls on all of them alike; medians are compared. The cache is off (--no-cache): every run does
 * the work. citypitch runs as installed: compiled JavaScript through its bin (scripts/bench/compiled.ts);
 * `--tsx` runs the checkout's TypeScript instead. Targets: full / marp x3 <= 0.5; pptx - start <= 0.3 s.
 *
 * `--pptx` runs the PPTX and start cases alone (no browser, no marp): the PPTX target in a minute.
 *
 *   npx tsx scripts/bench/deck.ts [rounds=5] [--tsx] [--pptx]
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBrowser } from "../../src/deck/browser.ts";
import { marpArguments, writeMarpConfig, type ConvertFormat } from "../../src/deck/convert.ts";
import { compiledTool } from "./compiled.ts";
import { median } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const rounds = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 5);
const viaTsx = process.argv.includes("--tsx");
const pptxOnly = process.argv.includes("--pptx");
const browser = findBrowser();
if (!browser) {
  console.error("bench deck: no browser found (set CHROME_PATH); the PDF needs one");
  process.exit(1);
}
const TIME = "/usr/bin/time";
const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-deck-"));
const tool = viaTsx ? undefined : compiledTool("dalian");
const cli = tool ? tool.command : [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "src", "cli.ts")];
const projectDir = tool?.dir ?? ROOT;

interface Run {
  ms: number;
  /** User + system CPU seconds of the run and its children (GNU time), when available. */
  cpu?: number;
}

function run(command: string, args: string[], cwd = ROOT): Run {
  const withTime = existsSync(TIME);
  const start = performance.now();
  const result = spawnSync(withTime ? TIME : command, withTime ? ["-f", "citypitch-bench-cpu %U %S", command, ...args] : args, { cwd, encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  const cpu = /citypitch-bench-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { ms, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined };
}

const citypitch = (...args: string[]) => run(process.execPath, [...cli, ...args], projectDir);

// The marp side gets the Markdown the build ships, with the theme and settings shipped beside it.
if (!pptxOnly) citypitch("build", "dalian", "--edition", "en", "--formats", "md", "--no-cache", "--out", join(scratch, "md"));
const cliDir = join(scratch, "cli");
mkdirSync(cliDir, { recursive: true });
if (!pptxOnly) cpSync(join(scratch, "md", "dalian", "en"), cliDir, { recursive: true });
const deckPath = join(cliDir, "dalian-en-deck.md");
const themePath = join(cliDir, "dalian-en-deck.theme.css");
const configPath = join(cliDir, "marp.config.json");
await writeMarpConfig(configPath);

function marpX3(): Run {
  const marp = join(ROOT, "node_modules", ".bin", "marp");
  const runs = (["html", "pdf", "pptx"] as ConvertFormat[]).map((format) => {
    // The build's own flags, one file in and one file out instead of folders.
    const flags = marpArguments({ format, inputDir: "", outputDir: "", themePath, configPath, browserPath: browser }).filter(
      (arg, i, all) => !["--input-dir", "--output"].includes(arg) && !["--input-dir", "--output"].includes(all[i - 1] ?? ""),
    );
    return run(marp, [deckPath, ...flags, "--output", join(cliDir, `out.${format}`)], cliDir);
  });
  return { ms: runs.reduce((sum, r) => sum + r.ms, 0), cpu: runs.every((r) => r.cpu !== undefined) ? runs.reduce((sum, r) => sum + r.cpu!, 0) : undefined };
}

const allCases: Record<string, () => Run> = {
  full: () => citypitch("build", "dalian", "--edition", "en", "--formats", "charts,brochure,md,html,pdf,pptx", "--no-cache", "--out", join(scratch, "full")),
  "marp x3": marpX3,
  pptx: () => citypitch("build", "dalian", "--edition", "en", "--formats", "pptx", "--no-cache", "--out", join(scratch, "pptx")),
  start: () => citypitch("--version"),
  ...(process.env.CITYPITCH_BENCH_BASE
    ? {
        before: () =>
          run(
            process.execPath,
            [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(process.env.CITYPITCH_BENCH_BASE!, "src", "cli.ts"), "build", "dalian", "--out", join(scratch, "before")],
            process.env.CITYPITCH_BENCH_BASE,
          ),
      }
    : {}),
};

const cases = pptxOnly ? { pptx: allCases.pptx!, start: allCases.start! } : allCases;
console.log(`deck bench: Dalian, ${rounds} interleaved rounds after a warm-up, ${tool ? "compiled dist/ through the bin" : "TypeScript through tsx"}, browser ${browser}`);
for (const step of Object.values(cases)) step();
const results: Record<string, Run[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < rounds; i++) for (const [name, step] of Object.entries(cases)) results[name]!.push(step());

const ms = (name: string) => median(results[name]!.map((r) => r.ms));
for (const [name, runs] of Object.entries(results)) {
  const times = runs.map((r) => r.ms);
  const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
  const cpu = cpus.length > 0 ? `; CPU ${median(cpus).toFixed(2)} s = ${((median(cpus) * 1000) / median(times)).toFixed(2)} × wall` : "";
  console.log(
    `  ${name.padEnd(8)} median ${(median(times) / 1000).toFixed(2)} s (min ${(Math.min(...times) / 1000).toFixed(2)}, max ${(Math.max(...times) / 1000).toFixed(2)})${cpu}`,
  );
}
const beyond = (ms("pptx") - ms("start")) / 1000;
if (!pptxOnly) {
  const ratio = ms("full") / ms("marp x3");
  console.log(`  ratio full / marp x3:  ${ratio.toFixed(2)}  (target <= 0.5: ${ratio <= 0.5 ? "met" : "NOT met"})`);
}
console.log(`  pptx beyond start:     ${beyond.toFixed(2)} s  (target <= 0.3 s: ${beyond <= 0.3 ? "met" : "NOT met"})`);
if (results.before) console.log(`  ratio full / before:   ${(ms("full") / ms("before")).toFixed(2)}; before / marp x3: ${(ms("before") / ms("marp x3")).toFixed(2)}`);
rmSync(scratch, { recursive: true, force: true });
tool?.remove();
