/**
 * The PowerPoint's text measure reads advance widths from each font's hmtx table instead of
 * asking fontkit for whole glyphs (src/pptx/text.ts advanceOf): the widths must be exactly the
 * ones fontkit's `glyph.advanceWidth` gives, for every character the fonts map and for one they
 * do not (its .notdef), or box sizes and the slides' fit would change.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type * as Fontkit from "fontkit";
import { advanceOf, type Face } from "../../src/pptx/text.ts";
import { ROOT } from "../helpers/project.ts";

const fontkit = createRequire(import.meta.url)("fontkit") as typeof Fontkit;
const FONTS = join(ROOT, "node_modules", "@expo-google-fonts");
const files = [
  join(FONTS, "inter", "400Regular", "Inter_400Regular.ttf"),
  join(FONTS, "inter", "800ExtraBold", "Inter_800ExtraBold.ttf"),
  join(FONTS, "noto-sans-sc", "400Regular", "NotoSansSC_400Regular.ttf"),
  "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
].filter((file) => existsSync(file));

describe("advance widths from the hmtx table", () => {
  it.each(files)("equal fontkit's glyph.advanceWidth in %s", (file) => {
    // Two copies of the font: the glyph objects fontkit caches must not feed the other side.
    const mine = fontkit.create(readFileSync(file)) as unknown as Face;
    const font = fontkit.create(readFileSync(file)) as Fontkit.Font;
    const theirs = font as unknown as Face;
    const mapped = font.characterSet;
    expect(mapped.length).toBeGreaterThan(200);
    // Every mapped character of a Latin font; a spread of a CJK font's 30,000, and some unmapped ones.
    const step = Math.max(1, Math.floor(mapped.length / 3000));
    const asked = [...mapped.filter((_, i) => i % step === 0), 0x10ffff, 0xe000, 0x1f600];
    const differing = asked.filter((cp) => advanceOf(mine, cp) !== theirs.glyphForCodePoint(cp).advanceWidth);
    expect(differing).toEqual([]);
  });
});
