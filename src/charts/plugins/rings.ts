/** The key beside a share chart's rings: each share large, in its ring's colour, with what it is a share of. */
import type { ChartType, Plugin } from "chart.js";
import { TYPE, type ChartFonts } from "../theme.ts";
import { font, wrap } from "./draw.ts";
import { reportOverflow } from "./fit.ts";

export interface RingKey {
  qualifier: string;
  /** The language writes it after the number ("70%超"). */
  qualifierAfter?: boolean;
  /** "70%" */
  number: string;
  label: string;
  /** What the share is of, in the figure's own words. */
  detail: string;
  colour: string;
  /** The number's colour: the ring's, taken towards the ink when a pale ring colour would not read as text. */
  text?: string;
}

export interface RingsOptions {
  items: RingKey[];
  ink: string;
  muted: string;
  fonts: ChartFonts;
}

const BIG = TYPE.big;
const BLOCK_GAP = 14;

export const ringsPlugin: Plugin<ChartType, RingsOptions> = {
  id: "cpRings",
  afterDraw(chart, _args, options) {
    const { ctx, chartArea, width } = chart;
    const left = chartArea.right + 22;
    const textLeft = left + 16;
    const maxWidth = width - textLeft - 4;
    ctx.save();
    const blocks = options.items.map((item) => {
      // The label wraps as the detail does (wrap cuts a word too long for a line): a long one ran
      // off the picture's right edge.
      ctx.font = font(TYPE.category, options.fonts.bold);
      const label = wrap(ctx, item.label, maxWidth);
      ctx.font = font(TYPE.note + 0.5, options.fonts.body);
      const detail = wrap(ctx, item.detail, maxWidth);
      return { item, label, detail, height: BIG + 4 + label.length * (TYPE.category + 3) + 1 + detail.length * (TYPE.note + 3) };
    });
    const total = blocks.reduce((sum, b) => sum + b.height, 0) + BLOCK_GAP * (blocks.length - 1);
    if (total > chart.height) reportOverflow(chart, "the key beside the rings, taller than the picture");
    let y = (chartArea.top + chartArea.bottom) / 2 - total / 2;
    for (const { item, label, detail, height } of blocks) {
      ctx.textBaseline = "alphabetic";
      ctx.fillStyle = item.colour;
      ctx.beginPath();
      ctx.arc(left + 5, y + BIG * 0.62, 5, 0, Math.PI * 2);
      ctx.fill();
      let x = textLeft;
      const qualifier = () => {
        ctx.font = font(TYPE.category, options.fonts.bold);
        ctx.fillStyle = options.ink;
        ctx.fillText(item.qualifier, x, y + BIG * 0.95);
        x += ctx.measureText(item.qualifier).width + 4;
      };
      if (item.qualifier && !item.qualifierAfter) qualifier();
      ctx.font = font(BIG, options.fonts.heading);
      ctx.fillStyle = item.text ?? item.colour;
      ctx.fillText(item.number, x, y + BIG * 0.95);
      if (item.qualifier && item.qualifierAfter) {
        x += ctx.measureText(item.number).width + 4;
        qualifier();
      }
      ctx.font = font(TYPE.category, options.fonts.bold);
      ctx.fillStyle = options.ink;
      label.forEach((line, i) => ctx.fillText(line, textLeft, y + BIG + 4 + TYPE.category + i * (TYPE.category + 3)));
      const below = y + BIG + 4 + TYPE.category + (label.length - 1) * (TYPE.category + 3);
      ctx.font = font(TYPE.note + 0.5, options.fonts.body);
      ctx.fillStyle = options.muted;
      detail.forEach((line, i) => ctx.fillText(line, textLeft, below + 4 + (i + 1) * (TYPE.note + 3)));
      y += height + BLOCK_GAP;
    }
    ctx.restore();
  },
};
