/**
 * loadFontkit (src/cache/fontFacts.ts) leaves fontkit's WOFF2 decoder (brotli, whose dictionary
 * costs a cold process a third of fontkit's start-up) unloaded until a WOFF2 font is opened; such a
 * font must then open exactly as it would have. Run in a fresh process: a test runner's worker may
 * have loaded fontkit already.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/project.ts";

const script = `
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import subsetFont from "subset-font";
import { loadFontkit } from "./src/cache/fontFacts.ts";
const require = createRequire(import.meta.url);
const loaded = () => Object.keys(require.cache).some((p) => p.includes("/brotli/dec/"));
const fontkit = loadFontkit();
const ttf = readFileSync("node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf");
const plain = fontkit.create(ttf);
const before = loaded();
const woff2 = await subsetFont(ttf, "Dalian 2023", { targetFormat: "woff2" });
const font = fontkit.create(woff2);
const widths = (f) => [..."Dalian 2023"].map((ch) => f.glyphForCodePoint(ch.codePointAt(0)).advanceWidth);
const read = { family: font.familyName, same: JSON.stringify(widths(font)) === JSON.stringify(widths(plain)), glyphs: font.glyphForCodePoint(0x44).path.commands.length };
console.log(JSON.stringify({ before, after: loaded(), tag: woff2.subarray(0, 4).toString("latin1"), ...read }));
`;

describe("fontkit's WOFF2 decoder", () => {
  it("is loaded only when a WOFF2 font is opened, which then reads as the TrueType font does", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    const out = JSON.parse(result.stdout) as { before: boolean; after: boolean; tag: string; family: string; same: boolean; glyphs: number };
    expect(out.before).toBe(false);
    expect(out.tag).toBe("wOF2");
    expect(out.after).toBe(true);
    expect(out.family).toBe("Inter");
    expect(out.same).toBe(true);
    expect(out.glyphs).toBeGreaterThan(3);
  });
});
