/**
 * The brand's fonts for the deck theme, as data URIs, so the HTML needs no network. Every face is
 * cut down once with HarfBuzz (subset-font) to the characters the decks use, keeping its layout
 * features (kerning and the rest of GPOS/GSUB, tabular figures for the page numbers): TrueType to
 * measure and print with, and the same bytes wrapped as WOFF2 (woff2.ts) for the files that ship,
 * so both draw the same glyphs. The outlines stay TrueType (glyf), so Chromium still embeds
 * TrueType (CID) fonts in the PDF, never Type 3. The script fonts (CJK and others) are cut to the
 * characters the body font lacks. HarfBuzz is held only while a theme's faces are cut (subsetter.ts).
 */
import { readFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
// The one fontkit of the process (its CommonJS build; see fontFacts.ts).
import { loadFontkit } from "../cache/fontFacts.ts";
import type { Brand } from "../data/schema.ts";
import { isCjk, languageFont, scriptFonts } from "../data/scriptFonts.ts";
import { withSubsetter } from "./subsetter.ts";
import { woff2 } from "./woff2.ts";

/** CSS font-family lists, one per typographic role. */
export interface FontStacks {
  heading: string;
  headingBold: string;
  body: string;
  bodyBold: string;
  bodyItalic: string;
}

export interface ThemeFonts {
  /** @font-face rules with the fonts inline, in either encoding of the same subsets (each made once). */
  faces(encoding: FontEncoding): Promise<string>;
  /** Stacks for text in no particular language: the brand faces, then the local names' fonts. */
  stacks: FontStacks;
  /**
   * Stacks by language, for `section:lang(…)` rules: the edition's script font comes first, so a
   * Japanese deck draws kanji in Japanese forms and a Chinese one in Chinese forms.
   */
  languages: { language: string; stacks: FontStacks }[];
}

/** How the fonts are packed into the CSS: WOFF2 for the deck; plain TrueType where a reader needs it. */
export type FontEncoding = "woff2" | "truetype";

interface Face {
  family: string;
  style: "normal" | "italic";
  /** The TrueType subset. */
  bytes: Buffer;
}

/** Characters the browser draws that the Markdown does not hold: page numbers, list markers. */
const GENERATED_TEXT = "0123456789 /.•◦▪";

/**
 * `languages` are the decks' languages and their local names' languages. Each script font they
 * need (scriptFonts.ts) is cut to the characters of `text` the body font lacks.
 */
export async function themeFonts(brand: Brand, root: string, text: string, languages: readonly string[] = []): Promise<ThemeFonts> {
  // One HarfBuzz for all of the theme's faces, let go of once they are cut.
  return withSubsetter(() => cutThemeFonts(brand, root, text, languages));
}

async function cutThemeFonts(brand: Brand, root: string, text: string, languages: readonly string[]): Promise<ThemeFonts> {
  const faces = new Map<string, Face>();
  const read = (file: string) => readFile(resolve(root, file));
  // Upper case too: the theme sets some labels in capitals (text-transform), and the page numbers.
  // Spaces too (codePoints leaves them out: the local font is never needed for them).
  const used = [0x20, 0xa0, ...codePoints(`${text}${text.toUpperCase()}${GENERATED_TEXT}`)];
  const whole = async (file: string, style: Face["style"] = "normal") => {
    if (!faces.has(file)) {
      const bytes = await subsetFont(await read(file), used, "truetype");
      if (!bytes) throw new Error(`the brand font ${file} has none of the characters the deck uses`);
      faces.set(file, { family: familyName(file), style, bytes });
    }
    return faces.get(file)!.family;
  };

  const { heading, body } = brand.fonts;
  const families = {
    heading: await whole(heading.regular),
    headingBold: await whole(heading.bold),
    body: await whole(body.regular),
    bodyBold: await whole(body.bold),
    bodyItalic: body.italic ? await whole(body.italic, "italic") : undefined,
  };

  const bodyFont = loadFontkit().create(faces.get(body.regular)!.bytes);
  const headingFont = loadFontkit().create(faces.get(heading.regular)!.bytes);
  const missing = codePoints(text).filter((cp) => !bodyFont.hasGlyphForCodePoint(cp));
  // Each brand face falls back on the other before the script fonts where the other has letters of
  // the text it lacks: a serif heading without the "Ɛ" its body font has draws it in the body font,
  // not in whatever the reader's system has (the glyph check accepts a letter any brand face has,
  // and the brochure draws it so). Where neither lacks one, the stacks stay as they were.
  const bodyHelpsHeading = codePoints(text).some((cp) => !headingFont.hasGlyphForCodePoint(cp) && bodyFont.hasGlyphForCodePoint(cp));
  const headingHelpsBody = missing.some((cp) => headingFont.hasGlyphForCodePoint(cp));
  const or = (helps: boolean, family: string | undefined) => (helps ? family : undefined);
  const scriptFamily = async (file: string | undefined) => {
    if (!file || missing.length === 0) return undefined;
    const key = `${file}#subset`;
    if (!faces.has(key)) {
      const bytes = await subsetFont(await read(file), missing, "truetype");
      if (!bytes) return undefined;
      faces.set(key, { family: `${familyName(file)}-subset`, style: "normal", bytes });
    }
    return faces.get(key)!.family;
  };
  const stack = (...names: (string | undefined)[]) =>
    [...new Set(names.filter(Boolean))]
      .map((n) => `"${n}"`)
      .concat("sans-serif")
      .join(", ");
  const stacksFor = async (chain: readonly string[], cjk: boolean): Promise<FontStacks> => {
    const scripts = scriptFonts(brand, chain);
    const regular: (string | undefined)[] = [];
    const bold: (string | undefined)[] = [];
    for (const font of scripts) {
      const r = await scriptFamily(font.regular);
      regular.push(r);
      bold.push((await scriptFamily(font.bold)) ?? r);
    }
    return {
      heading: stack(families.heading, or(bodyHelpsHeading, families.body), ...regular),
      headingBold: stack(families.headingBold, or(bodyHelpsHeading, families.bodyBold), ...bold),
      body: stack(families.body, or(headingHelpsBody, families.heading), ...regular),
      bodyBold: stack(families.bodyBold, or(headingHelpsBody, families.headingBold), ...bold),
      // CJK has no italics: an edition in a CJK language keeps emphasis upright (theme.css).
      bodyItalic: cjk
        ? stack(families.body, or(headingHelpsBody, families.heading), ...regular)
        : stack(families.bodyItalic, families.body, or(headingHelpsBody, families.heading), ...regular),
    };
  };
  const locals = languages.filter((language) => languageFont(brand, language) !== undefined);
  const stacks = await stacksFor(locals, false);
  const byLanguage: ThemeFonts["languages"] = [];
  for (const language of [...new Set(languages)]) {
    if (!languageFont(brand, language)) continue;
    byLanguage.push({ language, stacks: await stacksFor([language, ...locals], isCjk(language)) });
  }
  const list = [...faces.values()];
  const encoded = new Map<FontEncoding, Promise<string>>();
  const facesIn = (encoding: FontEncoding) => {
    if (!encoded.has(encoding)) {
      // Every face at once: their WOFF2 compressions run side by side on node's thread pool.
      const bytes = encoding === "woff2" ? Promise.all(list.map((face) => woff2(face.bytes))) : Promise.resolve(list.map((face) => face.bytes));
      encoded.set(
        encoding,
        bytes.then((all) => list.map((face, i) => fontFace({ ...face, bytes: all[i]! }, encoding)).join("\n")),
      );
    }
    return encoded.get(encoding)!;
  };
  return { faces: facesIn, stacks, languages: byLanguage };
}

/** One family per file, covering every weight, so the browser never fakes a bold over it. */
function fontFace({ family, style, bytes }: Face, encoding: FontEncoding): string {
  const type = encoding === "woff2" ? "woff2" : "ttf";
  return `@font-face { font-family: "${family}"; src: url("data:font/${type};base64,${bytes.toString("base64")}") format("${encoding}"); font-weight: 100 900; font-style: ${style}; }`;
}

function familyName(file: string): string {
  return `cp-${basename(file, extname(file)).replace(/[^A-Za-z0-9_-]/g, "")}`;
}

function codePoints(text: string): number[] {
  const points = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x20 && cp !== 0x7f) points.add(cp);
  }
  return [...points].sort((a, b) => a - b);
}

/**
 * A font holding the glyphs for `wanted` (those the font has) and whatever its layout features
 * reach from them; undefined when it has none of them. WOFF2 wraps the TrueType subset (woff2.ts).
 */
export async function subsetFont(original: Buffer, wanted: readonly number[], encoding: FontEncoding = "woff2"): Promise<Buffer | undefined> {
  const font = loadFontkit().create(original);
  if (!font.directory.tables.glyf) throw new Error("subsetFont needs TrueType (glyf) outlines: Chromium embeds CFF fonts in PDFs as Type 3; give the brand a .ttf font");
  const present = wanted.filter((cp) => font.hasGlyphForCodePoint(cp));
  if (present.length === 0) return undefined;
  const subset = await withSubsetter(async (cut) => cut(original, present));
  return encoding === "woff2" ? woff2(subset) : subset;
}
