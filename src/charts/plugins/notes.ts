/** The unit caption above the plot and the key to the derived-value hatching below it. */
import type { ChartType, Plugin } from "chart.js";
import { TYPE, type ChartFonts } from "../theme.ts";
import { font, hatch } from "./draw.ts";

export interface NotesOptions {
  /** "Million tonnes": printed top left, where the eye starts. */
  unit: string;
  /** Shown only when a plotted value is derived. */
  derived: string;
  /** Series colour the swatch is hatched in. */
  colour: string;
  fill: string;
  muted: string;
  fonts: ChartFonts;
}

/** Vertical room the plugin needs, so specs can reserve it with layout padding. */
export const NOTE_HEIGHT = TYPE.note + 9;

export const notesPlugin: Plugin<ChartType, NotesOptions> = {
  id: "cpNotes",
  afterDraw(chart, _args, options) {
    const { ctx, height } = chart;
    ctx.save();
    ctx.fillStyle = options.muted;
    ctx.textAlign = "left";
    if (options.unit) {
      ctx.font = font(TYPE.note + 0.5, options.fonts.bold);
      ctx.textBaseline = "top";
      ctx.fillText(options.unit, 1, 1);
    }
    if (options.derived) {
      const size = TYPE.note + 1;
      const y = height - size - 1;
      ctx.fillStyle = options.fill;
      ctx.fillRect(1, y, size * 1.6, size);
      hatch(ctx, 1, y, size * 1.6, size, options.colour, 2.5, 0.6);
      ctx.strokeStyle = options.colour;
      ctx.lineWidth = 0.6;
      ctx.strokeRect(1, y, size * 1.6, size);
      ctx.fillStyle = options.muted;
      ctx.font = font(TYPE.note, options.fonts.body);
      ctx.textBaseline = "middle";
      ctx.fillText(options.derived, 1 + size * 1.6 + 5, y + size / 2 + 0.5);
    }
    ctx.restore();
  },
};
