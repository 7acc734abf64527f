/**
 * The Marp theme: brand tokens (colours, fonts as data URIs, the logo) as CSS custom properties,
 * followed by the layout rules in templates/deck/theme.css, which only ever use those properties.
 */
import { readFile } from "node:fs/promises";
import { readPngHeader } from "../charts/png.ts";
import { join, resolve } from "node:path";
import type { CityContext } from "../context.ts";
import type { Brand } from "../data/schema.ts";
import { palette } from "../brochure/theme.ts";
import { readable } from "../brochure/colour.ts";
import { themeFonts, type FontEncoding, type FontStacks } from "./fonts.ts";
import { templateDir } from "../project.ts";

export const THEME_NAME = "citypitch";

/** One theme in both font encodings, from one set of font subsets (fonts.ts). */
export interface DeckThemes {
  /** TrueType fonts: what the slides are measured and printed with. */
  truetype: string;
  /** The same fonts as WOFF2, for the files that ship; compressed on first call, off this thread. */
  woff2(): Promise<string>;
}

/** The theme in one encoding; see buildThemes. */
export async function buildTheme(brand: Brand, root: string, text: string, encoding: FontEncoding = "woff2", languages: readonly string[] = []): Promise<string> {
  const themes = await buildThemes(brand, root, text, languages);
  return encoding === "woff2" ? themes.woff2() : themes.truetype;
}

/**
 * `text` is every character the decks draw (their Markdown, notes included): every font is subset
 * to it. The layout's own CSS is added, so text it generates (`content: "…"`) has its glyphs too.
 */
export async function buildThemes(brand: Brand, root: string, text: string, languages: readonly string[] = []): Promise<DeckThemes> {
  const [layout, logo, logoPng] = await Promise.all([
    readFile(join(templateDir(root, "deck"), "theme.css"), "utf8"),
    readFile(resolve(root, brand.logo.svg)),
    readFile(resolve(root, brand.logo.png)),
  ]);
  const fonts = await themeFonts(brand, root, `${text}\n${layout}`, languages);
  const { colours } = brand;
  const tokens: Record<string, string> = {
    primary: colours.primary,
    secondary: colours.secondary,
    accent: colours.accent,
    // The accent as text on the primary ground (the title's eyebrow, a divider's number), taken
    // towards the paper until it reads: a pale ground left an amber eyebrow at 1.5:1.
    "accent-on-primary": palette(colours).onDarkAccent,
    // The section dividers' numeral, large on the secondary ground (as the PowerPoint's).
    "accent-on-secondary": palette(colours).onSecondaryAccent,
    ink: colours.ink,
    muted: colours.muted,
    paper: colours.paper,
    surface: colours.surface,
    ...Object.fromEntries(colours.chart.map((c, i) => [`chart-${i + 1}`, c])),
    // The title's local name, in large type on the primary ground (3:1, WCAG's large-text ratio):
    // another brand's fourth chart colour may be as dark as its primary.
    "local-on-primary": readable(colours.chart[3] ?? colours.accent, colours.primary, 3, colours.paper),
    ...stackTokens(fonts.stacks),
    logo: `url("data:image/svg+xml;base64,${logo.toString("base64")}")`,
    ...logoTokens(logoPng),
  };
  const properties = Object.entries(tokens)
    .map(([name, value]) => `  --cp-${name}: ${value};`)
    .join("\n");
  // A deck in a language with its own script font (its <html lang>, from the front matter) puts that
  // font first: one theme serves every edition of a build. An element with a language of its own
  // (the local name) gets its language's stacks too.
  const byLanguage = fonts.languages
    .map(
      ({ language, stacks }) =>
        `section:lang(${language}), section [lang]:lang(${language}) {\n${Object.entries(stackTokens(stacks))
          .map(([name, value]) => `  --cp-${name}: ${value};`)
          .join("\n")}\n}`,
    )
    .join("\n");
  const theme = (faces: string) =>
    `/* @theme ${THEME_NAME} */\n/* Generated from data/brand.yaml by src/deck/theme.ts; edit those, not this file. */\n${faces}\n\nsection {\n${properties}\n}\n${byLanguage}\n\n${layout}`;
  let shipped: Promise<string> | undefined;
  return { truetype: theme(await fonts.faces("truetype")), woff2: () => (shipped ??= fonts.faces("woff2").then(theme)) };
}

/**
 * The logo's sizes on the title slide and in the footer, in its own proportions: a square slot
 * squeezed a wide logo (6:1) to a sliver. Each fits a box (the cover's 300 × 84 px, the footer's
 * 110 × 22 px), as tall as the box unless that makes it too wide. Its proportions are the PNG's,
 * which brand.yaml gives beside the SVG.
 */
function logoTokens(png: Buffer): Record<string, string> {
  const { width, height } = readPngHeader(png);
  const aspect = width / height;
  const inBox = (boxWidth: number, boxHeight: number) => {
    const h = Math.min(boxHeight, boxWidth / aspect);
    return { width: Math.round(h * aspect * 10) / 10, height: Math.round(h * 10) / 10 };
  };
  const cover = inBox(300, 84);
  const footer = inBox(110, 22);
  return {
    "logo-cover-size": `${cover.width}px ${cover.height}px`,
    "logo-footer-size": `${footer.width}px ${footer.height}px`,
    "logo-footer-room": `${Math.round(footer.width + 10)}px`,
  };
}

function stackTokens(stacks: FontStacks): Record<string, string> {
  return { heading: stacks.heading, "heading-bold": stacks.headingBold, body: stacks.body, "body-bold": stacks.bodyBold, "body-italic": stacks.bodyItalic };
}

/**
 * CSS for marp-cli's speaker-notes panes: the theme's body font stack (see stage.ts withNotesFont),
 * and each language's, which the panes take from the page's <html lang>.
 */
export function notesFontStyle(theme: string): string | undefined {
  const body = /--cp-body: ([^;]+);/.exec(theme)?.[1];
  if (!body) return undefined;
  const panes = (scope: string) => `.bespoke-marp-note${scope},.bespoke-marp-presenter-note-container${scope}`;
  const languages = [...theme.matchAll(/section:lang\(([^)]+)\)[^{]*\{[^}]*?--cp-body: ([^;]+);/g)].map(
    ([, language, stack]) => `${panes(`:lang(${language})`)}{font-family:${stack}}`,
  );
  return [`${panes("")}{font-family:${body}}`, ...languages].join("");
}

/** The languages a set of decks is written in, then their local names': what buildTheme needs fonts for. */
export function deckLanguages(contexts: readonly Pick<CityContext, "edition" | "city">[]): string[] {
  return [...new Set([...contexts.map((c) => c.edition.language), ...contexts.map((c) => c.city.name.localLanguage)])];
}
