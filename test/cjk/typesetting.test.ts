/**
 * CJK typesetting in the brochure's own line setter and the charts' label wrapper: kinsoku at every
 * width, the edition's script font (Japanese glyph forms for Japanese), no italics and no
 * letter-spacing on CJK runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCanvas } from "canvas";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fontBook, fontFiles } from "../../src/brochure/fonts.ts";
import { Typesetter, type Line } from "../../src/brochure/text.ts";
import { createTheme } from "../../src/brochure/theme.ts";
import { wrap } from "../../src/charts/plugins/draw.ts";
import { registerBrandFonts } from "../../src/charts/render.ts";
import { brandFonts } from "../../src/charts/theme.ts";
import { languageFont, scriptFonts } from "../../src/data/scriptFonts.ts";
import type { Brand } from "../../src/data/schema.ts";
import { ROOT } from "../helpers/project.ts";

const brand = parse(readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")) as Brand;
const theme = createTheme(brand, "a4");

/** Closing punctuation and the small kana a Japanese or Chinese line never starts with. */
const NEVER_FIRST = /^[、。，．・：；？！）」』】〕〉》ー…っゃゅょァィゥェォッャュョ々～]/u;
const NEVER_LAST = /[（「『【〔〈《]$/u;

const JAPANESE =
  "テストヴィルは例示省サンプル半島の南端に位置し、西は西テスト海、東は東テスト海に面している。「四つの基地」の一つで、" +
  "フィクスチュリア向けの長年のソフトウェア輸出（2007年）と、欧米市場への進出の上に築かれている。計画期間は2006年～2010年～2015年～" +
  "2020年。ソフトウェア・サービスの拠点！";

function typesetter(languages: string[]) {
  const files = fontFiles(brand, ROOT, languages);
  const doc = new PDFDocument({ autoFirstPage: true, font: files.body });
  return { ts: new Typesetter(doc, fontBook(doc, files)), files };
}

const textOf = (line: Line) => line.fragments.map((f) => f.text).join("");

describe("the edition's script fonts", () => {
  it("chooses Noto Sans JP for Japanese and SC for Simplified Chinese, and lets the brand override", () => {
    expect(languageFont(brand, "ja")?.regular).toMatch(/NotoSansJP_400Regular\.ttf$/);
    expect(languageFont(brand, "ja-JP")?.regular).toMatch(/NotoSansJP_400Regular\.ttf$/);
    expect(languageFont(brand, "zh-Hans")?.regular).toMatch(/NotoSansSC_400Regular\.ttf$/);
    expect(languageFont(brand, "zh-CN")?.regular).toMatch(/NotoSansSC_400Regular\.ttf$/);
    expect(languageFont(brand, "ko")?.regular).toMatch(/NotoSansKR_400Regular\.ttf$/);
    expect(languageFont(brand, "en")).toBeUndefined();
    const own: Brand = { ...brand, fonts: { ...brand.fonts, languages: { "ja-JP": { regular: "my/ja.ttf" } } } };
    expect(languageFont(own, "ja")?.regular).toBe("my/ja.ttf");
    // The edition's font first, the local name's next, the brand's local font last; no repeats.
    expect(scriptFonts(brand, ["ja", "zh-Hans"]).map((f) => f.regular.split("/").pop())).toEqual(["NotoSansJP_400Regular.ttf", "NotoSansSC_400Regular.ttf"]);
  });

  it("sets kanji in the Japanese font in a Japanese edition and in the Chinese font in a Chinese one", () => {
    const ja = typesetter(["ja"]);
    const zh = typesetter(["zh-Hans"]);
    const [jaLine] = ja.ts.set([{ text: "大連の港" }], theme.text.body, 400);
    const [zhLine] = zh.ts.set([{ text: "大连的港" }], theme.text.body, 400);
    expect(ja.files[jaLine!.fragments[0]!.face]).toMatch(/NotoSansJP/);
    expect(zh.files[zhLine!.fragments[0]!.face]).toMatch(/NotoSansSC/);
  });

  it("falls back to the local name's font for a character the edition's font lacks", () => {
    // 连 (simplified) is not in Noto Sans JP: a Chinese local name in a Japanese edition still prints.
    const { ts, files } = typesetter(["ja", "zh-Hans"]);
    const [line] = ts.set([{ text: "大连" }], theme.text.body, 400);
    const faces = line!.fragments.map((f) => files[f.face].split("/").pop());
    expect(faces).toEqual(["NotoSansJP_400Regular.ttf", "NotoSansSC_400Regular.ttf"]);
    // The local name itself is set whole in its own language's font.
    const [name] = ts.set([{ text: "大连" }], { ...theme.text.h2, face: "nativeBold" }, 400);
    expect(name!.fragments.map((f) => files[f.face].split("/").pop())).toEqual(["NotoSansSC_700Bold.ttf"]);
  });
});

describe("kinsoku in the brochure's line setter", () => {
  it("never starts a line with closing punctuation or ends one with an opening bracket, at any width", () => {
    const { ts } = typesetter(["ja"]);
    let lines = 0;
    let punctuationInside = 0;
    for (let width = 60; width <= 420; width += 7) {
      const set = ts.set([{ text: JAPANESE }], theme.text.body, width).map(textOf);
      expect(set.join("")).toBe(JAPANESE);
      for (const line of set) {
        expect(line, `width ${width}: ${line}`).not.toMatch(NEVER_FIRST);
        expect(line, `width ${width}: ${line}`).not.toMatch(NEVER_LAST);
        if (/[、。」）～]/.test(line.slice(1))) punctuationInside++;
      }
      lines += set.length;
    }
    // The text is broken into many lines between characters (no spaces needed), and the
    // punctuation the rule moves is really there to move.
    expect(lines).toBeGreaterThan(300);
    expect(punctuationInside).toBeGreaterThan(100);
  });

  it("keeps Korean words whole, breaking at the spaces between them, at every width", () => {
    const korean = "테스트빌은 예시도 샘플 반도의 남단에 위치하며, 소프트웨어와 서비스 산업의 거점으로 성장하고 있다. 수출과 인재 양성을 함께 추진한다.";
    const words = new Set(korean.split(" "));
    const { ts } = typesetter(["ko"]);
    let lines = 0;
    for (let width = 90; width <= 420; width += 9) {
      const set = ts.set([{ text: korean }], theme.text.body, width).map(textOf);
      expect(set.join(" ")).toBe(korean);
      for (const line of set) for (const word of line.split(" ")) expect(words.has(word), `width ${width}: "${line}"`).toBe(true);
      lines += set.length;
    }
    expect(lines).toBeGreaterThan(100);
  });

  it("drops a space after full-width punctuation, which has its own, and keeps spaces between words", () => {
    const { ts } = typesetter(["ja"]);
    const [line] = ts.set([{ text: "人口。 別の読み方、 600万人（2008年） です。 Dalian Port" }], theme.text.body, 500);
    expect(textOf(line!)).toBe("人口。別の読み方、600万人（2008年）です。Dalian Port");
  });

  it("sets CJK runs solid and upright: no tracking from a spaced capitals style, no italic face", () => {
    const { ts, files } = typesetter(["ja"]);
    const [kicker] = ts.set([{ text: "港湾 PORT" }], theme.text.kicker, 400);
    const cjk = kicker!.fragments.find((f) => /港/.test(f.text))!;
    const latin = kicker!.fragments.find((f) => /PORT/.test(f.text))!;
    expect(theme.text.kicker.tracking).toBeGreaterThan(0);
    expect(cjk.tracking).toBe(0);
    expect(latin.tracking).toBe(theme.text.kicker.tracking);
    // Italic in a CJK edition is the upright face, for the Latin words too.
    expect(files.bodyItalic).toBe(files.body);
    const [caption] = ts.set([{ text: "出典 source", italic: true }], theme.text.caption, 400);
    for (const f of caption!.fragments) expect(files[f.face]).not.toMatch(/Italic/);
    expect(typesetter(["en"]).files.bodyItalic).toMatch(/Italic/);
  });
});

describe("chart labels", () => {
  it("wraps Japanese labels between characters with kinsoku, not only at spaces", () => {
    registerBrandFonts(brand, ROOT);
    const ctx = createCanvas(200, 100).getContext("2d");
    ctx.font = `normal normal 8px ${brandFonts(brand, ["ja"]).fonts.body.family}`;
    const lines = wrap(ctx as unknown as CanvasRenderingContext2D, JAPANESE, 90);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.join("")).toBe(JAPANESE);
    for (const line of lines) {
      expect(line).not.toMatch(NEVER_FIRST);
      expect(ctx.measureText(line).width).toBeLessThanOrEqual(90 + 8);
    }
  });

  it("draws Japanese chart labels in Japanese glyph forms and Chinese ones in Chinese forms", () => {
    registerBrandFonts(brand, ROOT);
    const draw = (family: string) => {
      const canvas = createCanvas(240, 40);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, 240, 40);
      ctx.fillStyle = "#000";
      ctx.font = `normal normal 20px ${family}`;
      // 直 and 骨 are drawn differently in Japan and in mainland China.
      ctx.fillText("直骨 港湾", 4, 28);
      return canvas.toBuffer("raw");
    };
    const ja = draw(brandFonts(brand, ["ja"]).fonts.body.family);
    const zh = draw(brandFonts(brand, ["zh-Hans"]).fonts.body.family);
    const jpAlone = draw(brandFonts(brand, ["ja"]).fonts.body.family.split(", ")[1]!);
    const scAlone = draw("citypitch-local");
    expect(ja.equals(jpAlone)).toBe(true);
    expect(zh.equals(scAlone)).toBe(true);
    expect(ja.equals(zh)).toBe(false);
  });

  it("puts the edition's script font first in every chart family, and keeps italics upright in CJK", () => {
    const ja = brandFonts(brand, ["ja"]).fonts;
    const zh = brandFonts(brand, ["zh-Hans"]).fonts;
    expect(ja.body.family).toMatch(/^citypitch-body, citypitch-NotoSansJP/);
    expect(zh.body.family).toMatch(/^citypitch-body, citypitch-local/);
    expect(ja.italic.style).toBe("normal");
    expect(brandFonts(brand, ["en"]).fonts.italic.style).toBe("italic");
  });
});
