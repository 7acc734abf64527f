/**
 * The theme's WOFF2 encoder (src/deck/woff2.ts): files laid out as the WOFF2 spec says, with the
 * null transform for every table, that Google's reference decoder (wawoff2), fontkit and Chromium
 * read back as the very TrueType subset they wrap.
 */
import * as fontkit from "fontkit";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import puppeteer from "puppeteer-core";
import { describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { subsetFont } from "../../src/deck/fonts.ts";
import { uintBase128, woff2 } from "../../src/deck/woff2.ts";
import { ROOT } from "./project.ts";
import { tablesOf } from "../helpers/sfnt.ts";

/** Google's reference decoder, compiled to wasm (no types of its own). */
const reference = createRequire(import.meta.url)("wawoff2") as { decompress(font: Uint8Array): Promise<Uint8Array> };

const INTER = join(ROOT, "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf");
const NOTO = join(ROOT, "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");
const LATIN = "AVATAR Testville, 2024: 5.4 million people — “quoted” ﬁ";
const CJK = "大连测试城，人口";

const codePoints = (text: string) => [...new Set([...text].map((c) => c.codePointAt(0)!))];
const subset = async (file: string, text: string) => (await subsetFont(readFileSync(file), codePoints(text), "truetype"))!;

/** An sfnt rebuilt with one more table (tables sorted, 4-byte aligned), as a font from elsewhere might come. */
function withTable(sfnt: Buffer, tag: string, data: Buffer): Buffer {
  const tables = [...tablesOf(sfnt), [tag, data] as const].sort(([a], [b]) => (a < b ? -1 : 1));
  const header = Buffer.alloc(12 + 16 * tables.length);
  sfnt.copy(header, 0, 0, 12);
  header.writeUInt16BE(tables.length, 4);
  const body: Buffer[] = [];
  let offset = header.length;
  tables.forEach(([name, bytes], i) => {
    header.write(name, 12 + 16 * i, "latin1");
    header.writeUInt32BE(offset, 12 + 16 * i + 8);
    header.writeUInt32BE(bytes.length, 12 + 16 * i + 12);
    const padded = Buffer.alloc((bytes.length + 3) & ~3);
    bytes.copy(padded);
    body.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...body]);
}

/** The WOFF2 header and table directory, read as the spec defines them. */
function readWoff2(file: Buffer) {
  // The spec's Known Table Tags 0–28, four characters each: all that the test fonts hold.
  const known = "cmapheadhheahmtxmaxpnameOS/2postcvt fpgmglyflocaprepCFF VORGEBDTEBLCgasphdmxkernLTSHPCLTVDMXvheavmtxBASEGDEFGPOSGSUB".match(/.{4}/g)!;
  let at = 48;
  const base128 = () => {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = file[at++]!;
      if (i === 0 && byte === 0x80) throw new Error("UIntBase128 with a leading zero");
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
    throw new Error("UIntBase128 longer than 5 bytes");
  };
  const entries = [];
  for (let i = 0; i < file.readUInt16BE(12); i++) {
    const flags = file[at++]!;
    const index = flags & 0x3f;
    const tag = index === 63 ? file.toString("latin1", at, (at += 4)) : (known[index] ?? `#${index}`);
    entries.push({ tag, index, version: flags >> 6, origLength: base128() });
  }
  return {
    signature: file.toString("latin1", 0, 4),
    flavor: file.readUInt32BE(4),
    length: file.readUInt32BE(8),
    reserved: file.readUInt16BE(14),
    totalSfntSize: file.readUInt32BE(16),
    totalCompressedSize: file.readUInt32BE(20),
    blocks: [28, 32, 36, 40, 44].map((o) => file.readUInt32BE(o)),
    entries,
    dataOffset: at,
  };
}

const sum32 = (bytes: Buffer) => {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4) sum = (sum + bytes.readUInt32BE(i)) >>> 0;
  return sum;
};

describe("woff2", () => {
  it("lays the file out as the spec says: header, known tags, null transforms, one brotli stream", async () => {
    const ttf = await subset(INTER, LATIN);
    const file = await woff2(ttf);
    const w = readWoff2(file);
    const tables = tablesOf(ttf);
    expect(w.signature).toBe("wOF2");
    expect(w.flavor).toBe(ttf.readUInt32BE(0));
    expect(w.length).toBe(file.length);
    expect(file.length % 4).toBe(0);
    expect(w.reserved).toBe(0);
    expect(w.blocks).toEqual([0, 0, 0, 0, 0]);
    // Sorted by tag, so loca follows glyf; every table of the font, each with its own length.
    const tags = [...tables.keys()].sort();
    expect(w.entries.map((e) => e.tag)).toEqual(tags);
    for (const e of w.entries) {
      expect(e.origLength, e.tag).toBe(tables.get(e.tag)!.length);
      expect(e.version, e.tag).toBe(e.tag === "glyf" || e.tag === "loca" ? 3 : 0);
    }
    // Known tags by index (head is 1, glyf 10), others spelled out: Inter's subset keeps STAT.
    expect(w.entries.find((e) => e.tag === "glyf")!.index).toBe(10);
    expect(w.entries.find((e) => e.tag === "STAT")!.index).toBe(63);
    expect(w.totalSfntSize).toBe(12 + 16 * tags.length + tags.reduce((s, t) => s + ((tables.get(t)!.length + 3) & ~3), 0));
    // No transformLength anywhere: the compressed block starts right after the origLengths and
    // ends the file but for padding to 4 bytes.
    expect(file.length - w.dataOffset - w.totalCompressedSize).toBeLessThan(4);
    const stream = brotliDecompressSync(file.subarray(w.dataOffset, w.dataOffset + w.totalCompressedSize));
    expect(stream.length).toBe(w.entries.reduce((s, e) => s + e.origLength, 0));
    let at = 0;
    for (const tag of tags) {
      const table = stream.subarray(at, (at += tables.get(tag)!.length));
      if (tag !== "head") expect(Buffer.compare(table, tables.get(tag)!), tag).toBe(0);
    }
  });

  it("decodes with Google's reference decoder to the same tables, head flagged and checksummed", async () => {
    for (const [file, text] of [
      [INTER, LATIN],
      [NOTO, CJK],
    ] as const) {
      const ttf = await subset(file, text);
      const decoded = Buffer.from(await reference.decompress(await woff2(ttf)));
      const before = tablesOf(ttf);
      const after = tablesOf(decoded);
      expect([...after.keys()]).toEqual([...before.keys()].sort());
      for (const [tag, bytes] of before) if (tag !== "head") expect(Buffer.compare(after.get(tag)!, bytes), tag).toBe(0);
      // head differs only in the flag the spec asks encoders to set (bit 11) and checkSumAdjustment.
      const [head, original] = [after.get("head")!, before.get("head")!];
      expect(head.readUInt16BE(16)).toBe(original.readUInt16BE(16) | 0x0800);
      const strip = (h: Buffer) => Buffer.concat([h.subarray(0, 8), h.subarray(12, 16), h.subarray(18)]);
      expect(Buffer.compare(strip(head), strip(original))).toBe(0);
      expect(sum32(decoded)).toBe(0xb1b0afba);
    }
  });

  it("writes the checkSumAdjustment the decoded font needs, not the one of the font it came from", async () => {
    const ttf = await subset(INTER, LATIN);
    const file = await woff2(ttf);
    const w = readWoff2(file);
    const stream = brotliDecompressSync(file.subarray(w.dataOffset, w.dataOffset + w.totalCompressedSize));
    const headAt = w.entries
      .slice(
        0,
        w.entries.findIndex((e) => e.tag === "head"),
      )
      .reduce((s, e) => s + e.origLength, 0);
    const decoded = Buffer.from(await reference.decompress(file));
    expect(stream.readUInt32BE(headAt + 8)).toBe(tablesOf(decoded).get("head")!.readUInt32BE(8));
  });

  it("drops a DSIG signature and spells out tags it does not know", async () => {
    const ttf = withTable(await subset(INTER, LATIN), "DSIG", Buffer.from([0, 0, 0, 1, 0, 0, 0, 0]));
    const withZzzz = withTable(ttf, "Zzzz", Buffer.from("private data"));
    const w = readWoff2(await woff2(withZzzz));
    expect(w.entries.map((e) => e.tag)).not.toContain("DSIG");
    expect(w.entries.find((e) => e.tag === "Zzzz")).toMatchObject({ index: 63, origLength: 12 });
    const decoded = tablesOf(Buffer.from(await reference.decompress(await woff2(withZzzz))));
    expect(decoded.get("Zzzz")!.toString()).toBe("private data");
    expect(decoded.has("DSIG")).toBe(false);
  });

  it("encodes UIntBase128 as the spec does: 7 bits a byte, high bit on all but the last, no leading zeros", () => {
    expect([...uintBase128(0)]).toEqual([0]);
    expect([...uintBase128(127)]).toEqual([127]);
    expect([...uintBase128(128)]).toEqual([0x81, 0]);
    expect([...uintBase128(63_000)]).toEqual([0x83, 0xec, 0x18]);
    expect([...uintBase128(0xffffffff)]).toEqual([0x8f, 0xff, 0xff, 0xff, 0x7f]);
    expect(() => uintBase128(2 ** 32)).toThrow(/UInt32/);
  });

  it("refuses what is no single font", async () => {
    const collection = Buffer.concat([Buffer.from("ttcf"), Buffer.alloc(12)]);
    await expect(woff2(collection)).rejects.toThrow(/not a single TrueType or OpenType font/);
  });

  it("reads back in fontkit with the TrueType subset's glyphs and advances", async () => {
    const ttf = await subset(INTER, LATIN);
    const [shipped, measured] = [fontkit.create(await woff2(ttf)), fontkit.create(ttf)];
    expect(shipped.numGlyphs).toBe(measured.numGlyphs);
    // The slice of fontkit's layout result this compares (src/deck/fontkit.d.ts leaves it unknown).
    type Run = { glyphs: { id: number; path: { toSVG(): string } }[]; positions: { xAdvance: number }[] };
    const [a, b] = [shipped.layout(LATIN) as Run, measured.layout(LATIN) as Run];
    expect(a.glyphs.map((g) => g.id)).toEqual(b.glyphs.map((g) => g.id));
    expect(a.positions.map((p) => p.xAdvance)).toEqual(b.positions.map((p) => p.xAdvance));
    expect(a.glyphs.map((g) => g.path.toSVG())).toEqual(b.glyphs.map((g) => g.path.toSVG()));
    expect(new Set(a.glyphs.map((g) => g.path.toSVG())).size).toBeGreaterThan(10);
  });

  const executablePath = findBrowser();
  it.skipIf(!executablePath)(
    "loads in Chromium and sets text exactly as wide as the TrueType font does",
    async () => {
      const fonts = await Promise.all(
        [
          [INTER, LATIN],
          [NOTO, CJK],
        ].map(async ([file, text]) => {
          const ttf = await subset(file!, text!);
          return { text: text!, ttf: ttf.toString("base64"), woff2: (await woff2(ttf)).toString("base64") };
        }),
      );
      const browser = await puppeteer.launch({ executablePath: executablePath!, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
      try {
        const page = await browser.newPage();
        const results = await page.evaluate(async (list) => {
          const width = (family: string, text: string) => {
            const context = document.createElement("canvas").getContext("2d")!;
            context.font = `48px "${family}", monospace`;
            return context.measureText(text).width;
          };
          const out = [];
          for (const [i, font] of list.entries()) {
            const shipped = new FontFace(`shipped-${i}`, `url(data:font/woff2;base64,${font.woff2}) format("woff2")`);
            const measured = new FontFace(`measured-${i}`, `url(data:font/ttf;base64,${font.ttf}) format("truetype")`);
            await Promise.allSettled([shipped.load(), measured.load()]);
            document.fonts.add(shipped);
            document.fonts.add(measured);
            out.push({
              status: shipped.status,
              shipped: width(`shipped-${i}`, font.text),
              measured: width(`measured-${i}`, font.text),
              fallback: width("no-such-font", font.text),
            });
          }
          return out;
        }, fonts);
        for (const r of results) {
          expect(r.status).toBe("loaded");
          expect(r.shipped).toBe(r.measured);
          // The font drew the text, not the fallback.
          expect(r.shipped).not.toBe(r.fallback);
        }
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
