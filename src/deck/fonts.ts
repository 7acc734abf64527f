/**
 * The brand's fonts for the deck theme, as data URIs, so the HTML needs no network and Chromium
 * embeds real TrueType fonts in the PDF. Latin faces go in whole: their kerning lives in GPOS,
 * which a subset would drop. The local-script font runs to megabytes, so it is cut down to the
 * characters the decks use that the body font lacks.
 */
import * as fontkit from "fontkit";
import { readFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import type { Brand } from "../data/schema.ts";
import { cmapTable, postV3, readTables, writeFont } from "./sfnt.ts";

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

export async function themeFonts(brand: Brand, root: string, text: string): Promise<ThemeFonts> {
  const faces = new Map<string, Face>();
  const read = (file: string) => readFile(resolve(root, file));
  const whole = async (file: string, style: Face["style"] = "normal") => {
    if (!faces.has(file)) faces.set(file, { family: familyName(file), style, bytes: await read(file) });
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
      const bytes = subsetFont(await read(file), missing);
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
  return `@font-face { font-family: "${family}"; src: url("data:font/ttf;base64,${bytes.toString("base64")}") format("truetype"); font-weight: 100 900; font-style: ${style}; }`;
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
 * A standalone TrueType font holding only the glyphs for `wanted` (those the font has); undefined
 * when it has none of them. fontkit renumbers the glyphs, so the cmap is rebuilt to match.
 */
export function subsetFont(original: Buffer, wanted: readonly number[]): Buffer | undefined {
  const font = fontkit.create(original);
  if (!font.directory.tables.glyf) throw new Error("subsetFont needs TrueType (glyf) outlines; give the brand a .ttf font");
  const subset = font.createSubset();
  const cmap = new Map<number, number>();
  for (const cp of wanted) {
    if (font.hasGlyphForCodePoint(cp)) cmap.set(cp, subset.includeGlyph(font.glyphForCodePoint(cp).id));
  }
  if (cmap.size === 0) return undefined;
  const tables = readTables(subset.encode());
  const source = readTables(original);
  tables.set("cmap", cmapTable(cmap));
  tables.set("post", postV3(source.get("post") ?? Buffer.alloc(32)));
  for (const tag of ["OS/2", "name"]) {
    const table = source.get(tag);
    if (table) tables.set(tag, table);
  }
  return writeFont(tables);
}
