/**
 * Many-cities benchmark (issue 14): whole CLI builds of 1, 6 and 15 fictional cities
 * (scripts/fictional-cities.ts; never Dalian), and the 15 cities' portfolio after their build.
 * Rounds are interleaved (1, 6, 15, portfolio in each, after a warm-up of the smallest), medians
 * compared. Reported per case: wall time, CPU time as a multiple of wall (about 2 when both cores
 * work throughout), peak RSS of the largest process (GNU time's %M). Every run builds into an empty
 * output folder of its own, so no run reuses another's work; within a run the cache is on, as for a
 * user: the portfolio reuses the charts its cities' build just drew (src/portfolio/chartCache.ts).
 * Target: 15 cities + their portfolio <= 3 x one city.
 *
 *   npx tsx scripts/bench/build.ts [rounds=3] [formats=charts,brochure,md,html,pdf]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFictionalProject } from "../fictional-cities.ts";
import { compiledTool } from "./compiled.ts";
import { median } from "./stats.ts";

const rounds = Number(process.argv[2] ?? 3);
const formats = process.argv[3] ?? "charts,brochure,md,html,pdf";
const TIME = "/usr/bin/time";
// citypitch as installed: compiled JavaScript through its bin (./compiled.ts).
const tool = compiledTool("testville");
const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-build-"));
const data = join(scratch, "data");
const slugs = writeFictionalProject(data, 15, 1);

interface Run {
  ms: number;
  cpu?: number;
  rssKb?: number;
  /** The portfolio command's own share (the "15 + portfolio" case). */
  portfolioMs?: number;
  portfolioCpu?: number;
}

function citypitch(args: string[]): Run {
  const cli = [process.execPath, ...tool.command, ...args, "--data", data];
  const withTime = existsSync(TIME);
  const start = performance.now();
  const result = spawnSync(withTime ? TIME : cli[0]!, withTime ? ["-f", "citypitch-bench %U %S %M", ...cli] : cli.slice(1), { cwd: tool.dir, encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  const m = /citypitch-bench ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  return { ms, cpu: m ? Number(m[1]) + Number(m[2]) : undefined, rssKb: m ? Number(m[3]) : undefined };
}

/** Runs `step` in an empty output folder, removed afterwards. */
function inFreshFolder(step: (out: string) => Run): Run {
  const out = mkdtempSync(join(scratch, "out-"));
  try {
    return step(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const buildInto = (n: number, out: string) => citypitch(["build", ...slugs.slice(0, n), "--formats", formats, "--out", out]);
const build = (n: number) => () => inFreshFolder((out) => buildInto(n, out));
const cases: Record<string, () => Run> = {
  "1 city": build(1),
  "6 cities": build(6),
  "15 cities": build(15),
  // As a user would: the cities' build, then their portfolio (compendium and comparison deck) into the same folder.
  "15 + portfolio": () =>
    inFreshFolder((out) => {
      const cities = buildInto(15, out);
      const portfolio = citypitch(["portfolio", "fictional", "--formats", "brochure,md,html,pdf", "--out", out]);
      const cpu = cities.cpu !== undefined && portfolio.cpu !== undefined ? cities.cpu + portfolio.cpu : undefined;
      return { ms: cities.ms + portfolio.ms, cpu, rssKb: Math.max(cities.rssKb ?? 0, portfolio.rssKb ?? 0) || undefined, portfolioMs: portfolio.ms, portfolioCpu: portfolio.cpu };
    }),
};

console.log(`build bench: fictional cities, --formats ${formats}, ${rounds} interleaved rounds`);
cases["1 city"]!();
const results: Record<string, Run[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < rounds; i++) for (const [name, step] of Object.entries(cases)) results[name]!.push(step());

const wall = (name: string) => median(results[name]!.map((r) => r.ms));
for (const [name, runs] of Object.entries(results)) {
  const times = runs.map((r) => r.ms);
  const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
  const rss = runs.map((r) => r.rssKb).filter((r): r is number => r !== undefined);
  const cpu = cpus.length > 0 ? `; CPU ${(median(cpus) / (median(times) / 1000)).toFixed(2)} × wall` : "";
  const peak = rss.length > 0 ? `; peak RSS ${(median(rss) / 1024).toFixed(0)} MB` : "";
  console.log(
    `  ${name.padEnd(15)} median ${(median(times) / 1000).toFixed(1)} s (min ${(Math.min(...times) / 1000).toFixed(1)}, max ${(Math.max(...times) / 1000).toFixed(1)})${cpu}${peak}`,
  );
}
const own = results["15 + portfolio"]!;
console.log(
  `    of which the portfolio: median ${(median(own.map((r) => r.portfolioMs!)) / 1000).toFixed(1)} s wall, ${median(own.map((r) => r.portfolioCpu ?? NaN)).toFixed(1)} s CPU`,
);
for (const name of ["6 cities", "15 cities", "15 + portfolio"])
  console.log(`  ratio ${name} / 1 city: ${(wall(name) / wall("1 city")).toFixed(2)}${name === "15 + portfolio" ? " (target <= 3)" : ""}`);
rmSync(scratch, { recursive: true, force: true });
tool.remove();
