/**
 * Brand fonts for pdfkit, plus glyph fallback: text the Latin faces cannot show (the local-script
 * name, a CJK word inside a sentence) switches to the local font rather than printing empty boxes.
 */
import { resolve } from "node:path";
import type { Brand } from "../data/schema.ts";
import type { Face } from "./theme.ts";

interface ParsedFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

export interface FontBook {
  /** Makes `face` the current font. Always select fonts through here (see below). */
  use(face: Face): PDFKit.PDFDocument;
  /** The face to draw a character in: `face` itself, or the local font when `face` lacks it. */
  faceFor(face: Face, codePoint: number): Face;
  /** Whether `face` has a glyph of its own for the character. */
  draws(face: Face, codePoint: number): boolean;
}

export function fontFiles(brand: Brand, root: string): Record<Face, string> {
  const f = brand.fonts;
  const path = (file: string) => resolve(root, file);
  return {
    heading: path(f.heading.regular),
    headingBold: path(f.heading.bold),
    body: path(f.body.regular),
    bodyBold: path(f.body.bold),
    bodyItalic: path(f.body.italic ?? f.body.regular),
    local: path(f.local.regular),
    localBold: path(f.local.bold ?? f.local.regular),
  };
}

/**
 * Parsed fonts, kept for the life of the process: parsing the CJK font's tables costs a few hundred
 * milliseconds per document otherwise. A parsed font is only read (each document makes its own
 * subset), so sharing it cannot change the output.
 */
const parsed = new Map<string, ParsedFont>();

export function fontBook(doc: PDFKit.PDFDocument, files: Record<Face, string>): FontBook {
  // Fonts are selected by file path, the same key the document's default font (the body face) was
  // opened under. pdfkit caches by that key; a registered alias for an already-open file would make
  // it re-read and re-parse the file on every switch.
  const use = (face: Face) => {
    const path = files[face];
    const font = parsed.get(path);
    if (font) {
      // A parsed font has no path, so its cache key is passed as the family (which pdfkit
      // otherwise ignores for parsed fonts).
      (doc.font as (src: unknown, family: string) => PDFKit.PDFDocument)(font, path);
    } else {
      doc.font(path);
      parsed.set(path, current(doc));
    }
    return doc;
  };
  const coverage = (face: Face): ParsedFont => {
    if (!parsed.has(files[face])) use(face);
    return parsed.get(files[face])!;
  };
  const localFor = (face: Face): Face => (face === "headingBold" || face === "bodyBold" ? "localBold" : "local");
  return {
    use,
    draws: (face, codePoint) => coverage(face).hasGlyphForCodePoint(codePoint),
    faceFor(face, codePoint) {
      if (codePoint < 0x250 || face === "local" || face === "localBold") return face;
      if (coverage(face).hasGlyphForCodePoint(codePoint)) return face;
      const local = localFor(face);
      return coverage(local).hasGlyphForCodePoint(codePoint) ? local : face;
    },
  };
}

/** pdfkit keeps the parsed fontkit font of the current font on the private `_font.font`. */
function current(doc: PDFKit.PDFDocument): ParsedFont {
  return (doc as unknown as { _font: { font: ParsedFont } })._font.font;
}
