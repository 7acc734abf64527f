/**
 * Running head and foot of the inside pages: logo, brand and section name above; edition, data
 * vintage and "page N of M" below. Marked as pagination artifacts, drawn inside the page margins
 * with explicit positions, so they are skipped by screen readers and never push content to a new page.
 */
import { plainText, type Span } from "./markdown/inline.ts";
import { fillToBleed } from "./print.ts";
import { artifact } from "./tagging.ts";
import { plain, type Line, type Typesetter } from "./text.ts";
import type { TextStyle, Theme } from "./theme.ts";

export interface FurnitureText {
  brand: string;
  section: string;
  footLeft: Span[];
  footRight: Span[];
  logo: string;
}

const LOGO = 18;

export function drawFurniture(doc: PDFKit.PDFDocument, ts: Typesetter, theme: Theme, text: FurnitureText, bleed = 0): void {
  const { content, page, colours } = theme;
  const right = content.x + content.width;
  artifact(
    doc,
    () => {
      fillToBleed(doc, { x: 0, y: 0, width: page.width, height: 5 }, page, bleed, colours.primary);
      fillToBleed(doc, { x: content.x, y: 0, width: 56, height: 5 }, page, bleed, colours.accent);
      const top = 26;
      drawLogo(doc, text.logo, content.x, top, LOGO);
      const brand = oneLine(ts, text.brand, { ...theme.text.h2, size: 10, leading: LOGO }, 160, "left");
      ts.draw(brand, content.x + LOGO + 8, top);
      const section = oneLine(ts, text.section, theme.text.furnitureStrong, content.width * 0.6, "right");
      ts.draw(section, right - content.width * 0.6, top + (LOGO - 10) / 2);
      doc.rect(content.x, 56, content.width, 0.5).fill(colours.rule);

      const footY = page.height - theme.margin.bottom + 26;
      doc.rect(content.x, footY - 8, content.width, 0.5).fill(colours.rule);
      const rightLines = ts.set(text.footRight, theme.text.furnitureStrong, 120, { align: "right" });
      const leftLines = shortened(ts, text.footLeft, theme.text.furniture, content.width - 132, 2);
      ts.draw(leftLines, content.x, footY);
      ts.draw(rightLines.slice(0, 1), right - 120, footY);
    },
    "Pagination",
  );
}

/** The page's ground in the brand's paper colour (a non-white paper would otherwise show as white). */
export function drawGround(doc: PDFKit.PDFDocument, theme: Theme, bleed = 0): void {
  artifact(doc, () => fillToBleed(doc, { x: 0, y: 0, ...theme.page }, theme.page, bleed, theme.colours.paper));
}

/** A running head is one line: a title too long for it ends in an ellipsis. */
function oneLine(ts: Typesetter, text: string, style: TextStyle, width: number, align: "left" | "right"): Line[] {
  let shown = text;
  let lines = ts.set(plain(shown), style, width, { align });
  while (lines.length > 1 && shown.length > 1) {
    shown = shown.slice(0, Math.floor(shown.length * 0.9)).trimEnd();
    lines = ts.set(plain(`${shown}…`), style, width, { align });
  }
  return lines.slice(0, 1);
}

/**
 * The running foot in at most `max` lines. Too long (a very long city name), its longest " · " part
 * is shortened with an ellipsis, so the other parts (the edition, how old the figures are) still show.
 */
function shortened(ts: Typesetter, spans: Span[], style: TextStyle, width: number, max: number): Line[] {
  let lines = ts.set(spans, style, width);
  const parts = plainText(spans).split(" · ");
  while (lines.length > max) {
    const longest = parts.reduce((best, part, i) => (part.length > parts[best]!.length ? i : best), 0);
    const part = parts[longest]!.replace(/…$/, "");
    if (part.length <= 1) return lines.slice(0, max);
    parts[longest] = `${part.slice(0, Math.floor(part.length * 0.85)).trimEnd()}…`;
    lines = ts.set(plain(parts.join(" · ")), style, width);
  }
  return lines;
}

/** The logo, clipped to its rounded square so its white corners never show on coloured grounds. */
export function drawLogo(doc: PDFKit.PDFDocument, logo: string, x: number, y: number, size: number): void {
  doc.save();
  doc.roundedRect(x, y, size, size, size * 0.15).clip();
  doc.image(logo, x, y, { width: size, height: size });
  doc.restore();
}
