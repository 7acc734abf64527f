/**
 * Charts drawn on the second lane (src/lanes/): the portfolio's ranking charts, which the
 * compendium laid out on that lane needs and nothing on the main thread does, so the main thread
 * keeps to the browser and the PowerPoint. The pictures are byte for byte those drawn there.
 *
 * node-canvas may run in the worker only after the main thread has loaded it (see stage.ts), and
 * the fonts are registered once, by the main thread, before it sends any chart: registering from
 * two threads would race on node-canvas's process-wide list of faces.
 */
import type { Brand, Chart, Figure } from "../data/schema.ts";
import type { ContextData } from "../lanes/tasks.ts";

/** A chart to draw from its own figures (a ranking's, keyed by city). */
export interface LaneChart {
  chart: Chart;
  figures: ReadonlyMap<string, Figure>;
  /** The category axis turned over: the best of a "lower is better" ranking on top. */
  reversed: boolean;
  /** The value axis's end, for a part of a longer ranking (spec.ts rankedSpec). */
  axisMax?: number;
}

/** The PNGs of `charts`, in order, worded in `language`. */
export async function drawLaneCharts(charts: readonly LaneChart[], brand: Brand, root: string, language: string): Promise<Uint8Array[]> {
  const [{ renderPng }, { rankedSpec, chartSize }, { createWording }, { loadMessages }] = await Promise.all([
    import("./render.ts"),
    import("./spec.ts"),
    import("../content/format.ts"),
    import("../content/messages.ts"),
  ]);
  const words = createWording(loadMessages(root, language), language);
  const pictures: Uint8Array[] = [];
  // One at a time: each chart's pixels (8 MB for the tall ones) are freed once it is encoded.
  for (const job of charts) {
    pictures.push(await renderPng(() => rankedSpec(job.chart, job.figures, brand, words, job), chartSize(job.chart)));
  }
  return pictures;
}

/** A city's charts to draw (their PNGs or their SVG files), by id, each with its job's place in the claims. */
export interface CityChartJobs {
  context: ContextData;
  charts: readonly { id: string; job: number }[];
}

/** A job not yet taken, in the claims both threads share: each is drawn by whichever takes it first. */
export const UNCLAIMED = 0;
export const CLAIMED_BY_MAIN = 1;
export const CLAIMED_BY_LANE = 2;

/**
 * The SVG files of the cities' charts, as the charts stage draws them (stage.ts drawSvg), with the
 * milliseconds each took; undefined for a chart the main thread took first (`claims`, a shared
 * array: Atomics make each job one thread's). The city's context is made again from its data, as
 * the brochure's is on this lane, so the figures and words are the very ones the main thread drew
 * the PNGs with.
 */
export async function drawCityChartJobs(requests: readonly CityChartJobs[], claims: Int32Array): Promise<({ svg: string; ms: number } | undefined)[][]> {
  const [{ renderSvg }, { buildSpec, chartSize }, { createCityContext }] = await Promise.all([import("./render.ts"), import("./spec.ts"), import("../content/context.ts")]);
  const drawn: ({ svg: string; ms: number } | undefined)[][] = [];
  for (const { context: c, charts } of requests) {
    const ctx = createCityContext(c.city, c.brand, c.sources, c.options, c.edition);
    const svgs: ({ svg: string; ms: number } | undefined)[] = [];
    for (const { id, job } of charts) {
      if (Atomics.compareExchange(claims, job, UNCLAIMED, CLAIMED_BY_LANE) !== UNCLAIMED) {
        svgs.push(undefined);
        continue;
      }
      const chart = ctx.city.charts.find((candidate) => candidate.id === id)!;
      const start = performance.now();
      const svg = await renderSvg(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart)).catch((error: unknown) => {
        throw new Error(`chart "${id}" of ${ctx.city.slug} could not be rendered: ${(error as Error).message}`, { cause: error });
      });
      svgs.push({ svg, ms: performance.now() - start });
    }
    drawn.push(svgs);
  }
  return drawn;
}

/** A city chart's PNG as the lane drew it, or the texts that do not fit it (render.ts ChartTextOverflow). */
export type LanePng = { png: Uint8Array; ms: number } | { overflow: readonly string[] } | undefined;

/**
 * The PNGs of the cities' charts, as the charts stage draws them (stage.ts drawPng), taken from the
 * end of the list while the main thread takes them from the start: each job is drawn once, by
 * whichever thread claims it first (`claims`), the lane only once it is otherwise idle. A chart
 * whose text does not fit comes back as its texts, for the main thread to locate in the city file.
 */
export async function drawLanePngs(requests: readonly CityChartJobs[], claims: Int32Array): Promise<LanePng[][]> {
  const [{ renderPng, ChartTextOverflow }, { buildSpec, chartSize }, { createCityContext }] = await Promise.all([
    import("./render.ts"),
    import("./spec.ts"),
    import("../content/context.ts"),
  ]);
  const drawn: LanePng[][] = requests.map((r) => r.charts.map(() => undefined));
  const jobs = requests.flatMap((request, r) => request.charts.map((chart, c) => ({ r, c, ...chart }))).sort((a, b) => b.job - a.job);
  const contexts = new Map<number, ReturnType<typeof createCityContext>>();
  // One chart ahead, as the main thread draws: the next one is drawn while the last one's PNG
  // deflates on the thread pool, rather than this thread waiting for each (a third of its time).
  let ahead: Promise<void> = Promise.resolve();
  for (const { r, c, id, job } of jobs) {
    if (Atomics.compareExchange(claims, job, UNCLAIMED, CLAIMED_BY_LANE) !== UNCLAIMED) continue;
    const { context } = requests[r]!;
    let ctx = contexts.get(r);
    if (!ctx) contexts.set(r, (ctx = createCityContext(context.city, context.brand, context.sources, context.options, context.edition)));
    const city = ctx;
    const chart = city.city.charts.find((candidate) => candidate.id === id)!;
    const start = performance.now();
    const encoded = renderPng(() => buildSpec(chart, city.figures, city.brand, city.words), chartSize(chart)).then(
      (png) => {
        drawn[r]![c] = { png, ms: performance.now() - start };
      },
      (error: unknown) => {
        if (!(error instanceof ChartTextOverflow)) throw new Error(`chart "${id}" of ${city.city.slug} could not be rendered: ${(error as Error).message}`, { cause: error });
        drawn[r]![c] = { overflow: error.texts };
      },
    );
    // Awaited below, after the chart before it; this only keeps an early failure from counting as unhandled.
    encoded.catch(() => undefined);
    await ahead;
    ahead = encoded;
  }
  await ahead;
  return drawn;
}
