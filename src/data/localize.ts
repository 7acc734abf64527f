/**
 * One language out of a city file whose prose may carry one text per language. `localizeCity` is
 * what every edition is built from; `checkLocalisation` is what validation reports about the
 * translations: a text per language without the base language (error), a translation whose numbers
 * differ from the base text's (error: numbers come from figures, a translation cannot change one),
 * each field an edition's language has no text for (a warning; fatal under --strict), and an
 * edition id used twice.
 */
import type { z } from "zod";
import type { Problem } from "../errors.ts";
import type { LoadedYaml } from "./load.ts";
import { formatPath, locate, locateValue, type PathKey } from "./locate.ts";
import { BrandFile, CityFile, isProse, SourceRegistryFile, type Brand, type City, type SourceRegistry, type Translation } from "./schema.ts";

type LanguageMap = Record<string, string>;
type ProseValue = string | LanguageMap;

/** Every prose value of a city file with its field path, found by walking the schema beside the data. */
export function proseFields(data: unknown, schema: z.ZodType = CityFile): { path: PathKey[]; value: ProseValue }[] {
  const found: { path: PathKey[]; value: ProseValue }[] = [];
  const walk = (node: z.ZodType, value: unknown, path: PathKey[]) => {
    if (value === undefined || value === null) return;
    if (isProse(node)) {
      if (typeof value === "string" || (typeof value === "object" && !Array.isArray(value))) found.push({ path, value: value as ProseValue });
      return;
    }
    const def = node._zod.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType; innerType?: z.ZodType };
    if ((def.type === "optional" || def.type === "default" || def.type === "nullable") && def.innerType) walk(def.innerType, value, path);
    else if (def.type === "object" && def.shape && typeof value === "object") {
      for (const [key, child] of Object.entries(def.shape)) if (Object.hasOwn(value, key)) walk(child, (value as Record<string, unknown>)[key], [...path, key]);
    } else if (def.type === "array" && def.element && Array.isArray(value)) value.forEach((item, i) => walk(def.element!, item, [...path, i]));
    else if (def.type === "record" && def.valueType && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(def.valueType, item, [...path, key]);
    }
  };
  walk(schema, data, []);
  return found;
}

/** The text of one prose value in `language`, or undefined when it has none. */
function textIn(value: ProseValue, language: string, base: string): string | undefined {
  if (typeof value === "string") return language === base ? value : undefined;
  return Object.hasOwn(value, language) ? value[language] : undefined;
}

/**
 * The plain-string city an edition in `language` shows: each prose field in that language, else in
 * the base language (checkLocalisation warns about each such field). The city's name becomes the
 * edition's (`name.translated[language] ?? name.en`, in name.en, which is where every stage reads
 * it), and `edition.language` the edition's language, which every stage sets `lang` from.
 */
export function localizeCity(city: CityFile, language: string): City {
  const copy = localizeProse(city, CityFile, language, city.edition.language);
  // Each edition's city is its own, as it always was, whether or not the file has translations.
  const localised = (copy === city ? structuredClone(city) : copy) as unknown as City;
  const translated = city.name.translated?.[language];
  return {
    ...localised,
    name: { ...localised.name, en: translated ?? localised.name.en },
    edition: { ...localised.edition, language },
  };
}

/**
 * Any file's prose in one language: each text in `language`, else in `base`, else the first the
 * value has (a value without its base text is an error validation reports). A file written in one
 * language only (every text a plain string) is returned as it is.
 */
function localizeProse<T>(data: T, schema: z.ZodType, language: string, base: string): T {
  const fields = proseFields(data, schema).filter((f) => typeof f.value !== "string");
  if (fields.length === 0) return data;
  const copy = structuredClone(data) as unknown as Record<PathKey, unknown>;
  for (const { path, value } of fields) {
    const text = textIn(value, language, base) ?? textIn(value, base, base) ?? Object.values(value)[0] ?? "";
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = (parent as Record<PathKey, unknown>)[key];
    (parent as Record<PathKey, unknown>)[path.at(-1)!] = text;
  }
  return copy as unknown as T;
}

/** The brand's words (tagline, footer, logo text, contact) in `language`, else in the brand file's language. */
export const localizeBrand = (brand: BrandFile, language: string): Brand => localizeProse(brand, BrandFile, language, brand.language) as Brand;

/** The sources' notes in `language`, else in the sources file's language. */
export const localizeSources = (sources: SourceRegistryFile, language: string): SourceRegistry =>
  localizeProse(sources, SourceRegistryFile, language, sources.language) as SourceRegistry;

/** A brand or sources file: the language its plain text is in and how far its translations have got. */
interface SharedFile {
  language: string;
  translations?: Record<string, Translation>;
}

/**
 * What validation reports about the words of brand.yaml or sources.yaml in the languages the
 * editions being built are set in: checkProse's problems, and a language the file has texts in but
 * no translation status for (a warning, as for a city file).
 */
export function checkSharedFileLanguages(file: SharedFile, schema: z.ZodType, source: LoadedYaml, editionLanguages: Iterable<string>): Problem[] {
  const languages = [...new Set(editionLanguages)].filter((language) => language !== file.language);
  const problems = checkProse(file, schema, source, file.language, languages, "language");
  const translated = new Set(proseFields(file, schema).flatMap(({ value }) => (typeof value === "string" ? [] : Object.keys(value))));
  for (const language of languages) {
    if (!translated.has(language) || Object.hasOwn(file.translations ?? {}, language)) continue;
    problems.push({
      severity: "warning",
      location: locate(source, []),
      path: "translations",
      message: `the file has ${language} texts, but gives no translation status for ${language}`,
      hint: `add translations: { ${language}: { status: draft } } (or reviewed) at the top of the file; a draft is disclosed in the colophon of the ${language} editions`,
    });
  }
  return problems;
}

/**
 * The state of the translation an edition in `language` shows: the least finished of the city's,
 * the brand's and the sources' (a draft in any is disclosed), each counted only when its file
 * declares one for that language. Undefined when none does.
 */
export function editionTranslation(files: readonly { translations?: Record<string, Translation> }[], language: string): Translation | undefined {
  const declared = files.flatMap((f) => (f.translations && Object.hasOwn(f.translations, language) ? [f.translations[language]!] : []));
  const drafts = declared.filter((t) => t.status === "draft");
  if (drafts.length === 0) return declared[0];
  const by = [...new Set(drafts.flatMap((t) => (t.by ? [t.by] : [])))];
  return { status: "draft", ...(by.length > 0 ? { by: by.join(", ") } : {}) };
}

/**
 * The languages the city's editions are set in, besides the base language: those a missing text is
 * warned for. With `only` (--edition), just that edition's.
 */
export function editionLanguages(city: CityFile, only?: string): string[] {
  const editions = (city.editions ?? []).filter((e) => only === undefined || e.id === only);
  const base = city.edition.language;
  return [...new Set(editions.map((e) => e.language as string))].filter((language) => language !== base);
}

export function checkLocalisation(city: CityFile, source: LoadedYaml, only?: string): Problem[] {
  const base = city.edition.language;
  const languages = editionLanguages(city, only);
  const problems = checkProse(city, CityFile, source, base, languages, "edition.language");
  (city.editions ?? []).forEach((edition, i, all) => {
    if (all.findIndex((e) => e.id === edition.id) === i) return;
    problems.push({
      severity: "error",
      location: locateValue(source, ["editions", i, "id"]),
      path: `editions[${i}].id`,
      message: `edition id "${edition.id}" is used twice`,
      hint: "each edition needs its own id: it names the edition's folder and files",
    });
  });
  const declared = city.translations ?? {};
  for (const language of languages) {
    if (Object.hasOwn(declared, language)) continue;
    problems.push({
      severity: "warning",
      location: locate(source, ["editions"]),
      path: "translations",
      message: `an edition is in ${language}, but the file gives no translation status for ${language}`,
      hint: `add translations: { ${language}: { status: draft } } (or reviewed) at the top of the file; a draft is disclosed in the edition's colophon`,
    });
  }
  return problems;
}

/**
 * What validation reports about a file's prose, given the languages its texts are shown in besides
 * `base`: a text per language without the base language (error), each field one of those languages
 * has no text for (a warning), and a translation whose numbers differ from the base text's (error:
 * numbers come from figures). `baseField` names where the file sets its base language.
 */
export function checkProse(data: unknown, schema: z.ZodType, source: LoadedYaml, base: string, languages: readonly string[], baseField: string): Problem[] {
  const problems: Problem[] = [];
  for (const { path, value } of proseFields(data, schema)) {
    const field = formatPath(path);
    if (typeof value !== "string" && !Object.hasOwn(value, base)) {
      problems.push({
        severity: "error",
        location: locate(source, path),
        path: field,
        message: `has texts for ${Object.keys(value).join(", ")} but none in the base language ${base}`,
        hint: `add "${base}: …": the base language (${baseField}) is what an edition shows where its own language has no text`,
      });
      continue;
    }
    const baseText = textIn(value, base, base)!;
    for (const language of languages) {
      const text = textIn(value, language, base);
      if (text === undefined) {
        problems.push({
          severity: "warning",
          location: locateValue(source, path),
          path: field,
          message: `no ${language} text: the ${language} edition shows the ${base} text here`,
          hint: typeof value === "string" ? `write it as { ${base}: …, ${language}: … }` : `add "${language}: …" beside "${base}: …"`,
        });
      }
    }
    if (typeof value === "string") continue;
    const expected = numbersIn(baseText);
    for (const [language, text] of Object.entries(value)) {
      if (language === base) continue;
      const found = numbersIn(text);
      if (sameNumbers(expected, found)) continue;
      problems.push({
        severity: "error",
        location: locateValue(source, [...path, language]),
        path: formatPath([...path, language]),
        message: `the ${language} text's numbers (${shownNumbers(found)}) are not the ${base} text's (${shownNumbers(expected)})`,
        hint: `a translation says the same numbers as the ${base} text, as figures, with its scale word (RMB 1 bn = 10億元 = 10亿元); a number that changes belongs in the figures`,
      });
    }
  }
  return problems;
}

/**
 * Scale words that travel with the number before them, in the languages editions are set in. Latin
 * words must stand alone ("1 bn", "1.5 million", and "165.44 Mt", million tonnes); CJK ones follow
 * the digits ("10億", and "1億6544万" is one number).
 */
const LATIN_SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12, mt: 1e6 };
const CJK_SCALE: Record<string, number> = { 十: 10, 百: 100, 千: 1e3, 万: 1e4, 萬: 1e4, 億: 1e8, 亿: 1e8, 兆: 1e12, 천: 1e3, 만: 1e4, 억: 1e8, 조: 1e12 };
const NUMBER = /(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:[\s\u00a0]*([A-Za-z]+)|([十百千万萬億亿兆천만억조]+))?/gu;

/**
 * The numbers a text writes in digits, scaled by their scale words, smallest first. Digits only:
 * a translation that spells a number out in words or native numerals is reported, since numbers are
 * written as figures. Full-width digits count as digits (NFKC).
 */
export function numbersIn(text: string): number[] {
  const numbers: number[] = [];
  /** Where the last number ended and the scale it took: "1億6544万" is one number, 1億 + 6544万. */
  let previous: { end: number; scale: number } | undefined;
  for (const match of text.normalize("NFKC").matchAll(NUMBER)) {
    const [, whole, fraction, word, cjk] = match;
    let value = Number(`${whole!.replaceAll(",", "")}${fraction ? `.${fraction}` : ""}`);
    const latin = word ? LATIN_SCALE[word.toLowerCase()] : undefined;
    if (latin) value *= latin;
    let scale = 1;
    for (const ch of cjk ?? "") scale *= CJK_SCALE[ch]!;
    value *= scale;
    if (previous && cjk && previous.end === match.index && previous.scale > scale) numbers.push(numbers.pop()! + value);
    else numbers.push(value);
    previous = cjk ? { end: match.index + match[0].length, scale } : undefined;
  }
  return numbers.sort((a, b) => a - b);
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 1e-9 * Math.max(1, Math.abs(x)));
}

function shownNumbers(numbers: readonly number[]): string {
  return numbers.length === 0 ? "none" : numbers.map((n) => String(Number(n.toPrecision(12)))).join(", ");
}
