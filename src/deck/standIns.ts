/**
 * The deck's PDF is printed with a tiny stand-in for each chart picture, and the picture itself
 * is put into the PDF afterwards, as the brochure embeds it: its PNG data as it is.
 *
 * Printing a picture costs Chromium most of a deck's print: it decodes the PNG to lay the page out
 * and paint it, then deflates the decoded pixels again for the PDF (five charts of 2000 px are some
 * 20 MB to compress, about 100 ms of the 180 ms a deck takes to print). An opaque 8-bit PNG's own
 * compressed data is already valid PDF image data (Flate with the PNG predictor), so none of that
 * work is needed. A stand-in has the picture's exact aspect ratio (its sides divided by their
 * greatest common divisor), which is all the slide's layout takes from an image (the theme sizes
 * every image by its box's width and the picture's ratio), so the page that is measured and printed
 * lays out exactly as the HTML deck with its real pictures. Each stand-in is one colour, unique in
 * the deck, by which its image is found in the PDF again. A picture that cannot go in as it is (not
 * an opaque 8-bit PNG, or sides without a common divisor to make a small stand-in of) is printed as
 * it is. The PDF's tagging (each picture a Figure with its alt text) is Chromium's, untouched.
 *
 * Hand written: a one-colour PNG is three chunks, and no library swaps an image stream in a PDF.
 */
import { crc32, deflateSync, inflateSync } from "node:zlib";
import { opaquePng } from "../brochure/images.ts";

/** A stand-in's pixels at most: beyond that its colour is not cheap to find, and the picture is printed as it is. */
const MAX_STAND_IN_PIXELS = 64 * 64;

/** The picture a stand-in holds the place of, and how to know the stand-in in the PDF. */
export interface StandIn {
  /** The stand-in's data URI, in the page that is printed. */
  uri: string;
  width: number;
  height: number;
  rgb: readonly [number, number, number];
  /** The picture: its size, colour channels and its PNG's compressed data. */
  picture: { width: number; height: number; colors: 1 | 3; data: Buffer };
}

/**
 * Stand-ins already made, by picture and index: a deck is rendered several times while it is
 * fitted, each time with the same pictures, and reading a PNG's header and data each time is waste.
 */
const made = new WeakMap<Buffer, Map<number, StandIn | undefined>>();

/** The stand-in for the `index`th picture of a deck (a PNG), or undefined to print the picture itself. */
export function standInFor(png: Buffer, index: number): StandIn | undefined {
  let byIndex = made.get(png);
  if (!byIndex) made.set(png, (byIndex = new Map()));
  if (!byIndex.has(index)) byIndex.set(index, standIn(png, index));
  return byIndex.get(index);
}

function standIn(png: Buffer, index: number): StandIn | undefined {
  const picture = opaquePng(png);
  if (!picture) return undefined;
  const divisor = gcd(picture.width, picture.height);
  const width = picture.width / divisor;
  const height = picture.height / divisor;
  if (width * height > MAX_STAND_IN_PIXELS || index > 0xffff) return undefined;
  // The index in green and blue: unique in the deck; found again by its size and colour together.
  const rgb = [0x5b, index >> 8, index & 0xff] as const;
  return { uri: `data:image/png;base64,${oneColourPng(width, height, rgb).toString("base64")}`, width, height, rgb, picture };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function oneColourPng(width: number, height: number, [r, g, b]: readonly number[]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r!, g!, b!], 1 + x * 3);
  return rgbPng(width, height, deflateSync(Buffer.concat(Array.from({ length: height }, () => row))));
}

/** An 8-bit RGB PNG of `width` × `height` whose one IDAT chunk holds `data` (the pixels, deflated), as it is given. */
export function rgbPng(width: number, height: number, data: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", data), chunk("IEND", Buffer.alloc(0))]);
}

type PdfLib = typeof import("pdf-lib");

/**
 * Puts each picture into the PDF in place of its stand-in's image: the image object takes the
 * picture's size and data, with the colour space Chromium gave it. Returns how many stand-ins were found:
 * every one must be, or the deck would ship without a chart (the caller fails then).
 */
export function putPictures(lib: PdfLib, doc: import("pdf-lib").PDFDocument, standIns: readonly StandIn[]): number {
  const { PDFName, PDFNumber, PDFRawStream } = lib;
  // Every image that is a stand-in is replaced, should the browser have written one picture twice.
  const found = new Set<StandIn>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of("Subtype")) !== PDFName.of("Image")) continue;
    const size = (key: string) => (object.dict.get(PDFName.of(key)) as import("pdf-lib").PDFNumber | undefined)?.asNumber();
    const sized = standIns.filter((s) => s.width === size("Width") && s.height === size("Height"));
    const pixels = sized.length > 0 ? flatePixels(lib, object) : undefined;
    const standIn = pixels && sized.find((s) => isStandIn(pixels, s));
    if (!standIn) continue;
    const { picture } = standIn;
    const dict = object.dict.clone(doc.context);
    dict.set(PDFName.of("Width"), PDFNumber.of(picture.width));
    dict.set(PDFName.of("Height"), PDFNumber.of(picture.height));
    dict.set(PDFName.of("BitsPerComponent"), PDFNumber.of(8));
    dict.set(PDFName.of("Filter"), PDFName.of("FlateDecode"));
    dict.set(PDFName.of("DecodeParms"), doc.context.obj({ Predictor: 15, Colors: picture.colors, BitsPerComponent: 8, Columns: picture.width }));
    // A grey picture in Chromium's RGB colour space would read as a third of its width: named plainly.
    if (picture.colors === 1) dict.set(PDFName.of("ColorSpace"), PDFName.of("DeviceGray"));
    dict.set(PDFName.of("Length"), PDFNumber.of(picture.data.length));
    doc.context.assign(ref, PDFRawStream.of(dict, picture.data));
    found.add(standIn);
  }
  return found.size;
}

/** An image's pixels, when it is plain Flate data without a mask, as Chromium writes a stand-in. */
function flatePixels(lib: PdfLib, image: import("pdf-lib").PDFRawStream): Buffer | undefined {
  const { PDFName } = lib;
  if (image.dict.get(PDFName.of("Filter")) !== PDFName.of("FlateDecode") || image.dict.has(PDFName.of("DecodeParms")) || image.dict.has(PDFName.of("SMask"))) return undefined;
  try {
    return inflateSync(image.contents);
  } catch {
    return undefined;
  }
}

/** Whether an image's pixels are the stand-in's: its size, and every pixel its colour. */
function isStandIn(pixels: Buffer, standIn: StandIn): boolean {
  if (pixels.length !== standIn.width * standIn.height * 3) return false;
  const [r, g, b] = standIn.rgb;
  for (let i = 0; i < pixels.length; i += 3) if (pixels[i] !== r || pixels[i + 1] !== g || pixels[i + 2] !== b) return false;
  return true;
}
