/**
 * HarfBuzz shapes the brochure's text (src/brochure/shaping.ts) where fontkit's layout did. What a
 * reader copies out of the PDF must not change with it, kerning and ligatures must still be
 * applied, and the glyphs and positions must be fontkit's wherever fontkit shaped right.
 *
 * `shapeText` can be turned off here (it then answers undefined, as for a font HarfBuzz cannot
 * read, and fonts.ts keeps fontkit's layout), to set the same brochure both ways.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import type { Face } from "../../src/brochure/theme.ts";
import type { Brand } from "../../src/data/schema.ts";
import { ROOT, options, TESTVILLE } from "../helpers/project.ts";
import { fakeCharts } from "./fakeCharts.ts";
import { pageText, readPdf } from "./readPdf.ts";

const fontkitOnly = vi.hoisted(() => ({ on: false, shapedByHarfBuzz: 0 }));
vi.mock("../../src/brochure/shaping.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/brochure/shaping.ts")>();
  const shapeText = (...args: Parameters<typeof real.shapeText>) => {
    if (fontkitOnly.on) return undefined;
    fontkitOnly.shapedByHarfBuzz++;
    return real.shapeText(...args);
  };
  return { ...real, shapeText };
});

const brand = parse(readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")) as Brand;
const font = (path: string) => join(ROOT, "node_modules", "@expo-google-fonts", path);
const SERIF = font("source-serif-4/400Regular/SourceSerif4_400Regular.ttf");

/**
 * Every edition's brochure of a city, set with fontkit's layout or HarfBuzz's. The modules are
 * loaded afresh each time, so no parsed font or laid-out word is carried from one way to the other.
 */
async function brochures(slug: string, data: string | undefined, withFontkit: boolean): Promise<Map<string, Buffer>> {
  fontkitOnly.on = withFontkit;
  fontkitOnly.shapedByHarfBuzz = 0;
  vi.resetModules();
  const [{ editionContexts }, { loadAndValidate }, { renderBrochure, TEMPLATE_DIR }, { loadTemplates }] = await Promise.all([
    import("../../src/content/context.ts"),
    import("../../src/data/validate.ts"),
    import("../../src/brochure/render.ts"),
    import("../../src/content/templates.ts"),
  ]);
  try {
    const opts = options(data ? { data } : {});
    const loaded = await loadAndValidate({ ...opts, slugs: [slug] });
    const templates = await loadTemplates(join(ROOT, TEMPLATE_DIR), ROOT);
    const out = new Map<string, Buffer>();
    for (const ctx of editionContexts(loaded.cities[0]!.localised, loaded.brand, loaded.sources, opts)) {
      out.set(ctx.edition.id, await renderBrochure(ctx, fakeCharts(ctx), templates));
    }
    // Each way was the one asked for: HarfBuzz shaped the words, or nothing did but fontkit.
    if (withFontkit) expect(fontkitOnly.shapedByHarfBuzz).toBe(0);
    else expect(fontkitOnly.shapedByHarfBuzz).toBeGreaterThan(1000);
    return out;
  } finally {
    fontkitOnly.on = false;
  }
}

/** Each page's text with the white space taken out: what a reader copies, whatever the line breaks. */
async function copiedText(pdf: Buffer): Promise<string[]> {
  return (await readPdf(pdf)).pages.map((page) => pageText(page, true).replace(/\s+/g, ""));
}

/** A one-page PDF (streams left readable) with each text on a line of its own, through the brochure's font book. */
async function linesPdf(files: Record<Face, string>, lines: { text: string; face: Face; features?: PDFKit.Mixins.TextOptions["features"] }[]): Promise<Buffer> {
  const [{ fontBook }, { collect }, { Typesetter }] = await Promise.all([
    import("../../src/brochure/fonts.ts"),
    import("../../src/brochure/render.ts"),
    import("../../src/brochure/text.ts"),
  ]);
  const doc = new PDFDocument({ size: [600, 40 + 30 * lines.length], font: files.body, compress: false });
  const bytes = collect(doc);
  const fonts = fontBook(doc, files);
  const ts = new Typesetter(doc, fonts);
  lines.forEach(({ text, face, features }, i) => {
    if (features)
      fonts
        .use(face)
        .fontSize(12)
        .text(text, 40, 30 + i * 30, { lineBreak: false, features });
    else ts.drawRun(text, face, 12, 40, 40 + i * 30, "#1B1F24");
  });
  doc.end();
  return bytes;
}

async function brandFiles(languages: string[] = []) {
  const { fontFiles } = await import("../../src/brochure/fonts.ts");
  return fontFiles(brand, ROOT, languages);
}

describe("HarfBuzz in place of fontkit", () => {
  it("leaves every edition of Dalian reading the same, on as many pages", { timeout: 120_000 }, async () => {
    const before = await brochures("dalian", undefined, true);
    const after = await brochures("dalian", undefined, false);
    expect([...after.keys()].sort()).toEqual(["en", "ja", "print", "zh"]);
    for (const [edition, pdf] of after) {
      const was = await copiedText(before.get(edition)!);
      const is = await copiedText(pdf);
      expect(is.length, `${edition}: pages`).toBe(was.length);
      is.forEach((text, page) => expect(text, `${edition}, page ${page + 1}`).toBe(was[page]));
      // Not vacuous: the CJK editions copy as CJK text.
      if (edition === "ja") expect(is.join("")).toContain("大連");
      if (edition === "zh") expect(is.join("")).toContain("大连");
    }
  });

  it("leaves a fictional city's brochure reading the same", { timeout: 60_000 }, async () => {
    const before = await brochures("testville", TESTVILLE, true);
    const after = await brochures("testville", TESTVILLE, false);
    for (const [edition, pdf] of after) expect(await copiedText(pdf)).toEqual(await copiedText(before.get(edition)!));
    expect((await copiedText([...after.values()][0]!)).join("")).toContain("Testville");
  });

  it("shapes the words of Dalian's text as fontkit does, glyph for glyph, in the brand and script fonts", async () => {
    const { shapeText } = await import("../../src/brochure/shaping.ts");
    const city = readFileSync(join(ROOT, "data", "cities", "dalian.yaml"), "utf8");
    // Words of letters only: fontkit applies Inter's default-script kerning twice (its DFLT kern
    // feature lists each lookup twice), so its digits and their punctuation are set tighter than
    // the font means; HarfBuzz applies each lookup once, as browsers do.
    const latin = [...new Set(city.match(/\p{Script=Latin}[\p{L}\p{M}’'-]*[.,;:]? ?/gu))];
    const cjk = [...new Set(city.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}、。，]+/gu))];
    expect(latin.length).toBeGreaterThan(300);
    expect(cjk.length).toBeGreaterThan(50);
    const files = await brandFiles(["ja", "zh-Hans"]);
    const cases: [string, string[]][] = [
      [files.body, latin],
      [files.bodyBold, latin],
      [files.heading, latin],
      [files.headingBold, latin],
      [files.bodyItalic, latin],
      [files.local, cjk],
      [files.native, cjk],
      [SERIF, latin],
    ];
    for (const [file, words] of cases) {
      const bytes = readFileSync(file);
      const [ours, theirs] = [fontkit.create(bytes), fontkit.create(bytes)] as unknown as Parameters<typeof shapeText>[2][];
      for (const word of words) {
        const hb = shapeText(file, () => bytes, ours!, word)!;
        const fk = (theirs as unknown as { layout(text: string): typeof hb }).layout(word);
        const look = (run: typeof hb) => ({
          glyphs: run.glyphs.map((g) => `${g.id}:${String.fromCodePoint(...g.codePoints)}`),
          positions: run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]),
          width: run.advanceWidth,
        });
        expect(look(hb), `${file.split("/").pop()}: ${JSON.stringify(word)}`).toEqual(look(fk));
      }
    }
  });

  it("kerns pairs in the brand faces", async () => {
    const files = await brandFiles();
    const faces: Face[] = ["body", "heading", "headingBold"];
    const texts = ["AV", "A", "V", "To", "T", "o"];
    const pdf = await readPdf(
      await linesPdf(
        files,
        faces.flatMap((face) => texts.map((text) => ({ text, face }))),
      ),
    );
    const items = pdf.pages[0]!.items;
    faces.forEach((face, f) => {
      const width = (i: number) => items[f * texts.length + i]!.width;
      expect(items.slice(f * texts.length, (f + 1) * texts.length).map((i) => i.str)).toEqual(texts);
      // Set as a pair, each is narrower than its letters set apart: the kerning was applied.
      expect(width(0), `${face}: AV`).toBeLessThan(width(1) + width(2) - 0.3);
      expect(width(3), `${face}: To`).toBeLessThan(width(4) + width(5) - 0.3);
    });
  });

  it("sets ligatures that copy as their letters, and OpenType features asked for", async () => {
    const files = { ...(await brandFiles()), body: SERIF };
    const bytes = await linesPdf(files, [
      { text: "office affluent fjord", face: "body" },
      { text: "office", face: "body" },
      { text: "office", face: "body", features: ["smcp"] },
    ]);
    const pdf = await readPdf(bytes);
    expect(pdf.pages[0]!.items.map((i) => i.str)).toEqual(["office affluent fjord", "office", "office"]);
    // The font's ToUnicode map has glyphs for ffi, ffl and fj, each mapped to its letters.
    const cmaps = bytes.toString("latin1");
    for (const letters of ["ffi", "ffl", "fj"]) {
      const hex = [...letters].map((c) => c.charCodeAt(0).toString(16).padStart(4, "0")).join(" ");
      expect(cmaps, letters).toContain(`<${hex}>`);
    }
    // Small capitals are other glyphs than the lower-case letters, and set wider.
    const [plain, small] = [pdf.pages[0]!.items[1]!, pdf.pages[0]!.items[2]!];
    expect(small.width).toBeGreaterThan(plain.width + 1);
  });

  it("copies CJK text in the script fonts as it was written", async () => {
    const text = "大连港是东北亚的门户 日本語の文章、テスト。";
    const files = await brandFiles(["ja", "zh-Hans"]);
    const pdf = await readPdf(
      await linesPdf(files, [
        { text, face: "body" },
        { text, face: "bodyBold" },
      ]),
    );
    expect(pageText(pdf.pages[0]!).replace(/\s+/g, "")).toBe(text.replace(/\s+/g, "").repeat(2));
  });

  it("copies only the shaping tables of a font into the WebAssembly heap", async () => {
    const { shapingTables } = await import("../../src/brochure/shaping.ts");
    const cjk = readFileSync((await brandFiles(["zh-Hans"])).local);
    const tables = shapingTables(cjk)!;
    expect(tables.length).toBeLessThan(cjk.length / 10);
    const kept = fontkit.create(Buffer.from(tables)) as unknown as { directory: { tables: Record<string, unknown> } };
    expect(Object.keys(kept.directory.tables)).toEqual(expect.arrayContaining(["cmap", "hmtx", "GSUB", "GPOS"]));
    expect(Object.keys(kept.directory.tables)).not.toContain("glyf");
    // Not a TrueType/OpenType font (here WOFF2's signature): left to fontkit.
    expect(shapingTables(new Uint8Array([0x77, 0x4f, 0x46, 0x32, ...new Array(40).fill(0)]))).toBeUndefined();
  });
});
