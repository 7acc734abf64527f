/** Vertical bars: one figure over the years, or a few figures side by side, on one unit. */
import type { ChartConfiguration } from "chart.js";
import type { FigureIndex } from "../../data/figures.ts";
import type { Brand, Chart } from "../../data/schema.ts";
import { backgroundPlugin, barLabelsPlugin, growthPlugin, notesPlugin, NOTE_HEIGHT, type GrowthStep } from "../plugins/index.ts";
import { labelLines, resolvePoints, unitCaption, type Point } from "../points.ts";
import { SIZES, TYPE } from "../theme.ts";
import { horizontalBars } from "./hbar.ts";
import type { Wording } from "../../content/format.ts";
import { barDataset, barMarks, baseOptions, categoryFont, look, tickFont, tickFormatter } from "./common.ts";

/** Past this many bars the gaps are too narrow for a growth pill between each pair. */
const MAX_GROWTH_BARS = 4;

/**
 * Whether columns `widthPt` wide in all are too narrow for their value labels ("at least 66,729"
 * over each of a dozen bars ran into its neighbours'): the widest label, at about 0.6 em a
 * character, wider than a column's share of the width. Such bars are drawn across instead, in
 * their order, each label on a row of its own; the PowerPoint's native chart decides alike.
 */
export function crowdedColumns(labels: readonly string[], widthPt: number, labelPt: number): boolean {
  const widest = Math.max(0, ...labels.map((text) => [...text].length));
  return widest * 0.6 * labelPt > widthPt / Math.max(1, labels.length);
}

/** The value axis and its padding, beside the columns (points). */
const AXIS_ROOM_PT = 36;

export function barSpec(chart: Chart, figures: FigureIndex, brand: Brand, words: Wording): ChartConfiguration<"bar"> {
  const points = resolvePoints(chart, figures, words);
  if (
    crowdedColumns(
      points.map((pt) => pt.valueText),
      SIZES.bar.widthPt - AXIS_ROOM_PT,
      TYPE.value,
    )
  )
    return horizontalBars(points, brand, words);
  const l = look(brand, words);
  const { p, fonts } = l;
  const colour = p.series[0]!;
  const anyDerived = points.some((pt) => pt.derived);
  const base = baseOptions(l);
  return {
    type: "bar",
    data: {
      labels: points.map((pt) => labelLines(pt.label)),
      datasets: [barDataset(points, l, { borderSkipped: "bottom", categoryPercentage: 0.56, barPercentage: 0.92, maxBarThickness: 96 })],
    },
    options: {
      ...base,
      layout: { padding: { top: TYPE.note + 16, bottom: anyDerived ? NOTE_HEIGHT : 2, left: 0, right: 4 } },
      scales: {
        x: {
          grid: { display: false },
          border: { color: p.muted, width: 1 },
          ticks: { font: categoryFont(l), color: p.ink, padding: 4 },
        },
        y: {
          beginAtZero: true,
          // Room above the tallest bar for its value label and "derived" marker.
          grace: "22%",
          grid: { color: p.grid, lineWidth: 0.6, drawTicks: false },
          border: { display: false },
          ticks: { font: tickFont(l), color: p.muted, padding: 6, maxTicksLimit: 6, callback: tickFormatter(l) },
        },
      },
      plugins: {
        ...base.plugins,
        cpBars: barMarks(points, l),
        cpGrowth: { steps: chart.labelBy === "year" && points.length <= MAX_GROWTH_BARS ? growthSteps(points, words) : [], colour: p.accent, textColour: p.ink, fonts },
        cpNotes: {
          unit: unitCaption(points[0]!.figure, words),
          derived: anyDerived ? words.messages.t("chart.derivedNote") : "",
          colour,
          fill: p.derivedFill(colour),
          muted: p.muted,
          fonts,
        },
      },
    },
    plugins: [backgroundPlugin, barLabelsPlugin, growthPlugin, notesPlugin],
  };
}

/** "+13.9%" between each year and the next. */
export function growthSteps(points: readonly Point[], words: Wording): GrowthStep[] {
  return points
    .slice(1)
    .map((pt, i) => {
      const prior = points[i]!.priorOf;
      // The published growth, when the earlier value was worked back from it (points.ts).
      if (prior?.later === pt.path) return { from: i, to: i + 1, text: words.signedChange(100, 100 + prior.growth) };
      const earlier = points[i]!.figure.value;
      const later = pt.figure.value;
      // Growth from zero has no percentage: no pill rather than "Infinity%".
      return earlier === 0 ? undefined : { from: i, to: i + 1, text: words.signedChange(earlier, later) };
    })
    .filter((step): step is GrowthStep => step !== undefined);
}
