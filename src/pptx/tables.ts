/**
 * Native tables, measured row by row: a table that does not fit its box at the densest step goes
 * on over continuation slides, its header row repeated.
 */
import type { Slide, TableCell } from "./pptxgen.ts";
import { LINE, textProps, WIDTH_SAFETY, type Box, type Para, type Run } from "./layout.ts";
import type { FontFaces, FontRole, TextMeasure } from "./text.ts";

/** Cell padding in inches: top/bottom, left/right. */
const PAD_Y = 0.06;
const PAD_X = 0.1;
const PT = 72;

export interface Cell {
  runs: Run[];
  role?: FontRole;
  colour?: string;
  fill?: string;
}

export interface Row {
  cells: Cell[];
  /** This row's type size at the normal step, where it differs from the table's. */
  size?: number;
  /** The data field the row shows, for an error when it cannot fit. */
  field?: string;
}

export interface TableSpec {
  header?: Row;
  rows: Row[];
  /** Column widths in inches. */
  colW: number[];
  /** Type size at the normal step. */
  size: number;
  headerFill: string;
  headerColour: string;
  rule: string;
  /** The body cells' fill. */
  paper: string;
}

function cellPara(cell: Cell, size: number): Para {
  return { runs: cell.runs, size, role: cell.role, colour: cell.colour };
}

/** A row's height in points at a step. */
export function rowHeight(m: TextMeasure, row: Row, spec: TableSpec, scale: number): number {
  const size = (row.size ?? spec.size) * scale;
  return Math.max(
    ...row.cells.map((cell, i) => {
      const width = (spec.colW[i]! - 2 * PAD_X) * PT * WIDTH_SAFETY;
      return linesOf(m, cellPara(cell, size), width) * size * LINE + 2 * PAD_Y * PT + 2;
    }),
  );
}

function linesOf(m: TextMeasure, p: Para, width: number): number {
  // One paragraph per cell; reuse the paragraph measure without its spacing.
  let lines = 0;
  const text = p.runs.map((r) => r.text).join("");
  const role = p.runs.some((r) => (r.role ?? p.role) === "bold") ? "bold" : (p.role ?? "body");
  for (const part of text.split("\n")) lines += m.lines(part, role, p.size, width);
  return Math.max(1, lines);
}

export function tableHeight(m: TextMeasure, spec: TableSpec, rows: readonly Row[], scale: number): number {
  return (spec.header ? rowHeight(m, spec.header, spec, scale) : 0) + rows.reduce((s, r) => s + rowHeight(m, r, spec, scale), 0);
}

/** Rows cut into pages of the box height at a step; a row too tall alone is returned as tooLong. */
export function paginateRows(m: TextMeasure, spec: TableSpec, box: Box, scale: number, firstHeight = box.h): { pages: Row[][]; tooLong?: Row } {
  const head = spec.header ? rowHeight(m, spec.header, spec, scale) : 0;
  const pages: Row[][] = [[]];
  let limit = firstHeight * PT - head;
  let used = 0;
  for (const row of spec.rows) {
    const h = rowHeight(m, row, spec, scale);
    if (h > box.h * PT - head) return { pages, tooLong: row };
    if (used + h > limit && pages.at(-1)!.length > 0) {
      pages.push([]);
      used = 0;
      limit = box.h * PT - head;
    }
    pages.at(-1)!.push(row);
    used += h;
  }
  return { pages: pages.filter((p) => p.length > 0) };
}

export function addTable(slide: Slide, spec: TableSpec, rows: readonly Row[], box: Box, scale: number, faces: FontFaces, ink: string, m: TextMeasure, objectName?: string): number {
  const toCells = (row: Row, header: boolean): TableCell[] =>
    row.cells.map((cell) => ({
      text: textProps([cellPara({ ...cell, colour: header ? spec.headerColour : cell.colour, role: header ? "bold" : cell.role }, 1)], (row.size ?? spec.size) * scale, faces, ink),
      options: {
        fill: { color: header ? spec.headerFill : (cell.fill ?? spec.paper) },
        margin: [PAD_Y, PAD_X, PAD_Y, PAD_X],
        valign: "top",
        border: [{ type: "none" }, { type: "none" }, { type: "solid", pt: 0.75, color: spec.rule }, { type: "none" }],
      },
    }));
  const all = [...(spec.header ? [toCells(spec.header, true)] : []), ...rows.map((r) => toCells(r, false))];
  const heights = [...(spec.header ? [spec.header] : []), ...rows].map((r) => rowHeight(m, r, spec, scale) / PT);
  slide.addTable(all, { x: box.x, y: box.y, w: spec.colW.reduce((a, b) => a + b, 0), colW: spec.colW, rowH: heights, ...(objectName ? { objectName } : {}) });
  return heights.reduce((a, b) => a + b, 0);
}
