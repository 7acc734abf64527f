/**
 * Native, editable charts from the same points the chart images plot (resolvePoints): bars with
 * their value texts and qualifiers as labels, ranked horizontal bars, one doughnut per share, and
 * target panels as a native table (targets in people and in brands share no axis). Derived values
 * are hatched in a lighter fill and labelled "derived"; every chart carries the image's alt text.
 */
import type { IChartOpts, Slide } from "./pptxgen.ts";
import type { ChartArtifact } from "../context.ts";
import type { DeckChart } from "../deck/model.ts";
import { plotted, resolvePoints, type Point } from "../charts/points.ts";
import { commonYear } from "../charts/points.ts";
import { crowdedColumns, growthSteps } from "../charts/specs/bar.ts";
import { rankPoints } from "../charts/specs/hbar.ts";
import { targetPanel } from "../charts/specs/target.ts";
import { addParas, fitScale, WIDTH_SAFETY, type Box, type Para } from "./layout.ts";
import type { PptxDeck } from "./deck.ts";
import { addTable, type TableSpec } from "./tables.ts";
import { panelColumns } from "../charts/plugins/panels.ts";
import { clean, oneLine } from "./text.ts";

const NOTE_H = 0.32;
/** Past this many bars the image shows no growth pills; the PPTX follows it. */
const MAX_GROWTH_BARS = 4;
const LABEL_SIZE = 12;

/** The words above a chart: its unit (and the year every point shares, for ranked bars). */
function unitLine(deck: PptxDeck, artifact: ChartArtifact, points: readonly Point[]): string {
  const t = deck.t;
  const words = deck.ctx.words;
  if (artifact.kind === "share") {
    const year = commonYear(points, words);
    return year ? t("chart.captionWithYear", { caption: t("chart.shareCaption"), year }) : t("chart.shareCaption");
  }
  if (artifact.kind === "target") return "";
  const caption = words.unitCaption(points[0]!.figure.unit);
  if (artifact.kind === "hbar") {
    const year = commonYear(points, words);
    return year && caption ? t("chart.captionWithYear", { caption, year }) : caption || year || "";
  }
  return caption;
}

/** Draws one chart with its unit line above and its derived note below, inside `box`. */
export function addChart(deck: PptxDeck, slide: Slide, chart: DeckChart, box: Box): void {
  const artifact = deck.artifacts.get(chart.id)!;
  const spec = deck.ctx.city.charts.find((c) => c.id === chart.id)!;
  const points = resolvePoints(spec, deck.ctx.figures, deck.ctx.words);
  const unit = unitLine(deck, artifact, points);
  const anyDerived = points.some((p) => p.derived) && (artifact.kind === "bar" || artifact.kind === "hbar");
  let area = { ...box };
  const growth = artifact.kind === "bar" && spec.labelBy === "year" && points.length <= MAX_GROWTH_BARS ? growthSteps(points, deck.ctx.words) : [];
  const growthText = growth.map((g) => deck.t("pptx.chart.growth", { change: g.text, from: points[g.from]!.label, to: points[g.to]!.label })).join("   ");
  if (unit || growthText) {
    const line: Para = {
      runs: [{ text: unit }, ...(growthText ? [{ text: `${unit ? "   " : ""}${growthText}`, role: "bold" as const, colour: deck.col.accentText }] : [])],
      size: 11,
      colour: deck.col.muted,
    };
    const scale = fitScale(deck.m, [line], { ...box, h: NOTE_H }, [1, 0.9, 0.8, 0.7]) ?? 0.7;
    addParas(slide, [line], { ...box, h: NOTE_H }, scale, deck.faces, deck.col.ink);
    area = { ...area, y: area.y + NOTE_H, h: area.h - NOTE_H };
  }
  if (anyDerived) {
    area = { ...area, h: area.h - NOTE_H };
    addDerivedNote(deck, slide, { x: area.x, y: area.y + area.h + 0.04, w: area.w, h: NOTE_H - 0.04 });
  }
  switch (artifact.kind) {
    case "bar":
    case "hbar":
      addBars(deck, slide, artifact, artifact.kind === "hbar" ? rankPoints(points) : points, area, unit);
      return;
    case "share":
      addRings(deck, slide, artifact, points, area);
      return;
    case "target":
      addPanels(deck, slide, artifact, points, area);
      return;
  }
}

function addDerivedNote(deck: PptxDeck, slide: Slide, box: Box): void {
  const c = deck.col;
  const swatch = 0.16;
  // Hatched like the derived bars (package.ts turns the fill into the pattern; pptxgenjs has none).
  slide.addShape("rect", {
    x: box.x,
    y: box.y + 0.06,
    w: swatch,
    h: swatch,
    fill: { color: c.derived(c.series[0]!) },
    line: { color: c.series[0]!, width: 1 },
    objectName: `cp-hatch-${c.series[0]!}`,
  });
  addParas(
    slide,
    [{ runs: [{ text: deck.t("chart.derivedNote") }], size: 10, colour: c.muted }],
    { ...box, x: box.x + swatch + 0.1, w: box.w - swatch - 0.1 },
    1,
    deck.faces,
    c.ink,
  );
}

function addBars(deck: PptxDeck, slide: Slide, artifact: ChartArtifact, points: readonly Point[], box: Box, unit: string): void {
  const { col, faces, t, pptx } = deck;
  const colour = col.series[0]!;
  // Columns too narrow for their labels go across, as the chart pictures do (charts/specs/bar.ts).
  const horizontal =
    artifact.kind === "hbar" ||
    crowdedColumns(
      points.map((p) => p.valueText),
      box.w * 72,
      LABEL_SIZE,
    );
  const max = Math.max(0, ...points.map(plotted));
  const min = Math.min(0, ...points.map(plotted));
  const fills = points.map((p) => (p.derived ? col.derived(colour) : colour));
  const options: IChartOpts = {
    ...box,
    altText: clean(artifact.alt),
    barDir: horizontal ? "bar" : "col",
    barGapWidthPct: horizontal ? 45 : 80,
    // pptxgenjs colours points one by one only when it is given more than one colour.
    chartColors: [...fills, col.paper],
    showLegend: false,
    showValue: true,
    dataLabelPosition: "outEnd",
    dataLabelFontFace: faces.body,
    dataLabelFontSize: LABEL_SIZE,
    dataLabelColor: col.ink,
    dataLabelFormatCode: "#,##0.##",
    catAxisLabelFontFace: faces.body,
    catAxisLabelFontSize: 12,
    catAxisLabelColor: col.ink,
    catAxisLineShow: true,
    catAxisLineColor: col.muted,
    catAxisOrientation: (horizontal ? "maxMin" : "minMax") as "minMax",
    catGridLine: { style: "none" },
    valAxisHidden: true,
    // Room beyond the longest bar (either way from zero) for its label.
    valAxisMinVal: min < 0 ? -niceMax(-min * (horizontal ? 1.45 : 1.3)) : 0,
    valAxisMaxVal: max > 0 ? niceMax(max * (horizontal ? 1.45 : 1.3)) : min < 0 ? 0 : 1,
    valGridLine: { style: "none" },
    valAxisLineShow: false,
    plotArea: { fill: { color: col.paper } },
    lang: deck.faces.lang ?? deck.ctx.words.messages.locale,
  };
  slide.addChart(pptx.ChartType.bar, [{ name: oneLine(unit || artifact.title), labels: points.map((p) => oneLine(p.label)), values: points.map(plotted) }], options);
  deck.patches.charts.push({
    labels: points.map((p) => (p.derived ? [p.valueText, t("chart.derivedMarker")] : [p.valueText])),
    derived: points.flatMap((p, i) => (p.derived ? [i] : [])),
    colour,
    derivedFill: col.derived(colour),
    font: faces.body,
    size: LABEL_SIZE,
    ink: col.ink,
    muted: col.muted,
    lang: deck.faces.lang ?? deck.ctx.words.messages.locale,
  });
}

/** A round axis end a little above the value, so the label has room and the axis stays tidy. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value)) / 4;
  return Math.ceil(value / step) * step;
}

/** One doughnut per share: the share in its series colour, the rest of the whole in the surface colour. */
function addRings(deck: PptxDeck, slide: Slide, artifact: ChartArtifact, points: readonly Point[], box: Box): void {
  const { col, faces, t, pptx, m } = deck;
  const words = deck.ctx.words;
  const n = points.length;
  const cellW = box.w / n;
  const textH = 1.15;
  const ring = Math.min(cellW - 0.3, box.h - textH, 3.2);
  points.forEach((p, i) => {
    const colour = col.series[i % col.series.length]!;
    const share = Math.min(100, Math.max(0, p.figure.value));
    const x = box.x + i * cellW + (cellW - ring) / 2;
    const y = box.y;
    // The first ring says the whole chart; the others say their own share.
    const alt = i === 0 ? artifact.alt : t("alt.item", { label: p.label, value: words.figure(p.figure, "long") });
    slide.addChart(pptx.ChartType.doughnut, [{ name: oneLine(p.label), labels: [oneLine(p.label), t("pptx.chart.rest")], values: [share, 100 - share] }], {
      x,
      y,
      w: ring,
      h: ring,
      altText: clean(alt),
      holeSize: 62,
      chartColors: [p.derived ? col.derived(colour) : colour, col.surface],
      dataBorder: { pt: 0.5, color: col.paper },
      showLegend: false,
      showValue: false,
      showPercent: false,
      showLabel: false,
      firstSliceAng: 0,
      lang: deck.faces.lang ?? words.messages.locale,
    });
    deck.patches.charts.push(undefined);
    const number = words.withUnit(p.figure);
    const qualifier = words.qualifierWord(p.figure);
    const inner = ring * 0.62 * 0.7;
    const numberSize = fitSize(deck, number, "headingBold", inner, [24, 20, 16, 13]);
    const hole: Para[] = [
      ...(qualifier ? [{ runs: [{ text: qualifier }], size: 12, colour: col.muted, align: "center" as const }] : []),
      { runs: [{ text: number, role: "headingBold" as const }], size: numberSize, colour: col.seriesText[i % col.seriesText.length]!, align: "center" as const },
    ];
    addParas(slide, hole, { x: x + ring * 0.15, y: y + ring * 0.3, w: ring * 0.7, h: ring * 0.4 }, 1, faces, col.ink, { valign: "middle" });
    const detail = p.derived ? t("chart.derivedDetail", { label: p.figure.label }) : p.figure.label;
    const under: Para[] = [
      { runs: [{ text: p.label, role: "bold" }], size: 14, colour: col.ink, align: "center", after: 2 },
      ...(oneLine(detail) !== oneLine(p.label) ? [{ runs: [{ text: detail }], size: 11, colour: col.muted, align: "center" as const }] : []),
    ];
    const underBox = { x: box.x + i * cellW + 0.1, y: y + ring + 0.08, w: cellW - 0.2, h: textH - 0.08 };
    const scale = fitScale(m, under, underBox) ?? 0.8;
    addParas(slide, under, underBox, scale, faces, col.ink);
  });
}

/**
 * Targets as panels: a native table, one column per target, badged as a target; more than five
 * go on further rows of the table, as the chart picture sets them (panels.ts panelColumns).
 */
function addPanels(deck: PptxDeck, slide: Slide, artifact: ChartArtifact, points: readonly Point[], box: Box): void {
  const { col, faces, m } = deck;
  const words = deck.ctx.words;
  const panels = points.map((p) => targetPanel(p.figure, words));
  const cols = panelColumns(panels.length);
  const colW = Array.from({ length: cols }, () => box.w / cols);
  const cell = (text: string, role: "body" | "bold" | "headingBold", colour: string) => ({ runs: [{ text, role }], colour, fill: col.surface });
  const big = panels.map((p) => (p.unit ? `${p.number} ${p.unit}` : p.number));
  const numberSize = Math.min(...big.map((b) => fitSize(deck, b, "headingBold", colW[0]! - 0.25, [30, 26, 22, 18, 15])));
  const base: Omit<TableSpec, "rows" | "size"> = { colW, headerFill: col.primary, headerColour: col.onPrimary, rule: col.surface, paper: col.paper };
  const groups = Array.from({ length: Math.ceil(panels.length / cols) }, (_, g) => panels.slice(g * cols, (g + 1) * cols).map((p, k) => ({ p, i: g * cols + k })));
  // A short last row is filled out with empty panels, so every row has its columns.
  const padded = <T>(cells: T[], empty: T) => [...cells, ...Array.from({ length: cols - cells.length }, () => empty)];
  const rows = groups.flatMap((group) => [
    {
      cells: padded(
        group.map(({ p }) => cell(p.badge, "bold", col.accentText)),
        cell(" ", "body", col.ink),
      ),
      size: 12,
    },
    {
      cells: padded(
        group.map(({ p }) => cell(p.qualifier || " ", "body", col.muted)),
        cell(" ", "body", col.ink),
      ),
      size: 11,
    },
    {
      cells: padded(
        group.map(({ i }) => cell(big[i]!, "headingBold", col.primary)),
        cell(" ", "body", col.ink),
      ),
      size: numberSize,
    },
    {
      cells: padded(
        group.map(({ p }) => cell(p.label, "body", col.ink)),
        cell(" ", "body", col.ink),
      ),
      size: 13,
    },
  ]);
  const name = `cp-alt-${deck.patches.alts.size + 1}`;
  deck.patches.alts.set(name, clean(artifact.alt));
  addTable(slide, { ...base, rows, size: 13 }, rows, box, 1, faces, col.ink, m, name);
}

/** The largest of `sizes` at which one line of `text` fits `widthIn`. */
function fitSize(deck: PptxDeck, text: string, role: "headingBold" | "bold" | "body", widthIn: number, sizes: readonly number[]): number {
  return sizes.find((s) => deck.m.width(text, role, s) <= widthIn * 72 * WIDTH_SAFETY) ?? sizes.at(-1)!;
}
