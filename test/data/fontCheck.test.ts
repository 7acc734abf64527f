/**
 * How closely a run checks the brand's fonts (src/data/brandFiles.ts, FontCheck): a build of the
 * editable PowerPoint alone checks only the tables its text measure reads, every other run checks
 * each font as fontkit (and so pdfkit and canvas) reads it. Every font is checked by every run,
 * whether the run sets text in it or not; a font the lighter check does not pass gets the full one,
 * so the user reads the same problem in the same words; and a font that only the lighter check
 * passes is still refused by any run that needs the full one, whatever the memo of an earlier run.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { layoutDir } from "../../src/cache/store.ts";
import { fontCheckFor, fontProblem, tablesShowUsable } from "../../src/data/brandFiles.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { CitypitchError, formatProblems } from "../../src/errors.ts";
import { readMetrics } from "../../src/pptx/metrics.ts";
import { copyFixture, edit, options, ROOT } from "../helpers/project.ts";

const INTER = join(ROOT, "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf");
const BODY = "regular: node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf";
const LOCAL_BOLD = "bold: node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf";

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Inter with one table's directory entry rewritten by `change` (its tag, offset and length at `at`). */
function interWith(change: (font: Buffer, at: number, tag: string) => void): Buffer {
  const font = Buffer.from(readFileSync(INTER));
  for (let i = 0; i < font.readUInt16BE(4); i++) change(font, 12 + i * 16, font.toString("latin1", 12 + i * 16, 16 + i * 16));
  return font;
}

/**
 * maxp moved to the end of the file and cut after its first six bytes, though it says it is a
 * version 1.0 table of 32: the glyph count the tables check reads is there, fontkit cannot decode the rest.
 */
function cutMaxp(): Buffer {
  const original = readFileSync(INTER);
  let font = Buffer.alloc(0);
  interWith((copy, at, tag) => {
    if (tag !== "maxp") return;
    const offset = copy.readUInt32BE(at + 8);
    copy.writeUInt32BE(original.length, at + 8);
    copy.writeUInt32BE(6, at + 12);
    font = Buffer.concat([copy, original.subarray(offset, offset + 6)]);
  });
  return font;
}

const BROKEN: [string, () => Buffer][] = [
  ["not a font", () => Buffer.from("not a font at all")],
  ["a web font", () => Buffer.concat([Buffer.from("wOFF"), Buffer.alloc(60)])],
  ["a damaged font", () => Buffer.concat([Buffer.from([0, 1, 0, 0]), Buffer.alloc(64, 7)])],
  ["a font without a character map", () => interWith((font, at, tag) => (tag === "cmap" ? void font.write("cmaq", at, "latin1") : undefined))],
  ["a font of one glyph", () => interWith((font, at, tag) => (tag === "maxp" ? void font.writeUInt16BE(1, font.readUInt32BE(at + 8) + 4) : undefined))],
  ["a font whose maxp table is cut short", cutMaxp],
];

/** A Testville project whose brand sets `slot` (a line of brand.yaml) to a font file of these bytes. */
function project(bytes: Buffer, slot = BODY): string {
  const dataDir = copyFixture();
  // Font paths must lie inside the project.
  const dir = mkdtempSync(join(ROOT, ".tmp", "fontcheck-"));
  temps.push(dataDir, dir);
  writeFileSync(join(dir, "font.ttf"), bytes);
  edit(dataDir, "brand.yaml", slot, `${slot.split(":")[0]}: ${relative(ROOT, join(dir, "font.ttf"))}`);
  return dataDir;
}

/** An output folder without a cache: a memo that lasts as long as one run. */
function scratchOut(): string {
  const out = mkdtempSync(join(tmpdir(), "citypitch-fontcheck-out-"));
  temps.push(out);
  return out;
}

/** The problems a run of these formats reports ("" for none), with the font memo of `out` when given. */
async function report(dataDir: string, formats: string, out = scratchOut()): Promise<string> {
  const base = options({ formats, out });
  try {
    await loadAndValidate({ ...base, dataDir, slugs: [] });
    return "";
  } catch (error) {
    if (error instanceof CitypitchError) return formatProblems(error.problems);
    throw error;
  }
}

describe("the check a run makes of the fonts", () => {
  it("is the tables' for the editable PowerPoint alone, fontkit's for anything else", () => {
    expect(fontCheckFor(new Set(["pptx"]))).toBe("tables");
    for (const formats of [["pptx", "charts"], ["pptx", "pdf"], ["brochure"], ["md"], ["pptx-images"], []]) expect(fontCheckFor(new Set(formats))).toBe("fontkit");
    expect(fontCheckFor(undefined)).toBe("fontkit");
  });

  it("passes every shipped font on their tables alone, as fontkit passes them", () => {
    const fonts = ["inter/400Regular/Inter_400Regular.ttf", "noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf", "noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf"];
    for (const file of fonts.map((f) => join(ROOT, "node_modules/@expo-google-fonts", f))) {
      expect(tablesShowUsable(readMetrics(file))).toBe(true);
      expect(fontProblem(file, readFileSync(file), false)).toBeUndefined();
    }
  });

  it.each(BROKEN.slice(0, -1))("reports %s in the same words for the PowerPoint alone as for every format", async (_, bytes) => {
    const dataDir = project(bytes());
    const full = await report(dataDir, "brochure,pptx");
    expect(full).toMatch(/brand\.yaml:\d+:\d+ {2}fonts\.body\.regular: .*(is not a TrueType|is a web font|is damaged|has no characters)/);
    expect(await report(dataDir, "pptx")).toBe(full);
  });

  it("reports a broken font that the PowerPoint alone does not set text in (the local script's bold)", async () => {
    const dataDir = project(BROKEN[2]![1](), LOCAL_BOLD);
    const full = await report(dataDir, "charts");
    expect(full).toMatch(/fonts\.local\.bold: .*is damaged/);
    expect(await report(dataDir, "pptx")).toBe(full);
  });

  it("lets a font pass the tables check that fontkit refuses, and refuses it whenever the full check is needed, memo or not", async () => {
    const bytes = cutMaxp();
    const file = join(mkdtempSync(join(tmpdir(), "citypitch-cut-")), "cut.ttf");
    temps.push(join(file, ".."));
    writeFileSync(file, bytes);
    expect(tablesShowUsable(readMetrics(file))).toBe(true);
    expect(fontProblem(file, bytes, false)).toMatch(/is damaged/);

    const dataDir = project(bytes);
    const out = scratchOut();
    // With a cache folder, the verdicts are kept in its memo (src/cache/fontFacts.ts) between runs.
    mkdirSync(layoutDir(out), { recursive: true });
    const memo = join(layoutDir(out), "fonts.json");
    expect(await report(dataDir, "pptx", out)).toBe("");
    expect(readFileSync(memo, "utf8")).toContain('\\"tables\\":true');
    expect(await report(dataDir, "brochure", out)).toMatch(/fonts\.body\.regular: .*is damaged/);
    // The full check's verdict, now in the memo, does not change what the PowerPoint alone is told.
    expect(await report(dataDir, "pptx", out)).toBe("");
    expect(await report(dataDir, "pptx,md", out)).toMatch(/fonts\.body\.regular: .*is damaged/);
    expect(await report(dataDir, "pptx")).toBe("");
  });

  it("checks the glyphs of the data against the fonts' tables as against fontkit's answers", async () => {
    const dataDir = copyFixture();
    temps.push(dataDir);
    edit(dataDir, "cities/testville.yaml", "tagline: North", "tagline: เมือง North");
    const full = await report(dataDir, "brochure");
    expect(full).toMatch(/tagline: the brand's fonts have no glyph for "เ"/);
    expect(await report(dataDir, "pptx")).toBe(full);
    const dalian = { ...options({ formats: "pptx", out: scratchOut() }), dataDir: join(ROOT, "data"), slugs: ["dalian"] };
    expect(formatProblems((await loadAndValidate(dalian)).warnings)).toBe("");
  });
});
