/**
 * Faster PNG embedding for pdfkit, for the charts' opaque 8-bit RGB PNGs (charts/png.ts).
 *
 * pdfkit reads a PNG with png-js, which copies the compressed pixel data into a JavaScript array
 * one byte at a time (`imgData.push`): for the compendium's 75+ charts at 300 dpi (8 MB) that is a
 * third of a second and an array of millions of numbers for the garbage collector. pdfkit embeds
 * such a PNG's data unchanged anyway (FlateDecode with the PNG predictor), so this reads the chunks
 * with Buffer views and writes the very objects pdfkit would, in the same order and with the same
 * label: the PDF is byte for byte the same. Any other image (a path, alpha, a palette, 16 bits,
 * interlacing) goes to pdfkit as before. Hand-written because pdfkit has no option for it; it uses
 * pdfkit's own hook (`image()` takes an object with width, height, label and embed).
 */

interface PdfkitInternals {
  _imageCount: number;
  openImage(src: unknown): unknown;
  ref(data: object): Reference;
}

/** pdfkit's PDFReference: a dictionary, and a stream when `end` is given its data. */
interface Reference {
  data: Record<string, unknown>;
  end(chunk?: Uint8Array): void;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Makes `doc` embed opaque RGB PNGs without png-js; everything else as before. */
export function embedPngsDirectly(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as PdfkitInternals;
  const open = internals.openImage.bind(doc);
  internals.openImage = (src: unknown) => {
    const png = Buffer.isBuffer(src) ? readRgbPng(src) : undefined;
    return png ? new RgbPngImage(png, `I${++internals._imageCount}`) : open(src);
  };
}

interface RgbPng {
  width: number;
  height: number;
  data: Buffer;
}

/** An 8-bit, non-interlaced, RGB PNG (colour type 2) without a transparency chunk; undefined for anything else. */
export function readRgbPng(png: Buffer): RgbPng | undefined {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) return undefined;
  const parts: Buffer[] = [];
  let header: { width: number; height: number } | undefined;
  for (let pos = 8; pos + 8 <= png.length; ) {
    const size = png.readUInt32BE(pos);
    const type = png.toString("latin1", pos + 4, pos + 8);
    const body = png.subarray(pos + 8, pos + 8 + size);
    if (body.length !== size) return undefined;
    if (type === "IHDR") {
      const [bits, colourType, , , interlace] = body.subarray(8, 13);
      if (bits !== 8 || colourType !== 2 || interlace !== 0) return undefined;
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4) };
    } else if (type === "IDAT") parts.push(body);
    else if (type === "tRNS" || type === "PLTE") return undefined;
    else if (type === "IEND") return header && parts.length > 0 ? { ...header, data: Buffer.concat(parts) } : undefined;
    pos += 12 + size;
  }
  return undefined;
}

/** What pdfkit's PNGImage writes for such a PNG (pdfkit 0.20, js/image/png.js), without decoding it. */
class RgbPngImage {
  readonly width: number;
  readonly height: number;
  obj: Reference | null = null;

  constructor(
    private readonly png: RgbPng,
    readonly label: string,
  ) {
    this.width = png.width;
    this.height = png.height;
  }

  embed(doc: PDFKit.PDFDocument): void {
    if (this.obj) return;
    const pdf = doc as unknown as PdfkitInternals;
    const obj = pdf.ref({ Type: "XObject", Subtype: "Image", BitsPerComponent: 8, Width: this.width, Height: this.height, Filter: "FlateDecode" });
    const params = pdf.ref({ Predictor: 15, Colors: 3, BitsPerComponent: 8, Columns: this.width });
    obj.data.DecodeParms = params;
    params.end();
    obj.data.ColorSpace = "DeviceRGB";
    obj.end(this.png.data);
    this.obj = obj;
  }
}
