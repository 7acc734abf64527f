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

export function drawKeyVisual(doc: PDFKit.PDFDocument, area: Box, centre: { x: number; y: number }, colours: VisualColours, scale = 1): void {
  doc.save();
  doc.rect(area.x, area.y, area.width, area.height).clip();
  for (let y = area.y + 24; y < area.y + area.height; y += 28) {
    doc.moveTo(area.x, y).lineTo(area.x + area.width, y).lineWidth(0.5).strokeOpacity(0.08).stroke(colours.line);
  }
  for (let x = area.x + 20; x < area.x + area.width; x += 56) {
    doc.moveTo(x, area.y).lineTo(x, area.y + area.height).lineWidth(0.5).strokeOpacity(0.05).stroke(colours.line);
  }
  for (let i = 1; i <= 11; i++) {
    const r = i * 30 * scale;
    doc.circle(centre.x, centre.y, r).lineWidth(i % 3 === 0 ? 1.4 : 0.8).strokeOpacity(Math.max(0.12, 0.95 - i * 0.075)).stroke(colours.ring);
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
    doc.lineWidth(1.2).strokeOpacity(0.75).dash(4 * scale, { space: 4 * scale }).stroke(colours.route).undash();
    doc.circle(end.x, end.y, 3 * scale).fillOpacity(0.9).fill(colours.route);
  }
  doc.circle(centre.x, centre.y, 13 * scale).lineWidth(2).strokeOpacity(1).stroke(colours.line);
  doc.circle(centre.x, centre.y, 7 * scale).fillOpacity(1).fill(colours.dot);
  doc.restore();
}
