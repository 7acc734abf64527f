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
