/**
 * Local names in right-to-left scripts (fictional names: "Test City" in Arabic and Hebrew) build
 * with the default brand, which has fonts for them, and the brochure sets them as they are read:
 * the name's first word on the right, each word's letters joined and in their order. Before, the
 * build refused them (no glyph); with a brand font, the brochure set the words left to right, and
 * an Arabic name copied out of the PDF with the wrong letters; the PowerPoint named the brand's
 * Latin face as the font for complex scripts.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildWithLocalName } from "./localName.ts";

const NAMES = [
  { language: "ar", local: "مدينة الاختبار", font: "NotoSansArabic", family: "Noto Sans Arabic" },
  { language: "he", local: "עיר המבחן", font: "NotoSansHebrew", family: "Noto Sans Hebrew" },
];

/** The words pdftotext finds on the first page, with their left edges. */
function coverWords(pdf: string): { text: string; x: number; y: number }[] {
  const html = execFileSync("pdftotext", ["-bbox", "-f", "1", "-l", "1", pdf, "-"], { encoding: "utf8" });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! }));
}

describe.each(NAMES)("a local name in $language", ({ language, local, font, family }) => {
  it("builds with the default brand, and the brochure's cover shows it right to left, its letters as written", () => {
    const { run, out, pdf } = buildWithLocalName(language, local, "brochure,pptx");
    expect(run.stderr).not.toMatch(/no glyph/);
    expect(run.code).toBe(0);
    expect(execFileSync("pdffonts", [pdf], { encoding: "utf8" })).toContain(`${font}-Bold`);
    // The name's line on the cover, its pieces from left to right: read from right to left, they
    // are the name. pdftotext gives each piece's characters in the order they stand on the page.
    const letters = /[\u0590-\u08FF]/;
    const pieces = coverWords(pdf).filter((w) => letters.test(w.text));
    expect(pieces.length).toBeGreaterThan(0);
    const line = pieces.filter((w) => Math.abs(w.y - pieces[0]!.y) < 20).sort((a, b) => a.x - b.x);
    const readRightToLeft = [...line.map((w) => w.text).join("")].reverse().join("");
    expect(readRightToLeft).toBe(local.replace(/\s/g, ""));
    // The PowerPoint draws complex scripts from each run's a:cs font: the script's, in English
    // text too (the name quoted in a sentence), not the brand's Latin face.
    const parts = unzipSync(readFileSync(join(out, "testville", "testville-deck.pptx")));
    const fonts = new Set([...strFromU8(parts["ppt/slides/slide3.xml"]!).matchAll(/<a:cs typeface="([^"]*)"/g)].map((m) => m[1]));
    expect([...fonts]).toEqual([family]);
    expect(strFromU8(parts["ppt/theme/theme1.xml"]!)).toContain(`<a:cs typeface="${family}"`);
  }, 120_000);
});
