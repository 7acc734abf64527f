/**
 * Alt text from the plotted data: every value the chart shows, with its qualifier and year, and
 * derived values named as such. Units are written out ("million tonnes"), since a screen reader
 * reads "Mt" as letters.
 */
import type { FigureIndex } from "../data/figures.ts";
import type { Chart } from "../data/schema.ts";
import { formatFigure, formatYear, percentChange } from "../content/format.ts";
import { commonYear, resolvePoints, type Point } from "./points.ts";
import { rankPoints } from "./specs/hbar.ts";

const KIND_NAMES: Record<Chart["kind"], string> = {
  bar: "Bar chart",
  hbar: "Horizontal bar chart, largest first",
  share: "Ring chart of shares",
  target: "Target panels",
};

const derivedMark = (pt: Point) => (pt.derived ? " (derived)" : "");
const value = (pt: Point) => `${formatFigure(pt.figure, "long")}${derivedMark(pt)}`;

export function altText(chart: Chart, figures: FigureIndex, cityName: string): string {
  const points = resolvePoints(chart, figures);
  const subject = chart.title.includes(cityName) ? chart.title : `${chart.title} in ${cityName}`;
  const head = `${KIND_NAMES[chart.kind]}: ${subject}`;
  const year = commonYear(points);
  switch (chart.kind) {
    case "bar":
      if (chart.labelBy === "year" && points.length >= 2) return `${head} ${trend(points)}`;
      return `${head}${year ? ` (${year})` : ""}: ${list(points)}.`;
    case "hbar":
      return `${head}${year ? ` (${year})` : ""}: ${list(rankPoints(points))}.`;
    case "share":
      return `${head}${year ? ` (${year})` : ""}: ${list(points)}.`;
    case "target":
      return `${head}. Targets, not results: ${points.map((pt) => `${pt.figure.label}, ${value(pt)} by ${pt.figure.year}`).join("; ")}.`;
  }
}

/** "rose from 145.25 million tonnes in 2006 (derived) to over 165.44 million tonnes in 2007, up 13.9%." */
function trend(points: readonly Point[]): string {
  const first = points[0]!;
  const last = points.at(-1)!;
  const at = (pt: Point) => `${formatFigure(pt.figure, "long")} in ${formatYear(pt.figure)}${derivedMark(pt)}`;
  const middle = points.slice(1, -1).map(at);
  const via = middle.length > 0 ? `, through ${middle.join(", ")},` : "";
  const a = first.figure.value;
  const b = last.figure.value;
  if (a === b) return `held at ${at(first)}${via} and ${at(last)}.`;
  const verb = b > a ? "rose" : "fell";
  const change = a === 0 ? "" : `, ${b > a ? "up" : "down"} ${percentChange(a, b).replace("-", "")}`;
  return `${verb} from ${at(first)}${via} to ${at(last)}${change}.`;
}

function list(points: readonly Point[]): string {
  return points.map((pt) => `${pt.label}, ${value(pt)}`).join("; ");
}
