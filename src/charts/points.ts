/** A chart's figures, resolved and worded once, so every spec builder and the alt text agree. */
import type { FigureIndex } from "../data/figures.ts";
import type { Chart, Figure } from "../data/schema.ts";
import type { Wording } from "../content/format.ts";

export interface Point {
  path: string;
  figure: Figure;
  /** Category label: the figure's year, the chart's label for it, or the figure's own label. */
  label: string;
  /** What is printed at the bar: "over 165.44 Mt", or "over 210" when the unit is in the caption. */
  valueText: string;
  derived: boolean;
  /**
   * For a value worked back from a later one and its published growth (prior-from-growth): the
   * later figure's path and that growth, in percent. The step between the two then says the
   * growth as published, not as recomputed from the rounded earlier value (2.4 % published read
   * "+2.5%" between the bars).
   */
  priorOf?: { later: string; growth: number };
}

/** Short units read well after every number; longer ones ("flights/week") go in the caption only. */
const COMPACT_UNIT = 3;

export function resolvePoints(chart: Chart, figures: FigureIndex, words: Wording): Point[] {
  return chart.figures.map((path, i) => {
    const figure = figures.get(path);
    if (!figure) throw new Error(`chart "${chart.id}" names a figure that does not exist: ${path}`);
    const label = chart.labelBy === "year" ? String(figure.year) : (chart.labels?.[i] ?? figure.label);
    const derived = figure.derived;
    const [later, growthPath] = derived?.method === "prior-from-growth" ? derived.inputs : [];
    const growth = growthPath === undefined ? undefined : figures.get(growthPath)?.value;
    return {
      path,
      figure,
      label,
      valueText: chartValueText(figure, words),
      derived: derived !== undefined,
      ...(later !== undefined && growth !== undefined ? { priorOf: { later, growth } } : {}),
    };
  });
}

export function chartValueText(figure: Figure, words: Wording): string {
  if (words.unitSymbol(figure.unit).length <= COMPACT_UNIT) return words.figure(figure, "short");
  // A long unit goes in the chart's caption; the bar keeps the number and its qualifier.
  const number = words.numberPart(figure);
  return figure.qualifier ? words.messages.t(`qualifier.${figure.qualifier}.phrase`, { figure: number }) : number;
}

/** "Million tonnes", "RMB billion", "Flights a week"; empty for bare counts. */
export function unitCaption(figure: Figure, words: Wording): string {
  return words.unitCaption(figure.unit);
}

/** The year every point shares ("2008, as published"), or undefined when they differ. */
export function commonYear(points: readonly Point[], words: Wording): string | undefined {
  const worded = new Set(points.map((p) => words.year(p.figure)));
  if (worded.size === 1) return [...worded][0];
  // Same year, worded differently (a derived value beside published ones): the bare year is true of all.
  const years = new Set(points.map((p) => p.figure.year));
  return years.size === 1 ? String([...years][0]) : undefined;
}

/** Breaks a long category label into lines (Chart.js draws an array as stacked lines). */
export function labelLines(label: string, maxChars = 18): string | string[] {
  if (label.length <= maxChars) return label;
  const lines: string[] = [];
  for (const word of label.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= maxChars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The value a bar is drawn to: the lower end of a range, since that much is stated. */
export function plotted(point: Point): number {
  return point.figure.value;
}
