/**
 * Draws one line of already-measured text into the page as glyphs, without pdfkit's `text`.
 *
 * `doc.text(s, x, y, { lineBreak: false })` lays `s` out three times (its width for `_fragment`,
 * the glyphs for `encode`, its width again to move `doc.x`), each time word by word through the
 * font's layout cache with the glyph arrays concatenated, and writes each PDF operator on its own,
 * turning each into bytes a character at a time: a quarter of a brochure's CPU. The Typesetter has
 * already chosen each fragment's font, size and place, so here each word's run is taken once from
 * the same cache pdfkit reads (the HarfBuzz runs of shaping.ts, shared across documents by
 * fonts.ts), its glyphs go into the font's subset, widths and ToUnicode map as
 * `EmbeddedFont.encode` puts them (a ligature copies as its letters), and the operators go out in
 * one piece, as bytes. They are byte for byte what pdfkit 0.20's `_fragment` writes for a
 * left-aligned, alphabetic-baseline fragment, so the PDF reads, renders and copies the same, with
 * one exception: a glyph placed by an offset (a combining mark) in letter-spaced text, which pdfkit
 * set short of its place (see below). A font without pdfkit's layout cache (a standard PDF font)
 * and text with a line break still go through `doc.text`.
 */

/** A glyph run as pdfkit caches it: positions already in its 1000-unit space. */
interface CachedRun {
  glyphs: readonly { id: number; codePoints: number[]; advanceWidth: number }[];
  /** Each glyph's cluster's characters, when HarfBuzz shaped the run (shaping.ts). */
  clusters?: readonly string[];
  positions: readonly { xAdvance: number; yOffset: number; xOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}

/** pdfkit's EmbeddedFont, as far as drawing reads and writes it. */
export interface EmbeddedFont {
  id: string;
  scale: number;
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  subset: { includeGlyph(id: number): number };
  layoutCached?: (text: string) => CachedRun;
  ref(): unknown;
}

interface Doc {
  _font: EmbeddedFont;
  _fontSize: number;
  x: number;
  y: number;
  page: { height: number; fonts: Record<string, unknown>; write(chunk: string | Uint8Array): void };
}

/** The document's current font, if it is one pdfkit lays out through its layout cache (an embedded font file). */
export function currentFont(doc: PDFKit.PDFDocument): EmbeddedFont | undefined {
  const font = (doc as unknown as Doc)._font;
  return font.layoutCached ? font : undefined;
}

/**
 * Width of `text` at `size` with letters `characterSpacing` apart, exactly as pdfkit's
 * `doc.widthOfString` computes it (the same words, the same sums in the same order), without
 * selecting the font or building the glyph arrays it drops.
 */
export function widthOf(font: EmbeddedFont, text: string, size: number, characterSpacing = 0): number {
  let advance = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c !== 32 && c !== 9 && !(i === text.length && start < i)) continue;
    advance += font.layoutCached!(text.slice(start, i + 1)).advanceWidth;
    start = i + 1;
  }
  return ((advance * (size / 1000) + characterSpacing * (text.length - 1)) * 100) / 100;
}

/** pdfkit's number formatting (PDFObject.number), so the content comes out as pdfkit writes it. */
function number(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

/** Glyph ids as pdfkit writes them in a TJ string (four hex digits: Identity-H). */
const HEX: string[] = [];
function hex(gid: number): string {
  return (HEX[gid] ??= `0000${gid.toString(16)}`.slice(-4));
}

/**
 * Draws `text` in the document's current font, size and fill colour with its baseline at
 * (`x`, `baseline`), letters `characterSpacing` apart, as `doc.text(text, x, baseline,
 * { lineBreak: false, baseline: "alphabetic", characterSpacing })` would.
 */
export function drawGlyphs(pdf: PDFKit.PDFDocument, text: string, x: number, baseline: number, characterSpacing = 0, rightToLeft = false): void {
  const doc = pdf as unknown as Doc;
  const font = doc._font;
  if (!font.layoutCached || text.includes("\n")) {
    pdf.text(text, x, baseline, { lineBreak: false, baseline: "alphabetic", characterSpacing } as PDFKit.Mixins.TextOptions);
    return;
  }
  const size = doc._fontSize;
  const scale = size / 1000;
  const y = doc.page.height - baseline;
  let out = "";
  let advance = 0;
  if (text.length > 0) {
    if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
    out = `q\n1 0 0 -1 0 ${number(doc.page.height)} cm\nBT\n1 0 0 1 ${number(x)} ${number(y)} Tm\n/${font.id} ${number(size)} Tf\n`;
    if (characterSpacing) out += `${number(characterSpacing)} Tc\n`;
    // _fragment's segmenting: a TJ string ends at each glyph whose advance is not its width (a
    // kerned pair), a glyph with an offset is placed by a Tm of its own, in a TJ of its own.
    let pen = x;
    /** The TJ being built, and the glyphs of its last string so far. */
    let tj = "";
    let glyphRun = "";
    let adjust = 0;
    let hadOffset = false;
    /** A right-to-left cluster's span is open (see below). */
    let inSpan = false;
    // Word by word, as EmbeddedFont.layout cuts the text (a space or tab ends the word it follows).
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : -1;
      if (c !== 32 && c !== 9 && !(i === text.length && start < i)) continue;
      const run = font.layoutCached(text.slice(start, i + 1));
      start = i + 1;
      advance += run.advanceWidth;
      const { glyphs, positions, clusters } = run;
      for (let g = 0; g < glyphs.length; g++) {
        const glyph = glyphs[g]!;
        const pos = positions[g]!;
        const characters = clusters?.[g] ?? String.fromCodePoint(...glyph.codePoints);
        if (rightToLeft && characters !== "") {
          // Each cluster of right-to-left text (a letter with its dots and marks) in a span of its
          // own, whose /ActualText is its characters (PDF 1.7, 14.9.4): an Arabic font draws
          // several letters with one glyph (the dotless tooth of ب, ت, ن and ي mid-word, and the
          // dots apart), and a glyph copies as one character only, the first it was drawn for.
          // Per cluster, not per word: readers place an ActualText's characters across its glyphs
          // from left to right, which turns a right-to-left word's text around.
          if (glyphRun) tj += `${tj ? " " : ""}<${glyphRun}> ${number(-adjust)}`;
          if (tj) out += `[${tj}] TJ\n`;
          tj = glyphRun = "";
          if (inSpan) out += "EMC\n";
          out += `/Span <</ActualText <FEFF${utf16Hex(characters)}>>> BDC\n`;
          inSpan = true;
        }
        const gid = font.subset.includeGlyph(glyph.id);
        if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
        if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
        if (pos.xOffset || pos.yOffset) {
          if (glyphRun) tj += `${tj ? " " : ""}<${glyphRun}> ${number(-adjust)}`;
          if (tj) out += `[${tj}] TJ\n`;
          tj = glyphRun = "";
          out += `1 0 0 1 ${number(pen + pos.xOffset * scale)} ${number(y + pos.yOffset * scale)} Tm\n`;
          out += `[<${hex(gid)}> ${number(-(pos.xAdvance - pos.advanceWidth))}] TJ\n`;
          hadOffset = true;
        } else {
          if (hadOffset) {
            out += `1 0 0 1 ${number(pen)} ${number(y)} Tm\n`;
            hadOffset = false;
          }
          glyphRun += hex(gid);
          adjust = pos.xAdvance - pos.advanceWidth;
          if (adjust !== 0) {
            tj += `${tj ? " " : ""}<${glyphRun}> ${number(-adjust)}`;
            glyphRun = "";
          }
        }
        // The letter spacing too, which pdfkit leaves out: it placed a mark after letter-spaced
        // letters (a decomposed accent in a tracked label) short by the spacing of every letter before.
        pen += pos.xAdvance * scale + characterSpacing;
      }
    }
    if (glyphRun) tj += `${tj ? " " : ""}<${glyphRun}> ${number(-adjust)}`;
    if (tj) out += `[${tj}] TJ\n`;
    if (inSpan) out += "EMC\n";
    out += "ET\nQ\n";
    // As bytes: pdfkit turns a string into bytes one character at a time, Node's latin1 encoder at once.
    doc.page.write(Buffer.from(out, "latin1"));
  }
  // Where pdfkit leaves the text cursor after a line: past the text, on its baseline.
  doc.x = x + ((advance * scale + characterSpacing * (text.length - 1)) * 100) / 100;
  doc.y = baseline;
}

/** UTF-16BE code units as hex digits, for a PDF text string. */
function utf16Hex(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(4, "0").toUpperCase();
  return out;
}
