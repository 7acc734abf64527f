/**
 * The presenter's handout (format "handout"): `<fileStem>-deck-handout.pdf` per city edition, every
 * slide of the fitted deck with its speaker notes, two to a page. The deck stage (src/deck/stage.ts)
 * makes it from the decks it has just fitted, in its own browser session, so a deck is fitted once
 * for all its formats; the printing itself (render.ts) only needs the session's page.
 */
import type { Marp } from "@marp-team/marp-core";
import { join, relative } from "node:path";
import type { CityContext } from "../context.ts";
import { palette } from "../brochure/theme.ts";
import type { BrowserSession } from "../deck/session.ts";
import { contextKey } from "../stage.ts";
import { handoutDeck, handoutDocument, type HandoutLook } from "./layout.ts";
import { printHandout } from "./render.ts";
import { yaml as yamlLib } from "../data/yamlLib.ts";

export const handoutFileName = (fileStem: string) => `${fileStem}-deck-handout.pdf`;

/**
 * One edition's handout from its fitted deck Markdown, printed in `session`'s page (borrowed with
 * `use`, left at 1280 × 720 with print media). `marp` and `theme` are the measuring engine and the
 * TrueType theme the deck was fitted with.
 */
export async function handoutPdf(session: BrowserSession, ctx: CityContext, marp: Marp, theme: string, markdown: string): Promise<Buffer> {
  const deck = handoutDeck(marp, markdown);
  const front = frontMatter(markdown);
  const html = handoutDocument(deck, look(ctx, theme, front.title));
  const { options } = ctx;
  const info = {
    title: front.title,
    subject: front.description,
    author: front.author ?? ctx.brand.name,
    lang: ctx.edition.language,
    date: ctx.buildDate,
    slideTitles: deck.slides.map((s) => slideTitle(s.svg)),
    city: contextKey(ctx),
    cityFile: relative(options.root, join(options.dataDir, "cities", `${ctx.city.slug}.yaml`)),
  };
  return session.use(`print the handout of ${contextKey(ctx)}`, ({ page, step }) => printHandout(page, step, html, info));
}

function look(ctx: CityContext, theme: string, title: string): HandoutLook {
  // The theme's font stacks (its @font-face rules reach the whole page; the properties only the slides).
  const stack = (name: string) => new RegExp(`--cp-${name}: ([^;]+);`).exec(theme)?.[1] ?? "sans-serif";
  const colours = palette(ctx.brand.colours);
  return {
    lang: ctx.edition.language,
    title,
    paper: ctx.options.paper,
    bodyFont: stack("body"),
    headingFont: stack("heading"),
    colours: { ink: colours.ink, muted: colours.mutedText, primary: colours.primary, rule: colours.rule },
  };
}

/** The deck's global directives (title, description, author), as the Markdown's front matter says them. */
function frontMatter(markdown: string): { title: string; description?: string; author?: string } {
  const yaml = /^---\n([\s\S]*?)\n---\n/.exec(markdown)?.[1] ?? "";
  const data = (yamlLib().parseDocument(yaml).toJS() ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : undefined);
  return { title: text("title") ?? "", description: text("description"), author: text("author") };
}

/** A slide's title: the text of its first heading. */
function slideTitle(svg: string): string {
  const heading = /<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/.exec(svg)?.[2] ?? "";
  return heading
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}
