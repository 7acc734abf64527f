/**
 * Chart rendering benchmark (not a test). Three reports, in CPU time since wall time on a shared
 * machine says more about the neighbours than about the code:
 * - the charts stage as a build runs it (src/charts/stage.ts, PNG and SVG files asked for):
 *   Dalian's charts in a fresh process, loading the renderer included, medians over processes; the
 *   CPU of the process, and of its main thread alone (PNGs are encoded on the thread pool);
 * - the charts stage for 15 fictional cities (scripts/fictional-cities.ts) as the cache layer runs it
 *   in a build: the PNGs handed over first, the SVG files finished later (ChartMemo.later); the
 *   main thread's CPU until the hand-over (what the brochure and the deck wait for) and in all;
 * - one chart of each kind, warm, PNG and SVG apart;
 * - memory while rendering 200 charts in one process, printed as it goes so a leak shows as a climb.
 * Run: npx tsx scripts/bench/charts.ts   (or `npm run bench -- charts`)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { CityContext } from "../../src/context.ts";
import { createCityContext } from "../../src/content/context.ts";
import type { Chart } from "../../src/data/schema.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { resolveOptions } from "../../src/options.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { median } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const PROCESSES = 7;
const RUNS = 15;
const BULK = 200;
const REPORT_EVERY = 25;
const COLD = "--cold";
const CITIES = "--cities";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** This process's main thread alone: the first field of its schedstat is nanoseconds on a CPU (Linux). */
const mainThreadMs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
const spread = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(0).padStart(4)} ms (${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)})`;
};

async function dalian(out?: string): Promise<CityContext> {
  const options = resolveOptions({ strict: false, formats: "charts", ...(out ? { out } : {}) }, ROOT);
  const data = await loadAndValidate({ root: ROOT, dataDir: options.dataDir, slugs: ["dalian"], maxFigureAgeYears: 100 });
  return createCityContext(data.cities[0]!.city, data.brand, data.sources, options);
}

/** In a fresh process: the charts stage for Dalian, as CPU time, printed as one JSON line. */
async function coldChild(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-charts-"));
  try {
    const ctx = await dalian(join(scratch, "output"));
    const staging = await Staging.create(scratch);
    const [process0, main0] = [cpuMs(), mainThreadMs()];
    const { chartsStage } = await import("../../src/charts/stage.ts");
    const charts = (await chartsStage({ contexts: [ctx], staging, log: new BuildLog(() => {}), options: ctx.options })).get("dalian") ?? [];
    const [process1, main1] = [cpuMs(), mainThreadMs()];
    const kb = charts.reduce((sum, c) => sum + c.png.length + c.svg.length, 0) / 1024;
    console.log(JSON.stringify({ process: process1 - process0, main: main1 - main0, charts: charts.length, kb }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** In a fresh process: the charts stage for 15 fictional cities, handing over before the SVGs, as one JSON line. */
async function citiesChild(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-charts-"));
  try {
    const { writeFictionalProject } = await import("../fictional-cities.ts");
    const slugs = writeFictionalProject(join(scratch, "data"));
    const options = resolveOptions({ strict: false, data: join(scratch, "data"), out: join(scratch, "output") }, ROOT);
    const data = await loadAndValidate({ ...options, slugs, maxFigureAgeYears: 100 });
    const contexts = data.cities.map(({ city }) => createCityContext(city, data.brand, data.sources, options));
    const staging = await Staging.create(join(scratch, "output"));
    let files: Promise<void> | undefined;
    const later = (finish: (urgent: Promise<unknown>) => Promise<void>) => void (files = finish(Promise.resolve()));
    const [process0, main0] = [cpuMs(), mainThreadMs()];
    const { chartsStage } = await import("../../src/charts/stage.ts");
    const charts = await chartsStage({ contexts, staging, log: new BuildLog(() => {}), options, chartMemo: { get: () => undefined, put: () => {}, later } });
    const handover = mainThreadMs() - main0;
    await files;
    const [process1, main1] = [cpuMs(), mainThreadMs()];
    console.log(JSON.stringify({ handover, main: main1 - main0, process: process1 - process0, charts: [...charts.values()].flat().length }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function citiesStage(): void {
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const run = spawnSync(process.execPath, [tsx, fileURLToPath(import.meta.url), CITIES], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`the 15-city run failed:\n${run.stderr}`);
    runs.push(JSON.parse(run.stdout.trim().split("\n").at(-1)!));
  }
  console.log(`\nthe charts stage for 15 fictional cities (${runs[0]!.charts} charts, PNG + SVG files) as a build runs it, in a fresh process,`);
  console.log(`CPU, median (min–max) of ${PROCESSES} processes:`);
  console.log(`  main thread until the PNGs are handed over  ${spread(runs.map((r) => r.handover!))}`);
  console.log(`  main thread with the SVG files              ${spread(runs.map((r) => r.main!))}`);
  console.log(`  process                                     ${spread(runs.map((r) => r.process!))}`);
}

function coldStage(): void {
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const run = spawnSync(process.execPath, [tsx, fileURLToPath(import.meta.url), COLD], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`the cold run failed:\n${run.stderr}`);
    runs.push(JSON.parse(run.stdout.trim().split("\n").at(-1)!));
  }
  const first = runs[0]!;
  console.log(`the charts stage for Dalian (${first.charts} charts, PNG + SVG, ${first.kb!.toFixed(0)} KB) in a fresh process, renderer loading included,`);
  console.log(`CPU, median (min–max) of ${PROCESSES} processes:`);
  console.log(`  process      ${spread(runs.map((r) => r.process!))}`);
  console.log(`  main thread  ${spread(runs.map((r) => r.main!))}`);
}

async function cpuRuns(runs: number, step: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = cpuMs();
    await step();
    times.push(cpuMs() - start);
  }
  return times;
}

/** A real GC between reports, however the script was started (tsx runs it in a child process). */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

export async function main(): Promise<void> {
  coldStage();
  citiesStage();
  const gc = exposeGc();
  const { registerBrandFonts, renderPng, renderSvg } = await import("../../src/charts/render.ts");
  const ctx = await dalian();
  registerBrandFonts(ctx.brand, ROOT);
  const renderBoth = async (chart: Chart) => {
    const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
    return (await renderPng(build, chartSize(chart))).length + (await renderSvg(build, chartSize(chart))).length;
  };
  const byKind = new Map<Chart["kind"], Chart>();
  for (const chart of ctx.city.charts) if (!byKind.has(chart.kind)) byKind.set(chart.kind, chart);

  console.log(`\none chart of each kind, warm, CPU, median (min–max) of ${RUNS} (PNG at 300 dpi, SVG):`);
  for (const [kind, chart] of byKind) {
    const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
    const size = chartSize(chart);
    await renderBoth(chart);
    const png = await cpuRuns(RUNS, () => renderPng(build, size));
    const svg = await cpuRuns(RUNS, () => renderSvg(build, size));
    const label = `${kind} (${chart.id}, ${size.widthPt}x${size.heightPt} pt)`.padEnd(44);
    console.log(`  ${label} png ${spread(png)}; svg ${spread(svg)}`);
  }

  gc();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const charts = ctx.city.charts;
  console.log(`\nmemory while rendering ${BULK} charts (PNG + SVG each), after a full GC at each report:`);
  console.log(`  ${"charts".padStart(6)}  ${"rss".padStart(9)}  ${"heap used".padStart(9)}  ${"external".padStart(9)}  ms/chart`);
  const times: number[] = [];
  for (let i = 1; i <= BULK; i++) {
    const t = performance.now();
    await renderBoth(charts[i % charts.length]!);
    times.push(performance.now() - t);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (i % REPORT_EVERY === 0) {
      gc();
      const after = process.memoryUsage();
      const recent = median(times.slice(-REPORT_EVERY)).toFixed(0);
      console.log(`  ${String(i).padStart(6)}  ${mb(after.rss).padStart(9)}  ${mb(after.heapUsed).padStart(9)}  ${mb(after.external).padStart(9)}  ${recent.padStart(8)}`);
    }
  }
  console.log(`\n  before: rss ${mb(start.rss)}, heap ${mb(start.heapUsed)}`);
  console.log(`  peak:   rss ${mb(peakRss)}, heap ${mb(peakHeap)}`);
  console.log(`  median per chart over all ${BULK} (wall): ${median(times).toFixed(0)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await (process.argv.includes(COLD) ? coldChild() : process.argv.includes(CITIES) ? citiesChild() : main());
