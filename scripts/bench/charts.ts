/**
 * Chart rendering benchmark (not a test): the median time to render one chart of each kind, and
 * memory while rendering 200 charts in one process, printed as it goes so a leak shows as a climb.
 * Run: npx tsx scripts/bench/charts.ts   (or `npm run bench -- charts`)
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { CityContext } from "../../src/context.ts";
import { createCityContext } from "../../src/content/context.ts";
import type { Chart } from "../../src/data/schema.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { resolveOptions } from "../../src/options.ts";
import { registerBrandFonts, rendererCount, renderPng, renderSvg } from "../../src/charts/render.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import { describe, median, timeRuns } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const RUNS = 15;
const BULK = 200;
const REPORT_EVERY = 25;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/** A real GC between reports, however the script was started (tsx runs it in a child process). */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
const gc = exposeGc();

async function dalian(): Promise<CityContext> {
  const options = resolveOptions({ strict: false }, ROOT);
  const data = await loadAndValidate({ root: ROOT, dataDir: options.dataDir, slugs: ["dalian"], maxFigureAgeYears: 100 });
  return createCityContext(data.cities[0]!.city, data.brand, data.sources, options);
}

async function renderBoth(ctx: CityContext, chart: Chart): Promise<number> {
  const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
  return (await renderPng(build, chartSize(chart))).length + (await renderSvg(build, chartSize(chart))).length;
}

export async function main(): Promise<void> {
  const ctx = await dalian();
  registerBrandFonts(ctx.brand, ROOT);
  const byKind = new Map<Chart["kind"], Chart>();
  for (const chart of ctx.city.charts) if (!byKind.has(chart.kind)) byKind.set(chart.kind, chart);

  console.log(`time per chart, ${RUNS} runs each after one warm-up (PNG at 300 dpi, then SVG):`);
  for (const [kind, chart] of byKind) {
    const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
    const size = chartSize(chart);
    await renderBoth(ctx, chart);
    const png = await timeRuns(RUNS, () => renderPng(build, size));
    const svg = await timeRuns(RUNS, () => renderSvg(build, size));
    const label = `${kind} (${chart.id}, ${size.widthPt}x${size.heightPt} pt)`.padEnd(44);
    console.log(`  ${label} png ${describe(png)}; svg ${describe(svg)}`);
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
    await renderBoth(ctx, charts[i % charts.length]!);
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
  console.log(`  median per chart over all ${BULK}: ${median(times).toFixed(0)} ms`);
  console.log(`  renderer instances: ${rendererCount()} (one per chart size and output type)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
