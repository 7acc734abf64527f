/**
 * Every character a reader will see must have a glyph in the brand's fonts: the body font, or the
 * local-script font the outputs fall back to. Anything else prints as an empty box in the PDF or
 * in another font in the browser, so it is reported with the field and the character.
 */
import { FontFacts } from "../cache/fontFacts.ts";
import type { Problem } from "../errors.ts";
import type { LoadedYaml } from "./load.ts";
import { formatPath, locateValue, type PathKey } from "./locate.ts";
import type { Brand } from "./schema.ts";
import { scriptFonts } from "./scriptFonts.ts";
import { proseFields } from "./localize.ts";
import type { z } from "zod";

/** Fonts are asked through their facts (src/cache/fontFacts.ts): an unchanged font is not read at all. */
const inProcess = new FontFacts();

/**
 * Characters that lay out text rather than show (line breaks, joiners, direction marks, variation
 * selectors): renderers leave them out when a font has no glyph for them.
 */
const LAYOUT_ONLY = /^[\n\t\r]$|^\p{Default_Ignorable_Code_Point}$/u;

export type Coverage = (codePoint: number) => boolean;

/** Characters that do not show, or act on a terminal when printed: controls, formats, separators, surrogates, private use. */
const INVISIBLE = /^[\p{C}\p{Zl}\p{Zp}]$/u;

/**
 * Whether the brand can draw a character in text of `languages` (see scriptFonts.ts): its Latin
 * faces, then the fonts of those languages, then fonts.local. `brand` carries resolved font paths
 * (see brandFiles.ts). With no language given, the fallback chain is fonts.local alone.
 */
export function brandCoverage(brand: Brand, languages: readonly string[] = [], facts: FontFacts = inProcess): Coverage {
  const scripts = scriptFonts(brand, languages).map((f) => f.regular);
  const fonts = [brand.fonts.body.regular, brand.fonts.heading.regular, ...scripts];
  const key = fonts.join("\0");
  let byFonts = coverages.get(facts);
  if (!byFonts) coverages.set(facts, (byFonts = new Map()));
  let coverage = byFonts.get(key);
  if (!coverage) {
    const known = new Map<number, boolean>();
    coverage = (cp) => {
      let covered = known.get(cp);
      if (covered === undefined) {
        covered = LAYOUT_ONLY.test(String.fromCodePoint(cp)) || fonts.some((f) => facts.hasGlyph(f, cp));
        known.set(cp, covered);
      }
      return covered;
    };
    byFonts.set(key, coverage);
  }
  return coverage;
}
const coverages = new WeakMap<FontFacts, Map<string, Coverage>>();

/**
 * Coverage by field for a city file, whatever its shape: a text is checked against the fonts an
 * edition in its language sets it in. A text under a language key (`summary: { ja: … }`, and
 * `name.translated.ja`) is in that language, `name.local` in `name.localLanguage`, an edition's
 * own words in the edition's language, any other in the city's base language (`edition.language`);
 * the local name's font is the next fallback, as in the outputs.
 */
export interface FieldCoverage {
  forPath(path: readonly PathKey[]): Coverage;
}

export function cityCoverage(brand: Brand, data: unknown, facts: FontFacts = inProcess): FieldCoverage {
  const city = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  const tag = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : undefined);
  const get = (node: unknown, key: string) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined);
  const base = tag(get(city.edition, "language")) ?? "en";
  const local = tag(get(city.name, "localLanguage"));
  const languages = new Set<string>([base]);
  for (const key of Object.keys(get(city, "translations") ?? {})) languages.add(key);
  for (const key of Object.keys(get(city.name, "translated") ?? {})) languages.add(key);
  if (Array.isArray(city.editions)) for (const e of city.editions) if (tag(get(e, "language"))) languages.add(get(e, "language") as string);
  // Asked once per text field: the font chain is worked out once per language.
  const byLanguages = new Map<string, Coverage>();
  return {
    forPath(path) {
      const last = path.at(-1);
      // An edition's own words (its audience, its contact) are in that edition's language.
      const edition =
        path[0] === "editions" && typeof path[1] === "number" && Array.isArray(city.editions) ? tag(get((city.editions as unknown[])[path[1]], "language")) : undefined;
      const language = path[0] === "name" && last === "local" && local ? local : typeof last === "string" && languages.has(last) ? last : (edition ?? base);
      const chain = local ? [language, local] : [language];
      const key = chain.join("\0");
      let coverage = byLanguages.get(key);
      if (!coverage) byLanguages.set(key, (coverage = brandCoverage(brand, chain, facts)));
      return coverage;
    },
  };
}

/**
 * Coverage by field for brand.yaml or sources.yaml: a text under a language key of a prose field
 * (`tagline: { ja: … }`) is set in that language's fonts, any other in the brand's own chain.
 */
export function sharedFileCoverage(brand: Brand, data: unknown, schema: z.ZodType, facts: FontFacts = inProcess): FieldCoverage {
  const maps = new Set(proseFields(data, schema).flatMap(({ path, value }) => (typeof value === "string" ? [] : [formatPath(path)])));
  const plain = brandCoverage(brand, [], facts);
  const byLanguage = new Map<string, Coverage>();
  return {
    forPath(path) {
      const language = path.at(-1);
      if (typeof language !== "string" || !maps.has(formatPath(path.slice(0, -1)))) return plain;
      let coverage = byLanguage.get(language);
      if (!coverage) byLanguage.set(language, (coverage = brandCoverage(brand, [language], facts)));
      return coverage;
    },
  };
}

/** One problem per field, naming up to five characters the fonts cannot draw. */
export function checkGlyphs(data: unknown, source: LoadedYaml, coverage: Coverage | FieldCoverage, skip: (path: PathKey[]) => boolean = () => false): Problem[] {
  const problems: Problem[] = [];
  const coverFor = (path: PathKey[]): Coverage => (typeof coverage === "function" ? coverage : coverage.forPath(path));
  const walk = (node: unknown, path: PathKey[]) => {
    if (skip(path)) return;
    if (typeof node === "string") {
      const covered = coverFor(path);
      const lacking = new Set<string>();
      for (const ch of node) if (!covered(ch.codePointAt(0)!)) lacking.add(ch);
      if (lacking.size === 0) return;
      const missing = [...lacking];
      const listed = missing.slice(0, 5).map((ch) => {
        const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
        // A control or format character is named by its code alone: printed, it would act on the terminal.
        return INVISIBLE.test(ch) ? code : `"${ch}" (${code})`;
      });
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
