/**
 * Page geometry and typography for the brochure: one place that turns brand tokens and the paper
 * option into sizes. Every vertical distance is a multiple of the 4 pt grid unit, so spacing stays
 * even however the blocks fall on the pages.
 */
import type { Brand } from "../data/schema.ts";
import type { Paper } from "../options.ts";
import { mix, readable } from "./colour.ts";

/**
 * `local` is the edition's script font (Japanese for a Japanese edition), `native` the local name's,
 * `fallback` the brand's font for other scripts (see fonts.ts).
 */
export type Face = "heading" | "headingBold" | "body" | "bodyBold" | "bodyItalic" | "local" | "localBold" | "native" | "nativeBold" | "fallback" | "fallbackBold";

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
  const colours = palette(brand.colours);
  const margin = { top: 22 * GRID, bottom: 16 * GRID, side: 14 * GRID };
  const content: Box = { x: margin.side, y: margin.top, width: width - 2 * margin.side, height: height - margin.top - margin.bottom };
  const style = (face: Face, size: number, leading: number, colour: string, extra: Partial<TextStyle> = {}): TextStyle => ({ face, size, leading, colour, ...extra });
  return {
    paper,
    page: { width, height },
    margin,
    content,
    colours,
    space: { xs: GRID, s: 2 * GRID, m: 3 * GRID, l: 5 * GRID, xl: 8 * GRID, section: 12 * GRID },
    text: {
      h1: style("headingBold", 25, 30, c.primary),
      kicker: style("heading", 7.5, 12, colours.secondaryText, { tracking: 0.6, upper: true }),
      h2: style("heading", 13.5, 18, c.primary),
      h3: style("heading", 9, 14, colours.secondaryText, { tracking: 0.6, upper: true }),
      lead: style("body", 12, 18, c.ink),
      body: style("body", 9.5, 14, c.ink),
      caption: style("bodyItalic", 8.5, 12, colours.mutedText),
      source: style("body", 7, 10, colours.mutedText),
      figureTitle: style("heading", 10.5, 14, c.primary),
      tableHead: style("heading", 7, 10, colours.mutedText, { tracking: 0.6, upper: true }),
      table: style("body", 8.5, 12, c.ink),
      furniture: style("body", 7, 10, colours.mutedText),
      furnitureStrong: style("heading", 7, 10, c.primary, { tracking: 0.6, upper: true }),
    },
  };
}

export type Theme = ReturnType<typeof createTheme>;

/** WCAG AA for body-size text. */
const TEXT_CONTRAST = 4.5;

/**
 * The brochure's whole palette, from the brand's colours alone: tints mix a colour with the paper,
 * shades with the primary (the dark ground of the covers), so a new brand file re-colours every
 * rule, box and light-on-dark text. Text colours keep a 4.5:1 contrast with the ground they sit
 * on, moving towards the ink (on paper) or the paper (on the dark ground) when a brand colour alone
 * would be too faint.
 */
export function palette(c: Brand["colours"]) {
  const onPaper = (colour: string) => readable(colour, c.paper, TEXT_CONTRAST, c.ink);
  // Small print also sits on the surface (tiles and call-outs), a little darker than the paper.
  const onSurface = (colour: string) => readable(onPaper(colour), c.surface, TEXT_CONTRAST, c.ink);
  const onDark = (colour: string) => readable(colour, c.primary, TEXT_CONTRAST, c.paper);
  const light = {
    /** Hairlines and table rules. */
    rule: mix(c.paper, c.primary, 0.16),
    faint: mix(c.paper, c.muted, 0.52),
    /** The data-vintage notice's box: a pale tint of the accent. */
    noticeFill: mix(c.paper, c.accent, 0.14),
    secondaryText: onPaper(c.secondary),
    mutedText: onSurface(c.muted),
  };
  const dark = {
    /** Text on the primary ground (covers), and its softer tones. */
    onDark: onDark(c.paper),
    onDarkSoft: onDark(mix(c.paper, c.primary, 0.12)),
    onDarkMuted: onDark(mix(c.paper, c.primary, 0.3)),
    /** A light secondary for lines and names on the dark ground. */
    onDarkSecondary: onDark(mix(c.secondary, c.paper, 0.45)),
    onDarkAccent: onDark(c.accent),
    /** The decks' section-divider numeral, large on the secondary ground: the accent taken towards the paper to 3:1. */
    onSecondaryAccent: readable(c.accent, c.secondary, 3, c.paper),
    onDarkInk: onDark(mix(c.paper, c.primary, 0.06)),
    /** Decoration on the dark ground (the key visual's rings): the secondary, lifted until it shows. */
    onDarkRing: readable(c.secondary, c.primary, 2, c.paper),
    /** Boxes and rules on the dark ground: the primary lightened a little. */
    darkSurface: mix(c.primary, c.paper, 0.1),
    darkRule: mix(c.primary, c.paper, 0.3),
  };
  return { ...c, ...light, ...dark };
}

export type Palette = ReturnType<typeof palette>;

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
