/**
 * The only module that touches a canvas. One ChartJSNodeCanvas per size and output type, kept for
 * the life of the process: each new instance re-requires Chart.js and leaks about 1.6 MB.
 */
import { resolve } from "node:path";
import type { ChartConfiguration } from "chart.js";
import { registerFont } from "canvas";
import { ChartJSNodeCanvas, type MimeType } from "chartjs-node-canvas";
import type { Brand } from "../data/schema.ts";
import { encodeRgbPng } from "./png.ts";
import { brandFonts, type ChartSize } from "./theme.ts";
import { DEFAULT_SCRIPT_FONTS } from "../data/scriptFonts.ts";

export const PRINT_DPI = 300;
/** Chart.js lays out in points; the raster gets 300/72 device pixels per point. */
const PRINT_SCALE = PRINT_DPI / 72;

const canvases = new Map<string, ChartJSNodeCanvas>();
const registered = new Set<string>();

function canvasFor(size: ChartSize, type: "png" | "svg"): ChartJSNodeCanvas {
  const key = `${type}:${size.widthPt}x${size.heightPt}`;
  let canvas = canvases.get(key);
  if (!canvas) {
    canvas = new ChartJSNodeCanvas({ width: size.widthPt, height: size.heightPt, ...(type === "svg" ? { type: "svg" as const } : {}) });
    canvases.set(key, canvas);
  }
  return canvas;
}

/** How many renderer instances exist; the benchmark checks it stays at one per size and type. */
export function rendererCount(): number {
  return canvases.size;
}

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

/** A 300 dpi RGB PNG. `build` gives a fresh configuration: Chart.js mutates the one it is given. */
export async function renderPng(build: () => ChartConfiguration, size: ChartSize): Promise<Buffer> {
  const raw = canvasFor(size, "png").renderToBufferSync(configure(build, PRINT_SCALE), "raw" as MimeType);
  await releaseCanvases();
  return encodeRgbPng(raw, Math.floor(size.widthPt * PRINT_SCALE), Math.floor(size.heightPt * PRINT_SCALE), PRINT_DPI);
}

/** Vector SVG in points (text as outlines), with its ids made independent of the process. */
export async function renderSvg(build: () => ChartConfiguration, size: ChartSize): Promise<string> {
  const svg = canvasFor(size, "svg").renderToBufferSync(configure(build, 1), "image/svg+xml").toString("utf8");
  await releaseCanvases();
  return stableSvg(svg);
}

/**
 * Every render makes a new canvas (8 MB of pixels at 300 dpi), and node-canvas frees it only in a
 * finalizer that runs on a later turn of the event loop. A loop of renders that never yields holds
 * every surface until it ends (200 charts reached 2 GB); yielding once per render keeps RSS flat.
 */
function releaseCanvases(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function configure(build: () => ChartConfiguration, scale: number): ChartConfiguration {
  const config = build();
  config.options = { ...config.options, devicePixelRatio: scale, responsive: false, animation: false };
  return config;
}

/** Cairo numbers SVG surfaces with a process-wide counter; renumber so output depends only on the chart. */
export function stableSvg(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/\bsurface\d+\b/g, (id) => {
    if (!ids.has(id)) ids.set(id, `surface${ids.size + 1}`);
    return ids.get(id)!;
  });
}
