/**
 * Plan targets: each figure on its own panel, since a target in people and one in brands share no
 * axis, and each badged as a target so it is never read as a result.
 */
import type { ChartConfiguration } from "chart.js";
import type { FigureIndex } from "../../data/figures.ts";
import type { Brand, Chart, Figure } from "../../data/schema.ts";
import { UNITS } from "../../data/units.ts";
import { formatValue, formatYear, qualifierWord } from "../../content/format.ts";
import { backgroundPlugin, panelsPlugin, type Panel } from "../plugins/index.ts";
import { resolvePoints } from "../points.ts";
import { baseOptions, look } from "./common.ts";

/** The panel text: the figure's own label, since a panel has room for more than an axis. */
export function targetPanel(figure: Figure): Panel {
  const unit = UNITS[figure.unit];
  const badge = figure.qualifier === "target" ? formatYear(figure) : `${figure.year} target`;
  return {
    badge: badge.toUpperCase(),
    qualifier: qualifierWord(figure),
    number: `${"prefix" in unit ? unit.prefix : ""}${formatValue(figure)}`,
    unit: unit.short,
    label: figure.derived ? `${figure.label} (derived, see notes)` : figure.label,
  };
}

export function targetSpec(chart: Chart, figures: FigureIndex, brand: Brand): ChartConfiguration<"bar"> {
  const points = resolvePoints(chart, figures);
  const l = look(brand);
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
          items: points.map((pt) => targetPanel(pt.figure)),
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
