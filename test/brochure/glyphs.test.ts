/**
 * The Typesetter draws each fragment's glyphs itself (src/brochure/glyphs.ts) instead of handing
 * the text to pdfkit's `text`, which laid it out again. What is drawn must be what was shaped and
 * measured: the HarfBuzz run of each word, at the places its advances give, ending where the
 * Typesetter measured the fragment to end; and what a reader copies out must be the text, for
 * ligatures, CJK and kerned, letter-spaced capitals alike.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fontBook, fontFiles } from "../../src/brochure/fonts.ts";
import { collect } from "../../src/brochure/render.ts";
import { shapeText, type GlyphSource } from "../../src/brochure/shaping.ts";
import { Typesetter, type Line } from "../../src/brochure/text.ts";
import type { Face, TextStyle } from "../../src/brochure/theme.ts";
import type { Span } from "../../src/brochure/markdown/inline.ts";
import type { Brand } from "../../src/data/schema.ts";
import { ROOT } from "../helpers/project.ts";
import { pageText, readPdf } from "./readPdf.ts";

const brand = parse(readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")) as Brand;
/** A serif with f-ligatures (Inter has none), standing in for the italic face. */
const SERIF = join(ROOT, "node_modules", "@expo-google-fonts", "source-serif-4/400Regular/SourceSerif4_400Regular.ttf");
const FILES: Record<Face, string> = { ...fontFiles(brand, ROOT, ["ja", "zh-Hans"]), bodyItalic: SERIF };

/** Kerned pairs (AV, To, Ta), digits and their punctuation (which fontkit set otherwise), CJK that falls back to the script face, f-ligatures. */
const PARAGRAPH: Span[] = [
  { text: "AVATAR Tomorrow Ta. In 2007, 3.81 (Dalian) grew; " },
  { text: "大連の港、大连港。", bold: true },
  { text: " The office affluent fjord", italic: true },
  { text: " ends." },
];
const STYLES: TextStyle[] = [
  { face: "body", size: 11, leading: 15, colour: "#1B1F24" },
  { face: "heading", size: 17, leading: 21, colour: "#1B1F24", tracking: 1.2, upper: true },
];

interface Drawn {
  font: string;
  size: number;
  /** Letter spacing (Tc) in force. */
  spacing: number;
  /** Where the text object starts (its first Tm). */
  x: number;
  glyphs: { cid: number; x: number; y: number }[];
  /** Where the pen is after the last glyph. */
  end: number;
}

/**
 * Every text object of an uncompressed content stream, glyph by glyph, placed as a PDF reader
 * places them: each glyph advances the pen by its width and Tc, a TJ number moves it back, a Tm
 * puts it somewhere else. `widthOf(font, cid)` is the glyph's width in 1000ths of the size.
 */
function drawnText(pdf: string, widthOf: (font: string, cid: number) => number): Drawn[] {
  const out: Drawn[] = [];
  for (const [, body] of pdf.matchAll(/\nBT\n([\s\S]*?)\nET\n/g)) {
    const text: Drawn = { font: "", size: 0, spacing: 0, x: Number.NaN, glyphs: [], end: 0 };
    let pen = 0;
    let y = 0;
    for (const op of body!.split("\n")) {
      const tm = /^1 0 0 1 (\S+) (\S+) Tm$/.exec(op);
      const tf = /^\/(\S+) (\S+) Tf$/.exec(op);
      const tc = /^(\S+) Tc$/.exec(op);
      if (tm) {
        pen = Number(tm[1]);
        y = Number(tm[2]);
        if (Number.isNaN(text.x)) text.x = pen;
      } else if (tf) {
        text.font = tf[1]!;
        text.size = Number(tf[2]);
      } else if (tc) text.spacing = Number(tc[1]);
      else if (op.endsWith("] TJ")) {
        for (const [, hex, shift] of op.matchAll(/<([0-9a-f]*)>|(-?[\d.]+)/g)) {
          if (shift !== undefined) pen -= (Number(shift) / 1000) * text.size;
          else
            for (let i = 0; i < hex!.length; i += 4) {
              const cid = parseInt(hex!.slice(i, i + 4), 16);
              text.glyphs.push({ cid, x: pen, y });
              pen += (widthOf(text.font, cid) / 1000) * text.size + text.spacing;
            }
        }
      } else throw new Error(`unexpected operator in a text object: ${op}`);
    }
    text.end = pen;
    out.push(text);
  }
  return out;
}

/** Sets `spans` in each style, draws the lines, and reads back what was drawn with each font's subset (cid to glyph id). */
async function setAndDraw(spans: Span[], styles: TextStyle[], width: number) {
  const doc = new PDFDocument({ size: [600, 400], font: FILES.body, compress: false });
  const bytes = collect(doc);
  const ts = new Typesetter(doc, fontBook(doc, FILES));
  const set: { lines: Line[]; x: number; top: number; style: TextStyle }[] = [];
  let top = 30;
  for (const style of styles) {
    const lines = ts.set(spans, style, width);
    set.push({ lines, x: 40, top, style });
    top = ts.draw(lines, 40, top) + 10;
  }
  // pdfkit's fonts of the document by resource name: which file each is, and its subset's glyph order.
  const fonts = new Map<string, { file: string; glyphs: number[]; upem: number; advance(gid: number): number }>();
  type Parsed = { unitsPerEm: number; getGlyph(id: number): { advanceWidth: number } };
  const families = (doc as unknown as { _fontFamilies: Record<string, { id: string; subset: { glyphs: number[] }; font: Parsed }> })._fontFamilies;
  for (const [key, font] of Object.entries(families)) {
    const file = Object.values(FILES).find((f) => f === key);
    if (file && !fonts.has(font.id)) fonts.set(font.id, { file, glyphs: font.subset.glyphs, upem: font.font.unitsPerEm, advance: (gid) => font.font.getGlyph(gid).advanceWidth });
  }
  doc.end();
  const pdf = (await bytes).toString("latin1");
  const drawn = drawnText(pdf, (id, cid) => {
    const font = fonts.get(id)!;
    return (font.advance(font.glyphs[cid]!) * 1000) / font.upem;
  });
  return { set, drawn, fonts, pdf: await bytes };
}

describe("drawing the Typesetter's fragments", () => {
  it("draws each fragment's shaped glyphs where their advances put them, ending where it was measured to end", async () => {
    // Combining accents, which the font's mark positioning places by offsets.
    const { set, drawn, fonts } = await setAndDraw([...PARAGRAPH, { text: " Cafe\u0301 A\u030A\u0323" }], STYLES, 300);
    const fragments = set.flatMap(({ lines, x, top }) => {
      let y = top;
      return lines.flatMap((line) => {
        const at = y + line.baseline;
        y += line.height;
        return line.fragments.filter((f) => f.text.length > 0).map((f) => ({ ...f, x: x + f.x, baseline: at }));
      });
    });
    expect(drawn.length).toBe(fragments.length);
    const faces = new Set<Face>();
    let kerned = 0;
    let ligatures = 0;
    let offsets = 0;
    fragments.forEach((f, n) => {
      const d = drawn[n]!;
      const font = fonts.get(d.font)!;
      const where = `fragment ${n} ${JSON.stringify(f.text)} (${f.face})`;
      expect(font.file, where).toBe(FILES[f.face]);
      expect(d.size, where).toBe(f.size);
      expect(d.spacing, where).toBeCloseTo(f.tracking, 6);
      faces.add(f.face);
      // The shaped run: HarfBuzz on each word as pdfkit cuts them (a space ends the word it follows).
      const bytes = readFileSync(font.file);
      const source = fontkit.create(bytes) as unknown as GlyphSource;
      const scale = f.size / font.upem;
      const expected: { id: number; x: number; y: number }[] = [];
      let pen = f.x;
      for (const word of f.text.match(/[^ \t]*[ \t]|[^ \t]+$/g)!) {
        const run = shapeText(font.file, () => bytes, source, word)!;
        run.glyphs.forEach((g, i) => {
          const p = run.positions[i]!;
          expected.push({ id: g.id, x: pen + p.xOffset * scale, y: p.yOffset * scale });
          if (p.xAdvance !== g.advanceWidth) kerned++;
          if (p.xOffset || p.yOffset) offsets++;
          pen += p.xAdvance * scale + f.tracking;
        });
      }
      expect(
        d.glyphs.map((g) => font.glyphs[g.cid]),
        where,
      ).toEqual(expected.map((g) => g.id));
      d.glyphs.forEach((g, i) => {
        expect(g.x, `${where}, glyph ${i}`).toBeCloseTo(expected[i]!.x, 3);
        expect(g.y - (400 - f.baseline), `${where}, glyph ${i}`).toBeCloseTo(expected[i]!.y, 3);
      });
      expect(d.x, where).toBeCloseTo(f.x, 6);
      // Measured as drawn: where every letter is a glyph of its own, the pen stops at the measured width.
      if (expected.length === f.text.length) expect(d.end, where).toBeCloseTo(f.x + f.width, 3);
      else ligatures++;
    });
    // Not vacuous: kerned pairs, marks, letter spacing, fallback to the CJK faces and ligatures were all drawn.
    expect(kerned).toBeGreaterThan(4);
    expect(offsets).toBeGreaterThanOrEqual(STYLES.length);
    expect(fragments.some((f) => f.tracking > 0)).toBe(true);
    expect([...faces]).toEqual(expect.arrayContaining(["body", "heading", "localBold", "bodyItalic"]));
    expect(ligatures).toBeGreaterThan(0);
  });

  it("copies ligatures, CJK and kerned, letter-spaced capitals as they were written", async () => {
    const { pdf } = await setAndDraw(PARAGRAPH, STYLES, 560);
    const written = PARAGRAPH.map((s) => s.text).join("");
    const squeeze = (s: string) => s.replace(/\s+/g, "");
    const expected = squeeze(written) + squeeze(written.toUpperCase());
    // pdfjs (what the tests read the brochures with) and poppler (pdftotext, as a reader copies).
    expect(squeeze(pageText((await readPdf(pdf)).pages[0]!, true))).toBe(expected);
    const file = join(mkdtempSync(join(tmpdir(), "citypitch-glyphs-")), "glyphs.pdf");
    writeFileSync(file, pdf);
    const poppler = spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    expect(poppler.status, poppler.stderr).toBe(0);
    expect(squeeze(poppler.stdout)).toBe(expected);
    // Not vacuous: the serif's ffi and ffl ligatures were set, each mapped to its letters.
    const text = pdf.toString("latin1");
    for (const letters of ["ffi", "ffl"]) expect(text, letters).toContain(`<${[...letters].map((c) => c.charCodeAt(0).toString(16).padStart(4, "0")).join(" ")}>`);
  });
});
