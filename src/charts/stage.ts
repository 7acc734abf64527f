/**
 * The charts stage: renders every chart of every city once, as a 300 dpi PNG (and an SVG when the
 * chart files are asked for), with the words that travel with it. The brochure and the deck both
 * take them from here.
 */
import type { ChartArtifact, CityContext } from "../context.ts";
import type { Chart } from "../data/schema.ts";
import { timed } from "../log.ts";
import { contextKey, editionFile, type ChartsBySlug, type StageInput } from "../stage.ts";
import { chartArtifact } from "./artifact.ts";
import { trace } from "../trace.ts";
import { buildSpec, chartSize } from "./spec.ts";
import { idleMoment } from "./idle.ts";
import { contextData } from "../lanes/tasks.ts";
import { CLAIMED_BY_LANE, CLAIMED_BY_MAIN, UNCLAIMED, type LanePng, type CityChartJobs } from "./onLane.ts";
import { join, relative } from "node:path";
import { CitypitchError, EXIT, type Problem } from "../errors.ts";
import { locateFieldInFile } from "../data/locate.ts";

export async function chartsStage(input: StageInput): Promise<ChartsBySlug> {
  // The files are a deliverable of their own only when asked for; the brochure and deck take the buffers.
  const writeFiles = input.options.formats.has("charts");
  // A chart whose spec, size and fonts are those of an earlier build is taken as it was rendered.
  const pictures = new Map<string, Promise<Picture>>();
  const todo: { ctx: CityContext; chart: Chart; key: string; svg: boolean }[] = [];
  for (const ctx of input.contexts) {
    // The brochure and the deck place the PNG: the SVG is drawn only to be written as a file.
    const svg = writeFiles && ctx.options.formats.has("charts");
    for (const chart of ctx.city.charts) {
      const key = chartPictureKey(ctx, chart);
      const cached = input.chartMemo?.get(ctx, chart);
      const planned = todo.find((t) => t.key === key);
      if (cached) pictures.set(`${contextKey(ctx)}\0${chart.id}`, Promise.resolve({ ...cached, pngMs: 0, svgMs: 0, reused: true }));
      else if (planned) planned.svg ||= svg;
      else todo.push({ ctx, chart, key, svg });
    }
  }
  // This thread draws first: node-canvas in a worker thread crashes the process as it exits (a
  // segmentation fault; canvas 3.2.3) unless the main thread loaded "canvas" before the worker did
  // (then every exit was clean). The lane joins in only once this thread has drawn a chart (below).
  const pngs = new Map<string, { png: Buffer; ms: number }>();
  // Every chart whose text does not fit is drawn and named, so that one build reports them all.
  const misfits: { job: number; error: ChartTextError }[] = [];
  // The lane, when one runs, draws from the end of the list while this thread draws from the start,
  // each chart by whichever claims it first: in a build of many cities the lane is otherwise idle
  // here, between the PowerPoint it makes at once and the brochures that wait for these pictures.
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, todo.length)));
  const lane = todo.length > 1 ? (await import("../lanes/lane.ts")).runningLane() : undefined;
  let onLane: { requests: CityChartJobs[]; drawn: Promise<LanePng[][]> } | undefined;
  let drawnHere = 0;
  // One chart ahead: the next one is drawn while the last one's PNG deflates on the thread pool.
  let ahead: Promise<unknown> = Promise.resolve();
  for (const [job, t] of todo.entries()) {
    if (Atomics.compareExchange(claims, job, UNCLAIMED, CLAIMED_BY_MAIN) !== UNCLAIMED) continue;
    drawnHere++;
    const drawing = timed(() => attempt(t.ctx, t.chart, () => drawPng(t.ctx, t.chart))).then(
      ([png, ms]) => pngs.set(t.key, { png, ms }),
      (error: unknown) => {
        if (!(error instanceof ChartTextError)) throw error;
        misfits.push({ job, error });
      },
    );
    // Awaited below, after the chart before it; this only keeps an early failure from counting as unhandled.
    drawing.catch(() => {});
    await ahead;
    // Once this thread has drawn a chart, node-canvas is loaded and the fonts registered here, which
    // the lane's node-canvas needs first (onLane.ts).
    if (lane && !onLane && drawnHere > 1) {
      const requests = [...new Set(todo.map((x) => x.ctx))].map((ctx) => ({
        context: contextData(ctx),
        charts: todo.flatMap((x, i) => (x.ctx === ctx ? [{ id: x.chart.id, job: i }] : [])),
      }));
      onLane = { requests, drawn: lane.runInBackground("drawPngs", requests, claims) };
      onLane.drawn.catch(() => {});
    }
    ahead = drawing;
  }
  await ahead;
  if (onLane) {
    const drawn = await onLane.drawn.catch((error: unknown) => {
      throw new Error(`the charts could not be drawn: ${(error as Error).message}`, { cause: error });
    });
    const { ChartTextOverflow } = await import("./render.ts");
    onLane.requests.forEach(({ charts }, r) =>
      charts.forEach(({ job }, c) => {
        const result = drawn[r]?.[c];
        if (!result) return;
        const t = todo[job]!;
        if ("png" in result) pngs.set(t.key, { png: Buffer.from(result.png.buffer, result.png.byteOffset, result.png.byteLength), ms: result.ms });
        else misfits.push({ job, error: chartTextError(t.ctx, t.chart, new ChartTextOverflow(result.overflow))! });
      }),
    );
  }
  trace(`charts: ${todo.length - drawnHere} of ${todo.length} drawn on the lane`);
  misfits.sort((a, b) => a.job - b.job);
  if (misfits.length > 0)
    throw misfits.length === 1
      ? misfits[0]!.error
      : new ChartTextError(
          `${misfits.length} charts cannot fit their text in their pictures (each named above)`,
          misfits.flatMap((m) => m.error.problems),
        );
  trace("charts: drawn");

  // What only the chart files need: the SVGs (a file of their own; the brochure and the deck place
  // the PNG), the files themselves and the memo. Given to the layer when it takes it, which lets
  // this thread draw them when it is otherwise idle (while the browser prints the decks), the
  // pictures being handed over without their SVG; else done before the stage returns. For 15
  // cities that is 0.5 s of this thread's 1.2 s that the brochure and the deck no longer wait for.
  const svgs = new Map<string, { svg: string; ms: number }>();
  const finish = async (urgent: Promise<unknown> = Promise.resolve()) => {
    const wanted = todo.filter((t) => t.svg);
    const onLane = await drawSvgs(wanted, urgent, later !== undefined, svgs);
    trace(`charts: SVGs drawn (${onLane} of ${wanted.length} on the lane)`);
    for (const ctx of input.contexts) {
      const slug = ctx.city.slug;
      for (const chart of ctx.city.charts) {
        const picture = await pictureOf(ctx, chart);
        // The memo keeps a chart only whole: a later build that writes the files takes both from it.
        if (!picture.reused && picture.svg !== undefined) input.chartMemo?.put(ctx, chart, picture.png, picture.svg);
        if (!(writeFiles && ctx.options.formats.has("charts"))) continue;
        const mark = picture.reused ? { reused: true as const } : {};
        const [pngFile, pngWriteMs] = await timed(() => input.staging.write(slug, editionFile(ctx, `charts/${chart.id}.png`), picture.png, mark));
        input.log.artifact(pngFile, picture.pngMs + pngWriteMs);
        const [svgFile, svgWriteMs] = await timed(() => input.staging.write(slug, editionFile(ctx, `charts/${chart.id}.svg`), picture.svg!, mark));
        input.log.artifact(svgFile, picture.svgMs + svgWriteMs);
      }
    }
  };
  const pictureOf = async (ctx: CityContext, chart: Chart): Promise<Picture> => {
    const cached = await pictures.get(`${contextKey(ctx)}\0${chart.id}`);
    if (cached) return cached;
    const key = chartPictureKey(ctx, chart);
    const { png, ms } = pngs.get(key)!;
    const svg = svgs.get(key);
    return { png, pngMs: ms, svg: svg?.svg, svgMs: svg?.ms ?? 0 };
  };
  const later = todo.some((t) => t.svg) ? input.chartMemo?.later : undefined;
  if (later) later(finish);
  else await finish();

  const bySlug = new Map<string, ChartArtifact[]>();
  for (const ctx of input.contexts) {
    const artifacts: ChartArtifact[] = [];
    for (const chart of ctx.city.charts) {
      const picture = await pictureOf(ctx, chart);
      artifacts.push(chartArtifact(ctx, chart, picture.png, picture.svg ?? ""));
    }
    bySlug.set(contextKey(ctx), artifacts);
  }
  return bySlug;
}

interface Picture {
  png: Buffer;
  /** Not drawn when no edition that shares the chart writes the chart files. */
  svg?: string;
  pngMs: number;
  svgMs: number;
  reused?: true;
}

/**
 * Draws the SVG of each of `wanted` into `svgs`, each by whichever thread takes it first: this one
 * when it is idle (while the browser prints), or the second lane, when one runs and the files were
 * left for later (`deferred`), once it has no other work: a build of many cities then no longer
 * ends with one thread drawing SVGs while the other waits. A shared array of claims, taken with
 * Atomics, makes each one thread's. Returns how many the lane drew.
 */
async function drawSvgs(
  wanted: readonly { ctx: CityContext; chart: Chart; key: string }[],
  urgent: Promise<unknown>,
  deferred: boolean,
  svgs: Map<string, { svg: string; ms: number }>,
): Promise<number> {
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, wanted.length)));
  const lane = wanted.length > 0 && deferred ? (await import("../lanes/lane.ts")).runningLane() : undefined;
  const byContext = [...new Set(wanted.map((t) => t.ctx))];
  const onLane = lane
    ? byContext.map((ctx) => {
        const charts = wanted.flatMap((t, job) => (t.ctx === ctx ? [{ id: t.chart.id, job }] : []));
        const drawn = lane.runInBackground("drawSvgs", [{ context: contextData(ctx), charts }], claims);
        // Awaited below, after this thread's share; a failure must not count as unhandled meanwhile.
        drawn.catch(() => undefined);
        return { charts, drawn };
      })
    : [];
  for (const [job, t] of wanted.entries()) {
    if (Atomics.load(claims, job) !== UNCLAIMED) continue;
    await idleMoment(urgent);
    if (Atomics.compareExchange(claims, job, UNCLAIMED, CLAIMED_BY_MAIN) !== UNCLAIMED) continue;
    if (svgs.size === 0) trace("charts: first SVG");
    const [svg, ms] = await timed(() => attempt(t.ctx, t.chart, () => drawSvg(t.ctx, t.chart)));
    svgs.set(t.key, { svg, ms });
  }
  // Every job is taken by now (this thread took what was left): only a city whose charts the
  // lane took is waited for, not one still queued behind the lane's other work.
  for (const { charts, drawn } of onLane) {
    if (!charts.some(({ job }) => Atomics.load(claims, job) === CLAIMED_BY_LANE)) continue;
    const [svgsOfCity] = await drawn.catch((error: unknown) => {
      throw new Error(`the charts' SVG files could not be drawn: ${(error as Error).message}`, { cause: error });
    });
    charts.forEach(({ job }, i) => {
      const svg = svgsOfCity?.[i];
      if (svg) svgs.set(wanted[job]!.key, svg);
    });
  }
  return wanted.filter((_, job) => Atomics.load(claims, job) === CLAIMED_BY_LANE).length;
}

/**
 * Which picture a city chart is: editions of a city in one language (an English and a print
 * edition) word it alike, so they share it.
 */
export const chartPictureKey = (ctx: CityContext, chart: Chart): string => `${ctx.city.slug}\0${ctx.edition.language}\0${chart.id}`;

/** Loads the renderer on first use: `check` takes chartArtifact from this module and must not start canvas. */
async function drawPng(ctx: CityContext, chart: Chart): Promise<Buffer> {
  const { registerBrandFonts, renderPng } = await import("./render.ts");
  registerBrandFonts(ctx.brand, ctx.options.root);
  return renderPng(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart));
}

async function drawSvg(ctx: CityContext, chart: Chart): Promise<string> {
  const { registerBrandFonts, renderSvg } = await import("./render.ts");
  registerBrandFonts(ctx.brand, ctx.options.root);
  return renderSvg(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart));
}

/**
 * A city's charts without their pictures (an empty PNG and SVG): what a format that draws its own
 * charts (the editable PPTX) takes from them, without the cost of rendering them.
 */
export function chartFacts(ctx: CityContext): ChartArtifact[] {
  return ctx.city.charts.map((chart) => chartArtifact(ctx, chart, Buffer.alloc(0), ""));
}

export { chartArtifact };

async function attempt<T>(ctx: CityContext, chart: Chart, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const overflow = chartTextError(ctx, chart, error);
    if (overflow) throw overflow;
    throw new Error(`chart "${chart.id}" of ${ctx.city.slug} could not be rendered: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A chart whose text does not fit its picture, as an error located at the chart in the city's
 * file (render.ts ChartTextOverflow); undefined for any other error.
 */
export function chartTextError(ctx: CityContext, chart: Chart, error: unknown, where = "its picture"): ChartTextError | undefined {
  if (!(error instanceof CitypitchError) || !("texts" in error)) return undefined;
  const texts = (error as CitypitchError & { texts: readonly string[] }).texts;
  const { city, options } = ctx;
  const abs = join(options.dataDir, "cities", `${city.slug}.yaml`);
  const shown = relative(options.root, abs) || abs;
  const field = `charts[${city.charts.findIndex((c) => c.id === chart.id)}]`;
  return new ChartTextError(`${city.slug}: chart "${chart.id}" cannot fit its text in ${where}: ${texts.join("; ")}`, [
    { severity: "error", location: locateFieldInFile(abs, shown, field), path: field, message: `text too long for the chart "${chart.id}": ${texts.join("; ")}` },
  ]);
}

const CHART_TEXT_HINT = "shorten that text in the data file (a chart's labels, or the labels of the figures it shows)";

/** Text too long for a chart, located in the city's file: each chart's, reported together. */
export class ChartTextError extends CitypitchError {
  constructor(message: string, problems: Problem[]) {
    super(EXIT.renderFailed, message, problems, CHART_TEXT_HINT);
  }
}
