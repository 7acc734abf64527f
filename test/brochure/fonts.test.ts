/**
 * Parsed fonts and laid-out words are kept for the life of the process (src/brochure/fonts.ts), so
 * that a second document (another edition, the next city of a portfolio) does not shape its words
 * again. What a document says must not depend on the documents made before it in the process.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fontBook, fontFiles, KEPT_DOCUMENTS, keptWords } from "../../src/brochure/fonts.ts";
import { collect } from "../../src/brochure/render.ts";
import { Typesetter } from "../../src/brochure/text.ts";
import type { Face } from "../../src/brochure/theme.ts";
import type { Brand } from "../../src/data/schema.ts";
import { ROOT } from "../helpers/project.ts";
import { pageText, readPdf } from "./readPdf.ts";

const brand = parse(readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")) as Brand;
const files = fontFiles(brand, ROOT);

/** A one-page PDF with `text` set on one line in each face. */
async function pdfOf(text: string, faces: Face[] = ["body", "bodyBold", "heading", "bodyItalic"]): Promise<Buffer> {
  const doc = new PDFDocument({ size: [600, 400], font: files.body, info: { CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
  const bytes = collect(doc);
  const ts = new Typesetter(doc, fontBook(doc, files));
  faces.forEach((face, i) => ts.drawRun(text, face, 12, 40, 60 + i * 30, "#1B1F24"));
  doc.end();
  return bytes;
}

const textOf = async (pdf: Buffer) => pageText((await readPdf(pdf)).pages[0]!);

describe("fonts shared between the documents of a process", () => {
  it("keeps every character of a later document's text", async () => {
    // Writing the first document's subsets makes glyphs for ‘ and ’ (parts of “ and ”) that no
    // text asked for; the second document sets them and must still read back as ‘ and ’.
    await pdfOf("He said “yes” to it");
    const later = await textOf(await pdfOf("It’s ‘fine’"));
    expect(later).toBe(Array(4).fill("It’s ‘fine’").join(" "));
  });

  it("opens every document's default font, given by path, from the one parse of the file", async () => {
    await pdfOf("First", ["body"]);
    type Families = { _fontFamilies: Record<string, { font: unknown }> };
    const opened = () => {
      const doc = new PDFDocument({ size: [600, 400], font: files.body });
      fontBook(doc, files);
      return (doc as unknown as Families)._fontFamilies[files.body]!.font;
    };
    const [a, b] = [opened(), opened()];
    expect(a).toBe(b);
    // A file no document has set text in is still read by pdfkit itself, once per document.
    const serif = join(ROOT, "node_modules", "@expo-google-fonts", "source-serif-4/400Regular/SourceSerif4_400Regular.ttf");
    const [c, d] = [new PDFDocument({ font: serif }), new PDFDocument({ font: serif })].map((doc) => (doc as unknown as Families)._fontFamilies[serif]!.font);
    expect(c).not.toBe(d);
  });

  it("makes the same bytes for a document whatever was laid out before it", async () => {
    const alone = await pdfOf("Dalian’s port — 5.4 million TEU, “over 165.44 Mt”");
    await pdfOf("Another city entirely: Mockbury’s “port” of 2,000 TEU — and more words");
    const after = await pdfOf("Dalian’s port — 5.4 million TEU, “over 165.44 Mt”");
    expect(after.equals(alone)).toBe(true);
  });
});

describe("laid-out words kept between documents", () => {
  it("keeps the words of the last few documents only, so the cache does not grow with the cities built", async () => {
    const names = Array.from({ length: KEPT_DOCUMENTS + 3 }, (_, i) => `Placename${String.fromCharCode(65 + i)}`);
    for (const name of names) await pdfOf(`${name} port and airport`, ["body"]);
    const kept = keptWords(files.body);
    // pdfkit lays a line out word by word, each word with the space after it.
    const has = (name: string) => kept.has(`${name} `);
    expect(names.filter(has)).toEqual(names.slice(-KEPT_DOCUMENTS));
    // Words every document sets stay, however many documents came before.
    expect(kept.has("port ")).toBe(true);
    expect(kept.has("airport")).toBe(true);
  });

  it("still reuses a word set a few documents back, and draws it the same", async () => {
    const first = await pdfOf("Reused-word “here”", ["body"]);
    for (let i = 0; i < KEPT_DOCUMENTS - 1; i++) await pdfOf(`Filler${i} text`, ["body"]);
    expect(keptWords(files.body).has("Reused-word ")).toBe(true);
    const again = await pdfOf("Reused-word “here”", ["body"]);
    expect(again.equals(first)).toBe(true);
  });
});

describe("a letter a script font lacks", () => {
  it("is set in the brand's Latin face rather than as a box: a local name in Latin letters, in a Chinese font", () => {
    const doc = new PDFDocument({ size: [600, 400], font: files.body });
    const book = fontBook(doc, fontFiles(brand, ROOT, ["en", "zh-Hans"]));
    for (const face of ["native", "nativeBold", "local"] as const)
      for (const ch of "Łódź Çeşme Žďár Ærøskøbing Ñuñoa") {
        const cp = ch.codePointAt(0)!;
        if (ch === " ") continue;
        expect(book.draws(book.faceFor(face, cp), cp), `${face} ${ch}`).toBe(true);
      }
    // A character the script font has stays in it.
    expect(book.faceFor("native", "测".codePointAt(0)!)).toBe("native");
  });
});

describe("the script font of an edition whose language has none", () => {
  it("is the local name's: a Japanese name in an English edition keeps Japanese glyph forms", () => {
    expect(fontFiles(brand, ROOT, ["en", "ja"]).local).toMatch(/NotoSansJP/);
    expect(fontFiles(brand, ROOT, ["en", "zh-Hans"]).local).toMatch(/NotoSansSC/);
    expect(fontFiles(brand, ROOT, ["ja", "zh-Hans"]).local).toMatch(/NotoSansJP/);
    expect(fontFiles(brand, ROOT, ["ja", "zh-Hans"]).native).toMatch(/NotoSansSC/);
  });
});

describe("settings remembered between documents", () => {
  /**
   * Measures a paragraph in the italic face without drawing it, draws a heading, then the
   * paragraph: the italic face is opened by the measuring, before the heading's face. pdfkit names
   * a document's fonts in the order they are opened (F1, F2, …).
   */
  async function measuredFirst(paragraph: string): Promise<{ pdf: Buffer; lines: string[] }> {
    const doc = new PDFDocument({ size: [600, 400], font: files.body, info: { CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
    const bytes = collect(doc);
    const ts = new Typesetter(doc, fontBook(doc, files));
    const lines = ts.set([{ text: paragraph, italic: true }], { face: "body", size: 10, leading: 14, colour: "#1B1F24" }, 200);
    ts.drawRun("Heading", "heading", 14, 40, 40, "#1B1F24");
    ts.draw(lines, 40, 80);
    doc.end();
    return { pdf: await bytes, lines: lines.map((l) => l.fragments.map((f) => f.text).join("")) };
  }

  it("gives a later document the lines it would set afresh, and the same bytes, fonts opened in the same order", async () => {
    const paragraph = `Remembered ${Date.now()}: a paragraph long enough to take three or four lines at this width, in italics.`;
    const fresh = await measuredFirst(paragraph);
    const remembered = await measuredFirst(paragraph);
    expect(fresh.lines.length).toBeGreaterThan(2);
    expect(remembered.lines).toEqual(fresh.lines);
    expect(remembered.pdf.equals(fresh.pdf)).toBe(true);
    expect(await textOf(remembered.pdf)).toContain("Heading");
  });

  it("hands each caller lines of its own: changing one list does not change the next setting's", async () => {
    const doc = new PDFDocument({ size: [600, 400], font: files.body });
    const ts = new Typesetter(doc, fontBook(doc, files));
    const style = { face: "body" as const, size: 10, leading: 14, colour: "#1B1F24" };
    const text = [{ text: "Two settings of the same words, the second remembered, each its own list of lines." }];
    const first = ts.set(text, style, 150);
    const count = first.length;
    first.splice(0);
    expect(ts.set(text, style, 150)).toHaveLength(count);
  });
});

describe("a letter one brand face lacks and the other has", () => {
  // brand-b: Source Serif 4 headings, which lack the "Ɛ" (U+0190) of Ghanaian names; Inter body, which has it.
  const brandB = parse(readFileSync(join(ROOT, "test", "fixtures", "brand-b", "brand.yaml"), "utf8")) as Brand;
  const filesB = fontFiles(brandB, ROOT);
  const EPSILON = 0x190;

  it("is set in the other face, in headings and body alike, never as a box", () => {
    const doc = new PDFDocument({ size: [600, 400], font: filesB.body });
    const book = fontBook(doc, filesB);
    expect(book.draws("heading", EPSILON)).toBe(false);
    expect(book.draws("body", EPSILON)).toBe(true);
    for (const face of ["heading", "headingBold", "body", "bodyBold"] as const) {
      const drawn = book.faceFor(face, EPSILON);
      expect(book.draws(drawn, EPSILON), face).toBe(true);
    }
    expect(book.faceFor("heading", EPSILON)).toBe("bodyBold");
    // Letters the heading has stay in it.
    expect(book.faceFor("heading", "k".codePointAt(0)!)).toBe("heading");
  });

  it("puts the body font into a page whose only text is a heading with that letter", async () => {
    const doc = new PDFDocument({ size: [600, 400], font: filesB.heading, info: { CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
    const bytes = collect(doc);
    new Typesetter(doc, fontBook(doc, filesB)).drawRun("Ɛkuraba Harbour", "heading", 24, 40, 60, "#1B1F24");
    doc.end();
    const file = join(mkdtempSync(join(tmpdir(), "citypitch-fonts-")), "heading.pdf");
    writeFileSync(file, await bytes);
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    expect(fonts).toMatch(/SourceSerif4/);
    expect(fonts).toMatch(/Inter/);
  });
});
