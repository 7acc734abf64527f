/**
 * Text for the PowerPoint: cleaning and measuring. A PPTX cannot embed fonts, so a text box is
 * sized for the widest of the brand font and the Office fallback the brand names (Arial by default,
 * measured with its metric twin Liberation Sans), with room for the font LibreOffice stands in on
 * Linux (DejaVu Sans, wider in bold); a line that fits them all fits wherever the deck is opened. Widths are summed per glyph without kerning: a font's kerning also moves some pairs
 * apart (Inter's, by up to a third of a per cent of a line), which the share of a box the layout
 * fills (layout.ts, WIDTH_SAFETY) leaves room for (test/pptx/metrics.test.ts). The widths come
 * from the fonts' own tables (metrics.ts), fontkit only where that reader declines.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fontTables, openFont } from "../cache/fontFacts.ts";
import type { FontMetrics } from "./metrics.ts";
import type { Brand } from "../data/schema.ts";
import { isCjk, languageFont, scriptFonts } from "../data/scriptFonts.ts";

/** C0 and C1 controls (tab and newline aside) never reach the XML: data validation refuses them, this is the second lock. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/g, "").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");
}

/** One line of text with every kind of white space folded to a single space. */
export function oneLine(text: string): string {
  return clean(text).replace(/\s+/g, " ").trim();
}

/**
 * Text as a slide shows it: line breaks and runs of ordinary white space in the data read as one
 * space, as they do in the Marp deck and the brochure; no-break spaces stay.
 */
export function slideText(text: string): string {
  return clean(text).replace(/[ \t\r\n\f\v]+/g, " ");
}

export type FontRole = "body" | "bold" | "heading" | "headingBold";

export interface Face {
  unitsPerEm: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
  familyName: string;
  /** Present in a variable font, whose advances may vary from the table's: fontkit's own getter is asked then. */
  fvar?: unknown;
  /** The horizontal metrics table: an advance for each of the first glyphs; the rest share the last one's. */
  hmtx: { metrics: { length: number; get(index: number): { advance: number } | undefined } };
}

/**
 * A glyph's advance width, read from the font's hmtx table as fontkit's `glyph.advanceWidth` reads
 * it for a font at its default instance. That getter also works out the glyph's vertical metrics,
 * which decodes the glyph's outline header and, the first time, the font's whole glyph index
 * (loca): a third of the PowerPoint's text measuring, for numbers it never uses.
 */
export function advanceOf(face: Face, cp: number): number {
  const glyph = face.glyphForCodePoint(cp);
  if (face.fvar) return glyph.advanceWidth;
  const { metrics } = face.hmtx;
  const id = glyph.id;
  return (id < metrics.length ? metrics.get(id) : metrics.get(metrics.length - 1))?.advance ?? 0;
}

/** Metric-compatible stand-ins (Liberation) for the Office fonts a brand may name as its fallback. */
const METRIC_TWINS: Record<string, { regular: string; bold: string }> = {
  arial: { regular: "LiberationSans-Regular.ttf", bold: "LiberationSans-Bold.ttf" },
  helvetica: { regular: "LiberationSans-Regular.ttf", bold: "LiberationSans-Bold.ttf" },
  "times new roman": { regular: "LiberationSerif-Regular.ttf", bold: "LiberationSerif-Bold.ttf" },
  "courier new": { regular: "LiberationMono-Regular.ttf", bold: "LiberationMono-Bold.ttf" },
};
const TWIN_DIRS = [
  "/usr/share/fonts/truetype/liberation2",
  "/usr/share/fonts/truetype/liberation",
  "/usr/share/fonts/liberation-sans-fonts",
  "/usr/share/fonts/liberation-sans",
  "/usr/share/fonts/liberation",
  "/Library/Fonts",
  `${process.env.HOME ?? ""}/Library/Fonts`,
];
/**
 * Room for the font a Linux office suite sets text in when the deck's font is not installed:
 * fontconfig's default sans, DejaVu Sans on Debian and Fedora, where LibreOffice stands it in for
 * Inter. The layout's width safety (layout.ts WIDTH_SAFETY, 8 %) covers its regular weight; its
 * bold is some 15 % wider than Inter's, so bold and heading text is measured this much wider
 * still: a tile's number then keeps its digits together there too ("5.81234567/891"). A fixed
 * share, not the font's own widths, so the deck is laid out the same on every machine.
 */
const STAND_IN_ROOM = 1.06;
const HEAVY: ReadonlySet<FontRole> = new Set(["bold", "heading", "headingBold"]);

/** Without a metric twin on this machine, the brand's own widths are widened by this much. */
const UNKNOWN_FALLBACK_FACTOR = 1.12;

const metricsCache = new Map<string, FontMetrics>();
function loadFace(path: string): FontMetrics {
  let metrics = metricsCache.get(path);
  if (!metrics) {
    // The tables the brand and glyph checks read already.
    metrics = fontTables(path) ?? fontkitMetrics(openFont(path) as unknown as Face);
    metricsCache.set(path, metrics);
  }
  return metrics;
}

/** A font metrics.ts leaves to fontkit (a variable font, an unusual cmap), read as fontkit reads it. */
export function fontkitMetrics(face: Face): FontMetrics {
  return { familyName: face.familyName, unitsPerEm: face.unitsPerEm, has: (cp) => face.hasGlyphForCodePoint(cp), advance: (cp) => advanceOf(face, cp) };
}

function twinFile(officeName: string, bold: boolean): string | undefined {
  const twin = METRIC_TWINS[officeName.trim().toLowerCase()];
  if (!twin) return undefined;
  const name = bold ? twin.bold : twin.regular;
  return TWIN_DIRS.map((dir) => `${dir}/${name}`).find((p) => existsSync(p));
}

export interface FontFaces {
  /** The family names the runs name, read from the brand's TTF files. */
  heading: string;
  body: string;
  /** The local name's font (its language's script font). */
  local: string;
  /** The font East Asian characters in the edition's own text are set in: `a:ea` of every run. */
  eastAsian: string;
  /**
   * The local name's script font when that script is a complex one (Arabic, Hebrew, Devanagari,
   * Thai…), which Office draws from a run's `a:cs` font: the name quoted in English text too.
   */
  complexScript?: string;
  /** Office fallbacks from brand.yaml (fonts.office), named in the theme. */
  officeHeading: string;
  officeBody: string;
  /** The edition's language, for every run that does not name its own. */
  lang?: string;
}

export class TextMeasure {
  readonly faces: FontFaces;
  private readonly brand: Record<FontRole, FontMetrics>;
  private readonly fallback: Record<FontRole, FontMetrics | undefined>;
  private readonly local: FontMetrics;
  private readonly widths = new Map<string, number>();
  private readonly advances = new Map<FontMetrics, Map<number, number>>();
  /** Whether the fallback's real metrics were found (else a safety factor stands in). */
  readonly fallbackMeasured: boolean;

  /**
   * `languages`: the edition's, then its local name's. Their script fonts (data/scriptFonts.ts) are
   * what East Asian text is measured in and named with (`a:ea`), so a Japanese deck asks for a
   * Japanese font and its box sizes come from that font's widths.
   */
  constructor(brandFonts: Brand["fonts"], root: string, languages: readonly string[] = []) {
    const face = (file: string) => loadFace(resolve(root, file));
    this.brand = {
      body: face(brandFonts.body.regular),
      bold: face(brandFonts.body.bold),
      heading: face(brandFonts.heading.regular),
      headingBold: face(brandFonts.heading.bold),
    };
    const scripts = scriptFonts({ fonts: brandFonts }, languages);
    this.local = face(scripts[0]!.regular);
    const localName = languages.length > 1 ? scriptFonts({ fonts: brandFonts }, languages.slice(-1))[0]! : scripts[0]!;
    const localLanguage = languages.at(-1);
    const office = brandFonts.office ?? { heading: "Arial", body: "Arial" };
    const twin = (name: string, bold: boolean) => {
      const file = twinFile(name, bold);
      return file ? loadFace(file) : undefined;
    };
    this.fallback = {
      body: twin(office.body, false),
      bold: twin(office.body, true),
      heading: twin(office.heading, false),
      headingBold: twin(office.heading, true),
    };
    this.fallbackMeasured = Object.values(this.fallback).every(Boolean);

    this.faces = {
      heading: this.brand.heading.familyName,
      body: this.brand.body.familyName,
      local: face(localName.regular).familyName,
      eastAsian: this.local.familyName,
      ...(localLanguage !== undefined && !isCjk(localLanguage) && languageFont({ fonts: brandFonts }, localLanguage) ? { complexScript: face(localName.regular).familyName } : {}),
      officeHeading: office.heading,
      officeBody: office.body,
    };
  }

  /** Width of `text` in points at `size`: the widest of the brand font, its Office fallback, and (bold) the brand's with room for the Linux stand-in. */
  width(text: string, role: FontRole, size: number): number {
    const key = `${role}\0${text}`;
    let em = this.widths.get(key);
    if (em === undefined) {
      const brand = this.emWidth(text, this.brand[role]);
      em = Math.max(brand, this.fallbackEm(text, role), HEAVY.has(role) ? brand * STAND_IN_ROOM : 0);
      this.widths.set(key, em);
    }
    return em * size;
  }

  private fallbackEm(text: string, role: FontRole): number {
    const face = this.fallback[role];
    return face ? this.emWidth(text, face) : this.emWidth(text, this.brand[role]) * UNKNOWN_FALLBACK_FACTOR;
  }

  /** Advance width in ems; characters the face lacks are measured in the local-script font. */
  private emWidth(text: string, face: FontMetrics): number {
    let advances = this.advances.get(face);
    if (!advances) this.advances.set(face, (advances = new Map()));
    let sum = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let em = advances.get(cp);
      if (em === undefined) {
        const f = face.has(cp) ? face : this.local.has(cp) ? this.local : face;
        em = f.advance(cp) / f.unitsPerEm;
        advances.set(cp, em);
      }
      sum += em;
    }
    return sum;
  }

  /** Lines `text` takes in a box `width` points wide (greedy wrapping at spaces and after hyphens). */
  lines(text: string, role: FontRole, size: number, width: number): number {
    let count = 0;
    for (const paragraph of clean(text).split("\n")) {
      count += this.wrap(paragraph, role, size, width);
    }
    return Math.max(1, count);
  }

  private wrap(paragraph: string, role: FontRole, size: number, width: number): number {
    const lines: LineFill = { lines: 1, used: 0 };
    for (const word of paragraph.split(WORD_END)) if (word) placeWord(lines, this.width(word, role, size), this.width(word.trimEnd(), role, size), width);
    return lines.lines;
  }
}

/**
 * Where a line may end: after a space, a hyphen or dash, or a slash, and after any CJK character
 * (ideographs, kana, CJK punctuation), which break between them without spaces. Korean breaks
 * at its spaces, like Latin.
 */
export const WORD_END = /(?<=[ \-–—/\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff60])/u;

/** Lines filled so far, and the width used on the last one. */
export interface LineFill {
  lines: number;
  used: number;
}

/**
 * Greedy line filling: adds a word `w` wide (`trimmed` without its trailing space) to the lines.
 * A word longer than the line breaks wherever it must, as PowerPoint does.
 */
export function placeWord(fill: LineFill, w: number, trimmed: number, width: number): void {
  if (fill.used > 0 && fill.used + trimmed > width) {
    fill.lines++;
    fill.used = 0;
  }
  if (trimmed > width) {
    fill.lines += Math.floor(trimmed / width);
    fill.used = trimmed % width;
    return;
  }
  fill.used += w;
}

/**
 * The language tag Office expects on a run: language and region ("ja-JP", "zh-CN", "ko-KR"). The
 * message file's locale is taken when it is in the edition's language (so English stays "en-GB");
 * otherwise the language's likely region.
 */
export function officeLanguage(language: string, locale?: string): string {
  const region = (tag: string) => {
    try {
      const l = new Intl.Locale(tag).maximize();
      return { language: l.language, script: l.script, region: l.region };
    } catch {
      return undefined;
    }
  };
  const wanted = region(language);
  const given = locale ? region(locale) : undefined;
  const pick = given && wanted && given.language === wanted.language && given.script === wanted.script ? given : wanted;
  return pick?.region ? `${pick.language}-${pick.region}` : language;
}
