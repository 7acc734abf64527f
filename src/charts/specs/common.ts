/** What every chart spec shares: no interaction, brand fonts, the page colour behind it. */
import type { ChartDataset, ChartOptions, ChartType } from "chart.js";
import type { Brand } from "../../data/schema.ts";
import type { Wording } from "../../content/format.ts";
import { plotted, type Point } from "../points.ts";
import { brandFonts, chartFont, palette, TYPE, type ChartFonts, type Palette } from "../theme.ts";

export interface Look {
  p: Palette;
  fonts: ChartFonts;
  /** The edition's wording: value labels, notes and ticks in its language. */
  words: Wording;
}

export function look(brand: Brand, words: Wording): Look {
  return { p: palette(brand), fonts: brandFonts(brand, [words.language]).fonts, words };
}

export function baseOptions({ p, words }: Look) {
  return {
    locale: words.messages.locale,
    events: [],
    plugins: {
      legend: { display: false },
      title: { display: false },
      tooltip: { enabled: false },
      cpBackground: { colour: p.paper },
    },
  } satisfies ChartOptions<ChartType>;
}

export const tickFont = ({ fonts }: Look) => chartFont(fonts.body, TYPE.tick);
export const categoryFont = ({ fonts }: Look) => chartFont(fonts.bold, TYPE.category);

/** Axis numbers through the shared formatter, so the chart and the text agree on separators. */
export function tickFormatter({ words }: Look): (value: number | string) => string {
  // Axis steps of a billion and more read better as "1.5T" than as sixteen digits that crowd the plot.
  // Chart.js adds up its steps in binary floating point: a tick of 0.0004 arrives as
  // 0.00039999999999999996, which would be written with every one of those digits.
  return (value) => {
    const tick = Number(Number(value).toPrecision(12));
    return Math.abs(tick) >= 1e9 ? words.compact(tick) : words.number(tick);
  };
}

/** One bar per point in the brand colour; derived bars are hatched and outlined so they never pass for published. */
export function barDataset(
  points: readonly Point[],
  { p }: Look,
  geometry: Pick<ChartDataset<"bar">, "borderSkipped" | "categoryPercentage" | "barPercentage" | "maxBarThickness">,
): ChartDataset<"bar"> {
  const colour = p.series[0]!;
  return {
    data: points.map(plotted),
    backgroundColor: points.map((pt) => (pt.derived ? p.derivedFill(colour) : colour)),
    borderColor: colour,
    borderWidth: points.map((pt) => (pt.derived ? 1.25 : 0)),
    // A value far smaller than the largest still shows as a sliver, never as no bar at all.
    minBarLength: 2,
    ...geometry,
  };
}

/** Value labels on bars: the qualifier stays with the number, and a derived bar says so. */
export function barMarks(points: readonly Point[], { p, fonts, words }: Look) {
  const colour = p.series[0]!;
  return {
    marks: points.map((pt) => ({ text: pt.valueText, derived: pt.derived, colour })),
    ink: p.ink,
    muted: p.muted,
    halo: p.paper,
    marker: words.messages.t("chart.derivedMarker"),
    fonts,
  };
}
