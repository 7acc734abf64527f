/**
 * The Marp theme: brand tokens (colours, fonts as data URIs, the logo) as CSS custom properties,
 * followed by the layout rules in templates/deck/theme.css, which only ever use those properties.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Brand } from "../data/schema.ts";
import { themeFonts } from "./fonts.ts";

export const THEME_NAME = "citypitch";

/**
 * `text` is every character the decks draw (their Markdown, notes included): every font is subset
 * to it. The layout's own CSS is added, so text it generates (`content: "…"`) has its glyphs too.
 */
export async function buildTheme(brand: Brand, root: string, text: string): Promise<string> {
  const [layout, logo] = await Promise.all([readFile(join(root, "templates", "deck", "theme.css"), "utf8"), readFile(resolve(root, brand.logo.svg))]);
  const fonts = await themeFonts(brand, root, `${text}\n${layout}`);
  const { colours } = brand;
  const tokens: Record<string, string> = {
    primary: colours.primary,
    secondary: colours.secondary,
    accent: colours.accent,
    ink: colours.ink,
    muted: colours.muted,
    paper: colours.paper,
    surface: colours.surface,
    ...Object.fromEntries(colours.chart.map((c, i) => [`chart-${i + 1}`, c])),
    heading: fonts.stacks.heading,
    "heading-bold": fonts.stacks.headingBold,
    body: fonts.stacks.body,
    "body-bold": fonts.stacks.bodyBold,
    "body-italic": fonts.stacks.bodyItalic,
    logo: `url("data:image/svg+xml;base64,${logo.toString("base64")}")`,
  };
  const properties = Object.entries(tokens)
    .map(([name, value]) => `  --cp-${name}: ${value};`)
    .join("\n");
  return `/* @theme ${THEME_NAME} */\n/* Generated from data/brand.yaml by src/deck/theme.ts; edit those, not this file. */\n${fonts.faces}\n\nsection {\n${properties}\n}\n\n${layout}`;
}

/** CSS for marp-cli's speaker-notes panes: the theme's body font stack (see stage.ts withNotesFont). */
export function notesFontStyle(theme: string): string | undefined {
  const body = /--cp-body: ([^;]+);/.exec(theme)?.[1];
  return body ? `.bespoke-marp-note,.bespoke-marp-presenter-note-container{font-family:${body}}` : undefined;
}
