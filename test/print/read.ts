/** Reads a PDF's page boxes and content streams (qpdf) and its pixels (pdftoppm) for the print tests. */
import { execFileSync } from "node:child_process";

/** A PDF rectangle: left, bottom, right, top. */
export type Rect = [number, number, number, number];

export interface Boxes {
  MediaBox?: Rect;
  CropBox?: Rect;
  BleedBox?: Rect;
  TrimBox?: Rect;
}

interface QpdfJson {
  pages: { object: string; contents: string[] }[];
  qpdf: [unknown, Record<string, { value?: Record<string, unknown>; stream?: { data?: string } }>];
}

function qpdf(file: string, streams = false): QpdfJson {
  const args = ["--json", "--json-key=pages", "--json-key=qpdf", ...(streams ? ["--json-stream-data=inline", "--decode-level=generalized"] : []), file];
  return JSON.parse(execFileSync("qpdf", args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })) as QpdfJson;
}

export function pageBoxesOf(file: string): Boxes[] {
  const json = qpdf(file);
  return json.pages.map((p) => {
    const dict = json.qpdf[1][`obj:${p.object}`]!.value!;
    const pick = (key: string) => dict[`/${key}`] as Rect | undefined;
    return { MediaBox: pick("MediaBox"), CropBox: pick("CropBox"), BleedBox: pick("BleedBox"), TrimBox: pick("TrimBox") };
  });
}

/** Each page's content stream, decoded. */
export function pageContents(file: string): string[] {
  const json = qpdf(file, true);
  return json.pages.map((p) => p.contents.map((ref) => Buffer.from(json.qpdf[1][`obj:${ref}`]!.stream!.data!, "base64").toString("latin1")).join("\n"));
}

/** Page `n` (1-based) rendered at 72 dpi, one pixel a point, read from pdftoppm's PPM. */
export function pixels(file: string, n: number): { width: number; height: number; at(x: number, y: number): number[] } {
  const ppm = execFileSync("pdftoppm", ["-r", "72", "-f", String(n), "-l", String(n), file], { maxBuffer: 64 * 1024 * 1024 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 32).toString("latin1"));
  if (!header) throw new Error("pdftoppm did not write a PPM");
  const width = Number(header[1]);
  const height = Number(header[2]);
  const start = header[0].length;
  return {
    width,
    height,
    at(x, y) {
      const i = start + (y * width + x) * 3;
      return [ppm[i]!, ppm[i + 1]!, ppm[i + 2]!];
    },
  };
}
