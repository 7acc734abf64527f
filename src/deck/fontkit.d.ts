/** The slice of fontkit (a pdfkit dependency, without its own types) that the deck's font subsetter and the brand checks use. */
declare module "fontkit" {
  export interface Glyph {
    id: number;
  }
  export interface Subset {
    /** Adds a glyph of the original font; returns its id in the subset. */
    includeGlyph(glyph: number | Glyph): number;
    encode(): Uint8Array;
  }
  export interface Font {
    directory: { tables: Record<string, unknown> };
    numGlyphs: number;
    characterSet: number[];
    layout(text: string): unknown;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    createSubset(): Subset;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
