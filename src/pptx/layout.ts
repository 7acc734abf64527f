/**
 * Fitting text into boxes: paragraphs and table rows are measured (text.ts) at the normal size and
 * at two denser steps; what still does not fit goes on as a continuation slide, and a single
 * paragraph or row that cannot fit even alone is an error naming its data field.
 */
import type { Slide, TextProps, TextPropsOptions } from "./pptxgen.ts";
import type { FontFaces, FontRole, TextMeasure } from "./text.ts";
import { clean, oneLine, placeWord, slideText, WORD_END, type LineFill } from "./text.ts";

/** Line pitch as a multiple of the type size: set exactly, so measuring and rendering agree. */
export const LINE = 1.2;
/** The normal size, then the dense and denser steps. */
export const SCALES = [1, 0.9, 0.8] as const;
const PT = 72;
/**
 * Measured lines must fit this share of a box's width. Beyond the brand font and its Office twin,
 * this covers DejaVu Sans, what LibreOffice on Linux draws when neither is installed (about 7%
 * wider than Inter, 14% wider than Arial, on running text).
 */
export const WIDTH_SAFETY = 0.92;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Run {
  text: string;
  role?: FontRole;
  colour?: string;
  /** A clickable link (https:, http:, mailto:). */
  link?: string;
  /** Set in the local-script font (names in their own script). */
  local?: boolean;
  lang?: string;
  /** Relative to the paragraph's size. */
  scale?: number;
}

export interface Para {
  runs: Run[];
  /** Type size in points at the normal step. */
  size: number;
  role?: FontRole;
  colour?: string;
  bullet?: "bullet" | "number";
  align?: "left" | "center" | "right";
  /** Points after the paragraph at the normal step. */
  after?: number;
  /** The data field the paragraph shows, for an error when it cannot fit. */
  field?: string;
}

export const BULLET_INDENT = 18;

export function paraHeight(m: TextMeasure, p: Para, widthIn: number, scale: number): number {
  const size = p.size * scale;
  const width = (widthIn * PT - (p.bullet ? BULLET_INDENT : 0)) * WIDTH_SAFETY;
  const lines = runLines(m, p, size, width);
  return lines * size * LINE + (p.after ?? 0) * scale;
}

/** Lines of a paragraph whose runs may differ in weight: words are measured in their own run's face. */
function runLines(m: TextMeasure, p: Para, size: number, width: number): number {
  const fill: LineFill = { lines: 1, used: 0 };
  for (const run of p.runs) {
    const role = run.role ?? p.role ?? "body";
    const runSize = size * (run.scale ?? 1);
    for (const piece of slideText(run.text).split(/(\n)/)) {
      if (piece === "\n") {
        fill.lines++;
        fill.used = 0;
        continue;
      }
      for (const word of piece.split(WORD_END)) if (word) placeWord(fill, m.width(word, role, runSize), m.width(word.trimEnd(), role, runSize), width);
    }
  }
  return fill.lines;
}

export function parasHeight(m: TextMeasure, paras: readonly Para[], widthIn: number, scale: number): number {
  return paras.reduce((sum, p) => sum + paraHeight(m, p, widthIn, scale), 0);
}

/**
 * A tile's number at `size` points, or smaller until it fits one line `widthIn` wide (not below
 * half): a number has no break opportunity, so one wider than its line is broken between any two
 * digits ("1,000,000,000,0/00"), in PowerPoint and LibreOffice alike. Past half its size it may
 * still wrap, as the Marp deck's tiles let a number of thirty digits do.
 */
export function numberSize(m: TextMeasure, text: string, widthIn: number, size: number): number {
  const width = m.width(text, "headingBold", size);
  const room = widthIn * PT * WIDTH_SAFETY;
  return width <= room ? size : Math.max(size / 2, Math.floor(((size * room) / width) * 2) / 2);
}

/**
 * A tile's number with its unit after it at half its size, in one paragraph; or, when the two do
 * not fit one line `widthIn` wide, the unit in a paragraph of its own under it, at its own line
 * height (wrapped inside the number's paragraph it took the number's, and left a gap above it).
 * A short unit stays whole ("m containers" never parts after its "m"); a long one may wrap at its
 * spaces.
 */
export function numberWithUnit(m: TextMeasure, tile: { number: string; unit: string; tight?: boolean }, widthIn: number, size: number, colour: string): Para[] {
  const unit = tile.unit.length <= 16 ? tile.unit.replace(/ /g, "\u00A0") : tile.unit;
  const spaced = `${tile.tight || !tile.unit ? "" : " "}${unit}`;
  const beside = m.width(tile.number, "headingBold", size) + m.width(spaced, "bold", size * 0.5) <= widthIn * PT * WIDTH_SAFETY;
  if (beside)
    return [
      {
        runs: [
          { text: tile.number, role: "headingBold" },
          { text: spaced, role: "bold", scale: 0.5 },
        ],
        size,
        colour,
        after: 2,
      },
    ];
  return [
    { runs: [{ text: tile.number, role: "headingBold" }], size, colour, after: 0 },
    { runs: [{ text: unit, role: "bold" }], size: size * 0.5, colour, after: 2 },
  ];
}

/** The largest step at which the paragraphs fit the box, or undefined. */
export function fitScale(m: TextMeasure, paras: readonly Para[], box: Box, scales: readonly number[] = SCALES): number | undefined {
  return scales.find((s) => parasHeight(m, paras, box.w, s) <= box.h * PT);
}

/** pptxgenjs text runs for paragraphs at a step. */
export function textProps(paras: readonly Para[], scale: number, faces: FontFaces, ink: string): TextProps[] {
  const out: TextProps[] = [];
  paras.forEach((p, pi) => {
    const size = round1(p.size * scale);
    p.runs.forEach((run, ri) => {
      const role = run.role ?? p.role ?? "body";
      const runSize = round1(size * (run.scale ?? 1));
      const last = ri === p.runs.length - 1;
      out.push({
        text: slideText(run.text),
        options: {
          fontFace: run.local ? faces.local : role === "heading" || role === "headingBold" ? faces.heading : faces.body,
          fontSize: runSize,
          bold: role === "bold" || role === "headingBold",
          color: run.colour ?? p.colour ?? ink,
          ...((run.lang ?? faces.lang) ? { lang: run.lang ?? faces.lang } : {}),
          ...(run.link ? { hyperlink: { url: run.link } } : {}),
          ...(p.bullet === "bullet" ? { bullet: { indent: BULLET_INDENT } } : p.bullet === "number" ? { bullet: { type: "number", indent: BULLET_INDENT } } : {}),
          align: p.align ?? "left",
          lineSpacing: round1(size * LINE),
          paraSpaceAfter: round1((p.after ?? 0) * scale),
          breakLine: last && pi < paras.length - 1,
        },
      });
    });
  });
  return out;
}

export function addParas(slide: Slide, paras: readonly Para[], box: Box, scale: number, faces: FontFaces, ink: string, extra: TextPropsOptions = {}): void {
  if (paras.length === 0) return;
  slide.addText(textProps(paras, scale, faces, ink), { ...box, margin: 0, valign: "top", fit: "none", wrap: true, ...extra });
}

/**
 * Splits paragraphs into pages of a box at one step. A paragraph taller than the box on its own
 * returns it as `tooLong`.
 */
export function paginate(m: TextMeasure, paras: readonly Para[], box: Box, scale: number, rest: Box = box): { pages: Para[][]; tooLong?: Para } {
  return fill(m, paras, box, scale, rest, 1);
}

/**
 * As paginate, with the pages about equally full: the fewest pages, each filled to the smallest
 * share of its box that still needs no more of them. A list of sources over two slides then
 * fills two halves, rather than a slide and one line on the next.
 */
export function paginateEvenly(m: TextMeasure, paras: readonly Para[], box: Box, scale: number): { pages: Para[][]; tooLong?: Para } {
  const greedy = fill(m, paras, box, scale, box, 1);
  if (greedy.tooLong || greedy.pages.length < 2) return greedy;
  let low = 0;
  let high = 1;
  for (let i = 0; i < 12; i++) {
    const share = (low + high) / 2;
    const tried = fill(m, paras, box, scale, box, share);
    if (!tried.tooLong && tried.pages.length <= greedy.pages.length) high = share;
    else low = share;
  }
  return fill(m, paras, box, scale, box, high);
}

/** Pages filled to `share` of their box at most (a paragraph alone on a page may take all of it). */
function fill(m: TextMeasure, paras: readonly Para[], box: Box, scale: number, rest: Box, share: number): { pages: Para[][]; tooLong?: Para } {
  const pages: Para[][] = [[]];
  let used = 0;
  for (const p of paras) {
    const at = pages.length === 1 ? box : rest;
    let h = paraHeight(m, p, at.w, scale);
    if (used + h > at.h * PT * share && pages.at(-1)!.length > 0) {
      pages.push([]);
      used = 0;
      h = paraHeight(m, p, rest.w, scale);
    }
    if (h > (pages.length === 1 ? box : rest).h * PT) return { pages, tooLong: p };
    pages.at(-1)!.push(p);
    used += h;
  }
  return { pages: pages.filter((p) => p.length > 0) };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A title that fits its band: one line at the normal size (`sizes[0]`), else two lines a step or
 * two smaller. Undefined when even two lines at the smallest do not fit: the caller says whose
 * text is too long. The first run is the title itself; a run after it keeps its leading space.
 */
export function fittedTitle(
  m: TextMeasure,
  faces: FontFaces,
  runs: readonly Run[],
  widthIn: number,
  colour: string,
  sizes: readonly [number, number, number],
): TextProps[] | undefined {
  const fits = (size: number, lines: number) => parasHeight(m, [{ runs: [...runs], size, role: "heading" }], widthIn, 1) <= size * 1.2 * lines + 0.5;
  // Last, three lines at two thirds of the smallest size: the height of its two lines, so the title's
  // box holds them too (a long name that the Marp deck fits was refused at two lines).
  const third = Math.round(sizes[2] * (2 / 3) * 2) / 2;
  const size = fits(sizes[0], 1) ? sizes[0] : fits(sizes[1], 2) ? sizes[1] : fits(sizes[2], 2) ? sizes[2] : fits(third, 3) ? third : undefined;
  if (size === undefined) return undefined;
  return runs.map((r, i) => ({
    text: i === 0 ? oneLine(r.text) : clean(r.text).replace(/\s+/g, " "),
    options: {
      fontFace: r.local ? faces.local : faces.heading,
      fontSize: size * (r.scale ?? 1),
      color: r.colour ?? colour,
      lineSpacing: Math.round(size * 1.2),
      align: "left" as const,
      ...(r.lang ? { lang: r.lang } : {}),
    },
  }));
}
