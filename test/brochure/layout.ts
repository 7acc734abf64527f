/** Layout assertions shared by the brochure tests, over a PDF read back with readPdf. */
import type { Box } from "../../src/brochure/theme.ts";
import type { PdfPage, ReadPdf } from "./readPdf.ts";

const HEADINGS = new Set(["H1", "H2", "H3"]);
const TOLERANCE = 1;

/** Inside pages carry the running foot ("PAGE n OF m"); the covers do not. */
export function isInsidePage(page: PdfPage): boolean {
  return page.items.some((i) => i.artifact && /PAGE \d+ OF \d+/.test(i.str));
}

/** Text outside the content box (inside pages) or outside the page (covers), as readable lines. */
export function textOutside(pdf: ReadPdf, box: Box): string[] {
  const problems: string[] = [];
  pdf.pages.forEach((page, n) => {
    const inside = isInsidePage(page);
    for (const item of page.items) {
      const limits = inside && !item.artifact ? box : { x: 0, y: 0, width: page.width, height: page.height };
      const out =
        item.x < limits.x - TOLERANCE ||
        item.x + item.width > limits.x + limits.width + TOLERANCE ||
        item.top < limits.y - TOLERANCE - item.size * 0.2 ||
        item.bottom > limits.y + limits.height + TOLERANCE;
      if (out) problems.push(`page ${n + 1}: "${item.str.slice(0, 40)}" at x ${item.x.toFixed(1)}–${(item.x + item.width).toFixed(1)}, y ${item.top.toFixed(1)}–${item.bottom.toFixed(1)}`);
    }
  });
  return problems;
}

export function blankPages(pdf: ReadPdf): number[] {
  return pdf.pages.flatMap((page, n) => (page.items.some((i) => !i.artifact) ? [] : [n + 1]));
}

/** Pages whose last heading has nothing of its own section below it. */
export function strandedHeadings(pdf: ReadPdf): string[] {
  const problems: string[] = [];
  pdf.pages.forEach((page, n) => {
    const content = page.items.filter((i) => !i.artifact);
    const headings = content.filter((i) => i.role && HEADINGS.has(i.role));
    const last = headings.sort((a, b) => b.bottom - a.bottom)[0];
    if (!last) return;
    const below = content.some((i) => !(i.role && HEADINGS.has(i.role)) && i.top >= last.bottom - 0.5);
    if (!below) problems.push(`page ${n + 1}: heading "${last.str}" ends the page`);
  });
  return problems;
}
