/**
 * The glyph-coverage check follows the edition's language: a character is checked against the
 * fonts that would set it (the brand's Latin faces, the language's CJK font, the local name's, the
 * brand's local font), and one no font can draw fails the build naming the field and the code point.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateForRun } from "../../src/commands/check.ts";
import { CitypitchError, EXIT, formatProblems } from "../../src/errors.ts";
import { fontFiles } from "../../src/brochure/fonts.ts";
import { copyFixture, edit, options, ROOT } from "../helpers/project.ts";

const JA = join(ROOT, "test", "fixtures", "testville-ja");
const ZH = join(ROOT, "test", "fixtures", "testville-zh");

async function report(dir: string): Promise<string> {
  try {
    await validateForRun([], options({ data: dir }));
  } catch (error) {
    if (!(error instanceof CitypitchError)) throw error;
    expect(error.exitCode).toBe(EXIT.invalidData);
    return formatProblems(error.problems);
  }
  return "";
}

describe("glyph coverage by the edition's fonts", () => {
  it("accepts the Japanese and Chinese fixtures as they are", async () => {
    expect(await report(copyFixture(JA))).toBe("");
    expect(await report(copyFixture(ZH))).toBe("");
  });

  it("fails on a character no font of the edition has, naming the field and the code point", async () => {
    const dir = copyFixture(JA);
    edit(dir, "cities/testville.yaml", "label: 鉱石埠頭の能力\n", "label: 鉱石埠頭の能力ሀ\n");
    edit(dir, "cities/testville.yaml", "headline: 次のデリバリーセンターはテストヴィルに", "headline: 次のデリバリーセンターはテストヴィルに 🚢");
    const text = await report(dir);
    expect(text).toMatch(/cities\/testville\.yaml:\d+:\d+ {2}connectivity\.port\.figures\.oreTerminal\.label: the brand's fonts have no glyph for "ሀ" \(U\+1200\)/);
    expect(text).toMatch(/cta\.headline: the brand's fonts have no glyph for "🚢" \(U\+1F6A2\)/);
  });

  it("checks Japanese text against the Japanese font: a kanji only it has passes there and fails in Chinese", async () => {
    // 𠀋 (U+2000B) is in Noto Sans JP, not in Noto Sans SC.
    const ja = copyFixture(JA);
    edit(ja, "cities/testville.yaml", "label: 鉱石埠頭の能力\n", "label: 鉱石埠頭の能力𠀋\n");
    expect(await report(ja)).toBe("");
    const zh = copyFixture(ZH);
    edit(zh, "cities/testville.yaml", "label: 矿石码头能力\n", "label: 矿石码头能力𠀋\n");
    expect(await report(zh)).toMatch(/connectivity\.port\.figures\.oreTerminal\.label: the brand's fonts have no glyph for "𠀋" \(U\+2000B\)/);
  });

  it("still lets default-ignorable characters through (joiners, variation selectors)", async () => {
    const dir = copyFixture(JA);
    edit(dir, "cities/testville.yaml", "label: 鉱石埠頭の能力\n", 'label: "鉱石\\u200D埠頭の能力\\uFE0F"\n');
    expect(await report(dir)).toBe("");
  });
});

describe("the brand's fonts by language", () => {
  const SC = "node_modules/@expo-google-fonts/noto-sans-sc";
  it("lets brand.yaml override the font of a language, checked and resolved like its other fonts", async () => {
    const dir = copyFixture(JA);
    edit(
      dir,
      "brand.yaml",
      "  local:\n",
      `  languages:\n    ja:\n      regular: ${SC}/400Regular/NotoSansSC_400Regular.ttf\n      bold: ${SC}/700Bold/NotoSansSC_700Bold.ttf\n  local:\n`,
    );
    const data = await validateForRun([], options({ data: dir }));
    const files = fontFiles(data.brand, ROOT, ["ja"]);
    expect(files.local).toBe(join(ROOT, SC, "400Regular/NotoSansSC_400Regular.ttf"));
    // The defaults for the other languages are still there, resolved.
    expect(data.brand.fonts.languages?.ko?.regular).toBe(join(ROOT, "node_modules/@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf"));
  });

  it("reports a language's font file that is missing, at its line in brand.yaml", async () => {
    const dir = copyFixture(JA);
    edit(dir, "brand.yaml", "  local:\n", "  languages:\n    ko:\n      regular: fonts/missing-korean.ttf\n  local:\n");
    expect(await report(dir)).toMatch(/brand\.yaml:\d+:\d+ {2}fonts\.languages\.ko\.regular: file not found: fonts\/missing-korean\.ttf/);
  });
});
