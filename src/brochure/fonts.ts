/**
 * Brand fonts for pdfkit, plus glyph fallback: text the Latin faces cannot show (the local-script
 * name, a CJK word inside a sentence) switches to the edition's script font, then to the local
 * name's, rather than printing empty boxes.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import PDFDocument from "pdfkit";
import type { Brand } from "../data/schema.ts";
import { isCjk, scriptFonts } from "../data/scriptFonts.ts";
import { shapeText, type Features, type GlyphSource } from "./shaping.ts";
import { reuseGlyphData } from "./subset.ts";
import type { Face } from "./theme.ts";

interface ParsedFont extends GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string, features?: Features): unknown;
}

export interface FontBook {
  /** Names the files of every face: two books with the same key measure and set text alike. */
  readonly key: string;
  /** Makes `face` the current font. Always select fonts through here (see below). */
  use(face: Face): PDFKit.PDFDocument;
  /** The face to draw a character in: `face` itself, else the first script face that has it. */
  faceFor(face: Face, codePoint: number): Face;
  /** Whether `face` has a glyph of its own for the character. */
  draws(face: Face, codePoint: number): boolean;
}

/**
 * The file of each face. `languages` are the edition's language, then the local name's: the
 * `local` faces are the edition's script font (scriptFonts.ts: Japanese glyph forms in a Japanese
 * edition), the `native` faces the local name's (a Chinese name stays in Chinese forms there too),
 * and the `fallback` faces the brand's local font, the last resort for other scripts. An edition in
 * a CJK language has no italics: its "italic" face is the regular one, since a sloped Latin word
 * inside upright kanji reads as a mistake and CJK fonts have no italic.
 */
export function fontFiles(brand: Brand, root: string, languages: readonly string[] = []): Record<Face, string> {
  const f = brand.fonts;
  const path = (file: string) => resolve(root, file);
  const [edition, localName] = languages;
  const cjk = edition !== undefined && isCjk(edition);
  // An edition in a language of its own script sets CJK text in that script's font; any other sets
  // it in the local name's (Japanese names and words in an English edition keep Japanese glyph
  // forms: the brand's default script font, Chinese, would draw the kanji they share its way).
  const local = scriptFonts(brand, cjk ? [edition] : localName ? [localName] : edition ? [edition] : [])[0]!;
  const native = scriptFonts(brand, localName ? [localName] : [])[0]!;
  return {
    heading: path(f.heading.regular),
    headingBold: path(f.heading.bold),
    body: path(f.body.regular),
    bodyBold: path(f.body.bold),
    bodyItalic: path(cjk ? f.body.regular : (f.body.italic ?? f.body.regular)),
    local: path(local.regular),
    localBold: path(local.bold ?? local.regular),
    native: path(native.regular),
    nativeBold: path(native.bold ?? native.regular),
    fallback: path(f.local.regular),
    fallbackBold: path(f.local.bold ?? f.local.regular),
  };
}

/** Faces set in a script font (CJK and other non-Latin): never letter-spaced. */
export function isScriptFace(face: Face): boolean {
  return SCRIPT_FACES.has(face);
}
/** The end of Latin Extended-B: the letters whose coverage faceFor remembers per face. */
const LATIN_END = 0x250;
const SCRIPT_FACES = new Set<Face>(["local", "localBold", "native", "nativeBold", "fallback", "fallbackBold"]);

/**
 * Parsed fonts, kept for the life of the process: parsing the CJK font's tables costs a few hundred
 * milliseconds per document otherwise. Each document makes its own subset; what else a document
 * leaves in a parsed font is fontkit's glyph objects (see forgetGlyphsWithoutCharacters).
 */
const parsed = new Map<string, ParsedFont>();

/**
 * Laid-out words, by font file, handed from one document to the next. pdfkit shapes each word once
 * per document (its per-font layout cache), and the next document (another edition, the next city
 * of a portfolio, the compendium) sets mostly the same words in the same fonts. Even with HarfBuzz
 * shaping (shapeWithHarfBuzz) a word costs more to shape than to look up: without the sharing,
 * fifteen fictional cities' brochures took 1.9 s of CPU instead of 1.65 s. A run depends only on
 * the font and the word (pdfkit scales it to its 1000-unit space, the same for every document)
 * and pdfkit only reads cached runs, so sharing them does not change the glyphs or their places.
 * One thing does follow the run: a glyph drawn for two characters (space and no-break space in the
 * CJK fonts) copies as the one it was first laid out for, as it already did within a document and
 * for every face but the body's.
 *
 * Only the words of the last few documents that set a font are kept, not every word of the
 * process: the shared ones (the templates' words, labels, units) carry over, while each city's own
 * names and numbers go a few documents after it. A cache of every word grew with every city of a
 * build (the lane's live heap after fifteen fictional cities' brochures: 81 MB with it, 64 MB with
 * this one, which stays the size of a few documents' words); the time is the same.
 */
const layouts = new Map<string, FontRuns>();

/**
 * How many documents' words a font keeps. Four: a city's editions are set one after another (Dalian
 * declares four: en, ja, zh and the print edition, which sets the en edition's words again), and a
 * rebuild in `citypitch dev` comes back to the same edition after the others.
 */
export const KEPT_DOCUMENTS = 4;

/** One font's runs: the words each of the last KEPT_DOCUMENTS documents that set it used, newest last. */
interface FontRuns {
  /** The number of the latest document that set the font. */
  document: number;
  generations: Map<string, unknown>[];
}

/** Numbers the documents of the process, so that a font's runs know which document used them. */
let documents = 0;

/** pdfkit's EmbeddedFont, as far as the layout cache goes. */
interface EmbeddedFont {
  font: ParsedFont;
  layoutCache?: Record<string, unknown>;
  /** Shapes a word; pdfkit's layoutCached calls it for a word not in layoutCache, and stores what it returns there. */
  layoutRun(text: string, features?: unknown): unknown;
  /** A word's run, from layoutCache or else shaped: what pdfkit's layout, and drawGlyphs, read each word through. */
  layoutCached(text: string): unknown;
  /** The fontkit subset the document embeds. */
  subset: unknown;
}

export function fontBook(doc: PDFKit.PDFDocument, files: Record<Face, string>): FontBook {
  for (const font of parsed.values()) forgetGlyphsWithoutCharacters(font);
  const document = ++documents;
  openParsedFontsFromTheirParse();
  // Fonts are selected by file path, the same key the document's default font (the body face) was
  // opened under. pdfkit caches by that key; a registered alias for an already-open file would make
  // it re-read and re-parse the file on every switch.
  const use = (face: Face) => {
    const path = files[face];
    const font = parsed.get(path);
    if (font) {
      // A parsed font has no path, so its cache key is passed as the family (which pdfkit
      // otherwise ignores for parsed fonts).
      (doc.font as (src: unknown, family: string) => PDFKit.PDFDocument)(font, path);
    } else {
      doc.font(path);
      parsed.set(path, current(doc).font);
    }
    shapeWithHarfBuzz(current(doc).font, path);
    share(current(doc), path, document);
    reuseGlyphData(current(doc).subset, path);
    return doc;
  };
  const coverage = (face: Face): ParsedFont => {
    if (!parsed.has(files[face])) use(face);
    return parsed.get(files[face])!;
  };
  // The heading face is a semibold: its CJK stand-in is the bold, as the regular looks faint beside it.
  const bold = (face: Face) => face === "heading" || face.endsWith("Bold");
  // Asked for every character set: remembered per face for the Latin letters most text is made of.
  const latin = new Map<Face, Uint8Array>();
  const draws = (face: Face, codePoint: number): boolean => {
    if (codePoint >= LATIN_END) return coverage(face).hasGlyphForCodePoint(codePoint);
    let known = latin.get(face);
    if (!known) latin.set(face, (known = new Uint8Array(LATIN_END)));
    if (known[codePoint] === 0) known[codePoint] = coverage(face).hasGlyphForCodePoint(codePoint) ? 1 : 2;
    return known[codePoint] === 1;
  };
  return {
    key: JSON.stringify(files),
    use,
    draws,
    faceFor(face, codePoint) {
      if (draws(face, codePoint)) return face;
      // A script font lacks letters the brand's Latin faces have (a CJK font has no "Ł" or "ş", found
      // in a local name in Latin letters), and one brand face may lack a letter the other has (a
      // serif heading without the "Ɛ" its body font has): those come last, rather than a box where
      // a letter should be. The glyph check accepts a letter that any of these faces has.
      const chain: Face[] = bold(face) ? ["localBold", "nativeBold", "fallbackBold", "headingBold", "bodyBold"] : ["local", "native", "fallback", "body", "heading"];
      return chain.find((f) => f !== face && draws(f, codePoint)) ?? face;
    },
  };
}

/**
 * pdfkit parses a font file it is asked to open by path afresh for each document, and then makes
 * new glyph objects, decodes the metrics and lays words out in that parse: a document's default
 * font (the body face, which render.ts and the compendium open by path) cost about a seventh of a
 * warm brochure's CPU that way. Once this process has parsed a file (`parsed`, above), pdfkit opens the
 * file by path from that parse, under the same cache key, so every document embeds the same file
 * from one parse, as the other faces already are (see `use`). Only files parsed here are affected.
 */
function openParsedFontsFromTheirParse(): void {
  const proto = PDFDocument.prototype as unknown as FontOpening;
  // The latest module's parses: a test that loads this module afresh starts from none.
  proto[KEPT_PARSES] = parsed;
  if (proto[KEPT_PARSES_HOOK]) return;
  proto[KEPT_PARSES_HOOK] = true;
  const font = proto.font;
  proto.font = function (this: FontOpening & { _registeredFonts?: Record<string, unknown> }, src, family, size) {
    const byPath = typeof src === "string" && (family === undefined || family === null || typeof family === "number") && !this._registeredFonts?.[src];
    const kept = byPath ? this[KEPT_PARSES]?.get(src as string) : undefined;
    // A parsed font is cached by its family, passed as the path it would have been cached by.
    return kept ? font.call(this, kept, src, typeof family === "number" ? family : size) : font.call(this, src, family, size);
  };
}
const KEPT_PARSES = Symbol.for("citypitch.keptParses");
const KEPT_PARSES_HOOK = Symbol.for("citypitch.keptParsesHook");
interface FontOpening {
  font(src: unknown, family?: unknown, size?: unknown): unknown;
  [KEPT_PARSES]?: Map<string, ParsedFont>;
  [KEPT_PARSES_HOOK]?: boolean;
}

/** The fontkit fonts whose layout is HarfBuzz's. */
const shapedByHarfBuzz = new WeakSet<ParsedFont>();

/**
 * Makes HarfBuzz shape the font's runs (shaping.ts) where fontkit did: pdfkit's layoutRun calls
 * `font.layout` for each word. Every fontkit font of the file shares one HarfBuzz font; a file
 * HarfBuzz cannot read keeps fontkit's layout.
 */
function shapeWithHarfBuzz(font: ParsedFont, path: string): void {
  if (shapedByHarfBuzz.has(font)) return;
  shapedByHarfBuzz.add(font);
  const fontkitLayout = font.layout.bind(font);
  // pdfkit parsed the font from the file's bytes and fontkit keeps them: no second read.
  const bytes = () => {
    const kept = (font as unknown as { stream?: { buffer?: unknown } }).stream?.buffer;
    return kept instanceof Uint8Array ? kept : readFileSync(path);
  };
  font.layout = (text, features) => shapeText(path, bytes, font, text, features) ?? fontkitLayout(text, features);
}

/** pdfkit keeps the current font on the private `_font` (and its parsed fontkit font on `_font.font`). */
function current(doc: PDFKit.PDFDocument): EmbeddedFont {
  return (doc as unknown as { _font: EmbeddedFont })._font;
}

/**
 * fontkit keeps one glyph object per glyph, with the characters it was first made for, and pdfkit
 * writes those characters into the font's ToUnicode map. Writing a document's font subset makes
 * objects with no characters for glyphs used only inside others (‘ inside “); a later document
 * setting ’ would get that object back and its text would copy as "It s". Such objects are
 * dropped before a document sets any text, so each glyph is made again from the text that uses it.
 */
function forgetGlyphsWithoutCharacters(font: ParsedFont): void {
  const glyphs = (font as unknown as { _glyphs?: Record<number, { codePoints: readonly number[] } | undefined> })._glyphs;
  if (!glyphs) return;
  for (const id of Object.keys(glyphs)) if (glyphs[Number(id)]?.codePoints.length === 0) delete glyphs[Number(id)];
}

/**
 * Points the document's font at the layout cache for its file (keeping what it laid out already):
 * a word is looked up in the document's own generation, and a word not there yet is taken from an
 * earlier document's, newest first, before it is shaped. Either way it is stored in the document's
 * generation, which thus holds every word the document set, so the older ones can be let go
 * without losing a word still in use.
 *
 * The lookup replaces pdfkit's layoutCached, which keeps words as keys of a plain object: with
 * thousands of words that object is a dictionary, and each lookup of a freshly cut word first
 * searches V8's table of interned strings, where a Map only hashes the word. Every word a brochure
 * sets or measures goes through here, several times.
 */
function share(font: EmbeddedFont, path: string, document: number): void {
  // No cache: the document was opened with fontLayoutCache off, and keeps it off.
  if (!font.layoutCache) return;
  let runs = layouts.get(path);
  if (!runs) layouts.set(path, (runs = { document: 0, generations: [] }));
  if (runs.document !== document) {
    runs.document = document;
    runs.generations.push(new Map());
    if (runs.generations.length > KEPT_DOCUMENTS) runs.generations.shift();
  }
  const generations = runs.generations;
  const used = generations.at(-1)!;
  if (sharing.get(font) === used) return;
  sharing.set(font, used);
  for (const [text, run] of Object.entries(font.layoutCache)) used.set(text, run);
  const shape = font.layoutRun.bind(font);
  font.layoutCached = (text) => {
    let run = used.get(text);
    if (run === undefined) {
      run = earlier(generations, text) ?? fixWidth(shape(text));
      used.set(text, run);
    }
    return run;
  };
}

/** The generation each document's font stores its words in. */
const sharing = new WeakMap<EmbeddedFont, Map<string, unknown>>();

/**
 * A run's width as an own value. pdfkit reads it for every word it lays out or measures, and a run
 * (fontkit's or shaping.ts's) sums its positions on each read; they are final once pdfkit's
 * layoutRun has scaled them to its 1000-unit space, and pdfkit never changes a cached run.
 */
function fixWidth(run: unknown): unknown {
  const width = (run as { advanceWidth: number }).advanceWidth;
  Object.defineProperty(run, "advanceWidth", { value: width, enumerable: true });
  return run;
}

/** A word's run from the documents before the latest, newest first. */
function earlier(generations: readonly Map<string, unknown>[], text: string): unknown {
  for (let i = generations.length - 2; i >= 0; i--) {
    const run = generations[i]!.get(text);
    if (run !== undefined) return run;
  }
  return undefined;
}

/** The words whose runs are kept for `file` (for tests: the cache must not grow with the documents made). */
export function keptWords(file: string): Set<string> {
  return new Set((layouts.get(file)?.generations ?? []).flatMap((generation) => [...generation.keys()]));
}
