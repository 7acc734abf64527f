/** Picks the spec builder and the print size for a chart's kind. */
import type { ChartConfiguration } from "chart.js";
import type { FigureIndex } from "../data/figures.ts";
import type { Brand, Chart } from "../data/schema.ts";
import { barSpec } from "./specs/bar.ts";
import { hbarSpec } from "./specs/hbar.ts";
import { shareSpec } from "./specs/share.ts";
import { targetSpec } from "./specs/target.ts";
import { SIZES, type ChartSize } from "./theme.ts";
import type { Wording } from "../content/format.ts";

/** Ranked bars stay the same thickness: a longer list gets the taller size. */
const HBAR_ROWS_PER_SIZE = 4;

export function chartSize(chart: Chart): ChartSize {
  switch (chart.kind) {
    case "bar":
      return SIZES.bar;
    case "hbar":
      return chart.figures.length > HBAR_ROWS_PER_SIZE ? SIZES.hbarTall : SIZES.hbar;
    case "share":
      return SIZES.share;
    case "target":
      return SIZES.target;
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
