/** Shares of a whole as concentric rings, one per figure, with each share printed large beside them. */
import { readable } from "../../brochure/colour.ts";
import type { ChartConfiguration } from "chart.js";
import type { FigureIndex } from "../../data/figures.ts";
import type { Brand, Chart } from "../../data/schema.ts";
import type { Wording } from "../../content/format.ts";
import { backgroundPlugin, notesPlugin, ringsPlugin } from "../plugins/index.ts";
import { commonYear, resolvePoints } from "../points.ts";
import { TYPE } from "../theme.ts";
import { baseOptions, look } from "./common.ts";

/** Width kept free on the right for the key. */
const KEY_WIDTH = 0.54;

export function shareSpec(chart: Chart, figures: FigureIndex, brand: Brand, words: Wording, widthPt = 480): ChartConfiguration<"doughnut"> {
  const t = words.messages.t;
  const points = resolvePoints(chart, figures, words);
  const l = look(brand, words);
  const { p, fonts } = l;
  const base = baseOptions(l);
  const colours = points.map((_, i) => p.series[i % p.series.length]!);
  const year = commonYear(points, words);
  // A thin transparent ring between two shares keeps them apart without a border on every arc.
  const spacer = { data: [100], backgroundColor: ["rgba(0,0,0,0)"], borderWidth: 0, weight: 0.22 };
  return {
    type: "doughnut",
    data: {
      labels: points.map((pt) => pt.label),
      datasets: points.flatMap((pt, i) => {
        const share = Math.min(100, Math.max(0, pt.figure.value));
        const ring = { data: [share, 100 - share], backgroundColor: [colours[i]!, p.surface], borderWidth: 0, weight: 1 };
        return i === 0 ? [ring] : [spacer, ring];
      }),
    },
    options: {
      ...base,
      cutout: "40%",
      layout: { padding: { top: TYPE.note + 8, bottom: 6, left: 24, right: widthPt * KEY_WIDTH } },
      plugins: {
        ...base.plugins,
        cpRings: {
          items: points.map((pt, i) => ({
            qualifier: words.qualifierWord(pt.figure),
            ...(words.qualifierFollows(pt.figure) ? { qualifierAfter: true } : {}),
            number: words.withUnit(pt.figure),
            label: pt.label,
            detail: pt.derived ? t("chart.derivedDetail", { label: pt.figure.label }) : pt.figure.label,
            colour: colours[i]!,
            // Large type: 3:1 reads (WCAG's large-text ratio).
            text: readable(colours[i]!, p.paper, 3, p.ink),
          })),
          ink: p.ink,
          muted: p.muted,
          fonts,
        },
        cpNotes: {
          unit: year ? t("chart.captionWithYear", { caption: t("chart.shareCaption"), year }) : t("chart.shareCaption"),
          derived: "",
          colour: colours[0]!,
          fill: p.surface,
          muted: p.muted,
          fonts,
        },
      },
    },
    plugins: [backgroundPlugin, ringsPlugin, notesPlugin],
  };
}
