/**
 * Text shaping with HarfBuzz (harfbuzzjs, its WebAssembly build) in place of fontkit's `layout`.
 * pdfkit shapes every word through fontkit, whose JavaScript GSUB/GPOS engine rebuilds its table
 * readers on each call: that was most of a brochure's time. HarfBuzz applies the same OpenType
 * features (the script's defaults: ccmp, locl, rlig, calt, clig, liga, kern, mark, mkmk…, plus the
 * ones asked for) in a fraction of it, and the run it returns has fontkit's shape, so pdfkit sets,
 * embeds and maps the glyphs to text as before: glyph objects come from the fontkit font, each
 * carrying the characters of its cluster (a ligature copies as its letters).
 *
 * Where the two differ, HarfBuzz follows the font (and browsers): Inter's default-script `kern`
 * feature lists its lookups twice, and fontkit applied them twice, setting digits and their
 * punctuation ("2007,", "3.81") tighter than the font means; and Inter's contextual closing
 * parenthesis after "(Dalian" is its capital form, which fontkit missed.
 */
import { Blob, Buffer, BufferFlag, ClusterLevel, Face, Feature, Font, shape } from "harfbuzzjs";

/** A fontkit glyph, as far as pdfkit reads it. */
export interface Glyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}

/** The fontkit font a run's glyphs come from (its cache gives one object per glyph). */
export interface GlyphSource {
  getGlyph(id: number, codePoints?: number[]): Glyph;
}

export interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** fontkit's user features: tags to turn on, or tags mapped to on or off. */
export type Features = readonly string[] | Readonly<Record<string, boolean>>;

/**
 * A shaped run in font units, shaped like fontkit's GlyphRun. pdfkit scales the positions in
 * place to its 1000-unit space and reads `advanceWidth` after, so it is summed when read.
 */
export class Run {
  constructor(
    readonly glyphs: Glyph[],
    readonly positions: Position[],
    /**
     * The characters of the cluster each glyph starts ("" for a glyph that continues one). Not
     * the glyphs' own codePoints: fontkit keeps one glyph object per id, with the characters it
     * was first made for, and an Arabic font draws several letters with one glyph.
     */
    readonly clusters: string[] = [],
  ) {}

  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance;
    return width;
  }
}

/**
 * One HarfBuzz font per font file, kept for the process. Each holds only the tables shaping reads
 * (see shapingTables): the outlines stay out of the WebAssembly heap, which never shrinks.
 */
const fonts = new Map<string, Font | null>();
/** One buffer, emptied before each run: shaping is synchronous and single-threaded here. */
let buffer: Buffer | undefined;
/** HarfBuzz's features for each set of fontkit features asked for, parsed once. */
const featureLists = new Map<string, Feature[]>();

/**
 * Shapes `text` in the font file `file` (whose bytes are `bytes`), with glyph objects from
 * `source`. Undefined when HarfBuzz cannot read the file (not a plain TrueType/OpenType font,
 * such as WOFF2): the caller then keeps fontkit's layout.
 */
export function shapeText(file: string, bytes: () => Uint8Array, source: GlyphSource, text: string, features?: Features): Run | undefined {
  const font = hbFont(file, bytes);
  if (!font) return undefined;
  const buf = (buffer ??= new Buffer());
  buf.clearContents();
  buf.setFlags(BufferFlag.BOT | BufferFlag.EOT | BufferFlag.REMOVE_DEFAULT_IGNORABLES);
  // Each character its own cluster unless a substitution joins them (as fontkit keeps them), so
  // a mark copies as itself; the direction, script and language are guessed as fontkit does.
  buf.setClusterLevel(ClusterLevel.MONOTONE_CHARACTERS);
  buf.addText(text);
  buf.guessSegmentProperties();
  shape(font, buf, featureList(features));
  const infos = buf.getGlyphInfos();
  const positions = buf.getGlyphPositions();
  const { glyphs, clusters } = glyphsOf(source, text, infos);
  return new Run(glyphs, positions, clusters);
}

/**
 * The glyph objects of a shaped run. A cluster's characters go to its first glyph and none to the
 * rest, as fontkit gives them (a ligature gets all its letters, a glyph split off another none).
 * Clusters are UTF-16 offsets into `text`; a cluster runs to the next one up.
 */
function glyphsOf(source: GlyphSource, text: string, infos: readonly { codepoint: number; cluster: number }[]): { glyphs: Glyph[]; clusters: string[] } {
  const starts = [...new Set(infos.map((info) => info.cluster))].sort((a, b) => a - b);
  const seen = new Set<number>();
  const clusters: string[] = [];
  const glyphs = infos.map(({ codepoint: id, cluster }) => {
    if (seen.has(cluster)) {
      clusters.push("");
      return source.getGlyph(id, []);
    }
    seen.add(cluster);
    const end = starts[starts.indexOf(cluster) + 1] ?? text.length;
    const characters = text.slice(cluster, end);
    clusters.push(characters);
    const codePoints: number[] = [];
    for (const ch of characters) codePoints.push(ch.codePointAt(0)!);
    return source.getGlyph(id, codePoints);
  });
  return { glyphs, clusters };
}

function hbFont(file: string, bytes: () => Uint8Array): Font | null {
  let font = fonts.get(file);
  if (font === undefined) {
    const tables = shapingTables(bytes());
    font = tables ? new Font(new Face(new Blob(tables))) : null;
    fonts.set(file, font);
  }
  return font;
}

function featureList(features: Features | undefined): Feature[] | undefined {
  if (!features) return undefined;
  const settings = Array.isArray(features) ? (features as readonly string[]) : Object.entries(features).map(([tag, on]) => (on ? tag : `-${tag}`));
  if (settings.length === 0) return undefined;
  const key = settings.join(",");
  let list = featureLists.get(key);
  if (!list) featureLists.set(key, (list = settings.map((s) => Feature.fromString(s)).filter((f) => f !== undefined)));
  return list;
}

/**
 * The tables HarfBuzz reads to shape (character map, metrics, OpenType and AAT layout, variations),
 * as a font file of their own. A CJK font is ~10 MB of outlines around ~300 KB of these, and
 * HarfBuzz needs its bytes copied into the WebAssembly heap. harfbuzzjs's build has no face
 * builder and the subsetter is another (larger) module, hence this small table copy. Undefined
 * for what is not a single TrueType/OpenType font.
 */
export function shapingTables(font: Uint8Array): Uint8Array | undefined {
  if (font.length < 12) return undefined;
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const version = view.getUint32(0);
  if (version !== 0x00010000 && version !== 0x4f54544f /* OTTO */ && version !== 0x74727565 /* true */) return undefined;
  const count = view.getUint16(4);
  if (font.length < 12 + 16 * count) return undefined;
  const kept: { record: number; offset: number; length: number }[] = [];
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(...font.subarray(record, record + 4));
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (SHAPING_TABLES.has(tag) && offset + length <= font.length) kept.push({ record, offset, length });
  }
  const header = 12 + 16 * kept.length;
  const size = kept.reduce((sum, t) => sum + ((t.length + 3) & ~3), header);
  const out = new Uint8Array(size);
  const outView = new DataView(out.buffer);
  const power = 2 ** Math.floor(Math.log2(Math.max(1, kept.length)));
  outView.setUint32(0, version);
  outView.setUint16(4, kept.length);
  outView.setUint16(6, power * 16);
  outView.setUint16(8, Math.log2(power));
  outView.setUint16(10, kept.length * 16 - power * 16);
  let at = header;
  kept.forEach((t, i) => {
    // Tag and checksum as they were, then the table's new place.
    out.set(font.subarray(t.record, t.record + 8), 12 + 16 * i);
    outView.setUint32(12 + 16 * i + 8, at);
    outView.setUint32(12 + 16 * i + 12, t.length);
    out.set(font.subarray(t.offset, t.offset + t.length), at);
    at += (t.length + 3) & ~3;
  });
  return out;
}

const SHAPING_TABLES = new Set("head hhea hmtx maxp cmap OS/2 GDEF GSUB GPOS kern morx mort kerx ankr trak feat fvar avar HVAR".split(" "));
