/**
 * Ranking charts: one horizontal bar chart per ranked indicator, drawn by the same spec as a city's
 * ranked bars (charts/specs/hbar.ts) over the comparable results alone, in the indicator's unit.
 * Targets, values too old to compare and cities that publish nothing are left off the bars and named
 * in the caption, so a reader knows who is missing and why.
 */
import type { ChartArtifact } from "../context.ts";
import { altText } from "../charts/alt.ts";
import { registerBrandFonts, renderPng } from "../charts/render.ts";
import { chartSize, rankedSpec } from "../charts/spec.ts";
import type { LaneChart } from "../charts/onLane.ts";
import { theLane } from "../lanes/lane.ts";
import { describeSource, sourceIdsOf } from "../content/references.ts";
import type { Chart, Figure } from "../data/schema.ts";
import { turn } from "./turn.ts";
import { compendiumRankings, shownFigure, type PortfolioBuild, type Ranking } from "./model.ts";

/**
 * The ranking charts as the compendium places them, without their pictures yet: `paint` puts the
 * PNGs into them. They are drawn on the second lane, which lays out the compendium that places
 * them, starting at once; the main thread keeps to the browser and the PowerPoint (0.15 s of its
 * CPU for a 15-city portfolio, compiled: six tall charts, the first ones loading the faces).
 * Without a worker, `paint` draws them here, a chart per turn of the event loop.
 */
export function rankingCharts(build: PortfolioBuild): { charts: ChartArtifact[]; paint: () => Promise<void> } {
  const made = compendiumRankings(build).map((ranking) => rankingChart(build, ranking));
  // node-canvas is loaded on this thread (render.ts) and the faces registered before the lane draws.
  registerBrandFonts(build.brand, build.options.root);
  const lane = theLane();
  const onLane = lane.onWorker
    ? lane.run(
        "drawCharts",
        made.map((m) => m.job),
        build.brand,
        build.options.root,
        build.language,
      )
    : undefined;
  // Awaited by paint; a compendium whose layout failed never paints, and nobody waits.
  onLane?.catch(() => undefined);
  return {
    charts: made.map((m) => m.artifact),
    async paint() {
      const pictures = await onLane?.catch(() => undefined);
      for (const [i, m] of made.entries()) {
        const png = pictures?.[i];
        if (png) {
          m.artifact.png = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
          continue;
        }
        // No worker, or it failed: drawn here, so a chart that cannot be drawn fails as it does here.
        await turn();
        m.artifact.png = await m.draw();
      }
    },
  };
}

/** What a ranking chart says, whatever draws it (the compendium's PNG, the comparison PPTX's native chart). */
export interface RankingView {
  chart: Chart;
  /** The ranked figures by city slug, each labelled with its city's name and shown in the indicator's unit. */
  index: Map<string, Figure>;
  alt: string;
  sourceLine: string;
  refs: number[];
}

export function rankingView(build: PortfolioBuild, ranking: Ranking): RankingView {
  const { words } = build;
  const t = words.messages.t;
  const index = new Map<string, Figure>();
  for (const { slug, name, cell } of ranking.ranked) {
    const figure = shownFigure(cell, ranking.row);
    // The bar's label is the city; the figure keeps its year, qualifier and derived mark.
    index.set(slug, { ...figure, label: name });
  }
  const chart: Chart = {
    id: ranking.chartId,
    kind: "hbar",
    title: ranking.label,
    // A part of a ranking but the last says how many are left out; the last one names them.
    caption: rankingCaption(build, ranking, ranking.part && ranking.part.n < ranking.part.of ? "later" : "named"),
    figures: ranking.ranked.map((r) => r.slug),
    labelBy: "label",
    section: "geography",
  };
  const ids = new Set<string>();
  const refs = new Set<number>();
  for (const { slug, cell } of ranking.ranked) {
    const ctx = build.cities.find((c) => c.city.slug === slug)!;
    for (const id of sourceIdsOf(cell.path, ctx.figures)) ids.add(id);
    for (const n of ctx.references.forFigure(cell.path)) refs.add(n);
  }
  const sources = [...ids].map((id) => describeSource(id, build.sources, words));
  return {
    chart,
    index,
    alt: altText(chart, index, build.loaded.portfolio.title, words),
    sourceLine: t("source.line", { count: sources.length, sources: sources.join("; ") }),
    refs: [...refs].sort((a, b) => a - b),
  };
}

/** Cities left out of a ranking that a slide names beside it; more are counted there and named in the notes. */
export const LEFT_OUT_NAMED = 8;

/**
 * What a ranking's caption says of the cities left out: their names and why ("named"), how many
 * and that a later part names them ("later"), or how many for each reason, with the speaker notes
 * naming them ("counted": for a slide, where a long list would shrink past reading).
 */
export function rankingCaption(build: PortfolioBuild, ranking: Ranking, leftOutAs: "named" | "later" | "counted"): string {
  const { words } = build;
  const t = words.messages.t;
  const { leftOut } = ranking;
  const ranked = t("portfolio.chart.ranked", { count: ranking.whole?.count ?? ranking.ranked.length, direction: ranking.row.rank });
  if (leftOut.length === 0) return `${ranked} ${t("portfolio.chart.leftOut.none")}`;
  if (leftOutAs === "later") return `${ranked} ${t("portfolio.chart.leftOut.later", { count: leftOut.length })}`;
  if (leftOutAs === "counted") {
    const reasons = (["not-published", "not-comparable", "target"] as const).flatMap((why) => {
      const count = leftOut.filter((l) => l.why === why).length;
      return count > 0 ? [t(`portfolio.chart.leftOut.reason.${why}`, { count })] : [];
    });
    return `${ranked} ${t("portfolio.chart.leftOut.summary", { count: leftOut.length, reasons: words.list(reasons) })}`;
  }
  const named = leftOut.map((l) => t(`portfolio.chart.leftOut.${l.why}`, { city: l.name, year: l.year ?? "" }));
  return `${ranked} ${t("portfolio.chart.leftOut.list", { items: words.list(named) })}`;
}

function rankingChart(build: PortfolioBuild, ranking: Ranking): { artifact: ChartArtifact; job: LaneChart; draw: () => Promise<Buffer> } {
  const { words } = build;
  const { chart, index, alt, sourceLine, refs } = rankingView(build, ranking);
  const size = chartSize(chart);
  // The bars run largest first; where lower is better, the axis turns so the best is still on top.
  const job: LaneChart = { chart, figures: index, reversed: ranking.row.rank === "lower", axisMax: ranking.whole?.axisMax };
  const build1 = () => rankedSpec(chart, index, build.brand, words, job);
  const artifact: ChartArtifact = {
    id: chart.id,
    kind: chart.kind,
    section: chart.section,
    title: chart.title,
    caption: chart.caption,
    alt,
    sourceLine,
    refs,
    png: Buffer.alloc(0),
    // The compendium places the PNG; a portfolio writes no chart files, so no SVG is drawn.
    svg: "",
    widthPt: size.widthPt,
    heightPt: size.heightPt,
  };
  return { artifact, job, draw: () => renderPng(build1, size) };
}
