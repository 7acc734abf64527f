/**
 * Chart images sized for the slide they sit on. The charts stage renders every chart once at its
 * print size (480 pt wide), where a 7.5 pt tick label prints at 7.5 pt. Two bar charts that share
 * a slide are each shown about 560 px wide, so those labels would project at about 9 px. The deck
 * re-renders such charts on a smaller canvas of the same shape: the same point sizes then come out
 * half as large again on the slide, and the layout of the slide does not change.
 * Every other chart keeps the charts stage's image (the chart files in charts/ are the print ones).
 */
import type { ChartArtifact, CityContext } from "../context.ts";
import { registerBrandFonts, renderPng } from "../charts/render.ts";
import { buildSpec } from "../charts/spec.ts";
import { chartTextError } from "../charts/stage.ts";
import type { ChartSize } from "../charts/theme.ts";
import { pairedChartIds } from "./model.ts";

/** The print bar size (480 × 264 pt) at two thirds, both sides multiples of 6 pt for whole pixels at 300 dpi. */
export const PAIRED_BAR_SIZE: ChartSize = { widthPt: 318, heightPt: 174 };

export async function deckChartArtifacts(ctx: CityContext, artifacts: readonly ChartArtifact[]): Promise<ChartArtifact[]> {
  const paired = pairedChartIds(artifacts);
  if (paired.size === 0) return [...artifacts];
  registerBrandFonts(ctx.brand, ctx.options.root);
  const out: ChartArtifact[] = [];
  for (const artifact of artifacts) {
    const chart = ctx.city.charts.find((c) => c.id === artifact.id);
    if (!chart || !paired.has(artifact.id)) {
      out.push(artifact);
      continue;
    }
    const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
    try {
      // Slides embed the PNG only; the SVG stays the print one (charts/<id>.svg).
      const png = await renderPng(build, PAIRED_BAR_SIZE);
      out.push({ ...artifact, png, ...PAIRED_BAR_SIZE });
    } catch (error) {
      throw (
        chartTextError(ctx, chart, error, "its picture sized for a slide shared with another chart") ??
        new Error(`chart "${chart.id}" of ${ctx.city.slug} could not be rendered for the deck: ${(error as Error).message}`, { cause: error })
      );
    }
  }
  return out;
}
