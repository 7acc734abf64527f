/** Value labels, derived-value hatching and growth steps for bar and horizontal bar charts. */
import type { BarElement, Chart, ChartType, Plugin } from "chart.js";
import { TYPE, type ChartFonts } from "../theme.ts";
import { font, hatch, roundedRect } from "./draw.ts";
import { quoted, reportOverflow } from "./fit.ts";

export interface BarMark {
  /** Printed at the end of the bar: "over 165.44 Mt". */
  text: string;
  derived: boolean;
  /** Bar colour; hatching for derived bars is drawn in it. */
  colour: string;
}

export interface BarLabelOptions {
  marks: BarMark[];
  ink: string;
  muted: string;
  /** Page colour, drawn round the labels so a gridline never runs through them. */
  halo: string;
  /** Word printed beside a derived value. */
  marker: string;
  fonts: ChartFonts;
}

export interface GrowthStep {
  from: number;
  to: number;
  text: string;
}

export interface GrowthOptions {
  steps: GrowthStep[];
  colour: string;
  textColour: string;
  fonts: ChartFonts;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const GAP = 4;

function boxes(chart: Chart): Box[] {
  return chart.getDatasetMeta(0).data.map((element) => {
    const p = (element as BarElement).getProps(["x", "y", "base", "width", "height", "horizontal"], true) as {
      x: number;
      y: number;
      base: number;
      width: number;
      height: number;
      horizontal: boolean;
    };
    return p.horizontal
      ? { left: Math.min(p.base, p.x), right: Math.max(p.base, p.x), top: p.y - p.height / 2, bottom: p.y + p.height / 2 }
      : { left: p.x - p.width / 2, right: p.x + p.width / 2, top: Math.min(p.y, p.base), bottom: Math.max(p.y, p.base) };
  });
}

/**
 * The category names of horizontal bars, set right-aligned against the axis: Chart.js gives the
 * axis at most part of the picture's width, and a name wider than the room left of the axis (a
 * long word it cannot break) runs off the picture's left edge.
 */
function categoriesFit(chart: Chart): void {
  const scale = chart.scales?.y;
  if (!scale) return;
  const ticks = (scale.options as unknown as { ticks: unknown }).ticks as { font?: { style?: string; weight?: string | number; size?: number; family?: string }; padding?: number };
  const f = ticks.font ?? {};
  const { ctx } = chart;
  ctx.save();
  ctx.font = `${f.style ?? "normal"} ${f.weight ?? "normal"} ${f.size ?? 12}px ${f.family ?? "sans-serif"}`;
  const room = scale.right - (ticks.padding ?? 0);
  for (const label of chart.data.labels ?? []) {
    const lines = Array.isArray(label) ? label.map(String) : [String(label)];
    if (lines.some((line) => ctx.measureText(line).width > room + 0.5)) reportOverflow(chart, `the bar's name ${quoted(lines.join(" "))}`);
  }
  ctx.restore();
}

export const barLabelsPlugin: Plugin<ChartType, BarLabelOptions> = {
  id: "cpBars",
  afterDatasetsDraw(chart, _args, options) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === "y";
    if (horizontal) categoriesFit(chart);
    boxes(chart).forEach((box, i) => {
      const mark = options.marks[i];
      if (!mark) return;
      if (mark.derived) hatch(ctx, box.left, box.top, box.right - box.left, box.bottom - box.top, mark.colour);
      ctx.save();
      ctx.fillStyle = options.ink;
      ctx.font = font(TYPE.value, options.fonts.heading);
      if (horizontal) {
        const y = (box.top + box.bottom) / 2;
        ctx.textBaseline = "middle";
        const valueWidth = ctx.measureText(mark.text).width;
        ctx.font = font(TYPE.marker, options.fonts.italic);
        const markerWidth = mark.derived ? GAP + 1 + ctx.measureText(options.marker).width : 0;
        ctx.font = font(TYPE.value, options.fonts.heading);
        const room = chart.width - 2 - (box.right + GAP + 1);
        const inside = box.right - box.left - 2 * GAP;
        if (valueWidth + markerWidth > room && valueWidth <= inside) {
          // A label longer than the room beyond its bar (a value of many digits) goes inside the
          // bar's end, in the page's colour, rather than run off the picture.
          ctx.textAlign = "right";
          ctx.fillStyle = options.halo;
          ctx.fillText(mark.text, box.right - GAP, y);
        } else {
          // Past both, it is set smaller to fit beyond the bar (never under half its size).
          const scale = Math.max(0.5, Math.min(1, room / (valueWidth + markerWidth)));
          if (scale < 1) ctx.font = font(TYPE.value * scale, options.fonts.heading);
          ctx.textAlign = "left";
          haloText(ctx, mark.text, box.right + GAP + 1, y, options.halo);
          if (mark.derived) {
            const x = box.right + GAP + 1 + ctx.measureText(mark.text).width + GAP + 1;
            ctx.font = font(TYPE.marker * scale, options.fonts.italic);
            ctx.fillStyle = options.muted;
            ctx.fillText(options.marker, x, y + 0.5);
          }
        }
      } else {
        const x = (box.left + box.right) / 2;
        ctx.textAlign = "center";
        ctx.textBaseline = "bottom";
        haloText(ctx, mark.text, x, box.top - GAP, options.halo);
        if (mark.derived) {
          ctx.font = font(TYPE.marker, options.fonts.italic);
          ctx.fillStyle = options.muted;
          haloText(ctx, options.marker, x, box.top - GAP - TYPE.value - 2, options.halo);
        }
      }
      ctx.restore();
    });
  },
};

function haloText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, halo: string): void {
  ctx.save();
  ctx.strokeStyle = halo;
  ctx.lineWidth = 3;
  ctx.lineJoin = "round";
  // A halo is the letters' outlines stroked: node-canvas strokes them only when it draws text as
  // paths (in its glyph mode, which the SVG files use, strokeText fills the letters instead).
  (ctx as TextModeContext).textDrawingMode = "path";
  ctx.strokeText(text, x, y);
  ctx.restore();
  ctx.fillText(text, x, y);
}

/** node-canvas's context: how it draws text (render.ts). */
type TextModeContext = CanvasRenderingContext2D & { textDrawingMode: "path" | "glyph" };

/** A connector from each bar's top to the next one's, with the change on a pill at its middle. */
export const growthPlugin: Plugin<ChartType, GrowthOptions> = {
  id: "cpGrowth",
  afterDatasetsDraw(chart, _args, options) {
    const { ctx } = chart;
    const all = boxes(chart);
    for (const step of options.steps) {
      const a = all[step.from];
      const b = all[step.to];
      if (!a || !b) continue;
      const x0 = a.right + GAP * 2;
      const x1 = b.left - GAP * 2;
      const y0 = a.top;
      const y1 = b.top;
      ctx.save();
      ctx.strokeStyle = options.colour;
      ctx.fillStyle = options.colour;
      ctx.lineWidth = 1.25;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1 - 4, y1 + ((y0 - y1) * 4) / (x1 - x0));
      ctx.stroke();
      const angle = Math.atan2(y1 - y0, x1 - x0);
      ctx.translate(x1, y1);
      ctx.rotate(angle);
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.lineTo(-6.5, -3.5);
      ctx.lineTo(-6.5, 3.5);
      ctx.closePath();
      ctx.fill();
      ctx.restore();

      ctx.save();
      ctx.font = font(TYPE.marker + 1, options.fonts.bold);
      const width = ctx.measureText(step.text).width + 12;
      const height = TYPE.marker + 8;
      const x = (x0 + x1) / 2;
      const y = (y0 + y1) / 2;
      ctx.fillStyle = options.colour;
      roundedRect(ctx, x - width / 2, y - height / 2, width, height, height / 2);
      ctx.fill();
      ctx.fillStyle = options.textColour;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(step.text, x, y + 0.5);
      ctx.restore();
    }
  },
};
