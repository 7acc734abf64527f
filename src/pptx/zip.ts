/**
 * The PowerPoint's zip: written over Node's native deflate, and read back where it is one this
 * file stored (the charts' workbooks, and the files partsZip.ts writes), without fflate, whose
 * start-up (its Huffman tables) costs a build of the PPTX alone more than all its reading. Any
 * other zip is read by fflate, loaded then.
 */
import { createRequire } from "node:module";
import { crc32, deflateRawSync } from "node:zlib";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** As fflate's strToU8 and strFromU8 (which use these very encoders where they exist). */
export const strToU8 = (text: string): Uint8Array => encoder.encode(text);
export const strFromU8 = (bytes: Uint8Array): string => decoder.decode(bytes);

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** Already compressed (pictures, workbooks): stored as is. */
  store?: boolean;
}

/** DOS date and time of every entry: 2000-01-01 00:00, so the bytes do not depend on the clock. */
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;

/**
 * A plain ZIP writer over Node's native deflate: fflate's JavaScript deflate costs a cold process
 * a couple of hundred milliseconds on a deck, zlib a few.
 */
export function zip(entries: readonly ZipEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const raw = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    // An empty part (a folder) is stored either way: deflating it would only set up a zlib stream.
    const deflated = entry.store || raw.length === 0 ? undefined : deflateRawSync(raw, { level: 6 });
    const method = deflated && deflated.length < raw.length ? 8 : 0;
    const body = method === 8 ? deflated! : raw;
    const crc = crc32(raw) >>> 0;
    // DataViews rather than Buffer's write methods, whose argument checks cost a cold process more than the deflating.
    // The fields the local header and the central directory's record share, in the same order.
    const shared = (view: DataView, at: number) => {
      view.setUint16(at, 20, true);
      view.setUint16(at + 2, 0x0800, true);
      view.setUint16(at + 4, method, true);
      view.setUint16(at + 6, DOS_TIME, true);
      view.setUint16(at + 8, DOS_DATE, true);
      view.setUint32(at + 10, crc, true);
      view.setUint32(at + 14, body.length, true);
      view.setUint32(at + 18, raw.length, true);
      view.setUint16(at + 22, name.length, true);
    };
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    shared(local, 4);
    const head = new DataView(new ArrayBuffer(46));
    head.setUint32(0, 0x02014b50, true);
    head.setUint16(4, 20, true);
    shared(head, 6);
    head.setUint32(42, offset, true);
    central.push(new Uint8Array(head.buffer), name);
    chunks.push(new Uint8Array(local.buffer), name, body);
    offset += 30 + name.length + body.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...chunks, ...central, new Uint8Array(end.buffer)]);
}

/** A zip's entries by name, in its order: those of a zip of stored entries read here, any other by fflate's unzipSync. */
export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return storedEntries(bytes) ?? (createRequire(import.meta.url)("fflate") as typeof import("fflate")).unzipSync(bytes);
}

/**
 * The entries of a zip whose every entry is stored, its sizes in its local header, each header
 * right after the last entry, the central directory right after the last and the end record at
 * the very end: undefined for anything else. As fflate reads them: names in UTF-8 where flagged so (else Latin-1), folders as
 * empty entries, a name given twice the later entry.
 */
export function storedEntries(bytes: Uint8Array): Record<string, Uint8Array> | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files: Record<string, Uint8Array> = {};
  let at = 0;
  let count = 0;
  while (at + 30 <= bytes.length && view.getUint32(at, true) === 0x04034b50) {
    const flags = view.getUint16(at + 6, true);
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const start = at + 30 + nameLength + view.getUint16(at + 28, true);
    if (view.getUint16(at + 8, true) !== 0 || flags & 0x0008 || size !== view.getUint32(at + 22, true) || start + size > bytes.length) return undefined;
    const name = bytes.subarray(at + 30, at + 30 + nameLength);
    files[flags & 0x0800 ? decoder.decode(name) : Buffer.from(name).toString("latin1")] = bytes.slice(start, start + size);
    at = start + size;
    count++;
  }
  const next = at + 4 <= bytes.length ? view.getUint32(at, true) : 0;
  // And a whole end record, with no comment, counting as many entries: a zip cut short is fflate's to refuse.
  const end = bytes.length - 22;
  const whole = end >= at && view.getUint32(end, true) === 0x06054b50 && view.getUint16(end + 10, true) === count;
  return whole && (next === 0x02014b50 || next === 0x06054b50) ? files : undefined;
}
