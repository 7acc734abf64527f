/**
 * Local names in the scripts of India's and Thailand's cities (fictional names: "Test City" in
 * Kannada, Hindi and Thai) build with the default brand, which has fonts for them: the brochure
 * embeds the script's Noto font and its text reads the name back; the PowerPoint names the font.
 * Before, each was refused: the brand's fonts had no glyph for it.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildWithLocalName } from "./localName.ts";

const NAMES = [
  { language: "kn", local: "ಪರೀಕ್ಷಾನಗರ", font: "NotoSansKannada", family: "Noto Sans Kannada" },
  { language: "hi", local: "परीक्षानगर", font: "NotoSansDevanagari", family: "Noto Sans Devanagari" },
  { language: "th", local: "เมืองทดสอบ", font: "NotoSansThai", family: "Noto Sans Thai" },
];

describe.each(NAMES)("a local name in $language", ({ language, local, font, family }) => {
  it("builds with the default brand, in the script's own font, readable back from the brochure", () => {
    const { run, out, pdf } = buildWithLocalName(language, local, "brochure,pptx");
    expect(run.stderr).not.toMatch(/no glyph/);
    expect(run.code).toBe(0);
    expect(execFileSync("pdffonts", [pdf], { encoding: "utf8" })).toContain(`${font}-Bold`);
    const cover = execFileSync("pdftotext", ["-f", "1", "-l", "1", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(cover).toContain(local);
    const parts = unzipSync(readFileSync(join(out, "testville", "testville-deck.pptx")));
    expect(strFromU8(parts["ppt/slides/slide1.xml"]!)).toContain(`<a:cs typeface="${family}"`);
  }, 120_000);
});
