/**
 * The brand key visual, in vector shapes only: a sea chart of parallels, range rings around the
 * city's position and dashed routes leaving it, the brochure's image of a port and air hub.
 * Deterministic (no randomness), decorative (an artifact), clipped to the area it is given.
 */
import type { Box } from "./theme.ts";

export interface VisualColours {
  ring: string;
  route: string;
  dot: string;
  line: string;
}

/** `clip` is `area` grown into a print edition's bleed: the chart's grid runs on into it, in step. */
export function drawKeyVisual(doc: PDFKit.PDFDocument, area: Box, centre: { x: number; y: number }, colours: VisualColours, scale = 1, clip: Box = area): void {
  doc.save();
  doc.rect(clip.x, clip.y, clip.width, clip.height).clip();
  let first = area.y + 24;
  while (first - 28 > clip.y) first -= 28;
  for (let y = first; y < clip.y + clip.height; y += 28) {
    doc
      .moveTo(clip.x, y)
      .lineTo(clip.x + clip.width, y)
      .lineWidth(0.5)
      .strokeOpacity(0.08)
      .stroke(colours.line);
  }
  first = area.x + 20;
  while (first - 56 > clip.x) first -= 56;
  for (let x = first; x < clip.x + clip.width; x += 56) {
    doc
      .moveTo(x, clip.y)
      .lineTo(x, clip.y + clip.height)
      .lineWidth(0.5)
      .strokeOpacity(0.05)
      .stroke(colours.line);
  }
  for (let i = 1; i <= 11; i++) {
    const r = i * 30 * scale;
    doc
      .circle(centre.x, centre.y, r)
      .lineWidth(i % 3 === 0 ? 1.4 : 0.8)
      .strokeOpacity(Math.max(0.12, 0.95 - i * 0.075))
      .stroke(colours.ring);
  }
  const routes: [number, number, number, number][] = [
    [-300, -40, -170, -150],
    [-260, 170, -120, 140],
    [140, -190, 60, -150],
    [-90, 260, -20, 170],
  ];
  for (const [dx, dy, cx, cy] of routes) {
    const end = { x: centre.x + dx * scale, y: centre.y + dy * scale };
    doc.moveTo(centre.x, centre.y).quadraticCurveTo(centre.x + cx * scale, centre.y + cy * scale, end.x, end.y);
    doc
      .lineWidth(1.2)
      .strokeOpacity(0.75)
      .dash(4 * scale, { space: 4 * scale })
      .stroke(colours.route)
      .undash();
    doc
      .circle(end.x, end.y, 3 * scale)
      .fillOpacity(0.9)
      .fill(colours.route);
  }
  doc
    .circle(centre.x, centre.y, 13 * scale)
    .lineWidth(2)
    .strokeOpacity(1)
    .stroke(colours.line);
  doc
    .circle(centre.x, centre.y, 7 * scale)
    .fillOpacity(1)
    .fill(colours.dot);
  doc.restore();
}
