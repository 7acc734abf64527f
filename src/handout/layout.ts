/**
 * The presenter's handout as one HTML document for Chromium to print: two slides to a page, each
 * slide as the deck shows it (Marp's own SVG, so it prints as vectors with the theme's fonts) and
 * its speaker notes below it. Pure: the slides, notes and brand in, the page out.
 *
 * Structure for the tagged PDF comes from the HTML: each slide keeps its own headings (its title
 * is an h2, so Chromium's outline has one top-level bookmark per slide and its sub-headings
 * beneath), the notes are paragraphs, and the slide number and rules are CSS decoration.
 */
import type { Marp } from "@marp-team/marp-core";
import { renderForBrowser } from "../deck/fit.ts";
import type { Paper } from "../options.ts";

/** Page sizes and margins in mm (Chromium prints CSS mm exactly). */
const PAPER: Record<Paper, { width: number; height: number; css: string }> = {
  a4: { width: 210, height: 297, css: "A4" },
  letter: { width: 215.9, height: 279.4, css: "letter" },
};
export const MARGIN = { x: 15, y: 12 };
/** Space kept free at each page's foot: Chromium rounds box heights and would start a blank page. */
const SLACK = 2;

/**
 * How a slide and its notes share a half page, from the roomiest slide to the densest notes (see
 * render.ts): the slide's width (mm), the notes' size (pt), and whether the notes start beside the
 * slide (and run on under it) or below it. Beside needs a column of 50 mm or more to read well.
 */
export const STEPS: readonly { slide: number; notes: number; beside: boolean }[] = [
  { slide: 160, notes: 9, beside: false },
  { slide: 150, notes: 9, beside: false },
  { slide: 140, notes: 9, beside: false },
  { slide: 125, notes: 9, beside: true },
  { slide: 115, notes: 9, beside: true },
  { slide: 115, notes: 8.5, beside: true },
  { slide: 105, notes: 8.5, beside: true },
  { slide: 105, notes: 8, beside: true },
  { slide: 95, notes: 8, beside: true },
  { slide: 95, notes: 7.5, beside: true },
];

export interface HandoutSlide {
  /** The slide's `<svg data-marpit-svg>` element, as Marp renders it. */
  svg: string;
  /** Its speaker notes, plain text, one paragraph a line. */
  notes: string;
}

export interface HandoutDeck {
  slides: HandoutSlide[];
  /** Marp's CSS for the slides (the theme, scoped to `div.marpit`). */
  css: string;
}

export interface HandoutLook {
  lang: string;
  title: string;
  paper: Paper;
  /** CSS font-family lists from the theme (its @font-face rules are in `css`). */
  bodyFont: string;
  headingFont: string;
  colours: { ink: string; muted: string; primary: string; rule: string };
}

/** The deck's slides and notes, as Marp renders the fitted Markdown for the browser (fit.ts). */
export function handoutDeck(marp: Marp, markdown: string): HandoutDeck {
  const { html, css, faces, comments } = renderForBrowser(marp, markdown);
  // Marp writes one `<svg data-marpit-svg>` per slide, side by side inside its container.
  const body = html.replace(/^<div class="marpit">/, "").replace(/<\/div>\s*$/, "");
  const svgs = body.split(/(?=<svg data-marpit-svg)/).filter((s) => s.startsWith("<svg"));
  if (svgs.length !== comments.length) throw new Error(`Marp rendered ${svgs.length} slides but ${comments.length} sets of notes`);
  // The theme's fonts come as rules of their own, beside the slides' CSS.
  return { css: `${faces}\n${css}`, slides: svgs.map((svg, i) => ({ svg, notes: plainNotes(comments[i]!) })) };
}

/**
 * The notes as the presenter reads them: the comments of a slide, without the invisible word
 * joiner the notes helper (content/templates.ts) puts before lines Marp could read as directives.
 */
export function plainNotes(comments: readonly string[]): string {
  return comments
    .join("\n")
    .replace(/\u2060/g, "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join("\n");
}

export function handoutDocument(deck: HandoutDeck, look: HandoutLook): string {
  const paper = PAPER[look.paper];
  const sheetHeight = paper.height - 2 * MARGIN.y - SLACK;
  const { colours } = look;
  const total = deck.slides.length;
  const first = STEPS[0]!;
  const items = deck.slides.map((slide, i) => {
    const notes = slide.notes
      .split("\n")
      .map((line) => `<p>${escapeHtml(line)}</p>`)
      .join("");
    return [
      `<div class="ho-item${first.beside ? "" : " ho-below"}" data-slide="${i + 1}">`,
      `<div class="marpit ho-slide">${slide.svg}</div><div class="ho-number" aria-hidden="true">${i + 1} / ${total}</div>`,
      `<div class="ho-notes">${notes}</div>`,
      `</div>`,
    ].join("");
  });
  const sheets: string[] = [];
  for (let i = 0; i < items.length; i += 2) sheets.push(`<div class="ho-sheet">${items.slice(i, i + 2).join("")}</div>`);
  const style = `
@page { size: ${paper.css}; margin: ${MARGIN.y}mm ${MARGIN.x}mm; }
html, body { margin: 0; padding: 0; }
/* The printed width in any viewport, so the notes are measured as they print. */
body { width: ${paper.width - 2 * MARGIN.x}mm; font-family: ${look.bodyFont}; color: ${colours.ink}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.ho-sheet { height: ${sheetHeight}mm; display: flex; flex-direction: column; break-after: page; overflow: hidden; }
.ho-sheet:last-child { break-after: auto; }
.ho-item { --slide: ${first.slide}mm; --notes: ${first.notes}pt; flex: 0 0 50%; height: 50%; box-sizing: border-box; padding: 0 0 5mm; overflow: hidden; }
.ho-item + .ho-item { border-top: 0.25mm solid ${colours.rule}; padding-top: 5mm; padding-bottom: 0; }
/* The slide floats, so notes that start beside it run on under it at the full width. */
.ho-slide { float: left; width: var(--slide); height: calc(var(--slide) * 9 / 16); margin: 0 5mm 3.5mm 0; outline: 0.2mm solid ${colours.rule}; }
.ho-slide > svg { display: block; width: 100%; height: 100%; }
.ho-number { font-family: ${look.headingFont}; font-size: 8pt; line-height: 1.2; color: ${colours.muted}; white-space: nowrap; font-variant-numeric: tabular-nums; margin-bottom: 2mm; }
/* Strict kinsoku in Japanese and Chinese (no small kana or closing mark at a line's start); no effect on Latin text. */
.ho-notes { font-size: var(--notes); line-height: 1.38; line-break: strict; }
.ho-below > .ho-notes { clear: left; }
.ho-notes p { margin: 0 0 0.35em; }
/* Marp's print rules make every slide a page of its own at the viewport's size: here it is a picture on a page. */
@media print {
  html, body { break-inside: auto; page-break-inside: auto; }
  div.marpit.ho-slide > svg > foreignObject > section { break-before: auto; page-break-before: auto; }
  div.marpit.ho-slide > svg[data-marpit-svg] { width: 100%; height: 100%; }
}
`;
  return [
    `<!DOCTYPE html><html lang="${escapeHtml(look.lang)}"><head><meta charset="utf-8">`,
    `<title>${escapeHtml(look.title)}</title>`,
    `<style>${deck.css}</style><style>${style}</style>`,
    `</head><body>${sheets.join("")}</body></html>`,
  ].join("");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
