/**
 * Rich-text setting: our own line breaker over pdfkit's font metrics. Owning the lines (rather than
 * letting pdfkit wrap) is what lets the paginator split paragraphs between lines, keep headings
 * with what follows and guarantee that no line leaves the content box.
 */
import type { FontBook } from "./fonts.ts";
import { linkTarget } from "./links.ts";
import type { Span } from "./markdown/inline.ts";
import type { Face, TextStyle } from "./theme.ts";

export interface Fragment {
  text: string;
  face: Face;
  size: number;
  colour: string;
  tracking: number;
  x: number;
  width: number;
  link?: string;
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
}

interface Item {
  kind: "box" | "glue" | "break";
  text: string;
  face: Face;
  size: number;
  colour: string;
  tracking: number;
  link?: string;
  width: number;
}

const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/u;
/** Cap height of the brand faces as a share of the font size: centres capitals in the line box. */
const CAP_HEIGHT = 0.72;

export class Typesetter {
  private readonly widths = new Map<string, number>();

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: FontBook,
  ) {}

  measure(text: string, face: Face, size: number, tracking = 0): number {
    const key = `${face}|${size}|${tracking}|${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = this.fonts.use(face).fontSize(size).widthOfString(text, { characterSpacing: tracking });
      if (tracking) width += tracking;
      this.widths.set(key, width);
    }
    return width;
  }

  /** Breaks spans into lines no wider than `width`. */
  set(spans: readonly Span[], style: TextStyle, width: number, options: SetOptions = {}): Line[] {
    const items = this.itemize(spans, style, options);
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
    let i = 0;
    while (i < items.length) {
      const item = items[i]!;
      if (item.kind === "glue") {
        if (line.length > 0) pendingGlue = item;
        i++;
        continue;
      }
      if (item.kind === "break") {
        pendingGlue = undefined;
        i++;
        continue;
      }
      // An unbreakable chunk: consecutive boxes (a word whose styles change mid-word).
      const chunk: Item[] = [];
      while (i < items.length && items[i]!.kind === "box") chunk.push(items[i++]!);
      const glue = pendingGlue && line.length > 0 ? pendingGlue.width : 0;
      const chunkWidth = chunk.reduce((sum, b) => sum + b.width, 0);
      if (lineWidth + glue + chunkWidth <= width + 0.01) {
        if (glue) line.push(pendingGlue!);
        line.push(...chunk);
        lineWidth += glue + chunkWidth;
        pendingGlue = undefined;
        continue;
      }
      if (line.length > 0) finish();
      for (const piece of this.hardBreak(chunk, width)) {
        const pieceWidth = piece.reduce((sum, b) => sum + b.width, 0);
        if (line.length > 0 && lineWidth + pieceWidth > width + 0.01) finish();
        line.push(...piece);
        lineWidth += pieceWidth;
      }
      pendingGlue = undefined;
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
        doc.text(f.text, x + f.x, baseline, { lineBreak: false, baseline: "alphabetic", characterSpacing: f.tracking } as PDFKit.Mixins.TextOptions);
        if (f.link) {
          const visible = f.text.trimEnd();
          const w = visible === f.text ? f.width : this.measure(visible, f.face, f.size, f.tracking);
          doc.save().lineWidth(0.5).strokeColor(tone(f.colour)).moveTo(x + f.x, baseline + 1.5).lineTo(x + f.x + w, baseline + 1.5).stroke().restore();
          rects.push({ x: x + f.x, y: baseline - f.size * 0.85, width: w, height: f.size * 1.15 });
        }
      }
      y += line.height;
    }
    if (open) marker?.close(currentLink, rects);
    return y;
  }

  private itemize(spans: readonly Span[], style: TextStyle, options: SetOptions): Item[] {
    const items: Item[] = [];
    for (const span of spans) {
      const face = faceOf(style.face, span);
      // Only a safe target (https, http, mailto) is linked; any other is set as plain text.
      const link = linkTarget(span.link);
      const colour = span.cite ? (options.citeColour ?? style.colour) : link ? (options.linkColour ?? style.colour) : style.colour;
      const text = style.upper ? span.text.toUpperCase() : span.text;
      const base = { size: style.size, colour, tracking: style.tracking ?? 0, link };
      for (const token of text.split(/(\s+)/)) {
        if (!token) continue;
        if (/^\s+$/.test(token)) {
          items.push({ ...base, kind: "glue", text: " ", face, width: this.measure(" ", face, style.size, base.tracking) });
          continue;
        }
        for (const run of this.runs(token, face)) {
          if (CJK.test(run.text)) {
            // Ideographs may break between any two characters.
            for (const ch of run.text) {
              items.push({ ...base, kind: "box", text: ch, face: run.face, width: this.measure(ch, run.face, style.size, base.tracking) });
              items.push({ ...base, kind: "break", text: "", face: run.face, width: 0 });
            }
            items.pop();
            continue;
          }
          // Allow a break after hyphens, dashes and slashes inside long compounds, and after the
          // @ of an e-mail address.
          for (const part of run.text.split(/(?<=[-–—/@])/)) {
            items.push({ ...base, kind: "box", text: part, face: run.face, width: this.measure(part, run.face, style.size, base.tracking) });
            items.push({ ...base, kind: "break", text: "", face: run.face, width: 0 });
          }
          items.pop();
        }
      }
    }
    return items;
  }

  /** Splits text into runs by the face that can draw each character. */
  private runs(text: string, face: Face): { text: string; face: Face }[] {
    const runs: { text: string; face: Face }[] = [];
    for (const ch of text) {
      const f = this.fonts.faceFor(face, ch.codePointAt(0)!);
      const last = runs.at(-1);
      if (last && last.face === f) last.text += ch;
      else runs.push({ text: ch, face: f });
    }
    return runs;
  }

  /** A chunk wider than the line: cut it between characters, as little as possible. */
  private hardBreak(chunk: Item[], width: number): Item[][] {
    const total = chunk.reduce((sum, b) => sum + b.width, 0);
    if (total <= width + 0.01) return [chunk];
    const pieces: Item[][] = [];
    let piece: Item[] = [];
    let used = 0;
    for (const box of chunk) {
      let rest = box.text;
      while (rest) {
        const room = width - used;
        let n = rest.length;
        while (n > 0 && this.measure(rest.slice(0, n), box.face, box.size, box.tracking) > room + 0.01) n--;
        if (n === 0) {
          if (piece.length === 0) n = 1;
          else {
            pieces.push(piece);
            piece = [];
            used = 0;
            continue;
          }
        }
        const text = rest.slice(0, n);
        const w = this.measure(text, box.face, box.size, box.tracking);
        piece.push({ ...box, text, width: w });
        used += w;
        rest = rest.slice(n);
        if (rest) {
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
    let x = 0;
    for (const f of fragments) {
      f.x = x;
      f.width = this.measure(f.text, f.face, f.size, f.tracking);
      x += f.width;
    }
    const lineWidth = x;
    const shift = align === "center" ? (width - lineWidth) / 2 : align === "right" ? width - lineWidth : 0;
    if (shift > 0) for (const f of fragments) f.x += shift;
    return { fragments, width: lineWidth, height: style.leading, baseline: (style.leading + CAP_HEIGHT * style.size) / 2 };
  }
}

function faceOf(base: Face, span: Span): Face {
  const family = base.startsWith("heading") ? "heading" : base.startsWith("local") ? "local" : "body";
  if (span.bold) {
    return family === "heading" ? "headingBold" : family === "local" ? "localBold" : "bodyBold";
  }
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
