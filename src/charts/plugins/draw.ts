/** Small text and shape helpers for the plugins; the context is already scaled to points. */
import type { FontRole } from "../theme.ts";

type Ctx = CanvasRenderingContext2D;

export function font(size: number, role: FontRole): string {
  return `${role.style} ${role.weight} ${size}px ${role.family}`;
}

/** Greedy word wrap; a single word longer than the width keeps its own line rather than being cut. */
export function wrap(ctx: Ctx, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
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
