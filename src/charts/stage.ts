/**
 * The charts stage: renders every chart of every city once, as a 300 dpi PNG and an SVG, with the
 * words that travel with it. The brochure and the deck both take them from here.
 */
import type { ChartArtifact, CityContext } from "../context.ts";
import type { Chart } from "../data/schema.ts";
import { timed } from "../log.ts";
import { contextKey, editionFile, type ChartsBySlug, type StageInput } from "../stage.ts";
import { chartArtifact } from "./artifact.ts";
import { trace } from "../trace.ts";
import { buildSpec, chartSize } from "./spec.ts";

export async function chartsStage(input: StageInput): Promise<ChartsBySlug> {
  // The files are a deliverable of their own only when asked for; the brochure and deck take the buffers.
  const writeFiles = input.options.formats.has("charts");
  // Editions of a city in one language (an English and a print edition) share their charts; a
  // chart whose spec, size and fonts are those of an earlier build is taken as it was rendered.
  const sharedKey = (ctx: CityContext, chart: Chart) => `${ctx.city.slug}\0${ctx.edition.language}\0${chart.id}`;
  const pictures = new Map<string, Promise<Picture>>();
  const todo: { ctx: CityContext; chart: Chart; key: string }[] = [];
  for (const ctx of input.contexts) {
    for (const chart of ctx.city.charts) {
      const key = sharedKey(ctx, chart);
      const cached = input.chartMemo?.get(ctx, chart);
      if (cached) pictures.set(`${contextKey(ctx)}\0${chart.id}`, Promise.resolve({ ...cached, pngMs: 0, svgMs: 0, reused: true }));
      else if (!todo.some((t) => t.key === key)) todo.push({ ctx, chart, key });
    }
  }
  // Drawn here, not on the second lane: node-canvas in a worker thread crashes the process as it
  // exits (a segmentation fault after a build that drew there; measured with canvas 3.2.3).
  const byKey = new Map<string, Picture>();
  for (const t of todo) byKey.set(t.key, await renderChart(t.ctx, t.chart));
  trace("charts: drawn");

  const bySlug = new Map<string, ChartArtifact[]>();
  for (const ctx of input.contexts) {
    const slug = ctx.city.slug;
    const artifacts: ChartArtifact[] = [];
    for (const chart of ctx.city.charts) {
      const picture = (await pictures.get(`${contextKey(ctx)}\0${chart.id}`)) ?? byKey.get(sharedKey(ctx, chart))!;
      if (!picture.reused) input.chartMemo?.put(ctx, chart, picture.png, picture.svg);
      const mark = picture.reused ? { reused: true as const } : {};
      if (writeFiles && ctx.options.formats.has("charts")) {
        const [pngFile, pngWriteMs] = await timed(() => input.staging.write(slug, editionFile(ctx, `charts/${chart.id}.png`), picture.png, mark));
        input.log.artifact(pngFile, picture.pngMs + pngWriteMs);
        const [svgFile, svgWriteMs] = await timed(() => input.staging.write(slug, editionFile(ctx, `charts/${chart.id}.svg`), picture.svg, mark));
        input.log.artifact(svgFile, picture.svgMs + svgWriteMs);
      }
      artifacts.push(chartArtifact(ctx, chart, picture.png, picture.svg));
    }
    bySlug.set(contextKey(ctx), artifacts);
  }
  return bySlug;
}

interface Picture {
  png: Buffer;
  svg: string;
  pngMs: number;
  svgMs: number;
  reused?: true;
}

/** One chart's PNG and SVG, timed. Loads the renderer on first use: `check` takes chartArtifact from this module and must not start canvas. */
export async function renderChart(ctx: CityContext, chart: Chart): Promise<Picture> {
  const { registerBrandFonts, renderPng, renderSvg } = await import("./render.ts");
  registerBrandFonts(ctx.brand, ctx.options.root);
  const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
  const size = chartSize(chart);
  const [png, pngMs] = await timed(() => attempt(ctx.city.slug, chart, () => renderPng(build, size)));
  const [svg, svgMs] = await timed(() => attempt(ctx.city.slug, chart, () => renderSvg(build, size)));
  return { png, svg, pngMs, svgMs };
}

/**
 * A city's charts without their pictures (an empty PNG and SVG): what a format that draws its own
 * charts (the editable PPTX) takes from them, without the cost of rendering them.
 */
export function chartFacts(ctx: CityContext): ChartArtifact[] {
  return ctx.city.charts.map((chart) => chartArtifact(ctx, chart, Buffer.alloc(0), ""));
}

export { chartArtifact };

async function attempt<T>(slug: string, chart: Chart, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new Error(`chart "${chart.id}" of ${slug} could not be rendered: ${(error as Error).message}`, { cause: error });
  }
}
