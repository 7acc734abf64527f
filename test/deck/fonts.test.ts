/** The local-script font subset and the theme that carries the fonts. */
import * as fontkit from "fontkit";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { subsetFont, themeFonts } from "../../src/deck/fonts.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { loadContexts, ROOT } from "./project.ts";
import { TESTVILLE } from "../helpers/project.ts";

const NOTO = join(ROOT, "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");

describe("subsetFont", () => {
  it("keeps just the wanted characters, as WOFF2 with TrueType outlines", async () => {
    const wanted = [..."大连测试城"].map((c) => c.codePointAt(0)!);
    const subset = (await subsetFont(readFileSync(NOTO), [...wanted, 0x1f600]))!;
    expect(subset.subarray(0, 4).toString("latin1")).toBe("wOF2");
    expect(subset.length).toBeLessThan(10_000);
    const font = fontkit.create(subset);
    expect(font.directory.tables.glyf).toBeTruthy();
    for (const cp of wanted) expect(font.hasGlyphForCodePoint(cp)).toBe(true);
    expect(font.hasGlyphForCodePoint("中".codePointAt(0)!)).toBe(false);
    expect(font.glyphForCodePoint(wanted[0]!).id).toBeGreaterThan(0);
  });

  it("keeps the kerning (GPOS) of a Latin face", async () => {
    const inter = readFileSync(join(ROOT, "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf"));
    const subset = (await subsetFont(
      inter,
      [..."AVATAR Testville"].map((c) => c.codePointAt(0)!),
    ))!;
    const font = fontkit.create(subset);
    expect(font.directory.tables.GPOS).toBeTruthy();
    expect(subset.length).toBeLessThan(inter.length / 10);
  });

  it("returns nothing when the font has none of the characters", async () => {
    expect(await subsetFont(readFileSync(NOTO), [0x1f600])).toBeUndefined();
  });
});

describe("themeFonts", () => {
  it("adds the local font only for characters the body font lacks", async () => {
    const [ctx] = await loadContexts(TESTVILLE, ["testville"], "md");
    const latin = await themeFonts(ctx!.brand, ROOT, "Testville at a glance");
    expect(latin.faces).not.toContain("NotoSansSC");
    const local = await themeFonts(ctx!.brand, ROOT, "Testville 测试城");
    expect(local.faces).toContain("NotoSansSC_400Regular-subset");
    expect(local.stacks.headingBold).toMatch(/Inter_800ExtraBold.*NotoSansSC_700Bold-subset/);
    // Inter 600 serves both as heading regular and body bold: embedded once.
    expect(local.faces.match(/Inter_600SemiBold/g)).toHaveLength(1);
  });
});

describe("findBrowser", () => {
  it("trusts CHROME_PATH only when it is an executable", () => {
    expect(findBrowser({ CHROME_PATH: "/nonexistent/chrome", PATH: "/usr/bin" }, "linux")).toBeUndefined();
    expect(findBrowser({ CHROME_PATH: process.execPath }, "linux")).toBe(process.execPath);
  });

  it("finds nothing where nothing is installed", () => {
    expect(findBrowser({ PATH: "/nonexistent" }, "aix")).toBeUndefined();
  });
});
