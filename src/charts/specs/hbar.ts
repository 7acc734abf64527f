/** Horizontal bars, ranked largest first: comparisons across places or categories on one unit. */
import type { ChartConfiguration } from "chart.js";
import type { FigureIndex } from "../../data/figures.ts";
import type { Brand, Chart } from "../../data/schema.ts";
import { backgroundPlugin, barLabelsPlugin, notesPlugin, NOTE_HEIGHT } from "../plugins/index.ts";
import { commonYear, labelLines, plotted, resolvePoints, unitCaption, type Point } from "../points.ts";
import { TYPE } from "../theme.ts";
import type { Wording } from "../../content/format.ts";
import { barDataset, barMarks, baseOptions, categoryFont, look } from "./common.ts";

/** Room beyond the longest bar for its value label, as a share of that bar's length. */
export const LABEL_ROOM = 0.36;

export function rankPoints(points: readonly Point[]): Point[] {
  // Stable sort: equal values keep the order the data gives them.
  return [...points].sort((a, b) => plotted(b) - plotted(a));
}

export function hbarSpec(chart: Chart, figures: FigureIndex, brand: Brand, words: Wording): ChartConfiguration<"bar"> {
  return horizontalBars(rankPoints(resolvePoints(chart, figures, words)), brand, words);
}

/** Horizontal bars in the order given: a ranking, or a bar chart's points too many for columns (bar.ts). */
export function horizontalBars(points: readonly Point[], brand: Brand, words: Wording): ChartConfiguration<"bar"> {
  const l = look(brand, words);
  const { p, fonts } = l;
  const colour = p.series[0]!;
  const anyDerived = points.some((pt) => pt.derived);
  const base = baseOptions(l);
  const year = commonYear(points, words);
  const caption = unitCaption(points[0]!.figure, words);
  const unit = year && caption ? words.messages.t("chart.captionWithYear", { caption, year }) : caption || year || "";
  const max = Math.max(...points.map(plotted));
  return {
    type: "bar",
    data: {
      labels: points.map((pt) => labelLines(pt.label)),
      datasets: [barDataset(points, l, { borderSkipped: "left", categoryPercentage: 0.78, barPercentage: 0.9, maxBarThickness: 34 })],
    },
    options: {
      ...base,
      indexAxis: "y",
      layout: { padding: { top: TYPE.note + 12, bottom: anyDerived ? NOTE_HEIGHT + 2 : 2, left: 0, right: 4 } },
      scales: {
        // The value labels carry the numbers, so no value axis competes with them.
        x: { display: false, beginAtZero: true, max: max * (1 + LABEL_ROOM) },
        y: {
          grid: { display: false },
          border: { color: p.muted, width: 1 },
          // Every bar keeps its name: Chart.js would drop labels it thinks crowded (autoSkip).
          ticks: { font: categoryFont(l), color: p.ink, padding: 6, autoSkip: false },
        },
      },
      plugins: {
        ...base.plugins,
        cpBars: barMarks(points, l),
        cpNotes: { unit, derived: anyDerived ? words.messages.t("chart.derivedNote") : "", colour, fill: p.derivedFill(colour), muted: p.muted, fonts },
      },
    },
    plugins: [backgroundPlugin, barLabelsPlugin, notesPlugin],
  };
}
