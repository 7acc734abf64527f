/**
 * Target panels: one per figure, because targets in different units share no axis. Each carries
 * a "target" badge so a plan can never be read as a result.
 */
import type { ChartType, Plugin } from "chart.js";
import { TYPE, type ChartFonts } from "../theme.ts";
import { font, roundedRect, wrap } from "./draw.ts";
import { reportOverflow } from "./fit.ts";

export interface Panel {
  badge: string;
  qualifier: string;
  /** The language writes it after the number and unit ("1억 명 이상"). */
  qualifierAfter?: boolean;
  number: string;
  unit: string;
  label: string;
}

export interface PanelsOptions {
  items: Panel[];
  accent: string;
  primary: string;
  ink: string;
  muted: string;
  surface: string;
  fonts: ChartFonts;
}

const GAP = 10;
const PAD = 12;
const ACCENT = 3;
const BADGE = 10;

/**
 * Panels a row: five at most side by side (a sixth left each too narrow for its badge and label);
 * more go on rows of three or four, as even as they come (six 3+3, seven 4+3, nine 3+3+3).
 */
export function panelColumns(n: number): number {
  return n <= 5 ? Math.max(1, n) : Math.ceil(n / Math.ceil(n / 4));
}

export function panelRows(n: number): number {
  return Math.ceil(Math.max(1, n) / panelColumns(n));
}

export const panelsPlugin: Plugin<ChartType, PanelsOptions> = {
  id: "cpPanels",
  afterDraw(chart, _args, options) {
    const { ctx, chartArea } = chart;
    const n = options.items.length;
    const cols = panelColumns(n);
    const rows = panelRows(n);
    const width = (chartArea.right - chartArea.left - GAP * (cols - 1)) / cols;
    const height = (chartArea.bottom - chartArea.top - GAP * (rows - 1)) / rows;
    const inner = width - PAD * 2;
    ctx.save();
    // One number size for every panel, so the largest target does not look like the most important.
    let size = TYPE.big + 4;
    ctx.font = font(size, options.fonts.heading);
    while (size > 10 && options.items.some((item) => numberWidth(ctx, item, size, options) > inner)) size -= 1;
    // Still too wide at the smallest size (a target of many digits, a wide range): its unit goes
    // on a line of its own under the number, and a number wider than the panel alone wraps, after
    // a group separator or the range's dash by preference.
    const unitBelow = options.items.map((item) => numberWidth(ctx, item, size, options) > inner + 0.5);
    const numberLines = options.items.map((item, i) => (unitBelow[i] ? wrapNumber(ctx, item, size, inner, options) : [item.number]));
    const numberStep = size * 1.1;
    const unitLine = TYPE.category + 6;
    const numberExtra = numberLines.map((lines, i) => (lines.length - 1) * numberStep + (unitBelow[i] ? unitLine : 0));
    ctx.font = font(TYPE.note + 1, options.fonts.body);
    const labels = options.items.map((item) => wrap(ctx, item.label, inner));
    const lineHeight = TYPE.note + 4.5;
    const content = BADGE + 10 + size + 8 + Math.max(...labels.map((l, i) => l.length * lineHeight + numberExtra[i]!));
    if (content > height - ACCENT) reportOverflow(chart, "a target and its label, taller than its panel");
    options.items.forEach((item, i) => {
      const x = chartArea.left + (i % cols) * (width + GAP);
      const panelTop = chartArea.top + Math.floor(i / cols) * (height + GAP);
      const top = panelTop + Math.max(PAD + ACCENT, (height - content) / 2 + ACCENT / 2);
      ctx.save();
      roundedRect(ctx, x, panelTop, width, height, 5);
      ctx.fillStyle = options.surface;
      ctx.fill();
      ctx.clip();
      ctx.fillStyle = options.accent;
      ctx.fillRect(x, panelTop, width, ACCENT);
      ctx.restore();

      drawTargetIcon(ctx, x + PAD + 5, top + BADGE / 2, options.accent);
      ctx.font = font(TYPE.marker + 0.5, options.fonts.bold);
      ctx.fillStyle = options.muted;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillText(item.badge, x + PAD + 15, top + BADGE / 2 + 0.5);

      const baseline = top + BADGE + 10 + size * 0.8;
      ctx.textBaseline = "alphabetic";
      let cursor = x + PAD;
      const qualifier = () => {
        ctx.font = font(TYPE.category, options.fonts.bold);
        ctx.fillStyle = options.ink;
        ctx.fillText(item.qualifier, cursor, baseline);
        cursor += ctx.measureText(item.qualifier).width + 4;
      };
      if (item.qualifier && !item.qualifierAfter) qualifier();
      ctx.font = font(size, options.fonts.heading);
      ctx.fillStyle = options.primary;
      const lines = numberLines[i]!;
      lines.forEach((line, k) => ctx.fillText(line, k === 0 ? cursor : x + PAD, baseline + k * numberStep));
      cursor += ctx.measureText(item.number).width + 4;
      const below = numberExtra[i]!;
      if (below) cursor = x + PAD;
      ctx.font = font(TYPE.category + 0.5, options.fonts.bold);
      ctx.fillStyle = options.ink;
      ctx.fillText(item.unit, cursor, baseline + below);
      if (item.qualifier && item.qualifierAfter) {
        cursor += ctx.measureText(item.unit).width + 4;
        ctx.save();
        ctx.translate(0, below);
        qualifier();
        ctx.restore();
      }

      ctx.font = font(TYPE.note + 1, options.fonts.body);
      ctx.fillStyle = options.ink;
      labels[i]!.forEach((line, j) => ctx.fillText(line, x + PAD, baseline + below + size * 0.2 + 8 + (j + 0.8) * lineHeight));
    });
    ctx.restore();
  },
};

/**
 * A number too wide for its panel on one line, in lines that fit: broken after a group separator
 * or a range's dash where it can, between digits where it must. The first line leaves room for a
 * qualifier written before the number.
 */
function wrapNumber(ctx: CanvasRenderingContext2D, item: Panel, size: number, inner: number, options: PanelsOptions): string[] {
  ctx.font = font(TYPE.category, options.fonts.bold);
  const first = item.qualifier && !item.qualifierAfter ? inner - ctx.measureText(item.qualifier).width - 4 : inner;
  ctx.font = font(size, options.fonts.heading);
  const room = (lines: readonly string[]) => (lines.length === 0 ? first : inner);
  const fits = (text: string, lines: readonly string[]) => ctx.measureText(text).width <= room(lines) + 0.5;
  const lines: string[] = [];
  let line = "";
  for (let piece of item.number.split(/(?<=[,–])/)) {
    if (line && !fits(line + piece, lines)) {
      lines.push(line);
      line = "";
    }
    while (!line && !fits(piece, lines)) {
      const chars = Array.from(piece);
      let n = chars.length - 1;
      while (n > 1 && !fits(chars.slice(0, n).join(""), lines)) n--;
      lines.push(chars.slice(0, n).join(""));
      piece = chars.slice(n).join("");
    }
    line += piece;
  }
  if (line) lines.push(line);
  return lines;
}

/** Qualifier, number and unit on one line, as drawn. */
function numberWidth(ctx: CanvasRenderingContext2D, item: Panel, size: number, options: PanelsOptions): number {
  ctx.font = font(size, options.fonts.heading);
  let width = ctx.measureText(item.number).width;
  ctx.font = font(TYPE.category + 0.5, options.fonts.bold);
  width += 4 + ctx.measureText(item.unit).width;
  if (item.qualifier) width += 4 + ctx.measureText(item.qualifier).width;
  return width;
}

/** A small bullseye: the conventional sign for a goal. */
function drawTargetIcon(ctx: CanvasRenderingContext2D, cx: number, cy: number, colour: string): void {
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1.2;
  for (const r of [5, 2.8]) {
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.stroke();
  }
  ctx.beginPath();
  ctx.arc(cx, cy, 1, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
}
