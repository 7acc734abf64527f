/**
 * Whether a deck's slides keep their text inside them, read back from a PDF of the deck (the
 * PowerPoint converted by LibreOffice, or marp-cli's PDF): every word's box from pdftotext -bbox.
 */
import { pdfWords, type Word } from "../pptx/project.ts";

/** The PowerPoint's grid (src/pptx/theme.ts): the footer rule, the footer band, the right margin. */
const PPTX = { footerRule: 6.9 * 72, footerTop: 6.95 * 72, right: (13.333 - 0.5) * 72, height: 7.5 * 72 };

const describe = (w: Word) => `page ${w.page}: "${w.text}" at ${w.xMin.toFixed(0)},${w.yMin.toFixed(0)}–${w.xMax.toFixed(0)},${w.yMax.toFixed(0)}`;

/** Words of the comparison PowerPoint that cross into the footer band or past the right margin (the footer's own words and the slide number aside). */
export function pptxOverflow(pdf: string, footer: string): string[] {
  const words = pdfWords(pdf);
  const own = new Set(footer.split(/\s+/));
  if (words.filter((w) => w.yMin >= PPTX.footerTop).length === 0) throw new Error("no footer found: the grid in this test no longer matches src/pptx/theme.ts");
  return words
    .filter((w) => (w.yMax > PPTX.footerRule && !(w.yMin >= PPTX.footerTop && (own.has(w.text) || w.text === String(w.page)))) || w.xMax > PPTX.right || w.yMax > PPTX.height)
    .map(describe);
}

/**
 * Words of a Marp deck's PDF that run into its running foot or off the slide: on every page with a
 * footer, everything else must end above the footer's first line, and inside the page.
 */
export function marpOverflow(pdf: string, footer: string): string[] {
  const words = pdfWords(pdf);
  const own = new Set(footer.split(/\s+/));
  const out: string[] = [];
  const pages = [...new Set(words.map((w) => w.page))];
  for (const page of pages) {
    const on = words.filter((w) => w.page === page);
    const width = 960;
    // The footer: its words in the slide's bottom tenth, and the page number ("3 / 20") on their line
    // (a number in the text above, "more than 2 years", is no footer).
    const footWords = on.filter((w) => w.yMin > 0.85 * 540 && own.has(w.text));
    const line = footWords.length > 0 ? Math.max(...footWords.map((w) => w.yMin)) : undefined;
    const foot = on.filter((w) => w.yMin > 0.85 * 540 && (own.has(w.text) || (line !== undefined && Math.abs(w.yMin - line) < 3 && /^\d+$|^\/$/.test(w.text))));
    const top = foot.length > 0 ? Math.min(...foot.map((w) => w.yMin)) : 540;
    for (const w of on) if (!foot.includes(w) && (w.yMax > top - 1 || w.xMax > width)) out.push(describe(w));
  }
  return out;
}
