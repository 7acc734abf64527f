/**
 * The only module that touches a canvas. chartjs-node-canvas gives the process its Chart.js and
 * node-canvas; one renderer serves every size and output type. The library's own render methods
 * fix the size per instance and load a fresh copy of Chart.js for each (eight for Dalian, 9 ms
 * each, every copy then running cold) to keep global registrations apart; these charts register
 * nothing globally (their plugins travel in each configuration), so one copy is enough, and the
 * canvas is made here, through the subclass hooks the library provides, with no alpha channel and
 * encoded with our PNG settings.
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { Canvas, registerFont } from "canvas";
import type { Chart, ChartConfiguration, Plugin } from "chart.js";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";
import type { Brand } from "../data/schema.ts";
import { brandFonts, type ChartSize } from "./theme.ts";
import { DEFAULT_SCRIPT_FONTS } from "../data/scriptFonts.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import { overflowsOf } from "./plugins/fit.ts";

export const PRINT_DPI = 300;
/** Chart.js lays out in points; the raster gets 300/72 device pixels per point. */
const PRINT_SCALE = PRINT_DPI / 72;

/**
 * No filter: a chart's rows repeat whole rows above them, which deflate finds on its own, so
 * filtering only costs time (the "Up" filter gave files 24% larger). Level 3 is the last of zlib's
 * fast levels: for Dalian's five charts 26 ms and 501 KB, where level 6 takes 64 ms for 374 KB.
 */
const PNG_OPTIONS = { compressionLevel: 3, filters: Canvas.PNG_FILTER_NONE, resolution: PRINT_DPI } as const;

const registered = new Set<string>();

/**
 * Registers the brand's TTF files before any canvas exists, so no chart depends on the fonts a
 * machine happens to have. Registration is process-wide; a face already registered is skipped.
 */
export function registerBrandFonts(brand: Brand, root: string): void {
  // Every language's script font, whichever edition comes first: registering is cheap next to a
  // render, and a spec built for any edition then finds its families.
  const languages = [...Object.keys(DEFAULT_SCRIPT_FONTS), ...Object.keys(brand.fonts.languages ?? {})];
  for (const face of brandFonts(brand, languages).files) {
    const key = `${face.family}|${face.weight}|${face.style}`;
    if (registered.has(key)) continue;
    registerFont(resolve(root, face.file), { family: face.family, weight: face.weight, style: face.style });
    registered.add(key);
  }
}

/**
 * A 300 dpi RGB PNG, encoded by node-canvas (libpng). The canvas has no alpha channel: every pixel
 * is opaque, the page colour being painted first, and pdfkit decodes a PNG with alpha
 * asynchronously, which breaks byte-identical PDFs. `build` gives a fresh configuration: Chart.js
 * mutates the one it is given. The chart is drawn before this returns; the encoding runs on
 * libuv's thread pool, so the caller can draw the next picture on this thread meanwhile. Each
 * picture keeps its pixels (8 MB for a bar chart) until encoded: start a few at a time, not all.
 */
export function renderPng(build: () => ChartConfiguration, size: ChartSize): Promise<Buffer> {
  let drawn: Drawn;
  try {
    drawn = draw(build, size, "image");
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<Buffer>((resolve, reject) => {
    try {
      drawn.canvas.toBuffer((error, png) => (error ? reject(error) : resolve(png)), "image/png", PNG_OPTIONS);
    } catch (error) {
      reject(error);
    }
  }).finally(() => release(drawn));
}

/**
 * The texts of a chart that do not fit its picture, found as its PNG is drawn (at 300 dpi: text is
 * measured at the size it prints at), without encoding it: what `check` asks of every chart.
 */
export function textsThatDoNotFit(build: () => ChartConfiguration, size: ChartSize): readonly string[] {
  try {
    release(draw(build, size, "image"));
    return [];
  } catch (error) {
    if (error instanceof ChartTextOverflow) return error.texts;
    throw error;
  }
}

/** Vector SVG in points (text as outlines), with its ids made independent of the process. */
export async function renderSvg(build: () => ChartConfiguration, size: ChartSize): Promise<string> {
  const drawn = draw(build, size, "svg");
  try {
    return stableSvg(drawn.canvas.toBuffer().toString("utf8"));
  } finally {
    release(drawn);
    // A turn of the event loop for node-canvas's finalizers of what is left, so that a loop of
    // renders does not hold it all until the loop ends (the PNG's encoding gives one anyway).
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface Drawn {
  canvas: Canvas;
  chart: Chart;
}

/** chartjs-node-canvas's Chart.js and canvas, drawing at any size (its methods draw at one). */
class ChartRenderer extends ChartJSNodeCanvas {
  draw(config: ChartConfiguration, size: ChartSize, type: "image" | "svg"): Drawn {
    const canvas = this._createCanvas(size.widthPt, size.heightPt, type === "svg" ? "svg" : undefined);
    const context = canvas.getContext("2d", type === "image" ? { pixelFormat: "RGB24" } : undefined);
    config.options = { ...config.options, devicePixelRatio: type === "image" ? PRINT_SCALE : 1, responsive: false, animation: false };
    config.plugins = [glyphsNotPaths, ...(config.plugins ?? [])];
    return { canvas, chart: new this._chartJs(context as unknown as CanvasRenderingContext2D, config) as unknown as Chart };
  }
}

/**
 * Text drawn as glyphs, not as outlines. By default node-canvas turns every string into a path and
 * fills it, letter by letter, each time: in the PNG a label costs about ten times what a glyph
 * costs, which cairo rasterizes once per size and then copies (a city's five charts drew in 60 ms
 * of CPU against 90; the files are 10–30 % smaller, the letters a shade crisper, as at 300 dpi the
 * hinting lands on quarter-point pixels). In the SVG cairo defines each letter once and places it
 * wherever it recurs, where outlines wrote every string out as a path of its own: 60 % of the file
 * (a city's five charts: 559 KB against 936) in about two thirds of the time. A halo is still drawn
 * as outlines (plugins/bars.ts). Set before anything is drawn, and again after any resize of the
 * canvas, which resets its state.
 */
const glyphsNotPaths: Plugin = {
  id: "cpGlyphs",
  beforeDraw: (chart) => {
    (chart.ctx as CanvasRenderingContext2D & { textDrawingMode: "path" | "glyph" }).textDrawingMode = "glyph";
  },
};

let renderer: ChartRenderer | undefined;

/** A chart drawn with text that does not fit its picture (plugins/fit.ts): what, for the caller to locate in the data. */
export class ChartTextOverflow extends CitypitchError {
  constructor(readonly texts: readonly string[]) {
    super(EXIT.renderFailed, `the chart cannot fit ${texts.join("; ")} in its picture`, [], "shorten the text in the data file");
  }
}

function draw(build: () => ChartConfiguration, size: ChartSize, type: "image" | "svg"): Drawn {
  // The instance's own size is never used: draw() sizes each canvas.
  renderer ??= new ChartRenderer({ width: 1, height: 1 });
  const drawn = renderer.draw(build(), size, type);
  const texts = overflowsOf(drawn.chart);
  if (texts.length > 0) {
    release(drawn);
    throw new ChartTextOverflow(texts);
  }
  return drawn;
}

function release({ canvas, chart }: Drawn): void {
  // An empty surface now, not in a finalizer on a later turn of the event loop: a loop of renders
  // that never yielded used to hold every 8 MB surface until it ended (200 charts reached 2 GB).
  // Chart.js's clear on destroy then has nothing left to paint, either.
  canvas.width = 0;
  chart.destroy();
}

/**
 * Cairo numbers SVG surfaces with a process-wide counter; renumber so output depends only on the
 * chart. And every id (the letters' glyphs, clip paths, surfaces) and every reference to one gets
 * a prefix of its own picture's: cairo starts each file at glyph0-1 and clip1, so two charts set
 * inline in one web page would otherwise draw each other's letters and clips. The prefix is a hash
 * of the picture, the same for the same picture whichever process draws it.
 */
export function stableSvg(svg: string): string {
  const ids = new Map<string, string>();
  const renumbered = svg.replace(/\bsurface\d+\b/g, (id) => {
    if (!ids.has(id)) ids.set(id, `surface${ids.size + 1}`);
    return ids.get(id)!;
  });
  const prefix = `c${createHash("sha256").update(renumbered).digest("hex").slice(0, 10)}-`;
  return renumbered
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}${id}"`)
    .replace(/\b((?:xlink:)?href)="#([^"]+)"/g, (_, attribute: string, id: string) => `${attribute}="#${prefix}${id}"`)
    .replace(/\burl\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`);
}
