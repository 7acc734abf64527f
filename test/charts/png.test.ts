import { inflateSync } from "node:zlib";
import { endianness } from "node:os";
import { describe, expect, it } from "vitest";
import { encodeRgbPng, readPngHeader } from "../../src/charts/png.ts";

/** Cairo ARGB32 in native byte order for a list of [r, g, b] pixels. */
function raw(pixels: [number, number, number][]): Buffer {
  const out = Buffer.alloc(pixels.length * 4);
  pixels.forEach(([r, g, b], i) => {
    const bytes = endianness() === "LE" ? [b, g, r, 255] : [255, r, g, b];
    bytes.forEach((v, j) => (out[i * 4 + j] = v));
  });
  return out;
}

function chunks(png: Buffer): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    found.set(png.toString("ascii", at + 4, at + 8), png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return found;
}

describe("RGB PNG encoder", () => {
  const pixels: [number, number, number][] = [
    [255, 255, 255],
    [11, 57, 84],
    [245, 166, 35],
    [11, 57, 84],
    [0, 0, 0],
    [255, 255, 255],
  ];
  const png = encodeRgbPng(raw(pixels), 3, 2, 300);

  it("writes an RGB image with no alpha channel", () => {
    expect(readPngHeader(png)).toEqual({ width: 3, height: 2, bitDepth: 8, colourType: 2 });
  });

  it("records 300 dpi and nothing that varies between runs", () => {
    const found = chunks(png);
    expect([...found.keys()]).toEqual(["IHDR", "sRGB", "pHYs", "IDAT", "IEND"]);
    expect(found.get("pHYs")!.readUInt32BE(0)).toBe(11811);
    expect(encodeRgbPng(raw(pixels), 3, 2, 300).equals(png)).toBe(true);
  });

  it("keeps every pixel's colour", () => {
    const data = inflateSync(chunks(png).get("IDAT")!);
    const rows = [0, 1].map((y) => data.subarray(y * 10, y * 10 + 10));
    expect(rows.map((r) => r[0])).toEqual([2, 2]);
    const first = [...rows[0]!.subarray(1)];
    const second = [...rows[1]!.subarray(1)].map((v, i) => (v + first[i]!) & 0xff);
    expect([...first, ...second]).toEqual(pixels.flat());
  });
});
