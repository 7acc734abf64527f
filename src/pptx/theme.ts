/**
 * The PowerPoint's masters from the brand: colours by role, the brand's font family names (the
 * Office fallbacks go into the theme), the logo as a picture with its alt text, the footer line and
 * slide numbers. Geometry is in inches on a 13.333 × 7.5 in (16:9) slide.
 */
import type { PptxGenJS } from "./pptxgen.ts";
import type { Brand } from "../data/schema.ts";
import { tint } from "../charts/theme.ts";
import { readable } from "../brochure/colour.ts";
import { palette } from "../brochure/theme.ts";
import { clean, type FontFaces } from "./text.ts";
import type { SchemeColours } from "./package.ts";

export const SLIDE = { w: 13.333, h: 7.5 } as const;
/** Left and right margin, the title band and the footer band. */
export const GRID = { margin: 0.6, titleY: 0.42, titleH: 0.9, bodyY: 1.5, bodyBottom: 6.75, footerY: 6.98, footerH: 0.3 } as const;
export const BODY_W = SLIDE.w - 2 * GRID.margin;

/** Where the title slide and the section dividers set their titles. */
export const TITLE_BOX = { x: GRID.margin + 0.3, y: 1.8, w: BODY_W - 0.6, h: 1.45 } as const;
export const DIVIDER_TITLE_BOX = { x: GRID.margin + 0.5, y: 2.3, w: BODY_W - 1.2, h: 1.15 } as const;

export const MASTER = { title: "CITYPITCH_TITLE", content: "CITYPITCH_CONTENT", divider: "CITYPITCH_DIVIDER", closing: "CITYPITCH_CLOSING" } as const;

/** Colours without the "#" pptxgenjs wants. */
export interface Colours {
  primary: string;
  secondary: string;
  accent: string;
  ink: string;
  muted: string;
  paper: string;
  surface: string;
  series: string[];
  /** The series colours as large text on the paper (a share's number in its ring), taken towards the ink until they read (3:1). */
  seriesText: string[];
  /** The secondary and the accent as text: on the paper or a tile, and on primary-coloured slides, taken towards the ink or the paper until they read (4.5:1). */
  secondaryText: string;
  accentText: string;
  accentOnPrimary: string;
  /** The accent as the section dividers' large numeral on the secondary ground, taken towards the paper until it reads (3:1, large type). */
  accentOnSecondary: string;
  /** On primary-coloured slides: text and a softer line. */
  onPrimary: string;
  onPrimarySoft: string;
  rule: string;
  /** Derived values: the series colour mixed with white (as in the chart images). */
  derived: (hex: string) => string;
}

const bare = (hex: string) => hex.replace(/^#/, "").toUpperCase();

export function colours(brand: Brand): Colours {
  const c = brand.colours;
  return {
    primary: bare(c.primary),
    secondary: bare(c.secondary),
    accent: bare(c.accent),
    ink: bare(c.ink),
    muted: bare(c.muted),
    paper: bare(c.paper),
    surface: bare(c.surface),
    series: c.chart.map(bare),
    seriesText: c.chart.map((colour) => bare(readable(colour, c.paper, 3, c.ink))),
    secondaryText: bare(readable(readable(c.secondary, c.paper, 4.5, c.ink), c.surface, 4.5, c.ink)),
    accentText: bare(readable(readable(c.accent, c.paper, 4.5, c.ink), c.surface, 4.5, c.ink)),
    accentOnPrimary: bare(palette(c).onDarkAccent),
    accentOnSecondary: bare(palette(c).onSecondaryAccent),
    onPrimary: bare(c.paper),
    onPrimarySoft: bare(tint(c.primary, 0.7)),
    rule: bare(tint(c.muted, 0.75)),
    derived: (hex) => bare(tint(`#${bare(hex)}`, 0.72)),
  };
}

export interface Logo {
  data: string;
  /** Width over height. */
  aspect: number;
  alt: string;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngAspect(png: Buffer): number {
  const w = png.readUInt32BE(16);
  const h = png.readUInt32BE(20);
  return w > 0 && h > 0 ? w / h : 1;
}

/**
 * A logo's box `h` high, or less high when it would be wider than `maxW`: its own proportions
 * whatever they are, a wordmark six times as wide as high included.
 */
export function logoBox(aspect: number, h: number, maxW: number): { w: number; h: number } {
  const w = Math.min(h * aspect, maxW);
  return { w, h: w / aspect };
}

/** The logo in the top corner of content and divider slides: this high, and at most four times as wide. */
const CORNER_LOGO_H = 0.42;
/** Between a content slide's title and the corner logo. */
const TITLE_LOGO_GAP = 0.38;

/**
 * The slide masters: title, content and divider. Returns the width a content slide's title may
 * take: the body's width less the corner logo's.
 */
export function defineMasters(pptx: PptxGenJS, brand: Brand, col: Colours, faces: FontFaces, logo: Logo, footer: string): { titleWidth: number } {
  const footerText = (colour: string) => ({
    text: {
      text: clean(footer),
      options: {
        x: GRID.margin,
        y: GRID.footerY,
        w: BODY_W - 1.2,
        h: GRID.footerH,
        fontFace: faces.body,
        fontSize: 9,
        color: colour,
        margin: 0,
        valign: "middle" as const,
        fit: "none" as const,
      },
    },
  });
  const slideNumber = (colour: string) => ({
    x: SLIDE.w - GRID.margin - 0.8,
    y: GRID.footerY,
    w: 0.8,
    h: GRID.footerH,
    fontFace: faces.body,
    fontSize: 9,
    color: colour,
    align: "right" as const,
    valign: "middle" as const,
    margin: 0,
  });
  const logoImage = (x: number, y: number, box: { w: number; h: number }, slotH = box.h) => ({
    image: { x, y: y + (slotH - box.h) / 2, w: box.w, h: box.h, data: logo.data, altText: clean(logo.alt) },
  });
  const corner = logoBox(logo.aspect, CORNER_LOGO_H, CORNER_LOGO_H * 4);
  const titleWidth = BODY_W - Math.max(corner.w, CORNER_LOGO_H) - TITLE_LOGO_GAP;
  const cover = logoBox(logo.aspect, 0.5, 3);
  const titlePlaceholder = (box: { x: number; y: number; w: number; h: number }, colour: string, fontSize: number) => ({
    placeholder: {
      options: { name: "title", type: "title" as const, ...box, fontFace: faces.heading, fontSize, color: colour, align: "left" as const, valign: "top" as const, margin: 0 },
      text: "",
    },
  });

  pptx.defineSlideMaster({
    title: MASTER.title,
    background: { color: col.primary },
    objects: [
      { rect: { x: 0, y: SLIDE.h - 0.12, w: SLIDE.w, h: 0.12, fill: { color: col.accent }, line: { type: "none" } } },
      logoImage(GRID.margin, GRID.footerY - 0.62, cover, 0.5),
      {
        text: {
          text: clean(brand.footer),
          options: {
            x: GRID.margin + cover.w + 0.25,
            y: GRID.footerY - 0.56,
            w: 8,
            h: 0.38,
            fontFace: faces.body,
            fontSize: 11,
            color: col.onPrimarySoft,
            margin: 0,
            valign: "middle",
            fit: "none",
          },
        },
      },
      titlePlaceholder(TITLE_BOX, col.onPrimary, 48),
    ],
  });
  pptx.defineSlideMaster({
    title: MASTER.content,
    background: { color: col.paper },
    objects: [
      { rect: { x: 0, y: 0, w: SLIDE.w, h: 0.1, fill: { color: col.primary }, line: { type: "none" } } },
      { rect: { x: GRID.margin, y: GRID.footerY - 0.08, w: BODY_W, h: 0.01, fill: { color: col.rule }, line: { type: "none" } } },
      logoImage(SLIDE.w - GRID.margin - corner.w, GRID.titleY, corner, CORNER_LOGO_H),
      footerText(col.muted),
      titlePlaceholder({ x: GRID.margin, y: GRID.titleY, w: titleWidth, h: GRID.titleH }, col.primary, 28),
    ],
    slideNumber: slideNumber(col.muted),
  });
  // The section dividers on the secondary ground, in paper-coloured type, as the Marp deck's are
  // (the secondary is kept at 3:1 against the paper for this: src/data/brandColours.ts).
  pptx.defineSlideMaster({
    title: MASTER.divider,
    background: { color: col.secondary },
    objects: [
      { rect: { x: 0, y: 0, w: 0.25, h: SLIDE.h, fill: { color: col.accent }, line: { type: "none" } } },
      logoImage(SLIDE.w - GRID.margin - corner.w, GRID.titleY, corner, CORNER_LOGO_H),
      footerText(col.onPrimary),
      titlePlaceholder(DIVIDER_TITLE_BOX, col.onPrimary, 40),
    ],
    slideNumber: slideNumber(col.onPrimary),
  });
  // The closing slide on the primary ground, as the Marp deck's and the brochure's back cover are:
  // a content slide's frame in the title slide's colours.
  pptx.defineSlideMaster({
    title: MASTER.closing,
    background: { color: col.primary },
    objects: [
      { rect: { x: 0, y: SLIDE.h - 0.12, w: SLIDE.w, h: 0.12, fill: { color: col.accent }, line: { type: "none" } } },
      logoImage(SLIDE.w - GRID.margin - corner.w, GRID.titleY, corner, CORNER_LOGO_H),
      footerText(col.onPrimarySoft),
      titlePlaceholder({ x: GRID.margin, y: GRID.titleY, w: titleWidth, h: GRID.titleH }, col.onPrimary, 28),
    ],
    slideNumber: slideNumber(col.onPrimarySoft),
  });
  return { titleWidth };
}

/** The brand's colours by role in the theme's colour scheme, the same for the city deck and the comparison deck. */
export function schemeColours(name: string, col: Colours): SchemeColours {
  return {
    name,
    dark1: col.ink,
    light1: col.paper,
    dark2: col.primary,
    light2: col.surface,
    accents: [...col.series, col.secondary],
    link: col.secondary,
    followedLink: col.muted,
  };
}
