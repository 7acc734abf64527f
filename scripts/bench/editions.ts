/**
 * Editions benchmark (issue 12): Dalian's whole CLI build of one edition (English) against all its
 * editions (English, Japanese and Chinese, and the print edition's brochure), every default format,
 * cache off. Rounds are interleaved after a warm-up, medians compared. Charts are shared between
 * editions of one language, the browser and the deck theme between all of them.
 * Target: all editions <= 2 x one edition.
 *
 *   npx tsx scripts/bench/editions.ts [rounds=3]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compiledTool } from "./compiled.ts";
import { median } from "./stats.ts";

const rounds = Number(process.argv[2] ?? 3);
// citypitch as installed: compiled JavaScript through its bin (./compiled.ts).
const tool = compiledTool("dalian");
const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-editions-"));

function build(name: string, extra: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [...tool.command, "build", "dalian", ...extra, "--no-cache", "--out", join(scratch, name)], {
    cwd: tool.dir,
    encoding: "utf8",
  });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`build dalian ${extra.join(" ")} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return ms;
}

const cases: Record<string, () => number> = {
  "one edition": () => build("one", ["--edition", "en"]),
  "all editions": () => build("all", []),
};

console.log(`editions bench: Dalian, every default format, ${rounds} interleaved rounds`);
cases["one edition"]!();
const results: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < rounds; i++) for (const [name, step] of Object.entries(cases)) results[name]!.push(step());
for (const [name, times] of Object.entries(results)) {
  console.log(`  ${name.padEnd(13)} median ${(median(times) / 1000).toFixed(1)} s (min ${(Math.min(...times) / 1000).toFixed(1)}, max ${(Math.max(...times) / 1000).toFixed(1)})`);
}
console.log(`  ratio all / one: ${(median(results["all editions"]!) / median(results["one edition"]!)).toFixed(2)} (target <= 2)`);
rmSync(scratch, { recursive: true, force: true });
tool.remove();
