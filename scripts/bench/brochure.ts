/**
 * Brochure benchmark (not a test). In CPU time, since wall time on a shared machine says more
 * about the neighbours than about the code; charts are rendered once beforehand and handed in.
 * - the first brochure of a process (what a one-city build pays, on the lane's worker): Dalian's
 *   English brochure in a fresh process, medians over processes, fonts and layout from cold;
 * - the next brochure in the same process (another edition, the next city of a portfolio), which
 *   reuses the parsed fonts and laid-out words (src/brochure/fonts.ts);
 * - fifteen fictional cities' brochures one after another in one process, as the portfolio's
 *   city builds make them on the lane (issue 14);
 * - whole `citypitch build --formats brochure` runs as a user would start them, and the file size
 *   against the 3 MB budget.
 *
 *   npx tsx scripts/bench/brochure.ts [runs=5]   (or `npm run bench -- brochure`)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderBrochure, TEMPLATE_DIR } from "../../src/brochure/render.ts";
import { chartsStage } from "../../src/charts/stage.ts";
import { editionContexts } from "../../src/content/context.ts";
import { loadTemplates } from "../../src/content/templates.ts";
import type { ChartArtifact } from "../../src/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { BuildLog } from "../../src/log.ts";
import { resolveOptions } from "../../src/options.ts";
import { Staging } from "../../src/output.ts";
import { contextKey } from "../../src/stage.ts";
import { describe, median, timeRuns } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const BUDGET_BYTES = 3 * 1024 * 1024;
const CHILD = "--render";
const cpuMs = (since?: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

/** The English (or only) edition of every city in `dataDir`, with its charts rendered. */
async function citiesWithCharts(dataDir: string | undefined, slugs: string[], scratch: string) {
  const options = resolveOptions({ strict: false, formats: "brochure", out: join(scratch, "output"), ...(dataDir ? { data: dataDir } : {}) }, ROOT);
  const data = await loadAndValidate({ ...options, slugs });
  const contexts = data.cities.flatMap(({ localised }) => {
    const editions = editionContexts(localised, data.brand, data.sources, options);
    return editions.find((c) => c.edition.id === "en") ?? editions[0] ?? [];
  });
  const staging = await Staging.create(scratch);
  const charts = await chartsStage({ contexts, staging, log: new BuildLog(() => {}), options });
  await staging.discard();
  return contexts.map((ctx) => ({ ctx, charts: charts.get(contextKey(ctx)) ?? [] }));
}

/** Charts by context key, their PNGs in base64, as handed to a child process. */
type Frozen = Record<string, (Omit<ChartArtifact, "png"> & { png: string })[]>;

/** Child process: renders the brochures of `slugs` (charts from `chartsFile`) in turn and prints each one's CPU ms. */
async function child(dataDir: string, chartsFile: string, slugs: string[]): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-brochure-child-"));
  const frozen = JSON.parse(readFileSync(chartsFile, "utf8")) as Frozen;
  const options = resolveOptions({ strict: false, formats: "brochure", out: join(scratch, "output"), ...(dataDir !== "-" ? { data: dataDir } : {}) }, ROOT);
  const data = await loadAndValidate({ ...options, slugs });
  const contexts = data.cities.flatMap(({ localised }) => editionContexts(localised, data.brand, data.sources, options)).filter((c) => frozen[contextKey(c)]);
  const templates = await loadTemplates(join(ROOT, TEMPLATE_DIR), ROOT);
  const times: number[] = [];
  for (const ctx of contexts) {
    const charts: ChartArtifact[] = frozen[contextKey(ctx)]!.map((c) => ({ ...c, png: Buffer.from(c.png, "base64") }));
    const start = process.cpuUsage();
    await renderBrochure(ctx, charts, templates);
    times.push(cpuMs(start));
  }
  rmSync(scratch, { recursive: true, force: true });
  console.log(JSON.stringify(times));
}

function freeze(cities: { ctx: Parameters<typeof contextKey>[0]; charts: readonly ChartArtifact[] }[], file: string): void {
  writeFileSync(file, JSON.stringify(Object.fromEntries(cities.map(({ ctx, charts }) => [contextKey(ctx), charts.map((c) => ({ ...c, png: c.png.toString("base64") }))]))));
}

/** CPU ms of each brochure a fresh child process renders. */
function inChild(dataDir: string | undefined, chartsFile: string, slugs: string[]): number[] {
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const run = spawnSync(process.execPath, [tsx, import.meta.filename, CHILD, dataDir ?? "-", chartsFile, ...slugs], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`the brochure bench's child failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as number[];
}

if (process.argv[2] === CHILD) {
  const [dataDir, chartsFile, ...slugs] = process.argv.slice(3);
  await child(dataDir!, chartsFile!, slugs);
} else {
  const runs = Number(process.argv[2] ?? 5);
  const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-brochure-"));
  const fictional = join(scratch, "fictional");
  const made = spawnSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "scripts", "fictional-cities.ts"), fictional, "15", "1"], {
    encoding: "utf8",
  });
  if (made.status !== 0) throw new Error(`scripts/fictional-cities.ts failed: ${made.stderr}`);
  const fictionalSlugs = readdirSync(join(fictional, "cities")).map((f) => f.replace(/\.yaml$/, ""));

  const dalian = await citiesWithCharts(undefined, ["dalian"], join(scratch, "d"));
  const dalianCharts = join(scratch, "dalian-charts.json");
  freeze(dalian, dalianCharts);
  const cities = await citiesWithCharts(fictional, fictionalSlugs, join(scratch, "f"));
  const citiesCharts = join(scratch, "fictional-charts.json");
  freeze(cities, citiesCharts);

  console.log(`brochure bench: CPU time, ${runs} runs each`);
  const first = Array.from({ length: runs }, () => inChild(undefined, dalianCharts, ["dalian"])[0]!);
  console.log(`  first brochure in a process (Dalian en):       ${describe(first)}`);

  const templates = await loadTemplates(join(ROOT, TEMPLATE_DIR), ROOT);
  const { ctx, charts } = dalian[0]!;
  let pdf = await renderBrochure(ctx, charts, templates);
  const next: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    pdf = await renderBrochure(ctx, charts, templates);
    next.push(cpuMs(start));
  }
  console.log(`  next brochure, same process (Dalian en again): ${describe(next)}`);

  const fifteen = Array.from({ length: runs }, () => inChild(fictional, citiesCharts, fictionalSlugs));
  const totals = fifteen.map((times) => times.reduce((a, b) => a + b, 0));
  const later = fifteen.flatMap((times) => times.slice(1));
  console.log(`  15 fictional cities in one process, total:     ${describe(totals)}`);
  console.log(`    the first ${median(fifteen.map((t) => t[0]!)).toFixed(0)} ms, each later one median ${median(later).toFixed(0)} ms`);

  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const cliOut = join(scratch, "cli");
  const cli = await timeRuns(runs, async () => {
    const run = spawnSync(process.execPath, [tsx, join(ROOT, "src", "cli.ts"), "build", "--formats", "brochure", "--edition", "en", "--no-cache", "--out", cliOut, "dalian"], {
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`citypitch build failed (${run.status}): ${run.stderr}`);
  });
  console.log(`  citypitch build --formats brochure (CLI, wall): ${describe(cli)}`);

  const size = statSync(join(cliOut, "dalian", "en", "dalian-en-brochure.pdf")).size;
  console.log(`  size: ${(size / 1024).toFixed(0)} KB (${((size / BUDGET_BYTES) * 100).toFixed(0)} % of the 3 MB budget); in-process bytes ${pdf.length}`);
  rmSync(scratch, { recursive: true, force: true });
  process.exitCode = size < BUDGET_BYTES ? 0 : 1;
}
