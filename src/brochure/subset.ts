/**
 * A document's font subset, made from glyph data read once per process rather than once per document.
 *
 * pdfkit embeds each font as a fontkit TrueType subset. fontkit's `_addGlyph` decodes every glyph's
 * whole outline (to learn whether it is a compound glyph and of which glyphs) and its bounding box
 * (for the left side bearing) in every document that uses the glyph, and the documents of a
 * portfolio's lane use mostly the same glyphs of the same parsed fonts (fonts.ts keeps them for the
 * process): about a tenth of a brochure's time went there. Here each glyph's bytes, components and
 * metrics are read once, as fontkit's `_addGlyph` reads them, and each later subset adds the glyph
 * from them, renumbering a compound glyph's components in its own subset as fontkit does. The font
 * program embedded is byte for byte fontkit's. Hand-written because fontkit has no hook for it; a
 * variable font (whose glyphs fontkit re-encodes per instance) and a CFF subset keep fontkit's own.
 */

interface TrueTypeGlyph {
  advanceWidth: number;
  _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
  _getMetrics(): { leftBearing: number };
}

/** fontkit's parsed TrueType font, as far as subsetting reads it. */
interface TrueTypeFont {
  _variationProcessor?: unknown;
  loca: { offsets: number[] };
  getGlyph(id: number): TrueTypeGlyph;
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
}

/** fontkit's TTFSubset while it encodes: the tables it builds and the glyph it is adding. */
interface TrueTypeSubset {
  font: TrueTypeFont;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(id: number): number;
  _addGlyph?: (gid: number) => number;
}

interface GlyphData {
  bytes: Uint8Array;
  /** A compound glyph's components: the glyphs it is made of, and where their ids are in `bytes`. */
  components?: { glyphID: number; pos: number }[];
  advance: number;
  bearing: number;
}

/**
 * Each font file's glyph data, by glyph id, for the process. By file, not by parsed font: pdfkit
 * parses a document's default font (the body face) afresh for each document.
 */
const glyphData = new Map<string, Map<number, GlyphData>>();
const patched = new WeakSet<object>();

/** Makes the subset pdfkit embeds for the font file `file` add its glyphs from data kept for the file. */
export function reuseGlyphData(subset: unknown, file: string): void {
  const s = subset as TrueTypeSubset;
  if (patched.has(s)) return;
  patched.add(s);
  const font = s.font;
  if (typeof s._addGlyph !== "function" || font._variationProcessor) return;
  let known = glyphData.get(file);
  if (!known) glyphData.set(file, (known = new Map()));
  const data = known;
  s._addGlyph = function (this: TrueTypeSubset, gid: number): number {
    let glyph = data.get(gid);
    if (!glyph) data.set(gid, (glyph = read(font, gid)));
    let bytes = glyph.bytes;
    if (glyph.components) {
      bytes = new Uint8Array(bytes);
      const view = new DataView(bytes.buffer);
      for (const component of glyph.components) view.setUint16(component.pos, this.includeGlyph(component.glyphID));
    }
    this.glyf.push(bytes);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing });
    this.offset += bytes.length;
    return this.glyf.length - 1;
  };
}

/** A glyph's bytes in the glyf table, components and metrics, read as fontkit's `_addGlyph` reads them. */
function read(font: TrueTypeFont, gid: number): GlyphData {
  const glyph = font.getGlyph(gid);
  const glyf = glyph._decode();
  const offsets = font.loca.offsets;
  const stream = font._getTableStream("glyf");
  stream.pos += offsets[gid]!;
  const bytes = stream.readBuffer(offsets[gid + 1]! - offsets[gid]!);
  const components = glyf && glyf.numberOfContours < 0 ? (glyf.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos })) : undefined;
  return { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
}
