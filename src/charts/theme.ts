/**
 * Brand tokens as the charts use them. Sizes are in points: the renderer scales the canvas by
 * 300/72, so a 7.5 pt tick label prints at 7.5 pt when the brochure places the chart at its size.
 */
import { basename } from "node:path";
import type { Brand } from "../data/schema.ts";
import { isCjk, scriptFonts } from "../data/scriptFonts.ts";

export interface FontRole {
  /** A family list: the brand face, then the CJK face for local-script names. */
  family: string;
  weight: "normal" | "bold";
  style: "normal" | "italic";
}

export interface FontFile {
  file: string;
  family: string;
  weight: FontRole["weight"];
  style: FontRole["style"];
}

/** The faces a chart draws with. */
export interface ChartFonts {
  body: FontRole;
  bold: FontRole;
  italic: FontRole;
  /** Large numbers: the heading face at its boldest. */
  heading: FontRole;
}

/**
 * Script fonts get one family each, named by file: node-canvas forgets the first registration when
 * one file is registered twice, and two editions share their fonts.
 */
const scriptFamilies = new Map<string, string>();
function scriptFamily(brand: Brand, file: string): string {
  if (!scriptFamilies.has(file)) {
    const name =
      file === brand.fonts.local.regular
        ? "local"
        : basename(file)
            .replace(/\.[^.]*$/, "")
            .replace(/[^A-Za-z0-9-]+/g, "-");
    scriptFamilies.set(file, `citypitch-${name}`);
  }
  return scriptFamilies.get(file)!;
}

/**
 * Maps the brand's font files to family names the renderer registers them under. node-canvas
 * forgets the first registration when one file is registered twice, so a file used for two roles
 * (Inter SemiBold is both body bold and heading regular) is registered once and shared. After the
 * brand face each family lists the script fonts of `languages` (the edition's first: Japanese
 * labels get Japanese glyph forms; see data/scriptFonts.ts), which Pango falls back to per
 * character. A CJK edition draws no italics: its italic role is upright.
 */
export function brandFonts(brand: Brand, languages: readonly string[] = []): { fonts: ChartFonts; files: FontFile[] } {
  const files: FontFile[] = [];
  const scripts = scriptFonts(brand, languages);
  const fallback = scripts.map((f) => scriptFamily(brand, f.regular)).join(", ");
  const face = (file: string | undefined, family: string, weight: FontRole["weight"], style: FontRole["style"], fallbackRole?: FontRole): FontRole => {
    if (!file) return fallbackRole ?? { family: `${family}, ${fallback}`, weight, style };
    const known = files.find((f) => f.file === file) ?? files.find((f) => f.family === family && f.weight === weight && f.style === style);
    const used = known ?? { file, family, weight, style };
    if (!known) files.push(used);
    return { family: `${used.family}, ${fallback}`, weight: used.weight, style: used.style };
  };
  const body = face(brand.fonts.body.regular, "citypitch-body", "normal", "normal");
  const bold = face(brand.fonts.body.bold, "citypitch-body", "bold", "normal");
  const cjk = languages.length > 0 && isCjk(languages[0]!);
  const sloped = face(brand.fonts.body.italic, "citypitch-body", "normal", "italic", { ...body, style: "italic" });
  const italic = cjk ? body : sloped;
  face(brand.fonts.heading.regular, "citypitch-heading", "normal", "normal");
  const heading = face(brand.fonts.heading.bold, "citypitch-heading", "bold", "normal");
  for (const script of scripts) {
    // A brand whose own face is a CJK font has it registered already, under the brand's family.
    if (files.some((f) => f.file === script.regular)) continue;
    files.push({ file: script.regular, family: scriptFamily(brand, script.regular), weight: "normal", style: "normal" });
    if (script.bold) files.push({ file: script.bold, family: scriptFamily(brand, script.regular), weight: "bold", style: "normal" });
  }
  return { fonts: { body, bold, italic, heading }, files };
}

/** Chart.js's font object for a role. */
export function chartFont(role: FontRole, size: number) {
  return { family: role.family, size, weight: role.weight, style: role.style } as const;
}

export const TYPE = {
  tick: 7.5,
  category: 8.5,
  value: 9.5,
  marker: 7,
  note: 7,
  big: 20,
} as const;

export interface ChartSize {
  widthPt: number;
  heightPt: number;
}

/** Heights are multiples of 6 pt so that 300 dpi gives whole pixels (6 pt = 25 px). */
export const SIZES = {
  bar: { widthPt: 480, heightPt: 264 },
  hbar: { widthPt: 480, heightPt: 216 },
  hbarTall: { widthPt: 480, heightPt: 324 },
  share: { widthPt: 480, heightPt: 216 },
  target: { widthPt: 480, heightPt: 126 },
} as const satisfies Record<string, ChartSize>;

/** Mixes a #RRGGBB colour with white: 0 keeps it, 1 gives white. */
export function tint(hex: string, amount: number): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16);
    return Math.round(c + (255 - c) * amount)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`.toUpperCase();
}

export interface Palette {
  series: readonly string[];
  primary: string;
  accent: string;
  ink: string;
  muted: string;
  paper: string;
  surface: string;
  grid: string;
  /** Derived values: a light fill under hatching in the series colour. */
  derivedFill: (colour: string) => string;
}

export function palette(brand: Brand): Palette {
  const c = brand.colours;
  return {
    series: c.chart,
    primary: c.primary,
    accent: c.accent,
    ink: c.ink,
    muted: c.muted,
    paper: c.paper,
    surface: c.surface,
    grid: tint(c.muted, 0.82),
    derivedFill: (colour) => tint(colour, 0.78),
  };
}
