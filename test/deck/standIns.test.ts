/**
 * The print's stand-ins for chart pictures (src/deck/standIns.ts): each has its picture's exact
 * aspect ratio, which is all the slide's layout takes from it, in a colour of its own; a picture
 * that cannot go into the PDF as it is gets none.
 */
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { opaquePng } from "../../src/brochure/images.ts";
import { standInFor } from "../../src/deck/standIns.ts";
import { registerBrandFonts, renderPng } from "../../src/charts/render.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import { cityContext } from "../charts/context.ts";

const pngOf = (standInUri: string) => opaquePng(Buffer.from(standInUri.split(",")[1]!, "base64"))!;

describe("stand-ins for the print's pictures", () => {
  it("have each chart's exact aspect ratio in a few pixels, and a colour of their own", async () => {
    const ctx = await cityContext();
    registerBrandFonts(ctx.brand, ctx.options.root);
    const colours = new Set<string>();
    for (const [i, chart] of ctx.city.charts.entries()) {
      const png = await renderPng(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart));
      const picture = opaquePng(png)!;
      const standIn = standInFor(png, i + 1)!;
      expect(standIn, chart.id).toBeDefined();
      const small = pngOf(standIn.uri);
      expect([small.width, small.height]).toEqual([standIn.width, standIn.height]);
      expect(small.width * picture.height).toBe(small.height * picture.width);
      expect(small.width * small.height).toBeLessThanOrEqual(64 * 64);
      expect(standIn.picture.data.equals(picture.data)).toBe(true);
      colours.add(standIn.rgb.join(","));
    }
    expect(colours.size).toBe(ctx.city.charts.length);
  });

  it("leaves a picture that cannot go into the PDF as it is (alpha, not a PNG, no small ratio) to be printed itself", () => {
    const png = (width: number, height: number, colourType: number) => {
      const header = Buffer.alloc(24);
      header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
      header.writeUInt32BE(13, 8);
      header.write("IHDR", 12, "latin1");
      header.writeUInt32BE(width, 16);
      header.writeUInt32BE(height, 20);
      const rest = Buffer.from([8, colourType, 0, 0, 0, 0, 0, 0, 0]);
      const idat = deflateSync(Buffer.alloc(1));
      const chunk = Buffer.alloc(8);
      chunk.writeUInt32BE(idat.length, 0);
      chunk.write("IDAT", 4, "latin1");
      return Buffer.concat([header, rest, chunk, idat, Buffer.alloc(4)]);
    };
    expect(standInFor(png(2000, 1100, 2), 1)).toBeDefined();
    expect(standInFor(png(2000, 1100, 6), 1)).toBeUndefined();
    expect(standInFor(png(2003, 1100, 2), 1)).toBeUndefined();
    expect(standInFor(Buffer.from("/9j/4AAQ", "base64"), 1)).toBeUndefined();
  });

  it("puts the picture in place of every image of its stand-in, and counts what it found", async () => {
    const lib = await import("pdf-lib");
    const { PDFDocument, PDFName, PDFRawStream } = lib;
    const ctx = await cityContext();
    registerBrandFonts(ctx.brand, ctx.options.root);
    const chart = ctx.city.charts[0]!;
    const png = await renderPng(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart));
    const standIn = standInFor(png, 7)!;
    const other = standInFor(png, 8)!;
    const doc = await PDFDocument.create();
    // As Chromium writes a stand-in: its pixels, Flate, no predictor; here twice, as for a picture shown twice.
    const pixels = Buffer.alloc(standIn.width * standIn.height * 3);
    for (let i = 0; i < pixels.length; i += 3) pixels.set(standIn.rgb, i);
    const image = () =>
      doc.context.register(
        PDFRawStream.of(
          doc.context.obj({ Type: "XObject", Subtype: "Image", Width: standIn.width, Height: standIn.height, BitsPerComponent: 8, ColorSpace: "DeviceRGB", Filter: "FlateDecode" }),
          deflateSync(pixels),
        ),
      );
    const refs = [image(), image()];
    const { putPictures } = await import("../../src/deck/standIns.ts");
    // Found: the first stand-in; not the second, whose colour no image has.
    expect(putPictures(lib, doc, [standIn, other])).toBe(1);
    for (const ref of refs) {
      const replaced = doc.context.lookup(ref) as import("pdf-lib").PDFRawStream;
      expect(Buffer.from(replaced.contents).equals(opaquePng(png)!.data)).toBe(true);
      expect(replaced.dict.get(PDFName.of("Width"))?.toString()).toBe(String(opaquePng(png)!.width));
    }
  });
});
