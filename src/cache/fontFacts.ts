/**
 * What the data checks learn from a font file (whether it is a font the outputs can use, and
 * whether it has a glyph for each character asked about), remembered by the file's stat stamp as
 * hash.ts trusts it (a file rewritten in place changes its ctime). An unchanged brand's fonts, 13
 * files and 67 MB with the CJK ones, are then neither read nor parsed by `check` or `build`. The
 * memo is kept in the output folder's cache when there is one
 * (<outDir>/.citypitch-cache/<layout>/fonts.json, checksummed); a damaged or missing memo only means
 * reading the fonts again.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { join } from "node:path";
import type * as Fontkit from "fontkit";
import { prefetchedFont } from "../data/prefetch.ts";
import { sha256 } from "./hash.ts";
import { layoutDir } from "./store.ts";
import { readMetrics, type FontMetrics } from "../pptx/metrics.ts";
import { trace } from "../trace.ts";

interface Fact {
  stamp: string;
  /** The verdict of the brand file check: "" for a usable font; absent until checked. */
  problem?: string;
  /**
   * Passed the lighter check of a run that reads only the font's own tables (brandFiles.ts,
   * FontCheck "tables"): an answer for such runs alone, never for one that asks `problem`.
   */
  tables?: true;
  /** Code point → 1 when the font has a glyph for it, 0 when not. */
  glyphs: Record<string, 0 | 1>;
}

// Loaded only when a font must really be read: fontkit's start-up (its Unicode tables) is not free.
// Always its CommonJS build: an ESM `import "fontkit"` elsewhere would load a second copy of it
// and of its parser (restructure), which costs a cold process as much again.
const require = createRequire(import.meta.url);
let fontkit: typeof Fontkit | undefined;
export const loadFontkit = (): typeof Fontkit => {
  if (!fontkit) {
    deferWoff2Decoder();
    fontkit = require("fontkit") as typeof Fontkit;
    trace("fontkit: loaded");
  }
  return fontkit;
};

/**
 * fontkit loads its WOFF2 decompressor (brotli) as it loads, and brotli decodes its 120 KB
 * dictionary then: a third of fontkit's start-up, for a decoder no build calls (the brand check
 * refuses WOFF fonts, and pdfkit and canvas read the brand's files). In its place in the module
 * cache goes a function that loads the real one when first called, so fontkit behaves the same.
 * Where fontkit is loaded already, or brotli is not where fontkit finds it, nothing is changed.
 */
function deferWoff2Decoder(): void {
  try {
    const fromFontkit = createRequire(require.resolve("fontkit"));
    const path = fromFontkit.resolve("brotli/decompress.js");
    if (require.cache[path] || require.cache[require.resolve("fontkit")]) return;
    let real: ((...args: unknown[]) => unknown) | undefined;
    const stand = new Module(path);
    stand.filename = path;
    stand.loaded = true;
    stand.exports = function decompress(this: unknown, ...args: unknown[]) {
      if (!real) {
        delete require.cache[path];
        real = fromFontkit(path) as (...args: unknown[]) => unknown;
      }
      return real.apply(this, args);
    };
    require.cache[path] = stand;
  } catch {
    // fontkit then loads brotli itself.
  }
}

const stampOf = (path: string) => {
  const s = statSync(path);
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
};

const opened = new Map<string, { stamp: string; font: Fontkit.Font }>();

/**
 * The font at `path`, read and parsed once per process while the file is unchanged: the data
 * checks and the PowerPoint's text measure ask the same 10 MB CJK fonts. `bytes` are the file's,
 * when the caller has just read them.
 */
export function openFont(path: string, bytes?: Buffer): Fontkit.Font {
  const stamp = stampOf(path);
  const known = opened.get(path);
  if (known?.stamp === stamp) return known.font;
  const font = loadFontkit().create(bytes ?? readFileSync(path)) as Fontkit.Font;
  opened.set(path, { stamp, font });
  return font;
}

const tables = new Map<string, { stamp: string; metrics: FontMetrics | undefined }>();

/**
 * The font's tables as src/pptx/metrics.ts reads them (undefined where that reader leaves the font
 * to fontkit), once per process while the file is unchanged: the brand check, the glyph check and
 * the PowerPoint's text measure all ask them.
 */
export function fontTables(path: string): FontMetrics | undefined {
  let stamp: string;
  try {
    stamp = stampOf(path);
  } catch {
    return undefined;
  }
  const known = tables.get(path);
  if (known?.stamp === stamp) return known.metrics;
  const metrics = readMetrics(path);
  tables.set(path, { stamp, metrics });
  return metrics;
}

const maps = new Map<string, { stamp: string; has: (codePoint: number) => boolean }>();

/**
 * Whether the font at `path` has a glyph for a character, as fontkit's hasGlyphForCodePoint
 * answers, read from the font's character map alone (src/pptx/metrics.ts: a few positioned
 * reads, where fontkit would read the whole 10 MB of a CJK font and decode its cmap in
 * JavaScript); fontkit only for a font that reader leaves to it.
 */
export function glyphMap(path: string): (codePoint: number) => boolean {
  const stamp = stampOf(path);
  const known = maps.get(path);
  if (known?.stamp === stamp) return known.has;
  const metrics = fontTables(path);
  const has = metrics
    ? metrics.has
    : (
        (font) => (cp: number) =>
          font.hasGlyphForCodePoint(cp)
      )(openFont(path));
  maps.set(path, { stamp, has });
  return has;
}

export class FontFacts {
  private readonly facts = new Map<string, Fact>();
  /** Files whose stamp this process has looked at: one stat each, not one per character. */
  private readonly seen = new Set<string>();
  /** The character map of each file asked about, as it was when first asked (as `seen`). */
  private readonly maps = new Map<string, (codePoint: number) => boolean>();
  private changed = false;

  /** `file`: where the memo is kept; without one it lasts as long as the process. */
  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const { body, check } = JSON.parse(readFileSync(file, "utf8")) as { body: string; check: string };
      if (sha256(body) === check) for (const [path, fact] of Object.entries(JSON.parse(body) as Record<string, Fact>)) this.facts.set(path, fact);
    } catch {
      // No memo yet, or a damaged one: the fonts are read.
    }
  }

  /** The memo of an output folder's cache, if that cache exists; else one for this process. */
  static forOutput(outDir: string | undefined): FontFacts {
    const dir = outDir === undefined ? undefined : layoutDir(outDir);
    return dir && existsSync(dir) ? new FontFacts(join(dir, "fonts.json")) : new FontFacts();
  }

  private fact(path: string): Fact {
    let fact = this.facts.get(path);
    if (fact && this.seen.has(path)) return fact;
    this.seen.add(path);
    const stamp = stampOf(path);
    if (!fact || fact.stamp !== stamp) {
      fact = { stamp, glyphs: {} };
      this.facts.set(path, fact);
      this.changed = true;
    }
    return fact;
  }

  /** The memo's verdict on the font file as it is now, without reading it; undefined when there is none. */
  knownProblem(path: string): string | undefined {
    const fact = this.facts.get(path);
    try {
      return fact && fact.stamp === stampOf(path) ? fact.problem : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The font file's problem ("" for none), from the memo or by `check` over its bytes. With
   * `tablesPass` (a run that reads only the font's tables: brandFiles.ts, FontCheck), a font that
   * passes it, or passed it before, is usable without `check`; one that does not is left to `check`,
   * whose verdict is then the answer. So a run's answer never depends on which runs came before.
   */
  problem(path: string, check: (bytes: Buffer) => string | undefined, tablesPass?: () => boolean): string {
    const fact = this.fact(path);
    if (tablesPass && fact.problem !== "") {
      if (fact.tables) return "";
      if (tablesPass()) {
        fact.tables = true;
        this.changed = true;
        return "";
      }
    }
    if (fact.problem === undefined) {
      // The prefetch thread may have run this very check on this very file already.
      fact.problem = prefetchedFont(path, fact.stamp)?.problem ?? check(readFileSync(path)) ?? "";
      this.changed = true;
    }
    return fact.problem;
  }

  /** The memo's answer for a character of the font file as it is now, without reading it; undefined when there is none. */
  knownGlyph(path: string, codePoint: number): 0 | 1 | undefined {
    const fact = this.facts.get(path);
    try {
      return fact && fact.stamp === stampOf(path) ? fact.glyphs[codePoint] : undefined;
    } catch {
      return undefined;
    }
  }

  hasGlyph(path: string, codePoint: number): boolean {
    const fact = this.fact(path);
    const known = fact.glyphs[codePoint];
    if (known !== undefined) return known === 1;
    const early = this.prefetched(path, fact.stamp)?.[codePoint];
    if (early !== undefined) {
      fact.glyphs[codePoint] = early;
      this.changed = true;
      return early === 1;
    }
    let map = this.maps.get(path);
    // Once per file: glyphMap stats the file each time it is asked, and a CJK text asks a thousand characters.
    if (!map) this.maps.set(path, (map = glyphMap(path)));
    const has = map(codePoint);
    fact.glyphs[codePoint] = has ? 1 : 0;
    this.changed = true;
    return has;
  }

  /**
   * What the prefetch thread found of the font's glyphs, asked once per file: with them, a build
   * whose data it read checks every character without loading fontkit on this thread.
   */
  private prefetched(path: string, stamp: string): Record<number, 0 | 1> | undefined {
    const key = `${path}\0${stamp}`;
    if (!this.early.has(key)) this.early.set(key, prefetchedFont(path, stamp)?.glyphs);
    return this.early.get(key);
  }
  private readonly early = new Map<string, Record<number, 0 | 1> | undefined>();

  /** Writes the memo when something was learnt; a folder that cannot be written only costs speed. */
  save(): void {
    if (!this.file || !this.changed) return;
    try {
      const body = JSON.stringify(Object.fromEntries(this.facts));
      const temp = `${this.file}.tmp-${process.pid}`;
      writeFileSync(temp, JSON.stringify({ body, check: sha256(body) }));
      renameSync(temp, this.file);
      this.changed = false;
    } catch {
      // Read-only output folder: the next run reads the fonts again.
    }
  }
}
