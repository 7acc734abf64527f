/**
 * `check`'s test of the charts: each is drawn as the build draws its PNG (at 300 dpi, where its
 * text is measured at the size it prints at), not encoded, so that text a chart cannot fit (a key
 * taller than its picture, a bar's name too long for its room) is found and located by `check`,
 * every chart's at once, not first by `build`. The deck's smaller pictures of a pair of bar charts
 * (src/deck/charts.ts) need no test of their own: a vertical bar chart has no text that can fail to
 * fit (plugins/bars.ts reports only a horizontal bar's name).
 */
import type { CityContext } from "../context.ts";
import type { Problem } from "../errors.ts";
import { ChartTextOverflow, registerBrandFonts, textsThatDoNotFit } from "./render.ts";
import { buildSpec, chartSize } from "./spec.ts";
import { chartPictureKey, chartTextError } from "./stage.ts";

/** Every chart text that does not fit its picture, located in its city's file. */
export function chartTextProblems(contexts: readonly CityContext[]): Problem[] {
  const problems: Problem[] = [];
  const tried = new Set<string>();
  for (const ctx of contexts) {
    // Every format but the editable PowerPoint (which draws its own charts) places the pictures.
    if (![...ctx.options.formats].some((f) => f !== "pptx")) continue;
    registerBrandFonts(ctx.brand, ctx.options.root);
    for (const chart of ctx.city.charts) {
      const key = chartPictureKey(ctx, chart);
      if (tried.has(key)) continue;
      tried.add(key);
      const texts = textsThatDoNotFit(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart));
      if (texts.length > 0) problems.push(...chartTextError(ctx, chart, new ChartTextOverflow(texts))!.problems);
    }
  }
  return problems;
}
