/** Picks the spec builder and the print size for a chart's kind. */
import type { ChartConfiguration } from "chart.js";
import type { FigureIndex } from "../data/figures.ts";
import type { Brand, Chart } from "../data/schema.ts";
import { barSpec } from "./specs/bar.ts";
import { hbarSpec, LABEL_ROOM } from "./specs/hbar.ts";
import { shareSpec } from "./specs/share.ts";
import { targetSpec } from "./specs/target.ts";
import { SIZES, type ChartSize } from "./theme.ts";
import { panelRows } from "./plugins/panels.ts";
import type { Wording } from "../content/format.ts";

/** Ranked bars stay the same thickness: a longer list gets the taller size. */
const HBAR_ROWS_PER_SIZE = 4;
/**
 * A list longer than the tall size holds (a ranking of many cities) grows by this much a row: room
 * for the category label (8.5 pt) and the bar's value label (9.5 pt) clear of the next row's.
 * Before, forty cities were squeezed into the tall size, and Chart.js left every other city's name
 * off the axis to make them fit.
 */
const HBAR_ROW_PT = 16;
/** The room above and below the bars: the unit note, the derived note. */
const HBAR_FRAME_PT = 36;
/**
 * At most this tall: a figure may shrink to 0.4 of its size to fit a page (brochure/blocks/chart.ts),
 * and taller than this it would not fit an A4 or Letter page even so. Past it (about 85 rows) the
 * rows get thinner instead.
 */
const HBAR_MAX_PT = 1400;

/** Each further row of target panels: a panel's height and the gap above it. */
const TARGET_ROW_PT = 116;

export function chartSize(chart: Chart): ChartSize {
  switch (chart.kind) {
    case "bar":
      return SIZES.bar;
    case "hbar": {
      const base = chart.figures.length > HBAR_ROWS_PER_SIZE ? SIZES.hbarTall : SIZES.hbar;
      const grown = Math.min(HBAR_MAX_PT, HBAR_FRAME_PT + chart.figures.length * HBAR_ROW_PT);
      return grown > base.heightPt ? { ...base, heightPt: grown } : base;
    }
    case "share":
      return SIZES.share;
    case "target": {
      // A row of panels a target chart holds; more go on further rows, each as tall as the first.
      const rows = panelRows(chart.figures.length);
      return rows === 1 ? SIZES.target : { ...SIZES.target, heightPt: SIZES.target.heightPt + (rows - 1) * TARGET_ROW_PT };
    }
  }
}

export function buildSpec(chart: Chart, figures: FigureIndex, brand: Brand, words: Wording): ChartConfiguration {
  switch (chart.kind) {
    case "bar":
      return barSpec(chart, figures, brand, words) as ChartConfiguration;
    case "hbar":
      return hbarSpec(chart, figures, brand, words) as ChartConfiguration;
    case "share":
      return shareSpec(chart, figures, brand, words, chartSize(chart).widthPt) as unknown as ChartConfiguration;
    case "target":
      return targetSpec(chart, figures, brand, words) as ChartConfiguration;
  }
}

/**
 * A ranking's bars: the axis turned over when lower is better (the best still on top), and, for a
 * part of a ranking shown in several charts, reaching the whole ranking's largest value, so that
 * bars compare from one part to the next.
 */
export function rankedSpec(chart: Chart, figures: FigureIndex, brand: Brand, words: Wording, how: { reversed: boolean; axisMax?: number }): ChartConfiguration {
  const spec = buildSpec(chart, figures, brand, words);
  if (how.reversed) Object.assign(spec.options?.scales?.y ?? {}, { reverse: true });
  if (how.axisMax !== undefined) Object.assign(spec.options?.scales?.x ?? {}, { max: how.axisMax * (1 + LABEL_ROOM) });
  return spec;
}
