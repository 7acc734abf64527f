/**
 * WOFF2 (W3C WOFF File Format 2.0) with the null transform for every table: the sfnt's tables as
 * they are, sorted by tag, in one brotli stream. The deck theme wraps the very TrueType subsets it
 * measured with, so the shipped fonts draw exactly the glyphs the slides were fitted with.
 *
 * Hand-written because every WOFF2 encoder on npm (wawoff2, ttf2woff2, fonteditor-core, the napi
 * ports) runs Google's encoder: its glyf transform and brotli at quality 11 compiled to wasm cost
 * about four times the subset itself, where node's native brotli over the untransformed tables
 * costs a tenth of that for files a fifth larger. Decoding stays everyone's: browsers, fontkit,
 * Google's reference decoder.
 */
import { brotliCompress, constants } from "node:zlib";
import { promisify } from "node:util";

/**
 * Brotli quality 8. On Dalian's theme subsets (en, ja, zh; 0.25–1 MB of TrueType) qualities 5–8
 * cost 7–40 ms and come within 1 % of quality 9's bytes, which costs 80–200 ms; 11 saves another
 * 4–7 % for ten times that. Google's encoder is ~20 % smaller still, thanks to its glyf transform.
 */
export const WOFF2_QUALITY = 8;

/** The spec's "Known Table Tags", four characters each: a table with one is named by its index in the flags byte. */
const KNOWN_TAGS: readonly string[] = (
  "cmapheadhheahmtxmaxpnameOS/2postcvt fpgmglyflocaprepCFF VORGEBDT" +
  "EBLCgasphdmxkernLTSHPCLTVDMXvheavmtxBASEGDEFGPOSGSUBEBSCJSTFMATH" +
  "CBDTCBLCCOLRCPALSVG sbixacntavarbdatblocbslncvarfdscfeatfmtxfvar" +
  "gvarhstyjustlcarmortmorxopbdproptrakZapfSilfGlatGlocFeatSill"
).match(/.{4}/g)!;

const HEADER_SIZE = 48;
const SFNT_HEADER_SIZE = 12;
const SFNT_ENTRY_SIZE = 16;

interface Table {
  tag: string;
  data: Buffer;
}

/** The tables and stream a WOFF2 file is made of, before compression. */
interface Prepared {
  flavor: number;
  tables: Table[];
  stream: Buffer;
  totalSfntSize: number;
  version: [number, number];
}

/** `sfnt` as WOFF2, compressed off the calling thread (node's brotli runs on the libuv pool). */
export async function woff2(sfnt: Uint8Array, quality = WOFF2_QUALITY): Promise<Buffer> {
  const font = prepare(sfnt);
  const params = { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_FONT, [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: font.stream.length };
  return assemble(font, await promisify(brotliCompress)(font.stream, { params }));
}

function prepare(input: Uint8Array): Prepared {
  const sfnt = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const flavor = sfnt.readUInt32BE(0);
  // 'ttcf' collections need a collection directory; the themes only ever hold single fonts.
  if (flavor !== 0x00010000 && flavor !== 0x74727565 && flavor !== 0x4f54544f)
    throw new Error(`woff2: not a single TrueType or OpenType font (sfnt version 0x${flavor.toString(16)})`);
  const count = sfnt.readUInt16BE(4);
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const entry = SFNT_HEADER_SIZE + SFNT_ENTRY_SIZE * i;
    const tag = sfnt.toString("latin1", entry, entry + 4);
    const offset = sfnt.readUInt32BE(entry + 8);
    const length = sfnt.readUInt32BE(entry + 12);
    if (offset + length > sfnt.length) throw new Error(`woff2: the font's '${tag}' table runs past its end`);
    // The spec has encoders drop DSIG: a signature cannot survive re-encoding.
    if (tag !== "DSIG") tables.push({ tag, data: sfnt.subarray(offset, offset + length) });
  }
  // Sorted by tag, as the decoded font's directory will be: loca then follows glyf (spec 5.5), old
  // sanitizers that want sorted tables pass, and the decoded tables sit in directory order.
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const headIndex = tables.findIndex((t) => t.tag === "head");
  if (headIndex < 0 || tables[headIndex]!.data.length < 54) throw new Error("woff2: the font has no head table");
  const head = Buffer.from(tables[headIndex]!.data);
  // Spec clause 5: encoders set head.flags bit 11 ("lossless modifying transform").
  head.writeUInt16BE(head.readUInt16BE(16) | 0x0800, 16);
  head.writeUInt32BE(0, 8);
  tables[headIndex] = { tag: "head", data: head };
  const totalSfntSize = tables.reduce((size, t) => size + pad4(t.data.length), SFNT_HEADER_SIZE + SFNT_ENTRY_SIZE * tables.length);
  head.writeUInt32BE(checkSumAdjustment(flavor, tables), 8);
  // Null-transformed tables follow each other unpadded: the stream is exactly the sum of origLengths.
  return { flavor, tables, stream: Buffer.concat(tables.map((t) => t.data)), totalSfntSize, version: [head.readUInt16BE(4), head.readUInt16BE(6)] };
}

/**
 * head.checkSumAdjustment for the font a decoder rebuilds (header, sorted directory, the tables in
 * directory order, each padded to 4 bytes), so it is right even before the decoder recomputes it.
 */
function checkSumAdjustment(flavor: number, tables: readonly Table[]): number {
  const n = tables.length;
  const power = 2 ** Math.floor(Math.log2(n));
  let sum = flavor + ((n << 16) | (power * 16)) + ((Math.log2(power) << 16) | (n * 16 - power * 16));
  let offset = SFNT_HEADER_SIZE + SFNT_ENTRY_SIZE * n;
  for (const { tag, data } of tables) {
    const checksum = tableChecksum(data);
    // Its directory entry (tag, checkSum, offset, length), then its data, which sums to its checkSum.
    sum += Buffer.from(tag, "latin1").readUInt32BE(0) + checksum + offset + data.length + checksum;
    offset += pad4(data.length);
  }
  return (0xb1b0afba - (sum >>> 0) + 2 ** 32) % 2 ** 32;
}

function tableChecksum(data: Buffer): number {
  let sum = 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + data.readUInt32BE(i)) >>> 0;
  if (whole < data.length) {
    const tail = Buffer.alloc(4);
    data.copy(tail, 0, whole);
    sum = (sum + tail.readUInt32BE(0)) >>> 0;
  }
  return sum;
}

function assemble(font: Prepared, compressed: Buffer): Buffer {
  const directory = Buffer.concat(font.tables.map(directoryEntry));
  // Padded to 4 bytes although no block follows: Google's decoder (Chrome's, Firefox's) rejects a
  // file whose 4-byte-rounded compressed block ends past its length, as both reference encoders know.
  const length = pad4(HEADER_SIZE + directory.length + compressed.length);
  const header = Buffer.alloc(HEADER_SIZE);
  header.write("wOF2", 0, "latin1");
  header.writeUInt32BE(font.flavor, 4);
  header.writeUInt32BE(length, 8);
  header.writeUInt16BE(font.tables.length, 12);
  // reserved (14) stays 0
  header.writeUInt32BE(font.totalSfntSize, 16);
  header.writeUInt32BE(compressed.length, 20);
  header.writeUInt16BE(font.version[0], 24);
  header.writeUInt16BE(font.version[1], 26);
  // metaOffset, metaLength, metaOrigLength, privOffset, privLength (28–47) stay 0
  return Buffer.concat([header, directory, compressed, Buffer.alloc(length - HEADER_SIZE - directory.length - compressed.length)]);
}

/** flags (tag index, transform version), the tag unless known, origLength; no transformLength. */
function directoryEntry({ tag, data }: Table): Buffer {
  const known = KNOWN_TAGS.indexOf(tag);
  // The null transform is version 3 for glyf and loca, 0 for every other table.
  const version = tag === "glyf" || tag === "loca" ? 3 : 0;
  const flags = Buffer.of((version << 6) | (known >= 0 ? known : 63));
  return Buffer.concat([flags, known >= 0 ? Buffer.alloc(0) : Buffer.from(tag, "latin1"), uintBase128(data.length)]);
}

/** UIntBase128: big-endian groups of 7 bits, high bit set on all but the last, no leading zero group. */
export function uintBase128(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`woff2: ${value} is no UInt32`);
  const groups: number[] = [value & 0x7f];
  for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) groups.unshift((rest & 0x7f) | 0x80);
  return Buffer.from(groups);
}

const pad4 = (n: number) => (n + 3) & ~3;
