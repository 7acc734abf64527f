/**
 * Alt text from the plotted data: every value the chart shows, with its qualifier and year, and
 * derived values named as such. Units are written out ("million tonnes"), since a screen reader
 * reads "Mt" as letters. The sentences are messages (alt.* in templates/messages/<lang>.yaml).
 */
import type { FigureIndex } from "../data/figures.ts";
import type { Chart } from "../data/schema.ts";
import type { Wording } from "../content/format.ts";
import { commonYear, resolvePoints, type Point } from "./points.ts";
import { rankPoints } from "./specs/hbar.ts";

export function altText(chart: Chart, figures: FigureIndex, cityName: string, words: Wording): string {
  const t = words.messages.t;
  const points = resolvePoints(chart, figures, words);
  const value = (pt: Point) => {
    const text = words.figure(pt.figure, "long");
    return pt.derived ? t("alt.derived", { value: text }) : text;
  };
  const items = (list: readonly Point[]) => list.map((pt) => t("alt.item", { label: pt.label, value: value(pt) })).join("; ");
  const subject = chart.title.includes(cityName) ? chart.title : t("alt.subject", { title: chart.title, city: cityName });
  const kindHead = t("alt.head", { kind: t(`alt.kind.${chart.kind}`), subject });
  const year = commonYear(points, words);
  const head = year ? t("alt.year", { head: kindHead, year }) : kindHead;
  switch (chart.kind) {
    case "bar":
      if (chart.labelBy === "year" && points.length >= 2) return trend(points, kindHead, words);
      return t("alt.list", { head, items: items(points) });
    case "hbar":
      return t("alt.list", { head, items: items(rankPoints(points)) });
    case "share":
      return t("alt.list", { head, items: items(points) });
    case "target":
      return t("alt.targets", {
        head: kindHead,
        items: points.map((pt) => t("alt.target", { label: pt.figure.label, value: value(pt), year: String(pt.figure.year) })).join("; "),
      });
  }
}

/** "… rose from 145.25 million tonnes in 2006 (derived) to over 165.44 million tonnes in 2007, up 13.9%." */
function trend(points: readonly Point[], head: string, words: Wording): string {
  const t = words.messages.t;
  const at = (pt: Point) => {
    const text = t("alt.at", { figure: words.figure(pt.figure, "long"), year: words.year(pt.figure) });
    return pt.derived ? t("alt.derived", { value: text }) : text;
  };
  const first = points[0]!;
  const last = points.at(-1)!;
  const middle = points.slice(1, -1).map(at);
  const via = middle.length > 0 ? t("alt.via", { points: middle.join(", ") }) : "";
  const a = first.figure.value;
  const b = last.figure.value;
  const values = { head, from: at(first), to: at(last), via };
  if (a === b) return t("alt.held", values);
  // Growth from zero has no percentage.
  if (a === 0) return t(b > a ? "alt.roseFromZero" : "alt.fellFromZero", values);
  return t(b > a ? "alt.rose" : "alt.fell", { ...values, change: words.percentChange(a, b) });
}
