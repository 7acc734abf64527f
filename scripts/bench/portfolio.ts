/**
 * Portfolio benchmark (not a test): whole CLI runs as a user would start them, on 15 fictional
 * cities (scripts/fictional-cities.ts), never Dalian. Medians of wall time and of peak RSS (GNU
 * time's %M: the largest process of the run, so the browser counts when it is the largest) for:
 * one city's build, all 15 cities' builds, the portfolio's compendium alone, and the whole portfolio
 * (compendium, comparison deck Markdown, HTML and PDF). Output sizes are printed once.
 *
 *   npx tsx scripts/bench/portfolio.ts [runs=3]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFictionalProject } from "../fictional-cities.ts";
import { median } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const runs = Number(process.argv[2] ?? 3);
const TIME = "/usr/bin/time";
const FORMATS = "charts,brochure,md,html,pdf";

const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-portfolio-"));
const data = join(scratch, "data");
const slugs = writeFictionalProject(data, 15, 1);
const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

interface Run {
  ms: number;
  rssKb?: number;
}

function run(args: string[], out: string): Run {
  const cli = [process.execPath, tsx, join(ROOT, "src", "cli.ts"), ...args, "--data", data, "--out", out];
  const withTime = existsSync(TIME);
  const start = performance.now();
  const result = spawnSync(withTime ? TIME : cli[0]!, withTime ? ["-f", "citypitch-bench-rss %M", ...cli] : cli.slice(1), { cwd: ROOT, encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  const rss = /citypitch-bench-rss (\d+)/.exec(result.stderr)?.[1];
  return { ms, rssKb: rss ? Number(rss) : undefined };
}

function measure(label: string, args: string[]): void {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(run(args, join(scratch, "out")));
  const ms = results.map((r) => r.ms);
  const rss = results.map((r) => r.rssKb).filter((r): r is number => r !== undefined);
  const wall = `median ${(median(ms) / 1000).toFixed(1)} s (min ${(Math.min(...ms) / 1000).toFixed(1)}, max ${(Math.max(...ms) / 1000).toFixed(1)})`;
  const peak = rss.length > 0 ? `peak RSS median ${(median(rss) / 1024).toFixed(0)} MB (max ${(Math.max(...rss) / 1024).toFixed(0)})` : "peak RSS n/a (no /usr/bin/time)";
  console.log(`  ${label.padEnd(44)} ${wall}; ${peak}`);
}

function sizes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f !== "manifest.json")
    .map((f) => `${f} ${(statSync(join(dir, f)).size / 1024).toFixed(0)} KB`)
    .join(", ");
}

console.log(`portfolio bench: 15 fictional cities, ${runs} run(s) each, wall time and peak RSS`);
measure(`one city (build ${slugs[0]}, ${FORMATS})`, ["build", slugs[0]!, "--formats", FORMATS]);
measure(`15 cities (build, ${FORMATS})`, ["build", ...slugs, "--formats", FORMATS]);
measure("portfolio, compendium only (--formats brochure)", ["portfolio", "fictional", "--formats", "brochure"]);
measure("portfolio, compendium + deck md, html, pdf", ["portfolio", "fictional", "--formats", "brochure,md,html,pdf"]);
console.log(`  one city:  ${sizes(join(scratch, "out", slugs[0]!))}`);
console.log(`  portfolio: ${sizes(join(scratch, "out", "portfolio", "fictional"))}`);
rmSync(scratch, { recursive: true, force: true });
