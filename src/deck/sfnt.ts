/**
 * Just enough of the TrueType (sfnt) container to finish a fontkit subset. fontkit writes only the
 * tables a PDF needs; a browser also wants cmap, OS/2, name and post, or it rejects the font.
 */

/** Table bytes by four-letter tag ("glyf", "cvt "). */
export type Tables = Map<string, Buffer>;

export function readTables(font: Uint8Array): Tables {
  const buffer = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const count = buffer.readUInt16BE(4);
  const tables: Tables = new Map();
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = buffer.toString("latin1", record, record + 4);
    const offset = buffer.readUInt32BE(record + 8);
    const length = buffer.readUInt32BE(record + 12);
    tables.set(tag, Buffer.from(buffer.subarray(offset, offset + length)));
  }
  return tables;
}

/** Assembles a TrueType font: tags sorted, tables 4-byte aligned, checksums and head's adjustment set. */
export function writeFont(tables: Tables): Buffer {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  const power = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(count * 16 - power * 16, 10);

  const bodies: Buffer[] = [];
  let offset = header.length;
  let headOffset = -1;
  tags.forEach((tag, i) => {
    const data = Buffer.from(tables.get(tag)!);
    if (tag === "head") {
      data.writeUInt32BE(0, 8);
      headOffset = offset;
    }
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    const record = 12 + 16 * i;
    header.write(tag, record, 4, "latin1");
    header.writeUInt32BE(checksum(padded), record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(data.length, record + 12);
    bodies.push(padded);
    offset += padded.length;
  });
  const font = Buffer.concat([header, ...bodies]);
  if (headOffset >= 0) font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}

function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word = i + 4 <= data.length ? data.readUInt32BE(i) : Buffer.concat([data.subarray(i), Buffer.alloc(4)]).readUInt32BE(0);
    sum = (sum + word) >>> 0;
  }
  return sum;
}

/**
 * A cmap for a subset: format 4 for the Basic Multilingual Plane, plus format 12 when a code point
 * lies beyond it (format 4 cannot reach those).
 */
export function cmapTable(glyphs: ReadonlyMap<number, number>): Buffer {
  const entries = [...glyphs].sort((a, b) => a[0] - b[0]);
  const subtables: { encoding: number; data: Buffer }[] = [{ encoding: 1, data: format4(entries.filter(([cp]) => cp <= 0xffff)) }];
  if (entries.some(([cp]) => cp > 0xffff)) subtables.push({ encoding: 10, data: format12(entries) });
  const header = Buffer.alloc(4 + 8 * subtables.length);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(subtables.length, 2);
  let offset = header.length;
  subtables.forEach(({ encoding, data }, i) => {
    header.writeUInt16BE(3, 4 + 8 * i);
    header.writeUInt16BE(encoding, 6 + 8 * i);
    header.writeUInt32BE(offset, 8 + 8 * i);
    offset += data.length;
  });
  return Buffer.concat([header, ...subtables.map((s) => s.data)]);
}

/** Runs of consecutive code points mapped to consecutive glyphs share one segment. */
function format4(entries: readonly (readonly [number, number])[]): Buffer {
  const segments: { start: number; end: number; delta: number }[] = [];
  for (const [cp, gid] of entries) {
    const last = segments.at(-1);
    if (last && cp === last.end + 1 && gid - cp === last.delta) last.end = cp;
    else segments.push({ start: cp, end: cp, delta: gid - cp });
  }
  segments.push({ start: 0xffff, end: 0xffff, delta: 1 });
  const count = segments.length;
  const searchRange = 2 * 2 ** Math.floor(Math.log2(count));
  const data = Buffer.alloc(16 + 8 * count);
  data.writeUInt16BE(4, 0);
  data.writeUInt16BE(data.length, 2);
  data.writeUInt16BE(0, 4);
  data.writeUInt16BE(count * 2, 6);
  data.writeUInt16BE(searchRange, 8);
  data.writeUInt16BE(Math.log2(searchRange / 2), 10);
  data.writeUInt16BE(count * 2 - searchRange, 12);
  const ends = 14;
  const starts = ends + 2 * count + 2;
  const deltas = starts + 2 * count;
  // idRangeOffset stays all zeros: every segment maps through its delta.
  segments.forEach(({ start, end, delta }, i) => {
    data.writeUInt16BE(end, ends + 2 * i);
    data.writeUInt16BE(start, starts + 2 * i);
    data.writeUInt16BE((delta + 0x10000) & 0xffff, deltas + 2 * i);
  });
  return data;
}

function format12(entries: readonly (readonly [number, number])[]): Buffer {
  const groups: { start: number; end: number; glyph: number }[] = [];
  for (const [cp, gid] of entries) {
    const last = groups.at(-1);
    if (last && cp === last.end + 1 && gid === last.glyph + (cp - last.start)) last.end = cp;
    else groups.push({ start: cp, end: cp, glyph: gid });
  }
  const data = Buffer.alloc(16 + 12 * groups.length);
  data.writeUInt16BE(12, 0);
  data.writeUInt32BE(data.length, 4);
  data.writeUInt32BE(groups.length, 12);
  groups.forEach(({ start, end, glyph }, i) => {
    data.writeUInt32BE(start, 16 + 12 * i);
    data.writeUInt32BE(end, 20 + 12 * i);
    data.writeUInt32BE(glyph, 24 + 12 * i);
  });
  return data;
}

/** post version 3: the original metrics without glyph names (the subset renumbers glyphs). */
export function postV3(original: Buffer): Buffer {
  const post = Buffer.alloc(32);
  original.copy(post, 0, 0, Math.min(32, original.length));
  post.writeUInt32BE(0x00030000, 0);
  return post;
}
