/**
 * Stand-in chart artifacts for brochure tests, so they do not depend on the chart stage: plain RGB
 * PNG bar charts drawn with node-canvas at the size the real stage delivers (480 × 260 pt at 300 dpi).
 */
import { createCanvas } from "canvas";
import type { ChartArtifact, CityContext } from "../../src/context.ts";
import { english } from "../helpers/words.ts";

const formatFigure = english.figure;
import { sourceLine } from "../../src/content/references.ts";

const WIDTH_PT = 480;
const HEIGHT_PT = 260;
const SCALE = 2000 / WIDTH_PT;

export function fakeCharts(ctx: CityContext): ChartArtifact[] {
  return ctx.city.charts.map((chart) => {
    const figures = chart.figures.map((p) => ctx.figures.get(p)!);
    const canvas = createCanvas(Math.round(WIDTH_PT * SCALE), Math.round(HEIGHT_PT * SCALE));
    const g = canvas.getContext("2d", { pixelFormat: "RGB24" } as never) as unknown as CanvasRenderingContext2D;
    g.fillStyle = "#FFFFFF";
    g.fillRect(0, 0, canvas.width, canvas.height);
    const max = Math.max(...figures.map((f) => f.value));
    const slot = (canvas.width - 200) / figures.length;
    figures.forEach((f, i) => {
      const h = ((canvas.height - 260) * f.value) / max;
      g.fillStyle = ctx.brand.colours.chart[i % ctx.brand.colours.chart.length]!;
      g.fillRect(120 + i * slot + slot * 0.2, canvas.height - 120 - h, slot * 0.6, h);
      g.fillStyle = "#1B1F24";
      g.font = "48px sans-serif";
      g.fillText(formatFigure(f), 120 + i * slot + slot * 0.2, canvas.height - 140 - h);
      g.fillText(String(chart.labels?.[i] ?? f.year), 120 + i * slot + slot * 0.2, canvas.height - 60);
    });
    const alt = `${chart.kind} chart, ${chart.title}: ${figures.map((f, i) => `${chart.labels?.[i] ?? f.year} ${formatFigure(f)}`).join("; ")}.`;
    return {
      id: chart.id,
      kind: chart.kind,
      section: chart.section,
      title: chart.title,
      caption: chart.caption,
      alt,
      sourceLine: sourceLine(chart.figures, ctx.figures, ctx.sources, ctx.words),
      refs: ctx.references.forFigures(chart.figures),
      png: canvas.toBuffer("image/png"),
      svg: "<svg/>",
      widthPt: WIDTH_PT,
      heightPt: HEIGHT_PT,
    };
  });
}
