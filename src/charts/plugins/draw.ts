/** Small text and shape helpers for the plugins; the context is already scaled to points. */
import { breakOpportunities } from "../../content/lineBreaks.ts";
import type { FontRole } from "../theme.ts";

type Ctx = CanvasRenderingContext2D;

export function font(size: number, role: FontRole): string {
  return `${role.style} ${role.weight} ${size}px ${role.family}`;
}

/**
 * Greedy wrap at the Unicode break opportunities (between words, and between CJK characters except
 * where kinsoku forbids: no "。" or "）" at a line start); a piece longer than the width keeps its
 * own line rather than being cut.
 */
export function wrap(ctx: Ctx, text: string, maxWidth: number): string[] {
  const clean = text.replace(/\s+/g, " ").trim();
  const lines: string[] = [];
  let line = "";
  let last = 0;
  for (const { position } of breakOpportunities(clean)) {
    const piece = clean.slice(last, position);
    last = position;
    const next = line + piece;
    if (line && ctx.measureText(next.trimEnd()).width > maxWidth) {
      lines.push(line.trimEnd());
      line = piece;
    } else line = next;
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
