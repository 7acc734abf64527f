/**
 * What the PowerPoint's text measure needs of a font, and no more: which characters it maps, each
 * one's advance width, its units per em and its family name. They are read from four small tables
 * of the file (cmap, hmtx, head, name; half a megabyte of a 10 MB CJK font) with a few positioned
 * reads, so a build of the PPTX alone loads neither fontkit (a tenth of a second cold, most of it
 * its Unicode tables, for a PPTX that shapes nothing) nor the whole file.
 *
 * Hand-written rather than a library's: fontkit and HarfBuzz both take the whole file (HarfBuzz
 * copies it into its WebAssembly heap) and cost more to start than the measuring itself. The
 * answers are fontkit's, by construction: its choice of cmap subtable and its lookup of formats
 * 0, 4, 6, 12 and 13, hmtx as src/pptx/text.ts advanceOf reads it, and its `familyName`. Anything
 * else (a variable font, whose advances vary; another cmap format or encoding; WOFF; a
 * collection; a family name only in another language or a Mac script) is left to fontkit, as is
 * a file that does not parse: test/pptx/metrics.test.ts holds the two readers to the same answers.
 */
import { closeSync, openSync, readSync } from "node:fs";

export interface FontMetrics {
  familyName: string;
  unitsPerEm: number;
  /** Whether the font maps the character to a glyph other than .notdef. */
  has(cp: number): boolean;
  /** The advance width, in font units, of the glyph the character maps to (.notdef's when none). */
  advance(cp: number): number;
  /** The glyph count of the maxp table (fontkit's `numGlyphs`), for the brand check; undefined when it cannot be read. */
  numGlyphs?: number;
}

/** The font's metrics read from its tables; undefined when this reader leaves the font to fontkit. */
export function readMetrics(path: string): FontMetrics | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    return fromFile(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function read(fd: number, offset: number, length: number): DataView {
  const bytes = Buffer.alloc(length);
  if (readSync(fd, bytes, 0, length, offset) !== length) throw new Error("short font file");
  return new DataView(bytes.buffer, bytes.byteOffset, length);
}

const SFNT_VERSIONS = new Set([0x00010000, 0x74727565 /* true */, 0x4f54544f /* OTTO */]);

function fromFile(fd: number): FontMetrics | undefined {
  const header = read(fd, 0, 12);
  if (!SFNT_VERSIONS.has(header.getUint32(0))) return undefined;
  const count = header.getUint16(4);
  const directory = read(fd, 12, count * 16);
  // As fontkit's directory: a tag listed twice is the later entry.
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < count; i++) {
    const at = i * 16;
    const tag = String.fromCharCode(directory.getUint8(at), directory.getUint8(at + 1), directory.getUint8(at + 2), directory.getUint8(at + 3));
    tables.set(tag, { offset: directory.getUint32(at + 8), length: directory.getUint32(at + 12) });
  }
  const table = (tag: string) => {
    const entry = tables.get(tag);
    if (!entry) throw new Error(`no ${tag} table`);
    return read(fd, entry.offset, entry.length);
  };
  if (tables.has("fvar")) return undefined;
  const unitsPerEm = table("head").getUint16(18);
  const numberOfMetrics = table("hhea").getUint16(34);
  const hmtx = table("hmtx");
  const familyName = englishFamilyName(table("name"));
  const lookup = cmapLookup(table("cmap"));
  if (familyName === undefined || lookup === undefined) return undefined;
  const numGlyphs = glyphCount(fd, tables.get("maxp"));
  const advanceOf = (id: number) => {
    const index = id < numberOfMetrics ? id : numberOfMetrics - 1;
    return index >= 0 && index * 4 + 2 <= hmtx.byteLength ? hmtx.getUint16(index * 4) : 0;
  };
  return { familyName, unitsPerEm, has: (cp) => lookup(cp) !== 0, advance: (cp) => advanceOf(lookup(cp)), numGlyphs };
}

/** maxp's numGlyphs; undefined without a whole maxp header (the text measure does not need it, the brand check asks fontkit then). */
function glyphCount(fd: number, maxp: { offset: number; length: number } | undefined): number | undefined {
  if (!maxp || maxp.length < 6) return undefined;
  try {
    return read(fd, maxp.offset, 6).getUint16(4);
  } catch {
    return undefined;
  }
}

/** fontkit's preference among Unicode subtables (CmapProcessor). */
const UNICODE_SUBTABLES: readonly [number, number][] = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

/** The subtable fontkit would use, as a code point → glyph id function; undefined for one this reader leaves to fontkit. */
function cmapLookup(cmap: DataView): ((cp: number) => number) | undefined {
  const count = cmap.getUint16(2);
  const records: { platform: number; encoding: number; offset: number }[] = [];
  for (let i = 0; i < count; i++) records.push({ platform: cmap.getUint16(4 + i * 8), encoding: cmap.getUint16(6 + i * 8), offset: cmap.getUint32(8 + i * 8) });
  let chosen: (typeof records)[number] | undefined;
  for (const [platform, encoding] of UNICODE_SUBTABLES) {
    chosen = records.find((r) => r.platform === platform && r.encoding === encoding);
    if (chosen) break;
  }
  // No Unicode subtable: fontkit re-encodes through a legacy one.
  if (!chosen) return undefined;
  const at = chosen.offset;
  const format = cmap.getUint16(at);
  const u16 = (offset: number) => cmap.getUint16(at + offset);
  const u32 = (offset: number) => cmap.getUint32(at + offset);
  switch (format) {
    case 0:
      return (cp) => (cp >= 0 && cp < 256 ? cmap.getUint8(at + 6 + cp) : 0);
    case 4: {
      const length = u16(2);
      const segCount = u16(6) >> 1;
      const ends = 14;
      const starts = ends + segCount * 2 + 2;
      const deltas = starts + segCount * 2;
      const rangeOffsets = deltas + segCount * 2;
      const glyphs = rangeOffsets + segCount * 2;
      const glyphCount = (length - glyphs) / 2;
      return (cp) => {
        let min = 0;
        let max = segCount - 1;
        while (min <= max) {
          const mid = (min + max) >> 1;
          if (cp < u16(starts + mid * 2)) max = mid - 1;
          else if (cp > u16(ends + mid * 2)) min = mid + 1;
          else {
            const rangeOffset = u16(rangeOffsets + mid * 2);
            const delta = cmap.getInt16(at + deltas + mid * 2);
            if (rangeOffset === 0) return (cp + delta) & 0xffff;
            const index = rangeOffset / 2 + (cp - u16(starts + mid * 2)) - (segCount - mid);
            // fontkit's lazy array answers undefined (glyph 0) outside the table, and at a fraction.
            const gid = Number.isInteger(index) && index >= 0 && index < glyphCount ? u16(glyphs + index * 2) : 0;
            return gid === 0 ? 0 : (gid + delta) & 0xffff;
          }
        }
        return 0;
      };
    }
    case 6: {
      const first = u16(6);
      const entries = u16(8);
      return (cp) => (cp - first >= 0 && cp - first < entries ? u16(10 + (cp - first) * 2) : 0);
    }
    case 12:
    case 13: {
      const groups = u32(12);
      return (cp) => {
        let min = 0;
        let max = groups - 1;
        while (min <= max) {
          const mid = (min + max) >> 1;
          const group = 16 + mid * 12;
          if (cp < u32(group)) max = mid - 1;
          else if (cp > u32(group + 4)) min = mid + 1;
          else return format === 12 ? u32(group + 8) + (cp - u32(group)) : u32(group + 8);
        }
        return 0;
      };
    }
    default:
      return undefined;
  }
}

/**
 * fontkit's `familyName`: name ID 1 in English, the last such record winning. English is a Windows
 * record of language 0x409 (UTF-16) or a Macintosh one of language 0 (Mac Roman: read here only
 * when it is ASCII). A font without one is left to fontkit, which then takes another language's.
 */
function englishFamilyName(name: DataView): string | undefined {
  const count = name.getUint16(2);
  const strings = name.getUint16(4);
  let found: string | undefined;
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 12;
    const [platform, encoding, language, id, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => name.getUint16(at + o)) as [number, number, number, number, number, number];
    if (id !== 1) continue;
    const start = strings + offset;
    if (platform === 3 && language === 0x409) {
      if (![0, 1, 10].includes(encoding) || length % 2 !== 0) return undefined;
      let text = "";
      for (let c = 0; c + 1 < length; c += 2) text += String.fromCharCode(name.getUint16(start + c));
      found = text;
    } else if (platform === 1 && language === 0) {
      if (encoding !== 0) return undefined;
      const bytes = new Uint8Array(name.buffer, name.byteOffset + start, length);
      if (bytes.some((b) => b >= 0x80)) return undefined;
      found = String.fromCharCode(...bytes);
    }
  }
  return found || undefined;
}
