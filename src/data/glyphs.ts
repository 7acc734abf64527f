/**
 * Every character a reader will see must have a glyph in the brand's fonts: the body font, or the
 * local-script font the outputs fall back to. Anything else prints as an empty box in the PDF or
 * in another font in the browser, so it is reported with the field and the character.
 */
import { readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import type { Problem } from "../errors.ts";
import type { LoadedYaml } from "./load.ts";
import { formatPath, locateValue, type PathKey } from "./locate.ts";
import type { Brand } from "./schema.ts";

const parsed = new Map<string, fontkit.Font>();
function font(path: string): fontkit.Font {
  if (!parsed.has(path)) parsed.set(path, fontkit.create(readFileSync(path)));
  return parsed.get(path)!;
}

/**
 * Characters that lay out text rather than show (line breaks, joiners, direction marks, variation
 * selectors): renderers leave them out when a font has no glyph for them.
 */
const LAYOUT_ONLY = /^[\n\t\r]$|^\p{Default_Ignorable_Code_Point}$/u;

export type Coverage = (codePoint: number) => boolean;

/** Whether the brand can draw a character; `brand` carries resolved font paths (see brandFiles.ts). */
export function brandCoverage(brand: Brand): Coverage {
  const fonts = [brand.fonts.body.regular, brand.fonts.heading.regular, brand.fonts.local.regular].map(font);
  const known = new Map<number, boolean>();
  return (cp) => {
    if (LAYOUT_ONLY.test(String.fromCodePoint(cp))) return true;
    if (!known.has(cp)) known.set(cp, fonts.some((f) => f.hasGlyphForCodePoint(cp)));
    return known.get(cp)!;
  };
}

/** One problem per field, naming up to five characters the fonts cannot draw. */
export function checkGlyphs(data: unknown, source: LoadedYaml, covered: Coverage, skip: (path: PathKey[]) => boolean = () => false): Problem[] {
  const problems: Problem[] = [];
  const walk = (node: unknown, path: PathKey[]) => {
    if (skip(path)) return;
    if (typeof node === "string") {
      const missing = [...new Set([...node].filter((ch) => !covered(ch.codePointAt(0)!)))];
      if (missing.length === 0) return;
      const listed = missing.slice(0, 5).map((ch) => `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`);
      problems.push({
        severity: "error",
        location: locateValue(source, path),
        path: formatPath(path),
        message: `the brand's fonts have no glyph for ${listed.join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}: it would print as an empty box`,
        hint: "remove or replace the character, or give the brand a font that covers it (fonts.local in brand.yaml is the fallback for other scripts)",
      });
    } else if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else if (typeof node === "object" && node !== null) for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  walk(data, []);
  return problems;
}
