/**
 * A chart's artifact: its picture with the words that travel with it. Apart from the charts stage
 * so that `check`, which dry-runs the templates with stand-in charts, loads none of the rendering.
 */
import type { ChartArtifact, CityContext } from "../context.ts";
import { sourceLine } from "../content/references.ts";
import type { Chart } from "../data/schema.ts";
import { altText } from "./alt.ts";
import { chartSize } from "./spec.ts";

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
