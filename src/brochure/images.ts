/**
 * Opaque PNGs go into the PDF as they are. pdfkit's PNG reader (png-js) copies the compressed
 * image data into a JavaScript array one byte at a time before pdfkit writes those very bytes out
 * unchanged (a non-interlaced PNG without alpha is valid PDF Flate data with the PNG predictor):
 * tens of milliseconds per chart for nothing. Here the IDAT chunks are sliced out instead and the
 * image object is written exactly as pdfkit writes it, so the PDF is byte for byte the same. Hand
 * written because no PNG library hands over the raw IDAT stream without inflating it; anything
 * else (alpha, a palette, transparency, interlacing, 16 bits) still goes through pdfkit's reader.
 */
import { readFileSync } from "node:fs";

const SIGNATURE = 0x89504e47;

/** What pdfkit's `image()` needs of an opened image: a label, a size and `embed`. */
interface PdfImage {
  label: string;
  width: number;
  height: number;
  obj?: unknown;
  embed(doc: PDFKit.PDFDocument): void;
}

interface ImageDoc {
  openImage(src: unknown): PdfImage;
  _imageRegistry: Record<string, PdfImage>;
  _imageCount: number;
  ref(data?: object): { data: Record<string, unknown>; end(chunk?: Uint8Array): void };
}

/** Has `doc` embed opaque 8-bit PNGs (Buffers or file paths) without decoding them. */
export function embedPngsDirectly(doc: PDFKit.PDFDocument): void {
  const d = doc as unknown as ImageDoc;
  const open = d.openImage.bind(d);
  d.openImage = (src: unknown) => {
    if (typeof src === "string" && d._imageRegistry[src]) return d._imageRegistry[src];
    const bytes = typeof src === "string" ? readFileSync(src) : Buffer.isBuffer(src) ? src : undefined;
    const png = bytes && opaquePng(bytes);
    if (!png) return open(src);
    // The label pdfkit would give it: images are numbered in the order they are first opened.
    const image = directImage(`I${++d._imageCount}`, png);
    if (typeof src === "string") d._imageRegistry[src] = image;
    return image;
  };
}

interface OpaquePng {
  width: number;
  height: number;
  colors: 1 | 3;
  data: Buffer;
}

/** The IHDR facts and the joined IDAT data of a PNG this module embeds as is; undefined for any other. */
export function opaquePng(bytes: Buffer): OpaquePng | undefined {
  if (bytes.length < 33 || bytes.readUInt32BE(0) !== SIGNATURE || bytes.toString("latin1", 12, 16) !== "IHDR") return undefined;
  const [depth, colourType, , , interlace] = bytes.subarray(24, 29);
  // Grey or RGB, 8 bits, not interlaced: what pdfkit passes through without touching the pixels.
  if (depth !== 8 || (colourType !== 0 && colourType !== 2) || interlace !== 0) return undefined;
  const chunks: Buffer[] = [];
  for (let pos = 8; pos + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString("latin1", pos + 4, pos + 8);
    const end = pos + 8 + length;
    if (end > bytes.length) return undefined;
    // Transparency makes pdfkit add a mask; a palette on a truecolour image is only a hint, but
    // png-js would hand it to pdfkit as the colour space: leave both to pdfkit.
    if (type === "tRNS" || type === "PLTE") return undefined;
    if (type === "IDAT") chunks.push(bytes.subarray(pos + 8, end));
    if (type === "IEND") break;
    pos = end + 4;
  }
  if (chunks.length === 0) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colors: colourType === 2 ? 3 : 1, data: Buffer.concat(chunks) };
}

/** The image XObject as pdfkit 0.20's PNGImage.embed writes an opaque PNG: same keys, same order. */
function directImage(label: string, png: OpaquePng): PdfImage {
  return {
    label,
    width: png.width,
    height: png.height,
    obj: undefined,
    embed(doc) {
      if (this.obj) return;
      const d = doc as unknown as ImageDoc;
      const obj = d.ref({ Type: "XObject", Subtype: "Image", BitsPerComponent: 8, Width: png.width, Height: png.height, Filter: "FlateDecode" });
      this.obj = obj;
      const params = d.ref({ Predictor: 15, Colors: png.colors, BitsPerComponent: 8, Columns: png.width });
      obj.data.DecodeParms = params;
      params.end();
      obj.data.ColorSpace = png.colors === 3 ? "DeviceRGB" : "DeviceGray";
      obj.end(png.data);
    },
  };
}
