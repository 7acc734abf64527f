/**
 * Brand files (fonts, logo) are read by every output, so they are checked once here: inside the
 * project after resolving symlinks, present, and really what their role needs. A corrupt font or a
 * logo that is not the image its name says would otherwise fail deep inside pdfkit, canvas or the
 * browser. The validated brand carries the resolved paths, so no reader resolves them again.
 */
import { readFileSync } from "node:fs";
import PNG from "png-js";
import { inflateSync } from "node:zlib";
import { FontFacts, fontTables, loadFontkit, openFont } from "../cache/fontFacts.ts";
import type { Problem } from "../errors.ts";
import type { FontMetrics } from "../pptx/metrics.ts";
import type { FontCheck } from "./prefetch.ts";
import { resolveProjectFile } from "../paths.ts";
import type { LoadedYaml } from "./load.ts";
import { formatPath, locateValue, type PathKey } from "./locate.ts";
import type { BrandFile } from "./schema.ts";

/** What these checks read of a brand: its files, whichever language its words are in. */
type Brand = Pick<BrandFile, "fonts" | "logo">;
import { DEFAULT_SCRIPT_FONTS, scriptKey } from "./scriptFonts.ts";

type Role = "font" | "png" | "svg";

function brandFiles(brand: Brand): { path: PathKey[]; file: string; role: Role }[] {
  const files: { path: PathKey[]; file: string; role: Role }[] = [];
  const { office: _names, languages, ...fontFiles } = brand.fonts;
  for (const [role, set] of Object.entries(fontFiles)) {
    for (const [style, file] of Object.entries(set)) if (file) files.push({ path: ["fonts", role, style], file, role: "font" });
  }
  for (const [language, set] of Object.entries(languages ?? {})) {
    for (const [style, file] of Object.entries(set)) if (file) files.push({ path: ["fonts", "languages", language, style], file, role: "font" });
  }
  files.push({ path: ["logo", "png"], file: brand.logo.png, role: "png" }, { path: ["logo", "svg"], file: brand.logo.svg, role: "svg" });
  return files;
}

/**
 * The default CJK fonts are checked and resolved like the brand's own, so every reader finds them
 * in the validated brand; the brand's entries win.
 */
function withDefaultFonts<B extends Brand>(brand: B): B {
  const own = brand.fonts.languages ?? {};
  const defaults = Object.entries(DEFAULT_SCRIPT_FONTS).filter(([key]) => !Object.keys(own).some((tag) => scriptKey(tag) === key));
  return { ...brand, fonts: { ...brand.fonts, languages: { ...Object.fromEntries(defaults), ...own } } };
}

/**
 * The font files checkBrandFiles will check, found in brand data not yet validated (the prefetch
 * thread's guess, so it can read them early): those it cannot find, or data of another shape,
 * are simply left out, and the main thread checks them itself.
 */
export function brandFontPaths(data: unknown, root: string): { path: string; regular: boolean; latin: boolean }[] {
  try {
    return brandFiles(withDefaultFonts(data as Brand)).flatMap(({ path, file, role }) => {
      const found = role === "font" && typeof file === "string" ? resolveProjectFile(root, file) : undefined;
      // Text is checked against regular faces only, the body's and the heading's first (glyphs.ts).
      const regular = path.at(-1) === "regular";
      return found?.ok ? [{ path: found.path, regular, latin: regular && (path[1] === "body" || path[1] === "heading") }] : [];
    });
  } catch {
    return [];
  }
}

/**
 * How closely a run checks the brand's fonts. "fontkit" (fontProblem): as pdfkit, canvas and
 * HarfBuzz will read them, whole; every format but the editable PowerPoint reads them so, and
 * `check` asks for it. "tables": a PowerPoint made alone only names its fonts and measures its text
 * from their own tables (src/pptx/metrics.ts), so those tables are what it checks, without loading
 * fontkit or reading the rest of each file. Every font is checked either way, with the glyph check
 * reading the same tables; a font that does not pass the lighter check gets the full one, whose
 * words the user then reads, and a pass of the lighter one answers no run that needs the full one.
 */
export { fontCheckFor, type FontCheck } from "./prefetch.ts";

/** The characters fontProblem asks a font for one of: Latin, Chinese, Japanese, a digit. */
const PROBES = [0x41, 0x61, 0x4e00, 0x3042, 0x30];

/**
 * The "tables" check: the tables metrics.ts reads are whole (else it declines the font) and show
 * what fontProblem asks of fontkit, two glyphs or more and one for a probe character.
 */
export function tablesShowUsable(metrics: FontMetrics | undefined): boolean {
  return metrics !== undefined && (metrics.numGlyphs ?? 0) >= 2 && PROBES.some((cp) => metrics.has(cp));
}

/** Problems with the brand's files, and on success the brand with every file path made real and absolute. */
/** `keepFonts`: whether the fonts parsed for the check stay open for this thread (see fontProblem). */
export function checkBrandFiles<B extends Brand>(
  brand: B,
  source: LoadedYaml,
  root: string,
  facts: FontFacts = new FontFacts(),
  keepFonts = true,
  fontCheck: FontCheck = "fontkit",
): { problems: Problem[]; brand: B } {
  const problems: Problem[] = [];
  const withDefaults = withDefaultFonts(brand);
  const resolved = structuredClone(withDefaults);
  for (const { path, file, role } of brandFiles(withDefaults)) {
    const problem = (message: string, hint: string) => problems.push({ severity: "error", location: locateValue(source, path), path: formatPath(path), message, hint });
    const found = resolveProjectFile(root, file);
    if (!found.ok) {
      if (found.reason === "outside") {
        const via = found.detail ? ` (it is a link to ${found.detail})` : "";
        problem(`file lies outside the project: ${file}${via}`, "copy the file into the project and give its path relative to the project root");
      } else if (found.reason === "missing") {
        problem(
          `file not found: ${file}`,
          file.startsWith("node_modules/") ? "run `npm run setup` (or `npm ci`) to install the font packages" : "check the path; it is relative to the project root",
        );
      } else {
        problem(`expected a file, found a folder: ${file}`, "give the path of the file itself");
      }
      continue;
    }
    // A font's verdict is remembered by its file stamp (src/cache/fontFacts.ts): 67 MB are not read each time.
    const wrong =
      role === "font"
        ? facts.problem(found.path, (bytes) => fontProblem(found.path, bytes, keepFonts), fontCheck === "tables" ? () => tablesShowUsable(fontTables(found.path)) : undefined) ||
          undefined
        : (role === "png" ? pngProblem : svgProblem)(readFileSync(found.path));
    if (wrong) {
      problem(
        `${file}: ${wrong}`,
        role === "font"
          ? "use a TrueType (.ttf) or OpenType (.otf) font file"
          : role === "png"
            ? "export the logo again as a PNG file, a few thousand pixels across at most"
            : "export the logo as an SVG file",
      );
      continue;
    }
    setIn(resolved, path, found.path);
  }
  return { problems, brand: resolved };
}

function setIn(target: object, path: PathKey[], value: string): void {
  let node = target as Record<PathKey, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<PathKey, unknown>;
  node[path.at(-1)!] = value;
}

/**
 * canvas needs TrueType or OpenType (WOFF falls back silently) and pdfkit must be able to parse it.
 * `keep`: whether the parsed font stays open for this thread's later use (openFont), as the prefetch
 * thread (which asks the regular faces' glyphs next) and a PPTX-only build's text measure want. A
 * build of every format does not keep them: it would hold the brand's fonts, 45 MB with the CJK
 * ones, to its end, where the checks and the lane's outputs never ask this thread's copies again.
 */
export function fontProblem(path: string, bytes: Buffer, keep = true): string | undefined {
  const tag = bytes.subarray(0, 4).toString("latin1");
  const sfnt = tag === "\0\x01\0\0" || tag === "OTTO" || tag === "true";
  if (!sfnt) return tag === "wOFF" || tag === "wOF2" ? "is a web font (WOFF); the charts need TrueType or OpenType" : "is not a TrueType or OpenType font";
  try {
    // Reading the glyph count and the character map proves the tables parse, without the cost of
    // listing every character of a CJK font.
    const font = keep ? openFont(path, bytes) : loadFontkit().create(bytes);
    if (font.numGlyphs < 2 || !font.directory.tables.cmap) return "has no characters to draw";
    const probe = PROBES.find((cp) => font.hasGlyphForCodePoint(cp));
    if (probe === undefined) return "has no glyphs for Latin, Chinese or Japanese text";
    font.glyphForCodePoint(probe);
  } catch (error) {
    return `is damaged and cannot be read (${(error as Error).message})`;
  }
  return undefined;
}

function pngProblem(bytes: Buffer): string | undefined {
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "is not a PNG image (its bytes do not start with the PNG signature)";
  let png: PNG;
  try {
    // pdfkit must understand it, and png-js is the reader pdfkit opens PNGs with: asking it catches
    // what a header check cannot, without loading all of pdfkit for `check`.
    png = new PNG(bytes);
  } catch (error) {
    return `is a damaged PNG image (${(error as Error).message})`;
  }
  // Its pixels are decompressed too (bounded by the size its header gives): a stream that does not
  // inflate, or a header that claims more pixels than a logo has, crashed the brochure mid-build.
  if (png.width * png.height > MAX_LOGO_PIXELS) return `is ${png.width} × ${png.height} pixels, more than a logo needs (at most ${MAX_LOGO_PIXELS / 1e6} million)`;
  const expected = pngDataLength(png);
  if (expected === undefined) return `is a damaged PNG image (colour type ${png.colorType} with ${png.bits}-bit samples)`;
  try {
    const pixels = inflateSync(png.imgData, { maxOutputLength: expected + 1 });
    if (pixels.length !== expected) return `is a damaged PNG image (its pixel data holds ${pixels.length} bytes where its size needs ${expected})`;
  } catch (error) {
    return `is a damaged PNG image (its pixel data does not decompress: ${(error as Error).message})`;
  }
  return undefined;
}

/** A logo's pixels at most: 40 million (a wordmark of 16,000 × 2,500 px). */
const MAX_LOGO_PIXELS = 40e6;

/** Samples per pixel of each PNG colour type; bit depths each allows. */
const PNG_COLOUR_TYPES: Record<number, { channels: number; bits: number[] }> = {
  0: { channels: 1, bits: [1, 2, 4, 8, 16] },
  2: { channels: 3, bits: [8, 16] },
  3: { channels: 1, bits: [1, 2, 4, 8] },
  4: { channels: 2, bits: [8, 16] },
  6: { channels: 4, bits: [8, 16] },
};

/** The length of a PNG's decompressed pixel data (filter bytes included), by its header: each Adam7 pass when interlaced. */
function pngDataLength(png: PNG): number | undefined {
  const type = PNG_COLOUR_TYPES[png.colorType];
  if (!type?.bits.includes(png.bits)) return undefined;
  const rowBytes = (width: number) => 1 + Math.ceil((width * png.bits * type.channels) / 8);
  const passes = png.interlaceMethod === 1 ? ADAM7 : [[0, 0, 1, 1]];
  let length = 0;
  for (const [x0, y0, dx, dy] of passes as number[][]) {
    const width = Math.ceil((png.width - x0!) / dx!);
    const height = Math.ceil((png.height - y0!) / dy!);
    if (width > 0 && height > 0) length += height * rowBytes(width);
  }
  return length;
}
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

function svgProblem(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return "is not an SVG image (it is not text)";
  }
  const start = text.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/, "");
  if (!/^<svg[\s>]/.test(start)) return "is not an SVG image (it does not start with an <svg> element)";
  if (!/<\/svg>\s*$/.test(text.trimEnd()) && !/\/>\s*$/.test(text.trimEnd())) return "is not a complete SVG image (no closing </svg>)";
  return undefined;
}
