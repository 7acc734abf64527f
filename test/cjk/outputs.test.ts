/**
 * A Japanese and a Chinese city (fictional fixtures whose prose is written in the language), built
 * by the CLI and read back: the PDF's embedded fonts, language and text lines, the deck HTML's
 * language and font subsets, the PowerPoint's East Asian typeface and language tags.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPdf, type ReadPdf } from "../brochure/readPdf.ts";
import { ROOT, runCli } from "../helpers/project.ts";

const FIXTURES = { ja: join(ROOT, "test", "fixtures", "testville-ja"), zh: join(ROOT, "test", "fixtures", "testville-zh") };
const out: Record<keyof typeof FIXTURES, string> = { ja: "", zh: "" };
const file = (lang: keyof typeof FIXTURES, name: string) => join(out[lang], "testville", name);

beforeAll(() => {
  for (const lang of ["ja", "zh"] as const) {
    out[lang] = mkdtempSync(join(tmpdir(), `citypitch-cjk-${lang}-`));
    const run = runCli(["build", "testville", "--data", FIXTURES[lang], "--out", out[lang], "--formats", "charts,brochure,html,pptx"]);
    if (run.code !== 0) throw new Error(`the ${lang} build failed (${run.code}):\n${run.stderr}`);
  }
});

afterAll(() => {
  for (const dir of Object.values(out)) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Font names pdffonts lists for a PDF. */
function embeddedFonts(pdf: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync("pdffonts", [pdf], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
  // Columns: name, type, encoding, then emb sub uni ("yes yes yes" for an embedded subset).
  return lines.map((line) => ({ name: line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ""), embedded: /\byes\s+yes\s+yes\b/.test(line) }));
}

/**
 * The text lines of a brochure as drawn: a new line starts where the text moves down (or back
 * left) from the previous item, in content order.
 */
function textLines(pdf: ReadPdf): string[] {
  const lines: string[] = [];
  for (const page of pdf.pages) {
    let previous: { top: number; x: number } | undefined;
    for (const item of page.items) {
      const newLine = !previous || Math.abs(item.top - previous.top) > 1 || item.x < previous.x - 1;
      if (newLine) lines.push(item.str);
      else lines[lines.length - 1] += item.str;
      previous = { top: item.top, x: item.x };
    }
  }
  return lines.map((l) => l.trim()).filter(Boolean);
}

describe("the Japanese brochure", () => {
  let pdf: ReadPdf;
  beforeAll(async () => {
    pdf = await readPdf(readFileSync(file("ja", "testville-brochure.pdf")));
  });

  it("embeds Noto Sans JP, and no Chinese font, for Japanese text", () => {
    const fonts = embeddedFonts(file("ja", "testville-brochure.pdf"));
    expect(fonts.map((f) => f.name)).toEqual(expect.arrayContaining(["NotoSansJP-Regular", "NotoSansJP-Bold"]));
    expect(fonts.filter((f) => f.name.startsWith("NotoSansJP")).every((f) => f.embedded)).toBe(true);
    // Every character is Japanese (the local name too): Chinese glyph forms would be a mistake.
    expect(fonts.some((f) => f.name.startsWith("NotoSansSC"))).toBe(false);
  });

  it("says it is Japanese: /Lang ja in the catalog", () => {
    expect(readFileSync(file("ja", "testville-brochure.pdf"), "latin1")).toMatch(/\/Lang \(ja\)/);
  });

  it("has the Japanese labels in its text", () => {
    const text = pdf.pages.map((p) => p.items.map((i) => i.str).join("")).join("\n");
    for (const label of ["テストヴィル", "港湾貨物取扱量", "コンテナ取扱量", "年間日照時間", "次のデリバリーセンターはテストヴィルに"]) expect(text).toContain(label);
  });

  it("sets a tile's 超 after its number, as Japanese writes it (90%超), not before", () => {
    // The at-a-glance page's text in content order: each tile's number, unit and qualifier follow one another.
    const tiles = pdf.pages[1]!.items.map((item) => item.str.trim()).join("");
    expect(tiles).toMatch(/%超/);
    expect(tiles).toMatch(/トン超/);
    expect(tiles).not.toMatch(/超\d/);
  });

  it("never starts a line with closing punctuation, though the text is full of it", () => {
    const lines = textLines(pdf);
    const japanese = lines.filter((l) => /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]/u.test(l));
    expect(japanese.length).toBeGreaterThan(100);
    expect(japanese.filter((l) => /[、。）」]/.test(l.slice(1))).length).toBeGreaterThan(30);
    for (const line of japanese) expect(line, line).not.toMatch(/^[、。，．・：；？！）」』】〕〉》ー～]/u);
  });
});

describe("the Chinese brochure", () => {
  it("embeds Noto Sans SC and no Japanese font, and says it is Chinese", async () => {
    const fonts = embeddedFonts(file("zh", "testville-brochure.pdf"));
    expect(fonts.map((f) => f.name)).toEqual(expect.arrayContaining(["NotoSansSC-Regular", "NotoSansSC-Bold"]));
    expect(fonts.some((f) => f.name.startsWith("NotoSansJP"))).toBe(false);
    expect(readFileSync(file("zh", "testville-brochure.pdf"), "latin1")).toMatch(/\/Lang \(zh-Hans\)/);
    const pdf = await readPdf(readFileSync(file("zh", "testville-brochure.pdf")));
    const text = pdf.pages.map((p) => p.items.map((i) => i.str).join("")).join("\n");
    for (const label of ["测试城", "港口货物吞吐量", "把您的下一个交付中心设在测试城"]) expect(text).toContain(label);
  });
});

describe("the Japanese deck", () => {
  let html: string;
  beforeAll(() => {
    html = readFileSync(file("ja", "testville-deck.html"), "utf8");
  });

  /** A font the theme inlines, by family name. */
  function inlineFont(family: string): fontkit.Font {
    const match = new RegExp(`font-family:\\s*"${family}";\\s*src:\\s*url\\("data:font/[a-z0-9]+;base64,([A-Za-z0-9+/=]+)"\\)`).exec(html);
    if (!match) throw new Error(`no @font-face for ${family}`);
    return fontkit.create(Buffer.from(match[1]!, "base64")) as fontkit.Font;
  }

  it("writes a chart's figures beside it with the Japanese comma: 'label、2008年公表', not 'label, 2008年公表'", () => {
    const shown = html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, "");
    expect(shown).toMatch(/[\p{Script=Han}\p{Script=Katakana}]、\d{4}年/u);
    expect(shown).not.toMatch(/[\p{Script=Han}\p{Script=Katakana}], \d{4}年/u);
  });

  it("is tagged Japanese and puts the Japanese font first for Japanese text", () => {
    expect(html).toMatch(/<html lang="ja"/);
    const rule = /section:lang\(ja\)[^{]*\{[^}]*--cp-body:\s*([^;]+);/.exec(html)?.[1];
    expect(rule).toMatch(/^"cp-Inter_400Regular", "cp-NotoSansJP_400Regular-subset"/);
    // The notes panes, outside the slides, get the same stack.
    expect(html).toMatch(/\.bespoke-marp-note:lang\(ja\)[^{]*\{font-family:"cp-Inter_400Regular", "cp-NotoSansJP_400Regular-subset"/);
  });

  it("ships a Japanese subset with a glyph for every Japanese character on the slides", () => {
    const jp = inlineFont("cp-NotoSansJP_400Regular-subset");
    const bold = inlineFont("cp-NotoSansJP_700Bold-subset");
    const shown = html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ");
    const cjk = [...new Set(shown.match(/[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}、。「」（）]/gu) ?? [])];
    expect(cjk.length).toBeGreaterThan(200);
    const missing = cjk.filter((ch) => !jp.hasGlyphForCodePoint(ch.codePointAt(0)!) || !bold.hasGlyphForCodePoint(ch.codePointAt(0)!));
    expect(missing).toEqual([]);
    // A subset, not the whole 17,000-glyph font.
    expect(jp.numGlyphs).toBeLessThan(cjk.length * 3);
  });
});

describe("the Japanese PowerPoint", () => {
  it("names Noto Sans JP as the East Asian typeface and tags every run ja-JP", () => {
    const parts = unzipSync(readFileSync(file("ja", "testville-deck.pptx")));
    const slides = Object.keys(parts).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    expect(slides.length).toBeGreaterThan(5);
    const xml = slides.map((n) => strFromU8(parts[n]!)).join("\n");
    const ea = new Set([...xml.matchAll(/<a:ea typeface="([^"]*)"/g)].map((m) => m[1]));
    expect([...ea]).toEqual(["Noto Sans JP"]);
    const langs = new Set([...xml.matchAll(/<a:(?:rPr|endParaRPr)\b[^>]*?\blang="([^"]*)"/g)].map((m) => m[1]));
    expect(langs.has("ja-JP")).toBe(true);
    expect(langs.has("en-US")).toBe(false);
    expect(xml).toContain("港湾貨物取扱量");
    // Lists and label-and-year pairs take the language's own comma, as the Marp deck and the brochure do.
    expect(xml).not.toMatch(/[\p{Script=Han}\p{Script=Katakana}], [\p{Script=Han}\p{Script=Katakana}\d]/u);
    expect(strFromU8(parts["ppt/theme/theme1.xml"]!)).toMatch(/<a:minorFont><a:latin typeface="[^"]*"[^>]*\/><a:ea typeface="Noto Sans JP"/);
  });
});
