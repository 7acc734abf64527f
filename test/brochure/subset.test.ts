/**
 * The font subsets pdfkit embeds add their glyphs from data read once per font file
 * (src/brochure/subset.ts) instead of decoding every glyph again in every document. The font
 * program must stay fontkit's, byte for byte, including compound glyphs (an accented capital made
 * of its letter and its accent), whose components are numbered in each subset afresh.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { reuseGlyphData } from "../../src/brochure/subset.ts";
import { ROOT } from "../helpers/project.ts";

const FILE = join(ROOT, "node_modules", "@expo-google-fonts", "inter", "400Regular", "Inter_400Regular.ttf");

interface Font {
  glyphsForString(text: string): { id: number; _decode(): { numberOfContours: number } | null }[];
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
  _getTableStream(tag: string): unknown;
}

const open = () => fontkit.create(readFileSync(FILE)) as unknown as Font;

/** The font program of a subset of `text`'s glyphs, by fontkit alone or with the kept glyph data. */
function subsetOf(font: Font, text: string, reuse: boolean): Buffer {
  const subset = font.createSubset();
  if (reuse) reuseGlyphData(subset, FILE);
  for (const glyph of font.glyphsForString(text)) subset.includeGlyph(glyph.id);
  return Buffer.from(subset.encode());
}

describe("font subsets from kept glyph data", () => {
  it("embeds fontkit's own font program, compound glyphs renumbered in each subset", () => {
    const texts = ["Ångström café", "Zoë, Åse and the façade: ÅÉÎÕÜ", "café Å"];
    // Not vacuous: some of these glyphs are compound ones.
    const compound = open()
      .glyphsForString(texts.join(""))
      .filter((g) => (g._decode()?.numberOfContours ?? 0) < 0);
    expect(compound.length).toBeGreaterThan(2);
    // One parsed font per document, as pdfkit parses a document's default font each time; the
    // glyph data carries over from each to the next.
    for (const text of texts) expect(subsetOf(open(), text, true).equals(subsetOf(open(), text, false)), text).toBe(true);
  });

  it("reads a glyph's data once per font file", () => {
    subsetOf(open(), "Ångström café", true);
    const font = open();
    const tableStream = font._getTableStream.bind(font);
    font._getTableStream = (tag) => {
      if (tag === "glyf") throw new Error("read the glyf table again");
      return tableStream(tag);
    };
    // The same glyphs in another order, in another parse of the file: nothing is read again.
    expect(() => subsetOf(font, "éfac mörtsgnÅ", true)).not.toThrow();
    expect(() => subsetOf(font, "Ångström café", false)).toThrow("read the glyf table again");
  });
});
