/**
 * Which font sets text in a language. Han characters are drawn differently in Japan, mainland
 * China and Korea (the same code point 直 or 骨 has another shape in each), so a Japanese edition
 * needs a Japanese font and a Chinese one a Simplified Chinese font; one pan-CJK fallback would
 * print Japanese in Chinese glyph forms. The brand may override any of these in
 * `fonts.languages`; brand.fonts.local stays the last resort for every other script.
 */
import type { Brand } from "./schema.ts";

export interface ScriptFont {
  regular: string;
  bold?: string;
}

const NOTO = (pkg: string, family: string): ScriptFont => ({
  regular: `node_modules/@expo-google-fonts/${pkg}/400Regular/${family}_400Regular.ttf`,
  bold: `node_modules/@expo-google-fonts/${pkg}/700Bold/${family}_700Bold.ttf`,
});

/**
 * Open fonts shipped as npm packages (SIL OFL), keyed by language and script. Traditional Chinese
 * has no default (another 60 MB package for a language no edition uses yet): it falls back to
 * the brand's local font unless the brand names one.
 */
const DEVANAGARI = NOTO("noto-sans-devanagari", "NotoSansDevanagari");
const ARABIC = NOTO("noto-sans-arabic", "NotoSansArabic");

export const DEFAULT_SCRIPT_FONTS: Readonly<Record<string, ScriptFont>> = {
  ja: NOTO("noto-sans-jp", "NotoSansJP"),
  "zh-Hans": NOTO("noto-sans-sc", "NotoSansSC"),
  ko: NOTO("noto-sans-kr", "NotoSansKR"),
  // The scripts of the local names of the largest outsourcing destinations after China's: India's
  // (Hindi, Marathi and Nepali in Devanagari; Kannada, Tamil, Telugu, Bengali, Malayalam) and
  // Thailand's.
  hi: DEVANAGARI,
  mr: DEVANAGARI,
  ne: DEVANAGARI,
  kn: NOTO("noto-sans-kannada", "NotoSansKannada"),
  ta: NOTO("noto-sans-tamil", "NotoSansTamil"),
  te: NOTO("noto-sans-telugu", "NotoSansTelugu"),
  bn: NOTO("noto-sans-bengali", "NotoSansBengali"),
  ml: NOTO("noto-sans-malayalam", "NotoSansMalayalam"),
  th: NOTO("noto-sans-thai", "NotoSansThai"),
  // Right-to-left: Arabic script (Arabic, Persian, Urdu) and Hebrew. The brochure puts their words
  // in the order they are seen (src/brochure/bidi.ts); the browser and the charts do so themselves.
  ar: ARABIC,
  fa: ARABIC,
  ur: ARABIC,
  he: NOTO("noto-sans-hebrew", "NotoSansHebrew"),
};

/**
 * The key a language's font is filed under: "ja", "ko", "zh-Hans" or "zh-Hant" (zh-CN and zh-SG
 * read Simplified, zh-TW and zh-HK Traditional), else the language itself.
 */
export function scriptKey(language: string): string {
  let key = scriptKeys.get(language);
  if (key === undefined) scriptKeys.set(language, (key = keyOfScript(language)));
  return key;
}

/** Each language's key, kept: every chart's theme asks for a few, and ICU's likely subtags are not cheap. */
const scriptKeys = new Map<string, string>();

function keyOfScript(language: string): string {
  try {
    const locale = new Intl.Locale(language).maximize();
    return locale.language === "zh" ? `zh-${locale.script}` : locale.language;
  } catch {
    return language;
  }
}

/** Whether text in `language` is set in CJK type: no italics, no letter-spacing, no word spaces. */
export function isCjk(language: string): boolean {
  return ["ja", "ko", "zh-Hans", "zh-Hant"].includes(scriptKey(language));
}

/** The brand's font for `language`, else the default for its script, else none. */
export function languageFont(brand: Pick<Brand, "fonts">, language: string): ScriptFont | undefined {
  const own = brand.fonts.languages ?? {};
  const key = scriptKey(language);
  return own[language] ?? own[key] ?? Object.entries(own).find(([tag]) => scriptKey(tag) === key)?.[1] ?? DEFAULT_SCRIPT_FONTS[key];
}

/**
 * The fonts text falls back to, in order, where the brand's Latin faces have no glyph: the font of
 * each language given (the edition's first, then the city's local name's), then brand.fonts.local.
 * Paths are as the brand gives them (relative to the project root until brandFiles resolves them).
 */
export function scriptFonts(brand: Pick<Brand, "fonts">, languages: readonly string[]): ScriptFont[] {
  const chain = [...languages.map((language) => languageFont(brand, language)), brand.fonts.local];
  const seen = new Set<string>();
  return chain.filter((font): font is ScriptFont => {
    if (!font || seen.has(font.regular)) return false;
    seen.add(font.regular);
    return true;
  });
}
