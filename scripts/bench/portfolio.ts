/**
 * Portfolio benchmark (not a test): whole CLI runs as a user would start them, on 15 fictional
 * cities (scripts/fictional-cities.ts), never Dalian, every format a build makes by default. Each
 * run starts from an empty output folder (so no run reuses another's cache), and the two cases are
 * interleaved so that a busy machine slows both alike:
 *
 *   one city              citypitch build <one city>
 *   15 cities + portfolio citypitch portfolio <id> --with-cities: the cities and their portfolio in
 *                         one run, as a user who keeps a portfolio builds it
 *   build, then portfolio citypitch build <15 cities>, then citypitch portfolio <id> into the same
 *                         folder (the portfolio reuses the city builds' charts from the cache)
 *
 * Wall time is summed over a case's commands; peak memory is GNU time's %M (the largest process of
 * a command, so the browser counts when it is the largest), the larger of a case's commands. The
 * issue's targets: 15 cities and their portfolio within 3× one city's wall time and 1.5× its peak
 * memory (medians). Also printed: the portfolio alone on a cold folder, and the output sizes.
 *
 *   npx tsx scripts/bench/portfolio.ts [runs=3]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFictionalProject } from "../fictional-cities.ts";
import { compiledTool } from "./compiled.ts";
import { median } from "./stats.ts";

const runs = Number(process.argv[2] ?? 3);
const TIME = "/usr/bin/time";

const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-portfolio-"));
const data = join(scratch, "data");
const slugs = writeFictionalProject(data, 15, 1);
// citypitch as installed: compiled JavaScript through its bin (./compiled.ts).
const tool = compiledTool("testville");

interface Run {
  ms: number;
  /** Each command's wall time, in order. */
  parts?: number[];
  /** Each command's CPU seconds, in order. */
  partsCpu?: (number | undefined)[];
  rssKb?: number;
  /** user + system CPU seconds of the command and its children. */
  cpu?: number;
}

function run(args: string[], out: string): Run {
  const cli = [process.execPath, ...tool.command, ...args, "--data", data, "--out", out];
  const withTime = existsSync(TIME);
  const start = performance.now();
  const result = spawnSync(withTime ? TIME : cli[0]!, withTime ? ["-f", "citypitch-bench %M %U %S", ...cli] : cli.slice(1), { cwd: tool.dir, encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  const m = /citypitch-bench (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { ms, rssKb: m ? Number(m[1]) : undefined, cpu: m ? Number(m[2]) + Number(m[3]) : undefined };
}

/** A case: its commands one after the other in one fresh output folder. */
function runCase(commands: string[][]): Run & { out: string } {
  const out = mkdtempSync(join(scratch, "out-"));
  const results = commands.map((args) => run(args, out));
  const rss = results.map((r) => r.rssKb).filter((r): r is number => r !== undefined);
  const cpu = results.map((r) => r.cpu).filter((r): r is number => r !== undefined);
  return {
    out,
    ms: results.reduce((s, r) => s + r.ms, 0),
    parts: results.map((r) => r.ms),
    partsCpu: results.map((r) => r.cpu),
    rssKb: rss.length > 0 ? Math.max(...rss) : undefined,
    cpu: cpu.length > 0 ? cpu.reduce((a, b) => a + b, 0) : undefined,
  };
}

const cases = {
  one: [["build", slugs[0]!]],
  all: [["portfolio", "fictional", "--with-cities"]],
  apart: [
    ["build", ...slugs],
    ["portfolio", "fictional"],
  ],
  cold: [["portfolio", "fictional"]],
};
const results: Record<keyof typeof cases, Run[]> = { one: [], all: [], apart: [], cold: [] };
const sizesOf: { one?: string; portfolio?: string } = {};
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(cases) as (keyof typeof cases)[]) {
    const result = runCase(cases[name]);
    results[name].push(result);
    if (i === 0 && name === "one") sizesOf.one = sizes(join(result.out, slugs[0]!));
    if (i === 0 && name === "all") sizesOf.portfolio = sizes(join(result.out, "portfolio", "fictional"));
    rmSync(result.out, { recursive: true, force: true });
  }
}

function sizes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f !== "manifest.json" && statSync(join(dir, f)).isFile())
    .map((f) => `${f} ${(statSync(join(dir, f)).size / 1024).toFixed(0)} KB`)
    .join(", ");
}

const wall = (list: Run[]) => median(list.map((r) => r.ms));
const peak = (list: Run[]) => median(list.map((r) => r.rssKb ?? NaN));
const cpu = (list: Run[]) => median(list.map((r) => r.cpu ?? NaN));
const line = (label: string, list: Run[]) => {
  const ms = list.map((r) => r.ms);
  return `  ${label.padEnd(34)} wall median ${(wall(list) / 1000).toFixed(1)} s (min ${(Math.min(...ms) / 1000).toFixed(1)}, max ${(Math.max(...ms) / 1000).toFixed(1)}); CPU ${cpu(list).toFixed(1)} s (${(cpu(list) / (wall(list) / 1000)).toFixed(2)} of wall); peak RSS median ${(peak(list) / 1024).toFixed(0)} MiB`;
};

console.log(`portfolio bench: 15 fictional cities, ${runs} interleaved run(s) per case, default formats, fresh output folder per run`);
console.log(line(`one city (build ${slugs[0]})`, results.one));
console.log(line("15 cities + portfolio, one run", results.all));
console.log(line("build, then portfolio", results.apart));
console.log(
  `    of which the cities' build median ${(median(results.apart.map((r) => r.parts![0]!)) / 1000).toFixed(1)} s (CPU ${median(results.apart.map((r) => r.partsCpu![0] ?? NaN)).toFixed(1)} s), their portfolio median ${(median(results.apart.map((r) => r.parts![1]!)) / 1000).toFixed(1)} s (CPU ${median(results.apart.map((r) => r.partsCpu![1] ?? NaN)).toFixed(1)} s)`,
);
console.log(line("portfolio alone, cold folder", results.cold));
console.log(
  `  15 cities + portfolio vs one city: ${(wall(results.all) / wall(results.one)).toFixed(2)}× wall time (target ≤ 3×), ${(peak(results.all) / peak(results.one)).toFixed(2)}× peak memory (target ≤ 1.5×)`,
);
console.log(
  `  build, then portfolio vs one city: ${(wall(results.apart) / wall(results.one)).toFixed(2)}× wall time, ${(peak(results.apart) / peak(results.one)).toFixed(2)}× peak memory`,
);
console.log(`  one city:  ${sizesOf.one}`);
console.log(`  portfolio: ${sizesOf.portfolio}`);
rmSync(scratch, { recursive: true, force: true });
tool.remove();
