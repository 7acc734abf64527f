/**
 * The PowerPoint's text measure reads each font's cmap, hmtx, head and name tables itself
 * (src/pptx/metrics.ts) instead of loading fontkit: every answer must be fontkit's, for every
 * character each font maps and for some it does not, or box sizes and the slides' fit would change.
 * The fonts are the ones a build measures: the brand's, the script fonts and the Office fallbacks'
 * metric twins.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type * as Fontkit from "fontkit";
import { parse as parseYaml } from "yaml";
import { numberSize, WIDTH_SAFETY } from "../../src/pptx/layout.ts";
import { readMetrics } from "../../src/pptx/metrics.ts";
import { advanceOf, fontkitMetrics, TextMeasure, type Face } from "../../src/pptx/text.ts";
import { ROOT } from "../helpers/project.ts";

const fontkit = createRequire(import.meta.url)("fontkit") as typeof Fontkit;
const FONTS = join(ROOT, "node_modules", "@expo-google-fonts");
const ttfs = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ttf"))
    .map((e) => join(e.parentPath, e.name));
const LIBERATION = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"].find((dir) => existsSync(dir));
const files = [
  ...["inter", "noto-sans-sc", "noto-sans-jp", "noto-sans-kr"].flatMap((pkg) => ttfs(join(FONTS, pkg)).filter((f) => /(400Regular|600SemiBold|700Bold|800ExtraBold)\//.test(f))),
  ...(LIBERATION ? ttfs(LIBERATION).filter((f) => /Liberation(Sans|Serif|Mono)-(Regular|Bold)\.ttf$/.test(f)) : []),
];

describe("font metrics read from the font's tables", () => {
  it("covers the brand's faces, the script fonts and the metric twins", () => {
    expect(files.filter((f) => f.includes("Inter_")).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.includes("NotoSans")).length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)("answers as fontkit does for %s", (file) => {
    const font = fontkit.create(readFileSync(file)) as Fontkit.Font;
    const face = font as unknown as Face;
    const mine = readMetrics(file);
    // These plain static TrueType fonts are read without fontkit, or the build loads it after all.
    expect(mine).toBeDefined();
    expect(mine!.familyName).toBe(face.familyName);
    expect(mine!.unitsPerEm).toBe(face.unitsPerEm);
    // Every character the font maps (30,000 in a CJK font), its neighbours, and some it cannot have.
    const mapped = font.characterSet;
    expect(mapped.length).toBeGreaterThan(200);
    const asked = [...new Set([...mapped, ...mapped.map((cp) => cp + 1), 0, 0x7f, 0xe000, 0xfffd, 0xffff, 0x1f600, 0x2a6d6, 0x10ffff])];
    const wrong = asked.filter((cp) => mine!.has(cp) !== font.hasGlyphForCodePoint(cp) || mine!.advance(cp) !== advanceOf(face, cp));
    expect(wrong.map((cp) => cp.toString(16))).toEqual([]);
    // advanceOf itself is held to fontkit's glyph objects in advances.test.ts.
  });

  it("declines what it does not read, and fontkit answers then", () => {
    expect(readMetrics(join(ROOT, "data", "brand", "logo.png"))).toBeUndefined();
    expect(readMetrics(join(ROOT, "no-such-font.ttf"))).toBeUndefined();
  });
});

/** The default brand's faces (Inter, with Noto Sans SC for the local script), Arial as their Office name. */
const FACES = {
  heading: { regular: join(FONTS, "inter/600SemiBold/Inter_600SemiBold.ttf"), bold: join(FONTS, "inter/800ExtraBold/Inter_800ExtraBold.ttf") },
  body: { regular: join(FONTS, "inter/400Regular/Inter_400Regular.ttf"), bold: join(FONTS, "inter/600SemiBold/Inter_600SemiBold.ttf") },
  local: { regular: join(FONTS, "noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"), bold: join(FONTS, "noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf") },
  office: { heading: "Arial", body: "Arial" },
} as unknown as ConstructorParameters<typeof TextMeasure>[0];

describe("the PowerPoint's text measure", () => {
  it("gives the widths fontkit gives, Latin, CJK and mixed", () => {
    const fonts = FACES;
    const measure = new TextMeasure(fonts, ROOT, ["en", "zh"]);
    // The same sums over fontkit's own answers: the brand face, or the local font where it lacks the character.
    const open = (file: string) => fontkitMetrics(fontkit.create(readFileSync(file)) as unknown as Face);
    const body = open(fonts.body.regular);
    const local = open(fonts.local.regular);
    const twin = LIBERATION ? open(join(LIBERATION, "LiberationSans-Regular.ttf")) : undefined;

    const em = (text: string, face: typeof body) =>
      [...text].reduce((sum, ch) => {
        const cp = ch.codePointAt(0)!;
        const f = face.has(cp) ? face : local.has(cp) ? local : face;
        return sum + f.advance(cp) / f.unitsPerEm;
      }, 0);
    for (const text of ["Dalian: 7.45 million people, GDP ¥835 bn (2023) — up 6.7 %", "大连市 软件和信息技术服务业", "Dalian 大连 · 2023年 · “quoted” – ½"]) {
      // Regular text: the layout's width safety leaves room for LibreOffice's stand-in (bold text gets 6 % more).
      const expected = Math.max(em(text, body), twin ? em(text, twin) : em(text, body) * 1.12) * 12;
      expect(measure.width(text, "body", 12)).toBeCloseTo(expected, 9);
    }
    // Bold text has room for the stand-in's wider bold: a tile's number keeps its digits together in LibreOffice.
    const bold = open(fonts.body.bold);
    expect(measure.width("5.81234567891", "bold", 12)).toBeGreaterThanOrEqual(em("5.81234567891", bold) * 1.06 * 12 - 1e-9);
    expect(measure.faces.body).toBe("Inter");
    expect(measure.faces.local).toBe("Noto Sans SC");
  });

  it("leaves room for kerning: fontkit's laid-out width of every text of the Dalian data fits the width the layout allows", () => {
    // The measure sums advances; the fonts' kerning (GPOS) moves some pairs apart, by a fraction of a
    // per cent of a line: the share of a box the layout fills (WIDTH_SAFETY) must hold that too.
    const fonts = {
      heading: {
        regular: "node_modules/@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf",
        bold: "node_modules/@expo-google-fonts/inter/800ExtraBold/Inter_800ExtraBold.ttf",
      },
      body: { regular: "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf", bold: "node_modules/@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf" },
      local: {
        regular: "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
        bold: "node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
      },
      office: { heading: "Arial", body: "Arial" },
    } as unknown as ConstructorParameters<typeof TextMeasure>[0];
    const measure = new TextMeasure(fonts, ROOT, ["en", "zh"]);
    const open = (file: string) => fontkit.create(readFileSync(join(ROOT, file))) as unknown as { unitsPerEm: number; layout(text: string): { advanceWidth: number } };
    const faces = (role: "body" | "bold") =>
      role === "body" ? { latin: open(fonts.body.regular), han: open(fonts.local.regular) } : { latin: open(fonts.body.bold), han: open(fonts.local.bold!) };
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node === "string") texts.push(node);
      else if (node && typeof node === "object") Object.values(node).forEach(walk);
    };
    walk(parseYaml(readFileSync(join(ROOT, "data", "cities", "dalian.yaml"), "utf8")));
    const latin = texts.filter((t) => /^[\x20-\x7e]{4,}$/.test(t));
    const han = texts.filter((t) => /^\p{Script=Han}{2,}$/u.test(t));
    expect(latin.length).toBeGreaterThan(100);
    expect(han.length).toBeGreaterThan(0);
    for (const role of ["body", "bold"] as const) {
      const face = faces(role);
      const tooWide = [
        ...latin.filter((t) => (face.latin.layout(t).advanceWidth / face.latin.unitsPerEm) * 12 > measure.width(t, role, 12) / WIDTH_SAFETY),
        ...han.filter((t) => (face.han.layout(t).advanceWidth / face.han.unitsPerEm) * 12 > measure.width(t, role, 12) / WIDTH_SAFETY),
      ];
      expect(tooWide).toEqual([]);
    }
  });
});

describe("a tile's number size", () => {
  it("keeps a number on one line by setting it smaller, down to half its size, and leaves a short one as it is", () => {
    const measure = new TextMeasure(FACES, ROOT, ["en"]);
    const room = (widthIn: number) => widthIn * 72 * WIDTH_SAFETY;
    expect(numberSize(measure, "140,000", 2.2, 26)).toBe(26);
    const long = "1,000,000,000,000";
    const size = numberSize(measure, long, 2.2, 26);
    expect(size).toBeLessThan(26);
    expect(size).toBeGreaterThanOrEqual(13);
    expect(measure.width(long, "headingBold", size)).toBeLessThanOrEqual(room(2.2));
    // Never below half: a number of forty digits wraps rather than shrinks to nothing.
    expect(numberSize(measure, "1".repeat(40), 2.2, 26)).toBe(13);
  });
});
