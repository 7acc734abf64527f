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
      if (out)
        problems.push(
          `page ${n + 1}: "${item.str.slice(0, 40)}" at x ${item.x.toFixed(1)}–${(item.x + item.width).toFixed(1)}, y ${item.top.toFixed(1)}–${item.bottom.toFixed(1)}`,
        );
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

/**
 * Pages that end, above a hole of more than a quarter of the content area, on a heading with no
 * more than a short introduction beneath it, while its section goes on overleaf (the next page
 * opens with something other than a heading of its level or above): the introduction is parted
 * from what it introduces.
 */
export function strandedIntroductions(pdf: ReadPdf, box: Box): string[] {
  const problems: string[] = [];
  const level = (role: string | undefined) => (role && HEADINGS.has(role) ? Number(role.slice(1)) : undefined);
  pdf.pages.forEach((page, n) => {
    const next = pdf.pages[n + 1];
    if (!next || !isInsidePage(page) || !isInsidePage(next)) return;
    const content = page.items.filter((i) => !i.artifact);
    const last = content.filter((i) => level(i.role) !== undefined).sort((a, b) => b.bottom - a.bottom)[0];
    if (!last) return;
    const bottom = Math.max(...content.map((i) => i.bottom));
    const opening = next.items.filter((i) => !i.artifact).sort((a, b) => a.top - b.top)[0];
    const goesOn = opening !== undefined && (level(opening.role) === undefined || level(opening.role)! > level(last.role)!);
    if (goesOn && bottom - last.bottom < box.height * 0.25 && box.y + box.height - bottom > box.height * 0.25)
      problems.push(`page ${n + 1}: "${last.str}" and its introduction end the page; "${opening.str.slice(0, 40)}" opens the next`);
  });
  return problems;
}

/**
 * Text items that overlap other text on the same page: text run out of its tile, card or table
 * cell lands on its neighbour's. Items must share more than `tolerance` points both ways (kerning, as in "7.", makes glyph boxes touch).
 */
export function overlappingText(pdf: ReadPdf, tolerance = 3): string[] {
  const problems: string[] = [];
  pdf.pages.forEach((page, n) => {
    const items = page.items;
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!;
        const b = items[j]!;
        const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > tolerance && dy > tolerance) problems.push(`page ${n + 1}: "${a.str.slice(0, 30)}" overlaps "${b.str.slice(0, 30)}"`);
      }
    }
  });
  return problems;
}

/**
 * How full each inside page is, 0 to 1: from the top of the content box to the foot of its lowest
 * text (every block ends in text: a chart in its source line, a tile in its year). Covers are left out.
 */
export function pageFills(pdf: ReadPdf, box: Box): { page: number; fill: number }[] {
  return pdf.pages.flatMap((page, n) => {
    if (!isInsidePage(page)) return [];
    const bottom = Math.max(box.y, ...page.items.filter((i) => !i.artifact).map((i) => i.bottom));
    return [{ page: n + 1, fill: (bottom - box.y) / box.height }];
  });
}
