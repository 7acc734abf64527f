/**
 * The brand's fonts for the deck theme, as data URIs, so the HTML needs no network. Every face is
 * cut down with HarfBuzz (subset-font) to the characters the decks use, keeping its layout
 * features (kerning and the rest of GPOS/GSUB, tabular figures for the page numbers), and shipped
 * as WOFF2. The outlines stay TrueType (glyf), so Chromium still embeds TrueType (CID) fonts in the
 * PDF, never Type 3. The local-script font is cut to the characters the body font lacks.
 */
import * as fontkit from "fontkit";
import { readFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import hbSubset from "subset-font";
import type { Brand } from "../data/schema.ts";

/** CSS font-family lists, one per typographic role. */
export interface FontStacks {
  heading: string;
  headingBold: string;
  body: string;
  bodyBold: string;
  bodyItalic: string;
}

export interface ThemeFonts {
  /** @font-face rules with the fonts inline. */
  faces: string;
  stacks: FontStacks;
}

interface Face {
  family: string;
  style: "normal" | "italic";
  bytes: Buffer;
}

/** Characters the browser draws that the Markdown does not hold: page numbers, list markers. */
const GENERATED_TEXT = "0123456789 /.•◦▪";

export async function themeFonts(brand: Brand, root: string, text: string): Promise<ThemeFonts> {
  const faces = new Map<string, Face>();
  const read = (file: string) => readFile(resolve(root, file));
  // Upper case too: the theme sets some labels in capitals (text-transform), and the page numbers.
  // Spaces too (codePoints leaves them out: the local font is never needed for them).
  const used = [0x20, 0xa0, ...codePoints(`${text}${text.toUpperCase()}${GENERATED_TEXT}`)];
  const whole = async (file: string, style: Face["style"] = "normal") => {
    if (!faces.has(file)) {
      const bytes = await subsetFont(await read(file), used);
      if (!bytes) throw new Error(`the brand font ${file} has none of the characters the deck uses`);
      faces.set(file, { family: familyName(file), style, bytes });
    }
    return faces.get(file)!.family;
  };

  const { heading, body, local } = brand.fonts;
  const families = {
    heading: await whole(heading.regular),
    headingBold: await whole(heading.bold),
    body: await whole(body.regular),
    bodyBold: await whole(body.bold),
    bodyItalic: body.italic ? await whole(body.italic, "italic") : undefined,
  };

  const bodyFont = fontkit.create(faces.get(body.regular)!.bytes);
  const missing = codePoints(text).filter((cp) => !bodyFont.hasGlyphForCodePoint(cp));
  const localFamily = async (file: string | undefined) => {
    if (!file || missing.length === 0) return undefined;
    const key = `${file}#subset`;
    if (!faces.has(key)) {
      const bytes = await subsetFont(await read(file), missing);
      if (!bytes) return undefined;
      faces.set(key, { family: `${familyName(file)}-subset`, style: "normal", bytes });
    }
    return faces.get(key)!.family;
  };
  const localRegular = await localFamily(local.regular);
  const localBold = (await localFamily(local.bold)) ?? localRegular;

  const stack = (...names: (string | undefined)[]) => [...names.filter(Boolean).map((n) => `"${n}"`), "sans-serif"].join(", ");
  return {
    faces: [...faces.values()].map(fontFace).join("\n"),
    stacks: {
      heading: stack(families.heading, localRegular),
      headingBold: stack(families.headingBold, localBold),
      body: stack(families.body, localRegular),
      bodyBold: stack(families.bodyBold, localBold),
      bodyItalic: stack(families.bodyItalic, families.body, localRegular),
    },
  };
}

/** One family per file, covering every weight, so the browser never fakes a bold over it. */
function fontFace({ family, style, bytes }: Face): string {
  return `@font-face { font-family: "${family}"; src: url("data:font/woff2;base64,${bytes.toString("base64")}") format("woff2"); font-weight: 100 900; font-style: ${style}; }`;
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
 * A WOFF2 font holding the glyphs for `wanted` (those the font has) and whatever its layout
 * features reach from them; undefined when it has none of them.
 */
export async function subsetFont(original: Buffer, wanted: readonly number[]): Promise<Buffer | undefined> {
  const font = fontkit.create(original);
  if (!font.directory.tables.glyf) throw new Error("subsetFont needs TrueType (glyf) outlines: Chromium embeds CFF fonts in PDFs as Type 3; give the brand a .ttf font");
  const present = wanted.filter((cp) => font.hasGlyphForCodePoint(cp));
  if (present.length === 0) return undefined;
  return hbSubset(original, present.map((cp) => String.fromCodePoint(cp)).join(""), { targetFormat: "woff2" });
}
