/**
 * Paints the page colour under everything. chartjs-node-canvas's own `backgroundColour` option
 * draws through a raster pattern, which would turn the SVG output into an embedded bitmap.
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
