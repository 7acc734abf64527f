/**
 * Paints the page colour under everything, as vector, so the SVG stays free of bitmaps (a raster
 * pattern would embed one) and every PNG pixel is opaque (the PNG canvas has no alpha channel).
 */
import type { ChartType, Plugin } from "chart.js";

export interface BackgroundOptions {
  colour: string;
}

export const backgroundPlugin: Plugin<ChartType, BackgroundOptions> = {
  id: "cpBackground",
  beforeDraw(chart, _args, options) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = options.colour;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};
