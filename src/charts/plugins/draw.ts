/** Small text and shape helpers for the plugins; the context is already scaled to points. */
import { breakOpportunities } from "../../content/lineBreaks.ts";
import type { FontRole } from "../theme.ts";

type Ctx = CanvasRenderingContext2D;

export function font(size: number, role: FontRole): string {
  return `${role.style} ${role.weight} ${size}px ${role.family}`;
}

/**
 * Greedy wrap at the Unicode break opportunities (between words, and between CJK characters except
 * where kinsoku forbids: no "。" or "）" at a line start). A word wider than the width is cut
 * between characters as a last resort, as the brochure's line setter does: nothing runs off the
 * picture's edge.
 */
export function wrap(ctx: Ctx, text: string, maxWidth: number): string[] {
  const clean = text.replace(/\s+/g, " ").trim();
  const lines: string[] = [];
  let line = "";
  let last = 0;
  const fits = (t: string) => ctx.measureText(t.trimEnd()).width <= maxWidth;
  for (const { position } of breakOpportunities(clean)) {
    let piece = clean.slice(last, position);
    last = position;
    if (line && !fits(line + piece)) {
      lines.push(line.trimEnd());
      line = "";
    }
    // A piece too wide for a line of its own: as many characters as fit, line after line.
    while (!line && !fits(piece)) {
      const chars = Array.from(piece);
      let n = chars.length - 1;
      while (n > 1 && !fits(chars.slice(0, n).join(""))) n--;
      lines.push(chars.slice(0, n).join(""));
      piece = chars.slice(n).join("");
    }
    line += piece;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** Diagonal lines clipped to a rectangle: the mark for a derived value, legible in grey print too. */
export function hatch(ctx: Ctx, x: number, y: number, width: number, height: number, colour: string, gap = 4.5, lineWidth = 1): void {
  const tile = rasterTile(ctx, colour, gap, lineWidth);
  if (tile) {
    ctx.save();
    ctx.fillStyle = tile;
    ctx.fillRect(x, y, width, height);
    ctx.restore();
    return;
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, width, height);
  ctx.clip();
  ctx.strokeStyle = colour;
  ctx.lineWidth = lineWidth;
  ctx.beginPath();
  for (let d = -height; d < width; d += gap) {
    ctx.moveTo(x + d, y + height);
    ctx.lineTo(x + d + height, y);
  }
  ctx.stroke();
  ctx.restore();
}

/** Each tile's pattern, with its canvas: node-canvas frees a canvas's pixels when the canvas is collected, pattern or not. */
const tiles = new Map<string, { pattern: CanvasPattern; tile: unknown }>();

/**
 * In a PNG, the hatching as a repeating tile of one period of it: cairo then copies pixels, where
 * stroking each line over a 300 dpi bar cost some 6 ms a bar (a fifth of a chart's drawing). The
 * tile is a whole number of device pixels, so it is copied, never resampled: the period comes out
 * within half a pixel (0.12 pt) of `gap`. The SVG keeps its lines (undefined here): vector, free of
 * bitmaps.
 */
function rasterTile(ctx: Ctx, colour: string, gap: number, lineWidth: number): CanvasPattern | undefined {
  // node-canvas's own classes, from the objects at hand: this module must not load node-canvas
  // itself (`check` takes the chart specs without it).
  const canvas = ctx.canvas as unknown as { type?: string; constructor: new (width: number, height: number) => HTMLCanvasElement };
  const transform = ctx.getTransform();
  const { a: scale, b, c, d } = transform;
  if (canvas.type !== "image" || b !== 0 || c !== 0 || d !== scale || !(scale > 0)) return undefined;
  const side = Math.max(2, Math.round(gap * scale));
  const key = `${colour}|${side}|${lineWidth * scale}|${transform.e}|${transform.f}`;
  let pattern = tiles.get(key)?.pattern;
  if (!pattern) {
    const tile = new canvas.constructor(side, side);
    const g = tile.getContext("2d")!;
    g.strokeStyle = colour;
    g.lineWidth = lineWidth * scale;
    g.beginPath();
    // The lines x + y = 0, side and 2·side: the middle one crosses the tile, the others its corners.
    for (const k of [0, 1, 2]) {
      g.moveTo(k * side + side, -side);
      g.lineTo(k * side - 2 * side, 2 * side);
    }
    g.stroke();
    pattern = ctx.createPattern(tile, "repeat")!;
    // One tile pixel to one device pixel, whatever the context's scale.
    pattern.setTransform(transform.inverse());
    tiles.set(key, { pattern, tile });
  }
  return pattern;
}

export function roundedRect(ctx: Ctx, x: number, y: number, width: number, height: number, radius: number): void {
  const r = Math.min(radius, width / 2, height / 2);
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + width, y, x + width, y + height, r);
  ctx.arcTo(x + width, y + height, x, y + height, r);
  ctx.arcTo(x, y + height, x, y, r);
  ctx.arcTo(x, y, x + width, y, r);
  ctx.closePath();
}
