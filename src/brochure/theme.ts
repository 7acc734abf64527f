/**
 * Page geometry and typography for the brochure: one place that turns brand tokens and the paper
 * option into sizes. Every vertical distance is a multiple of the 4 pt grid unit, so spacing stays
 * even however the blocks fall on the pages.
 */
import type { Brand } from "../data/schema.ts";
import type { Paper } from "../options.ts";

export type Face = "heading" | "headingBold" | "body" | "bodyBold" | "bodyItalic" | "local" | "localBold";

export interface TextStyle {
  face: Face;
  size: number;
  /** Line pitch in points. */
  leading: number;
  colour: string;
  /**
   * Extra space between letters, for capitals labels. Kept under a tenth of the size: beyond that,
   * text extraction (and so search and copy) reads the gaps as spaces.
   */
  tracking?: number;
  upper?: boolean;
}

export const GRID = 4;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const PAPER: Record<Paper, [number, number]> = {
  a4: [595.28, 841.89],
  letter: [612, 792],
};

export function createTheme(brand: Brand, paper: Paper) {
  const [width, height] = PAPER[paper];
  const c = brand.colours;
  const margin = { top: 22 * GRID, bottom: 16 * GRID, side: 14 * GRID };
  const content: Box = { x: margin.side, y: margin.top, width: width - 2 * margin.side, height: height - margin.top - margin.bottom };
  const style = (face: Face, size: number, leading: number, colour: string, extra: Partial<TextStyle> = {}): TextStyle => ({ face, size, leading, colour, ...extra });
  return {
    paper,
    page: { width, height },
    margin,
    content,
    colours: { ...c, rule: "#D3DDE3", faint: "#9AA7B0", onDark: "#FFFFFF", onDarkMuted: "#A9C3D1" },
    space: { xs: GRID, s: 2 * GRID, m: 3 * GRID, l: 5 * GRID, xl: 8 * GRID, section: 12 * GRID },
    text: {
      h1: style("headingBold", 25, 30, c.primary),
      kicker: style("heading", 7.5, 12, c.secondary, { tracking: 0.6, upper: true }),
      h2: style("heading", 13.5, 18, c.primary),
      h3: style("heading", 9, 14, c.secondary, { tracking: 0.6, upper: true }),
      lead: style("body", 12, 18, c.ink),
      body: style("body", 9.5, 14, c.ink),
      caption: style("bodyItalic", 8.5, 12, c.muted),
      source: style("body", 7, 10, c.muted),
      figureTitle: style("heading", 10.5, 14, c.primary),
      tableHead: style("heading", 7, 10, c.muted, { tracking: 0.6, upper: true }),
      table: style("body", 8.5, 12, c.ink),
      furniture: style("body", 7, 10, c.muted),
      furnitureStrong: style("heading", 7, 10, c.primary, { tracking: 0.6, upper: true }),
    },
  };
}

export type Theme = ReturnType<typeof createTheme>;

/** Snaps a height up to the grid so blocks below it stay on the grid too. */
export function onGrid(value: number): number {
  return Math.ceil(value / GRID - 1e-6) * GRID;
}

/**
 * The theme with its type `factor` times the normal size (and its spacing with it), for a page that
 * must hold its text on one page (the back cover). No style goes below `floor` points unless it was
 * smaller to begin with; leading and tracking keep their proportion to the size.
 */
export function scaledTheme(theme: Theme, factor: number, floor: number): Theme {
  if (factor === 1) return theme;
  const text = Object.fromEntries(Object.entries(theme.text).map(([name, style]) => [name, scaleStyle(style, factor, floor)])) as Theme["text"];
  const space = Object.fromEntries(Object.entries(theme.space).map(([name, value]) => [name, value * factor])) as Theme["space"];
  return { ...theme, text, space };
}

export function scaleStyle(style: TextStyle, factor: number, floor: number): TextStyle {
  if (factor === 1) return style;
  const size = Math.max(style.size * factor, Math.min(style.size, floor));
  const k = size / style.size;
  return { ...style, size, leading: style.leading * k, ...(style.tracking ? { tracking: style.tracking * k } : {}) };
}
