/**
 * Opaque PNGs go into the PDF without png-js decoding them (src/brochure/images.ts): the file must
 * be byte for byte what pdfkit writes itself, and anything but an opaque 8-bit PNG is left to pdfkit.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCanvas } from "canvas";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { collect } from "../../src/brochure/render.ts";
import { embedPngsDirectly, opaquePng } from "../../src/brochure/images.ts";
import { pngSize } from "../../src/brochure/print.ts";

function png(format: "RGB24" | "ARGB32", width = 300, height = 120): Buffer {
  const canvas = createCanvas(width, height);
  const g = canvas.getContext("2d", { pixelFormat: format } as never) as unknown as CanvasRenderingContext2D;
  g.fillStyle = "#FFFFFF";
  g.fillRect(0, 0, width, height);
  g.fillStyle = "#0B6E99";
  g.fillRect(20, 20, width / 2, height / 2);
  if (format === "ARGB32") g.clearRect(0, 0, 10, 10);
  return canvas.toBuffer("image/png");
}

/** A PDF placing the images (each twice, as the logo is on every page), with or without the direct path. */
async function pdfOf(images: (Buffer | string)[], direct: boolean): Promise<Buffer> {
  const doc = new PDFDocument({ size: [400, 400], compress: true, info: { CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
  const bytes = collect(doc);
  if (direct) embedPngsDirectly(doc);
  for (const image of images) {
    doc.image(image, 10, 10, { width: 200 });
    doc.addPage();
    doc.image(image, 20, 20, { width: 100 });
  }
  doc.end();
  return bytes;
}

describe("PNGs embedded as they are", () => {
  it("writes the same PDF bytes as pdfkit's own PNG reader", async () => {
    // A file (as the logo is given) and two buffers (as the charts are).
    const file = join(mkdtempSync(join(tmpdir(), "citypitch-images-")), "logo.png");
    writeFileSync(file, png("RGB24", 48, 48));
    const images = [file, png("RGB24"), png("RGB24", 64, 64)];
    const direct = await pdfOf(images, true);
    expect(direct.equals(await pdfOf(images, false))).toBe(true);
    // A file is embedded once however often it is placed; a buffer each time, as pdfkit does.
    expect(direct.toString("latin1").match(/\/Subtype \/Image/g)?.length).toBe(1 + 2 + 2);
  });

  it("reads the size and joins the image data of an opaque PNG", () => {
    const bytes = png("RGB24");
    const read = opaquePng(bytes);
    expect(read && [read.width, read.height]).toEqual(pngSize(bytes));
    expect(read?.colors).toBe(3);
    expect(read!.data.length).toBeGreaterThan(0);
  });

  it("leaves a PNG with alpha, and anything that is not a PNG, to pdfkit", async () => {
    const alpha = png("ARGB32");
    expect(opaquePng(alpha)).toBeUndefined();
    expect(opaquePng(Buffer.from("not a png at all, just some bytes"))).toBeUndefined();
    // pdfkit still embeds it (with its soft mask) through its own reader.
    const pdf = await pdfOf([alpha], true);
    expect(pdf.toString("latin1")).toContain("/SMask");
  });
});
