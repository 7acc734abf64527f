/**
 * Local names in the scripts of India's and Thailand's cities (fictional names: "Test City" in
 * Kannada, Hindi and Thai) build with the default brand, which has fonts for them: the brochure
 * embeds the script's Noto font and its text reads the name back; the PowerPoint names the font.
 * Before, each was refused: the brand's fonts had no glyph for it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, runCli } from "../helpers/project.ts";

const NAMES = [
  { language: "kn", local: "ಪರೀಕ್ಷಾನಗರ", font: "NotoSansKannada", family: "Noto Sans Kannada" },
  { language: "hi", local: "परीक्षानगर", font: "NotoSansDevanagari", family: "Noto Sans Devanagari" },
  { language: "th", local: "เมืองทดสอบ", font: "NotoSansThai", family: "Noto Sans Thai" },
];

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe.each(NAMES)("a local name in $language", ({ language, local, font, family }) => {
  it("builds with the default brand, in the script's own font, readable back from the brochure", () => {
    const data = copyFixture();
    const out = mkdtempSync(join(tmpdir(), `citypitch-script-${language}-`));
    temps.push(data, out);
    const file = join(data, "cities", "testville.yaml");
    const yaml = readFileSync(file, "utf8").replace(/^ {2}local: .*\n {2}localLanguage: .*\n/m, `  local: ${local}\n  localLanguage: ${language}\n`);
    expect(yaml).toContain(local);
    writeFileSync(file, yaml);
    const run = runCli(["build", "testville", "--data", data, "--out", out, "--formats", "brochure,pptx"]);
    expect(run.stderr).not.toMatch(/no glyph/);
    expect(run.code).toBe(0);
    const pdf = join(out, "testville", "testville-brochure.pdf");
    expect(execFileSync("pdffonts", [pdf], { encoding: "utf8" })).toContain(`${font}-Bold`);
    const cover = execFileSync("pdftotext", ["-f", "1", "-l", "1", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(cover).toContain(local);
    const parts = unzipSync(readFileSync(join(out, "testville", "testville-deck.pptx")));
    expect(strFromU8(parts["ppt/slides/slide1.xml"]!)).toContain(`<a:cs typeface="${family}"`);
  }, 120_000);
});
