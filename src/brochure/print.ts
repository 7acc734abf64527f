/**
 * The print-shop edition of a page: the sheet (MediaBox) is the trimmed page grown by 3 mm of bleed
 * and a slug for the crop marks, so a printer can impose it as is. Print-shop convention (as
 * InDesign and Acrobat write it): backgrounds that touch the trim run 3 mm past it, crop marks
 * (0.25 pt hairlines in the registration colour) start outside the bleed, and every page says
 * where it is cut (TrimBox) and how far its ink may run (BleedBox).
 *
 * Everything else keeps drawing in trimmed-page coordinates: each page's origin is moved to the
 * trim's top-left corner, so the layout code does not know it is printing.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { CitypitchError, EXIT, type Problem } from "../errors.ts";
import { artifact } from "./tagging.ts";
import type { Box } from "./theme.ts";

export const MM = 72 / 25.4;
/** Bleed on every side: the print-shop standard for a trimmed brochure. */
export const BLEED = 3 * MM;
/** Crop marks start this far outside the trim (1 mm beyond the bleed, so a mark never prints on the page)… */
const MARK_FROM = 4 * MM;
/** …and end here. */
const MARK_TO = 10 * MM;
/** The sheet reaches this far past the trim: the marks and a little white margin around them. */
export const SLUG = 12 * MM;
const MARK_WEIGHT = 0.25;
/** Crop marks print on every plate: the Separation colourant named All (PDF 1.7, 8.6.6.4). */
const REGISTRATION = "All";
/** Placed raster images below this resolution print soft. */
export const MIN_DPI = 300;

export interface PrintGeometry {
  /** The trimmed page, as the layout sees it. */
  trim: { width: number; height: number };
  bleed: number;
  /** Distance from the sheet's edge to the trim. */
  offset: number;
  sheet: { width: number; height: number };
}

export function printGeometry(trim: { width: number; height: number }): PrintGeometry {
  return { trim, bleed: BLEED, offset: SLUG, sheet: { width: trim.width + 2 * SLUG, height: trim.height + 2 * SLUG } };
}

/** The page boxes in PDF coordinates (origin bottom-left of the sheet). */
export function pageBoxes(g: PrintGeometry): Record<"MediaBox" | "CropBox" | "BleedBox" | "TrimBox", number[]> {
  const o = g.offset;
  const sheet = [0, 0, g.sheet.width, g.sheet.height];
  return {
    MediaBox: sheet,
    // The viewer and the print shop see the whole sheet, marks included.
    CropBox: sheet,
    BleedBox: [o - g.bleed, o - g.bleed, o + g.trim.width + g.bleed, o + g.trim.height + g.bleed],
    TrimBox: [o, o, o + g.trim.width, o + g.trim.height],
  };
}

/**
 * Makes every page of `doc` (the one open now and all added later) a print sheet: its boxes, its
 * crop marks (a Page artifact, as PDF 1.7 §14.8.2.2 files cut marks) and its origin at the trim.
 */
export function setUpPrint(doc: PDFKit.PDFDocument, g: PrintGeometry): void {
  // Missing from @types/pdfkit, present in pdfkit since 0.13.
  (doc as unknown as { addSpotColor(name: string, c: number, m: number, y: number, k: number): void }).addSpotColor(REGISTRATION, 100, 100, 100, 100);
  const setUp = () => {
    Object.assign((doc.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data, pageBoxes(g));
    artifact(doc, () => drawCropMarks(doc, g), "Page");
    doc.translate(g.offset, g.offset);
  };
  setUp();
  doc.on("pageAdded", setUp);
}

function drawCropMarks(doc: PDFKit.PDFDocument, g: PrintGeometry): void {
  const o = g.offset;
  const left = o;
  const right = o + g.trim.width;
  const top = o;
  const bottom = o + g.trim.height;
  doc.save().lineWidth(MARK_WEIGHT).strokeColor(REGISTRATION);
  for (const x of [left, right]) {
    const out = x === left ? -1 : 1;
    for (const y of [top, bottom]) {
      const away = y === top ? -1 : 1;
      // Horizontal mark on the trim's horizontal line, vertical mark on its vertical line.
      doc
        .moveTo(x + out * MARK_FROM, y)
        .lineTo(x + out * MARK_TO, y)
        .stroke();
      doc
        .moveTo(x, y + away * MARK_FROM)
        .lineTo(x, y + away * MARK_TO)
        .stroke();
    }
  }
  doc.restore();
}

/**
 * `box` grown into the bleed on every side where it touches the trim: what a background drawn
 * edge to edge must cover so that a cut a little off the line shows no white. Without bleed, `box`.
 */
export function fullBleed(box: Box, page: { width: number; height: number }, bleed: number): Box {
  if (bleed === 0) return box;
  const edge = 0.01;
  const left = box.x <= edge ? bleed : 0;
  const top = box.y <= edge ? bleed : 0;
  const right = box.x + box.width >= page.width - edge ? bleed : 0;
  const bottom = box.y + box.height >= page.height - edge ? bleed : 0;
  return { x: box.x - left, y: box.y - top, width: box.width + left + right, height: box.height + top + bottom };
}

/** Fills `box`, grown into the bleed where it touches the trim. */
export function fillToBleed(doc: PDFKit.PDFDocument, box: Box, page: { width: number; height: number }, bleed: number, colour: string): void {
  const b = fullBleed(box, page, bleed);
  doc.rect(b.x, b.y, b.width, b.height).fill(colour);
}

/**
 * Watches every raster image placed in `doc` and reports each one under MIN_DPI at its placed size.
 * pdfkit has no hook for this, so `doc.image` is wrapped (print documents only). `names` says
 * what an in-memory image is (a chart's PNG); a path is named relative to `root`.
 */
export function watchImageResolution(doc: PDFKit.PDFDocument, root: string, names: ReadonlyMap<Buffer, string>): () => Problem[] {
  const worst = new Map<string, { dpi: number; problem: Problem }>();
  const image = doc.image.bind(doc);
  const sizes = new Map<string | Buffer, [number, number] | undefined>();
  doc.image = ((src: string | Buffer, x?: number, y?: number, options: { width?: number; height?: number } = {}) => {
    if (!sizes.has(src)) sizes.set(src, pngSize(typeof src === "string" ? readFileSync(src) : src));
    const pixels = sizes.get(src);
    const file = typeof src === "string" ? relative(root, src) : (names.get(src) ?? "an embedded image");
    if (!pixels) {
      worst.set(file, { dpi: 0, problem: { severity: "error", location: { file }, message: "is not a PNG, so its resolution cannot be checked for print", hint: "use a PNG" } });
    } else {
      const width = options.width ?? pixels[0];
      const height = options.height ?? pixels[1];
      const dpi = Math.min(pixels[0] / (width / 72), pixels[1] / (height / 72));
      // Half a dpi of slack: an image sized for exactly 300 dpi loses a fraction to whole pixels.
      if (dpi < MIN_DPI - 0.5 && dpi < (worst.get(file)?.dpi ?? Infinity)) {
        const message = `prints at ${Math.floor(dpi)} dpi (${pixels[0]} × ${pixels[1]} px placed at ${(width / MM).toFixed(1)} × ${(height / MM).toFixed(1)} mm); a print edition needs ${MIN_DPI} dpi`;
        const hint = `supply it at least ${Math.ceil((width / 72) * MIN_DPI)} × ${Math.ceil((height / 72) * MIN_DPI)} px`;
        worst.set(file, { dpi, problem: { severity: "error", location: { file }, message, hint } });
      }
    }
    return image(src, x, y, options);
  }) as typeof doc.image;
  return () => [...worst.values()].map((w) => w.problem);
}

/** Width and height of a PNG from its IHDR chunk; undefined for anything else. */
export function pngSize(bytes: Buffer): [number, number] | undefined {
  if (bytes.length < 24 || bytes.readUInt32BE(0) !== 0x89504e47) return undefined;
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

export function lowResolutionError(problems: readonly Problem[]): CitypitchError {
  return new CitypitchError(
    EXIT.invalidData,
    `${problems.length} image(s) too coarse for the print edition`,
    problems,
    `raster images in a print edition need ${MIN_DPI} dpi at the size they are placed`,
  );
}
