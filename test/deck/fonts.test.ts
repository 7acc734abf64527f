/** The local-script font subset and the theme that carries the fonts. */
import * as fontkit from "fontkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import hbSubset from "subset-font";
import { subsetFont, themeFonts } from "../../src/deck/fonts.ts";
import { subsetterHeld } from "../../src/deck/subsetter.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { loadContexts, ROOT } from "./project.ts";
import type { Brand } from "../../src/data/schema.ts";
import { TESTVILLE } from "../helpers/project.ts";
import { tablesOf } from "../helpers/sfnt.ts";

/** Google's reference WOFF2 decoder, compiled to wasm (no types of its own). */
const reference = createRequire(import.meta.url)("wawoff2") as { decompress(font: Uint8Array): Promise<Uint8Array> };

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

  it("cuts exactly the bytes subset-font cuts, Latin and CJK", async () => {
    const text = "Testville 测试城, AVATAR fi 2023 →";
    for (const file of [NOTO, join(ROOT, "node_modules/@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf")]) {
      const original = readFileSync(file);
      const ours = (await subsetFont(
        original,
        [...text].map((c) => c.codePointAt(0)!),
        "truetype",
      ))!;
      const theirs = await hbSubset(original, [...new Set(text)].filter((c) => fontkit.create(original).hasGlyphForCodePoint(c.codePointAt(0)!)).join(""), {
        targetFormat: "truetype",
      });
      expect(ours.length).toBeGreaterThan(1000);
      expect(Buffer.compare(ours, theirs)).toBe(0);
    }
  });

  it("returns nothing when the font has none of the characters", async () => {
    expect(await subsetFont(readFileSync(NOTO), [0x1f600])).toBeUndefined();
  });
});

describe("themeFonts", () => {
  it("adds the local font only for characters the body font lacks", async () => {
    const [ctx] = await loadContexts(TESTVILLE, ["testville"], "md");
    const latin = await themeFonts(ctx!.brand, ROOT, "Testville at a glance");
    expect(await latin.faces("truetype")).not.toContain("NotoSansSC");
    const local = await themeFonts(ctx!.brand, ROOT, "Testville 测试城");
    const faces = await local.faces("truetype");
    expect(faces).toContain("NotoSansSC_400Regular-subset");
    expect(local.stacks.headingBold).toMatch(/Inter_800ExtraBold.*NotoSansSC_700Bold-subset/);
    // Inter 600 serves both as heading regular and body bold: embedded once.
    expect(faces.match(/Inter_600SemiBold/g)).toHaveLength(1);
  });

  it("falls back from one brand face to the other, before the script fonts, only for letters the text has that one lacks", async () => {
    // brand-b: Source Serif 4 headings without the "Ɛ" of Ghanaian names, which its Inter body has.
    const brandB = parse(readFileSync(join(ROOT, "test", "fixtures", "brand-b", "brand.yaml"), "utf8")) as Brand;
    const { stacks } = await themeFonts(brandB, ROOT, "Ɛkuraba 测试城");
    expect(stacks.heading).toMatch(/^"cp-SourceSerif4_600SemiBold", "cp-Inter_300Light", "cp-NotoSansSC_400Regular-subset"/);
    expect(stacks.headingBold).toMatch(/^"cp-SourceSerif4_700Bold", "cp-Inter_500Medium", "cp-NotoSansSC_700Bold-subset"/);
    expect(stacks.body).toMatch(/^"cp-Inter_300Light", "cp-NotoSansSC_400Regular-subset"/);
    // A text both faces draw keeps each face's stack to itself.
    const plain = await themeFonts(brandB, ROOT, "Akuraba 测试城");
    expect(plain.stacks.heading).toMatch(/^"cp-SourceSerif4_600SemiBold", "cp-NotoSansSC_400Regular-subset"/);
  });

  it("lets go of HarfBuzz once the faces are cut, and never loads subset-font's WOFF2 converter", async () => {
    const [ctx] = await loadContexts(TESTVILLE, ["testville"], "md");
    const cutting = themeFonts(ctx!.brand, ROOT, "Testville 测试城");
    expect(subsetterHeld()).toBe(true);
    await cutting;
    expect(subsetterHeld()).toBe(false);
    // In a process of its own (this one's tests load subset-font): the theme is cut, wawoff2 (two
    // wasm modules of 16 MiB each) is not loaded, and once collected, HarfBuzz's 65 MiB are gone.
    const script = `
      import { createRequire } from "node:module";
      import { themeFonts } from "./src/deck/fonts.ts";
      const brand = ${JSON.stringify(ctx!.brand)};
      const fonts = await themeFonts(brand, process.cwd(), "Testville 测试城");
      const faces = await fonts.faces("woff2");
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => /wawoff2|fontverter/.test(p));
      // Turns of the loop and collections until it is gone (or 2 s): the cut's last continuation
      // refers to the instance for a turn, and a busy machine frees a collected memory a little later.
      const external = () => process.memoryUsage().external / 1048576;
      for (let i = 0; i < 40 && external() >= 32; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        globalThis.gc();
      }
      console.log(JSON.stringify({ faces: faces.length, loaded, external: external() }));
    `;
    const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const out = JSON.parse(child.stdout) as { faces: number; loaded: string[]; external: number };
    expect(out.faces).toBeGreaterThan(10_000);
    expect(out.loaded).toEqual([]);
    expect(out.external).toBeLessThan(32);
  }, 90_000);
});

describe("themeFonts' two encodings", () => {
  it("ships as WOFF2 the very TrueType subsets it measures with", async () => {
    const [ctx] = await loadContexts(TESTVILLE, ["testville"], "md");
    const fonts = await themeFonts(ctx!.brand, ROOT, "Testville 测试城 at a glance");
    const faces = (css: string) =>
      new Map(
        [...css.matchAll(/font-family: "([^"]+)"; src: url\("data:font\/[a-z0-9]+;base64,([^"]+)"\) format\("([a-z0-9]+)"\)/g)].map((m) => [
          m[1]!,
          { bytes: Buffer.from(m[2]!, "base64"), format: m[3]! },
        ]),
      );
    const [measured, shipped] = [faces(await fonts.faces("truetype")), faces(await fonts.faces("woff2"))];
    expect([...shipped.keys()]).toEqual([...measured.keys()]);
    expect(shipped.size).toBeGreaterThan(3);
    for (const [family, { bytes, format }] of shipped) {
      expect(format, family).toBe("woff2");
      expect(measured.get(family)!.format, family).toBe("truetype");
      // Decoded by Google's reference decoder, every table but head (flagged by the encoder) is the TrueType one.
      const decoded = tablesOf(Buffer.from(await reference.decompress(bytes)));
      const original = tablesOf(measured.get(family)!.bytes);
      expect([...decoded.keys()].sort(), family).toEqual([...original.keys()].sort());
      for (const [tag, table] of original) if (tag !== "head") expect(Buffer.compare(decoded.get(tag)!, table), `${family} ${tag}`).toBe(0);
    }
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
