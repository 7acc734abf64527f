/**
 * Rich-text setting: our own line setter over pdfkit's font metrics, breaking where the Unicode line
 * breaking algorithm allows (UAX #14, from the linebreak package, with the CJK kinsoku rules it
 * leaves out). Owning the lines (rather than letting pdfkit wrap) is what lets the paginator split
 * paragraphs between lines, keep headings with what follows and guarantee that no line leaves the
 * content box.
 */
import { breakOpportunities } from "../content/lineBreaks.ts";
import { isScriptFace, type FontBook } from "./fonts.ts";
import { currentFont, drawGlyphs, widthOf, type EmbeddedFont } from "./glyphs.ts";
import { visualOrder } from "./bidi.ts";
import { linkTarget } from "./links.ts";
import type { Span } from "./markdown/inline.ts";
import type { Face, TextStyle } from "./theme.ts";

export { breakOpportunities };

/** Default-ignorable characters (Unicode): they lay text out and have no look of their own. */
const INVISIBLE = /^\p{Default_Ignorable_Code_Point}$/u;
/** The first of them (the soft hyphen): characters below it need no test. */
const FIRST_INVISIBLE = 0xad;
export interface Fragment {
  text: string;
  face: Face;
  size: number;
  colour: string;
  tracking: number;
  x: number;
  width: number;
  link?: string;
  /** Right-to-left text (an Arabic word): drawn with what each of its clusters stands for (glyphs.ts). */
  rightToLeft?: true;
}

export interface Line {
  fragments: Fragment[];
  width: number;
  height: number;
  /** Distance from the top of the line to its baseline. */
  baseline: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Receives each run of fragments that shares a link target, so callers can tag and annotate it. */
export interface Marker {
  open(link: string | undefined): void;
  close(link: string | undefined, rects: Rect[]): void;
}

export interface SetOptions {
  align?: "left" | "center" | "right";
  linkColour?: string;
  citeColour?: string;
  /**
   * Break CJK text only between words, as display type is set ("サービス" stays whole in a title):
   * UAX #14 allows a break between any two ideographs or kana, which body text takes and a title
   * set large should not. Words are ICU's (Intl.Segmenter), dictionary-based for Chinese and Japanese.
   */
  phrases?: boolean;
}

const words = new Intl.Segmenter(undefined, { granularity: "word" });

/** Where words start and end in `text` (UTF-16 offsets). */
function wordBoundaries(text: string): Set<number> {
  const bounds = new Set<number>([0, text.length]);
  for (const { index, segment } of words.segment(text)) {
    bounds.add(index);
    bounds.add(index + segment.length);
  }
  return bounds;
}

interface Item {
  kind: "box" | "glue";
  text: string;
  face: Face;
  size: number;
  colour: string;
  tracking: number;
  link?: string;
  width: number;
}

/** The text between two break opportunities: what must stay on one line, then its trailing space. */
interface Segment {
  boxes: Item[];
  glue?: Item;
  /** A line must end after it (a hard line break). */
  required: boolean;
}

/** Cap height of the brand faces as a share of the font size: centres capitals in the line box. */
const CAP_HEIGHT = 0.72;
/** Full-width punctuation that ends a phrase and has its own space built in. */
const FULL_WIDTH_END = /^[、。，．：；！？）」』】〕〉》]$/u;
/** White space that collapses to one space and disappears at the end of a line (not U+00A0): [ \t\r\f\v]. */
function isCollapsible(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c === 32 || (c >= 9 && c <= 13 && c !== 10);
}

/** What a setting made, and the faces it measured (in the order it first measured them). */
interface Setting {
  lines: readonly Line[];
  faces: readonly Face[];
}

/**
 * Settings made, by font book (its key) and then by what was set. A portfolio's compendium sets
 * each city's profile as that city's brochure did, on the same lane, so it takes its lines from
 * here; brochures share their templates' labels, notes and headings too. Of 11,300 settings in a
 * build of fifteen fictional cities and their portfolio, 8,100 were set before, 0.6 s of the
 * lane's CPU. A setting depends only on the fonts' files and its arguments (measure and faceFor
 * read nothing else), so a remembered one is the very lines a new setting would make.
 */
const settings = new Map<string, Map<string, Setting>>();

/**
 * Settings kept at most, all font books together, the oldest going first: some forty cities'
 * brochures' worth (fifteen fictional cities and their compendium made 3,200 distinct settings),
 * a few megabytes. A compendium of more cities than that sets its first profiles afresh.
 */
const KEPT_SETTINGS = 8000;
let keptSettings = 0;

function remember(book: Map<string, Setting>, key: string, setting: Setting): void {
  book.set(key, setting);
  if (++keptSettings <= KEPT_SETTINGS) return;
  // The oldest book's oldest setting: Maps iterate in insertion order.
  for (const [fonts, oldest] of settings) {
    const first = oldest.keys().next();
    if (!first.done) {
      oldest.delete(first.value);
      keptSettings--;
    }
    if (oldest.size === 0) settings.delete(fonts);
    break;
  }
}

export class Typesetter {
  /** Widths by face, size and tracking, then by text. */
  private readonly widths = new Map<string, Map<string, number>>();
  /** The document's font for each face, once opened: measuring reads it without selecting it. */
  private readonly embedded = new Map<Face, EmbeddedFont | null>();
  /** The faces the setting under way measures, when one is: a remembered setting opens them again. */
  private measured?: Set<Face>;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: FontBook,
  ) {}

  /** The widths of the look measured last: a paragraph measures piece after piece in one look. */
  private last?: { face: Face; size: number; tracking: number; widths: Map<string, number> };

  measure(text: string, face: Face, size: number, tracking = 0): number {
    let widths: Map<string, number> | undefined;
    const last = this.last;
    if (last && last.face === face && last.size === size && last.tracking === tracking) widths = last.widths;
    else {
      const look = `${face}|${size}|${tracking}`;
      widths = this.widths.get(look);
      if (!widths) this.widths.set(look, (widths = new Map()));
      this.last = { face, size, tracking, widths };
    }
    this.measured?.add(face);
    let width = widths.get(text);
    if (width === undefined) {
      const font = this.opened(face);
      width = font ? widthOf(font, text, size, tracking) : this.fonts.use(face).fontSize(size).widthOfString(text, { characterSpacing: tracking });
      if (tracking) width += tracking;
      widths.set(text, width);
    }
    return width;
  }

  /** `text` cut into runs of the face that can draw each character (the script fonts for CJK). */
  runs(text: string, face: Face): { text: string; face: Face }[] {
    const runs: { text: string; face: Face }[] = [];
    for (const ch of text) {
      const f = this.fonts.faceFor(face, ch.codePointAt(0)!);
      const last = runs.at(-1);
      if (last && last.face === f) last.text += ch;
      else runs.push({ text: ch, face: f });
    }
    return runs;
  }

  /** Width of one line of `text` set with font fallback, as `drawRun` sets it. */
  measureRun(text: string, face: Face, size: number): number {
    return this.runs(text, face).reduce((sum, r) => sum + this.measure(r.text, r.face, size), 0);
  }

  /** One line of `text` at a baseline, with font fallback; returns its width. For text set outside `set` (tile numbers). */
  drawRun(text: string, face: Face, size: number, x: number, baseline: number, colour: string): number {
    let cursor = x;
    for (const run of this.runs(text, face)) {
      this.fonts.use(run.face).fontSize(size).fillColor(colour);
      drawGlyphs(this.doc, run.text, cursor, baseline);
      cursor += this.measure(run.text, run.face, size);
    }
    return cursor - x;
  }

  /**
   * Breaks spans into lines no wider than `width`, at the break opportunities of the Unicode line
   * breaking algorithm (UAX #14, with the CJK kinsoku rules it leaves out): never at a no-break
   * space, never before closing or after opening punctuation. A word wider than the line is cut
   * between characters as a last resort, so nothing ever overflows.
   */
  set(spans: readonly Span[], style: TextStyle, width: number, options: SetOptions = {}): Line[] {
    let book = settings.get(this.fonts.key);
    if (!book) settings.set(this.fonts.key, (book = new Map()));
    const key = JSON.stringify([spans, style, width, options.align, options.linkColour, options.citeColour, options.phrases]);
    const known = book.get(key);
    if (known) {
      // Each face is opened in this document where setting the text afresh would first measure
      // it: pdfkit names a document's fonts in the order they are opened, so the PDF is the same
      // byte for byte whichever document set the text first.
      for (const face of known.faces) this.opened(face);
      return known.lines.slice();
    }
    const outer = this.measured;
    this.measured = new Set();
    try {
      const lines = this.setAfresh(spans, style, width, options);
      remember(book, key, { lines, faces: [...this.measured] });
      return lines.slice();
    } finally {
      if (outer) for (const face of this.measured) outer.add(face);
      this.measured = outer;
    }
  }

  /** The face's font in this document, opened the first time it is asked for. */
  private opened(face: Face): EmbeddedFont | null {
    let font = this.embedded.get(face);
    if (font === undefined) this.embedded.set(face, (font = currentFont(this.fonts.use(face)) ?? null));
    return font;
  }

  private setAfresh(spans: readonly Span[], style: TextStyle, width: number, options: SetOptions): Line[] {
    const segments = this.segments(spans, style, options, width);
    const lines: Item[][] = [];
    let line: Item[] = [];
    let lineWidth = 0;
    let pendingGlue: Item | undefined;
    const finish = () => {
      lines.push(line);
      line = [];
      lineWidth = 0;
      pendingGlue = undefined;
    };
    for (const segment of segments) {
      const boxes = segment.boxes;
      if (boxes.length > 0) {
        const glue = pendingGlue && line.length > 0 ? pendingGlue.width : 0;
        const boxesWidth = boxes.reduce((sum, b) => sum + b.width, 0);
        if (lineWidth + glue + boxesWidth <= width + 0.01) {
          if (glue) line.push(pendingGlue!);
          line.push(...boxes);
          lineWidth += glue + boxesWidth;
        } else {
          if (line.length > 0) finish();
          for (const piece of this.hardBreak(boxes, width)) {
            const pieceWidth = piece.reduce((sum, b) => sum + b.width, 0);
            if (line.length > 0 && lineWidth + pieceWidth > width + 0.01) finish();
            line.push(...piece);
            lineWidth += pieceWidth;
          }
        }
        pendingGlue = undefined;
      }
      if (segment.glue && line.length > 0) pendingGlue = segment.glue;
      if (segment.required) finish();
    }
    if (line.length > 0 || lines.length === 0) lines.push(line);
    return lines.map((items) => this.toLine(items, style, width, options.align ?? "left"));
  }

  /** Draws lines from `top` down; returns the y below the last line. */
  draw(lines: readonly Line[], x: number, top: number, marker?: Marker, tone: (colour: string) => string = (c) => c): number {
    const doc = this.doc;
    let y = top;
    let open = false;
    let currentLink: string | undefined;
    let rects: Rect[] = [];
    for (const line of lines) {
      for (const f of line.fragments) {
        if (!open || f.link !== currentLink) {
          if (open) marker?.close(currentLink, rects);
          currentLink = f.link;
          rects = [];
          marker?.open(currentLink);
          open = true;
        }
        const baseline = y + line.baseline;
        this.fonts.use(f.face).fontSize(f.size).fillColor(tone(f.colour));
        drawGlyphs(doc, f.text, x + f.x, baseline, f.tracking, f.rightToLeft);
        if (f.link) {
          const visible = f.text.trimEnd();
          const w = visible === f.text ? f.width : this.measure(visible, f.face, f.size, f.tracking);
          doc
            .save()
            .lineWidth(0.5)
            .strokeColor(tone(f.colour))
            .moveTo(x + f.x, baseline + 1.5)
            .lineTo(x + f.x + w, baseline + 1.5)
            .stroke()
            .restore();
          rects.push({ x: x + f.x, y: baseline - f.size * 0.85, width: w, height: f.size * 1.15 });
        }
      }
      y += line.height;
    }
    if (open) marker?.close(currentLink, rects);
    return y;
  }

  /** The spans cut at every break opportunity, each piece measured in the face that can draw it. */
  private segments(spans: readonly Span[], style: TextStyle, options: SetOptions, width = Infinity): Segment[] {
    // One string for the breaker, with the span each UTF-16 unit comes from.
    let text = "";
    const owner: number[] = [];
    const looks = spans.map((span) => {
      const face = faceOf(style.face, span);
      // Only a safe target (https, http and mailto) is linked; any other is set as plain text.
      const link = linkTarget(span.link);
      const colour = span.cite ? (options.citeColour ?? style.colour) : link ? (options.linkColour ?? style.colour) : style.colour;
      return { face, link, colour, size: style.size, tracking: style.tracking ?? 0 };
    });
    spans.forEach((span, n) => {
      const shown = style.upper ? span.text.toUpperCase() : span.text;
      for (const ch of shown) {
        const space = isCollapsible(ch) || ch === "\n";
        // Runs of white space collapse to one space (a hard break "\n" wins over spaces around it).
        if (space && ch !== "\n" && (text.endsWith(" ") || text.endsWith("\n"))) continue;
        // Full-width punctuation carries its own space: a space after it (words joined for English,
        // "。 別の") would open a double gap in CJK text.
        if (space && ch !== "\n" && FULL_WIDTH_END.test(text.at(-1) ?? "")) continue;
        if (ch === "\n" && text.endsWith(" ")) {
          text = text.slice(0, -1);
          owner.pop();
        }
        text += space && ch !== "\n" ? " " : ch;
        for (let k = 0; k < ch.length; k++) owner.push(n);
      }
    });
    const segments: Segment[] = [];
    let last = 0;
    const bounds = options.phrases ? wordBoundaries(text) : undefined;
    for (const { position, required } of breakOpportunities(text)) {
      if (bounds && !required && !bounds.has(position)) continue;
      // A short citation mark ("[1, 235]") stays on one line, as a number stays with its unit: a
      // line ending "[1," leaves the reader a dangling bracket. A long one may break after a comma.
      if (
        !required &&
        position < text.length &&
        owner[position] === owner[position - 1] &&
        keptWhole(spans[owner[position]!]!, (t) => this.measure(t, looks[owner[position]!]!.face, style.size), width)
      )
        continue;
      const piece = text.slice(last, position);
      const content = piece.replace(/[ \n]+$/, "");
      const trailing = piece.length > content.length;
      const boxes: Item[] = [];
      // Boxes: one per run of the same span and the same face.
      let i = last;
      while (i < last + content.length) {
        const n = owner[i]!;
        const look = looks[n]!;
        let j = i;
        let runText = "";
        let runFace: Face | undefined;
        while (j < last + content.length && owner[j] === n) {
          const cp = text.codePointAt(j)!;
          const ch = String.fromCodePoint(cp);
          const face = this.fonts.faceFor(look.face, cp);
          // Joiners, direction marks and variation selectors shape text but show nothing; a font
          // without a glyph for them would print a "no glyph" box, so they are left out, as
          // HarfBuzz and browsers do.
          if (cp >= FIRST_INVISIBLE && INVISIBLE.test(ch) && !this.fonts.draws(face, cp)) {
            j += ch.length;
            continue;
          }
          if (runFace !== undefined && face !== runFace) break;
          runFace = face;
          runText += ch;
          j += ch.length;
        }
        // CJK is set solid: letter-spacing meant for Latin capitals would open gaps between kanji.
        const tracking = runFace !== undefined && isScriptFace(runFace) ? 0 : look.tracking;
        if (runFace !== undefined)
          boxes.push({
            kind: "box",
            text: runText,
            face: runFace,
            size: look.size,
            colour: look.colour,
            tracking,
            link: look.link,
            width: this.measure(runText, runFace!, look.size, tracking),
          });
        i = j;
      }
      let glue: Item | undefined;
      if (trailing && text[position - 1] !== "\n") {
        const look = looks[owner[position - 1]!]!;
        glue = {
          kind: "glue",
          text: " ",
          face: look.face,
          size: look.size,
          colour: look.colour,
          tracking: look.tracking,
          link: look.link,
          width: this.measure(" ", look.face, look.size, look.tracking),
        };
      }
      segments.push({ boxes, glue, required: required && position < text.length });
      last = position;
    }
    return segments;
  }

  /** Boxes wider than the line: cut between characters (whole code points), as few times as possible. */
  private hardBreak(chunk: Item[], width: number): Item[][] {
    const total = chunk.reduce((sum, b) => sum + b.width, 0);
    if (total <= width + 0.01) return [chunk];
    const pieces: Item[][] = [];
    let piece: Item[] = [];
    let used = 0;
    for (const box of chunk) {
      let rest = Array.from(box.text);
      while (rest.length > 0) {
        const room = width - used;
        let n = rest.length;
        while (n > 0 && this.measure(rest.slice(0, n).join(""), box.face, box.size, box.tracking) > room + 0.01) n--;
        if (n === 0) {
          if (piece.length === 0) n = 1;
          else {
            pieces.push(piece);
            piece = [];
            used = 0;
            continue;
          }
        }
        const text = rest.slice(0, n).join("");
        const w = this.measure(text, box.face, box.size, box.tracking);
        piece.push({ ...box, text, width: w });
        used += w;
        rest = rest.slice(n);
        if (rest.length > 0) {
          pieces.push(piece);
          piece = [];
          used = 0;
        }
      }
    }
    if (piece.length > 0) pieces.push(piece);
    return pieces;
  }

  private toLine(items: Item[], style: TextStyle, width: number, align: "left" | "center" | "right"): Line {
    const fragments: Fragment[] = [];
    for (const item of items) {
      const last = fragments.at(-1);
      if (last && last.face === item.face && last.size === item.size && last.colour === item.colour && last.link === item.link && last.tracking === item.tracking) {
        last.text += item.text;
      } else {
        fragments.push({ text: item.text, face: item.face, size: item.size, colour: item.colour, tracking: item.tracking, link: item.link, x: 0, width: 0 });
      }
    }
    // Right-to-left words (an Arabic name) are put in the order they are seen, each its own fragment.
    const seen = visualOrder(fragments, (f, text, rightToLeft) => ({ ...f, text, ...(rightToLeft ? { rightToLeft: true as const } : {}) }));
    let x = 0;
    for (const f of seen) {
      f.x = x;
      f.width = this.measure(f.text, f.face, f.size, f.tracking);
      x += f.width;
    }
    const lineWidth = x;
    const shift = align === "center" ? (width - lineWidth) / 2 : align === "right" ? width - lineWidth : 0;
    if (shift > 0) for (const f of seen) f.x += shift;
    return { fragments: seen, width: lineWidth, height: style.leading, baseline: (style.leading + CAP_HEIGHT * style.size) / 2 };
  }
}

/** The longest citation mark kept on one line: three references of up to three digits. */
const WHOLE_CITE = "[100, 200, 300]".length;

/** A short citation mark that fits the line whole; one wider than the line may break after a comma, rather than be cut between its digits. */
function keptWhole(span: Span, measure: (text: string) => number, width: number): boolean {
  return span.cite === true && span.text.length <= WHOLE_CITE && measure(span.text) <= width;
}

function faceOf(base: Face, span: Span): Face {
  if (isScriptFace(base)) return span.bold && !base.endsWith("Bold") ? (`${base}Bold` as Face) : base;
  const family = base.startsWith("heading") ? "heading" : "body";
  if (span.bold) return family === "heading" ? "headingBold" : "bodyBold";
  if (span.italic && family === "body") return "bodyItalic";
  return base;
}

export function linesHeight(lines: readonly Line[]): number {
  return lines.reduce((sum, l) => sum + l.height, 0);
}

/** Plain spans for code-made text (labels, numbers) that needs no inline Markdown. */
export function plain(text: string): Span[] {
  return [{ text }];
}
