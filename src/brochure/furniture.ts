/**
 * Running head and foot of the inside pages: logo, brand and section name above; edition, data
 * vintage and "page N of M" below. Marked as pagination artifacts, drawn inside the page margins
 * with explicit positions, so they are skipped by screen readers and never push content to a new page.
 */
import type { Span } from "./markdown/inline.ts";
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

export function drawFurniture(doc: PDFKit.PDFDocument, ts: Typesetter, theme: Theme, text: FurnitureText): void {
  const { content, page, colours } = theme;
  const right = content.x + content.width;
  artifact(
    doc,
    () => {
      doc.rect(0, 0, page.width, 5).fill(colours.primary);
      doc.rect(content.x, 0, 56, 5).fill(colours.accent);
      const top = 26;
      drawLogo(doc, text.logo, content.x, top, LOGO);
      const brand = ts.set(plain(text.brand), { ...theme.text.h2, size: 10, leading: LOGO }, 160);
      ts.draw(brand, content.x + LOGO + 8, top);
      const section = oneLine(ts, text.section, theme.text.furnitureStrong, content.width * 0.6);
      ts.draw(section, right - content.width * 0.6, top + (LOGO - 10) / 2);
      doc.rect(content.x, 56, content.width, 0.5).fill(colours.rule);

      const footY = page.height - theme.margin.bottom + 26;
      doc.rect(content.x, footY - 8, content.width, 0.5).fill(colours.rule);
      const rightLines = ts.set(text.footRight, theme.text.furnitureStrong, 120, { align: "right" });
      const leftLines = ts.set(text.footLeft, theme.text.furniture, content.width - 132);
      ts.draw(leftLines.slice(0, 2), content.x, footY);
      ts.draw(rightLines.slice(0, 1), right - 120, footY);
    },
    "Pagination",
  );
}

/** A running head is one line: a title too long for it ends in an ellipsis. */
function oneLine(ts: Typesetter, text: string, style: TextStyle, width: number): Line[] {
  let shown = text;
  let lines = ts.set(plain(shown), style, width, { align: "right" });
  while (lines.length > 1 && shown.length > 1) {
    shown = shown.slice(0, Math.floor(shown.length * 0.9)).trimEnd();
    lines = ts.set(plain(`${shown}…`), style, width, { align: "right" });
  }
  return lines.slice(0, 1);
}

/** The logo, clipped to its rounded square so its white corners never show on coloured grounds. */
export function drawLogo(doc: PDFKit.PDFDocument, logo: string, x: number, y: number, size: number): void {
  doc.save();
  doc.roundedRect(x, y, size, size, size * 0.15).clip();
  doc.image(logo, x, y, { width: size, height: size });
  doc.restore();
}
