/**
 * The charts stage: renders every chart of every city once, as a 300 dpi PNG and an SVG, with the
 * words that travel with it. The brochure and the deck both take them from here.
 */
import type { ChartArtifact, CityContext } from "../context.ts";
import type { Chart } from "../data/schema.ts";
import { sourceLine } from "../content/references.ts";
import { timed } from "../log.ts";
import type { ChartsBySlug, StageInput } from "../stage.ts";
import { altText } from "./alt.ts";
import { registerBrandFonts, renderPng, renderSvg } from "./render.ts";
import { buildSpec, chartSize } from "./spec.ts";

export async function chartsStage(input: StageInput): Promise<ChartsBySlug> {
  const bySlug = new Map<string, ChartArtifact[]>();
  // The files are a deliverable of their own only when asked for; the brochure and deck take the buffers.
  const writeFiles = input.options.formats.has("charts");
  for (const ctx of input.contexts) {
    registerBrandFonts(ctx.brand, ctx.options.root);
    const slug = ctx.city.slug;
    const artifacts: ChartArtifact[] = [];
    for (const chart of ctx.city.charts) {
      const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
      const size = chartSize(chart);
      const [png, pngMs] = await timed(() => attempt(slug, chart, () => renderPng(build, size)));
      const [svg, svgMs] = await timed(() => attempt(slug, chart, () => renderSvg(build, size)));
      if (writeFiles) {
        const [pngFile, pngWriteMs] = await timed(() => input.staging.write(slug, `charts/${chart.id}.png`, png));
        input.log.artifact(pngFile, pngMs + pngWriteMs);
        const [svgFile, svgWriteMs] = await timed(() => input.staging.write(slug, `charts/${chart.id}.svg`, svg));
        input.log.artifact(svgFile, svgMs + svgWriteMs);
      }
      artifacts.push(chartArtifact(ctx, chart, png, svg));
    }
    bySlug.set(slug, artifacts);
  }
  return bySlug;
}

/** The rendered chart with its alt text, source line and reference numbers. */
export function chartArtifact(ctx: CityContext, chart: Chart, png: Buffer, svg: string): ChartArtifact {
  const size = chartSize(chart);
  return {
    id: chart.id,
    kind: chart.kind,
    section: chart.section,
    title: chart.title,
    caption: chart.caption,
    alt: altText(chart, ctx.figures, ctx.city.name.en, ctx.words),
    sourceLine: sourceLine(chart.figures, ctx.figures, ctx.sources, ctx.words),
    refs: ctx.references.forFigures(chart.figures),
    png,
    svg,
    widthPt: size.widthPt,
    heightPt: size.heightPt,
  };
}

async function attempt<T>(slug: string, chart: Chart, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new Error(`chart "${chart.id}" of ${slug} could not be rendered: ${(error as Error).message}`, { cause: error });
  }
}
