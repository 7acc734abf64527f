/**
 * Plan targets: each figure on its own panel, since a target in people and one in brands share no
 * axis, and each badged as a target so it is never read as a result.
 */
import type { ChartConfiguration } from "chart.js";
import type { FigureIndex } from "../../data/figures.ts";
import type { Brand, Chart, Figure } from "../../data/schema.ts";
import type { Wording } from "../../content/format.ts";
import { backgroundPlugin, panelsPlugin, type Panel } from "../plugins/index.ts";
import { resolvePoints } from "../points.ts";
import { baseOptions, look } from "./common.ts";

/** The panel text: the figure's own label, since a panel has room for more than an axis. */
export function targetPanel(figure: Figure, words: Wording): Panel {
  const t = words.messages.t;
  const badge = figure.qualifier === "target" ? words.year(figure) : t("chart.targetBadge", { year: String(figure.year) });
  return {
    badge: badge.toLocaleUpperCase(words.messages.locale),
    qualifier: words.qualifierWord(figure),
    ...(words.qualifierFollows(figure) ? { qualifierAfter: true } : {}),
    number: words.numberPart(figure),
    unit: words.unitSymbol(figure.unit),
    label: figure.derived ? t("chart.derivedDetail", { label: figure.label }) : figure.label,
  };
}

export function targetSpec(chart: Chart, figures: FigureIndex, brand: Brand, words: Wording): ChartConfiguration<"bar"> {
  const points = resolvePoints(chart, figures, words);
  const l = look(brand, words);
  const { p, fonts } = l;
  const base = baseOptions(l);
  return {
    type: "bar",
    data: { labels: [], datasets: [] },
    options: {
      ...base,
      layout: { padding: 1 },
      scales: { x: { display: false }, y: { display: false } },
      plugins: {
        ...base.plugins,
        cpPanels: {
          items: points.map((pt) => targetPanel(pt.figure, words)),
          accent: p.accent,
          primary: p.primary,
          ink: p.ink,
          muted: p.muted,
          surface: p.surface,
          fonts,
        },
      },
    },
    plugins: [backgroundPlugin, panelsPlugin],
  };
}
