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
      const logoWidth = drawLogo(doc, text.logo, content.x, top, LOGO);
      // The section keeps up to 60% of the head, on the right; the brand, beside the logo, has the
      // rest, so a long agency name shows whole beside a short section name ("At a glance").
      const section = oneLine(ts, text.section, theme.text.furnitureStrong, content.width * 0.6, "right");
      const sectionWidth = Math.max(0, ...section.map((line) => line.width));
      const brandWidth = Math.max(48, content.width - logoWidth - 8 - sectionWidth - 24);
      const brand = oneLine(ts, text.brand, { ...theme.text.h2, size: 10, leading: LOGO }, brandWidth, "left");
      ts.draw(brand, content.x + logoWidth + 8, top);
      ts.draw(section, right - content.width * 0.6, top + (LOGO - 10) / 2);
      doc.rect(content.x, 56, content.width, 0.5).fill(colours.rule);

      const footY = page.height - theme.margin.bottom + 26;
      doc.rect(content.x, footY - 8, content.width, 0.5).fill(colours.rule);
      const rightLines = ts.set(text.footRight, theme.text.furnitureStrong, 120, { align: "right" });
      const leftLines = shortened(ts, text.footLeft, theme.text.furniture, content.width - 132, { max: 2 });
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

/** The letters of a running head's first part (a city's name) kept before its other parts are shortened. */
const KEPT_OF_FIRST_PART = 12;

/**
 * A running head is one line: a title too long for it ends in an ellipsis. A head of parts
 * ("Saint-Pierre-et-Miquelon-sur-Testmer-les-Bains · The service sector") shortens its first part
 * (the city) first, down to a few letters, then its longest: the section shows whole.
 */
function oneLine(ts: Typesetter, text: string, style: TextStyle, width: number, align: "left" | "right"): Line[] {
  return shortened(ts, plain(text), style, width, { max: 1, align, keepFirst: KEPT_OF_FIRST_PART, step: 0.9 });
}

/**
 * Text of " · " parts in at most `max` lines (the running foot: two). Too long (a very long city
 * name), a part is shortened with an ellipsis, the longest each time (after the first, down to
 * `keepFirst` letters), so the other parts (the edition, how old the figures are) still show.
 */
function shortened(
  ts: Typesetter,
  spans: Span[],
  style: TextStyle,
  width: number,
  { max, align = "left", keepFirst, step = 0.85 }: { max: number; align?: "left" | "right"; keepFirst?: number; step?: number },
): Line[] {
  let lines = ts.set(spans, style, width, { align });
  const parts = plainText(spans).split(" · ");
  while (lines.length > max) {
    const first = keepFirst !== undefined && parts.length > 1 && parts[0]!.replace(/…$/, "").length > keepFirst;
    const longest = first ? 0 : parts.reduce((best, part, i) => (part.length > parts[best]!.length ? i : best), 0);
    const part = parts[longest]!.replace(/…$/, "");
    if (part.length <= 1) break;
    parts[longest] = `${cut(part, Math.floor(part.length * step))}…`;
    lines = ts.set(plain(parts.join(" · ")), style, width, { align });
  }
  return lines.slice(0, max);
}

/**
 * The first `length` characters of `text`, back to the end of a word when one ends in the last
 * half of them ("Comprehensive investor profile for business…", not "…outsour…"); text without
 * spaces (Chinese, Japanese) is cut where it is.
 */
function cut(text: string, length: number): string {
  const head = Array.from(text).slice(0, length).join("");
  const space = head.lastIndexOf(" ");
  const words = space > head.length / 2 ? head.slice(0, space) : head;
  return words.replace(/[\s,;:·–—-]+$/u, "");
}

/** How many times its height a wide logo may be: wider, it is set less high, so the brand beside it keeps its room. */
const MAX_LOGO_WIDTH = 4;

/** Each document's logos' width-to-height ratios, read from their files once. */
const ratios = new WeakMap<PDFKit.PDFDocument, Map<string, number>>();

/**
 * The logo's box in a slot `size` high: its own proportions, never squashed into a square. A
 * wordmark six times as wide as high is set MAX_LOGO_WIDTH sizes wide and less high; a tall logo
 * is narrower than the slot.
 */
export function logoBox(doc: PDFKit.PDFDocument, logo: string, size: number): { width: number; height: number } {
  let known = ratios.get(doc);
  if (!known) ratios.set(doc, (known = new Map()));
  let ratio = known.get(logo);
  if (ratio === undefined) {
    // pdfkit's own reading of the file (its types leave openImage out); it embeds nothing.
    const image = (doc as unknown as { openImage(src: string): { width: number; height: number } }).openImage(logo);
    known.set(logo, (ratio = image.width > 0 && image.height > 0 ? image.width / image.height : 1));
  }
  const width = Math.min(size * ratio, size * MAX_LOGO_WIDTH);
  return { width, height: width / ratio };
}

/**
 * The logo in a slot `size` high at (x, y), centred in its height; returns the width it takes. Its
 * corners are rounded so a square logo's white corners never show on coloured grounds.
 */
export function drawLogo(doc: PDFKit.PDFDocument, logo: string, x: number, y: number, size: number): number {
  const { width, height } = logoBox(doc, logo, size);
  const top = y + (size - height) / 2;
  doc.save();
  doc.roundedRect(x, top, width, height, Math.min(width, height) * 0.15).clip();
  doc.image(logo, x, top, { width, height });
  doc.restore();
  return width;
}
