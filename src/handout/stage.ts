/**
 * The handout stage (format "handout"): `<fileStem>-deck-handout.pdf` per city edition, every slide
 * of the fitted deck with its speaker notes, two to a page. The deck is fitted here as the deck
 * stage fits it (same templates, theme, engine and measuring); the printing itself (render.ts)
 * only needs a page, which it borrows from the browser session (one the build hands over, or
 * one of its own).
 */
import { rm } from "node:fs/promises";
import type { Marp } from "@marp-team/marp-core";
import { join, relative } from "node:path";
import type { CityContext } from "../context.ts";
import { palette } from "../brochure/theme.ts";
import { deckChartArtifacts } from "../deck/charts.ts";
import { stepTimeoutOverride } from "../deck/convert.ts";
import { fitDeck, measuringEngine } from "../deck/fit.ts";
import { loadDeckTemplates, renderDeck } from "../deck/render.ts";
import { startDeckBrowser, type BrowserSession, type DeckBrowser } from "../deck/session.ts";
import { deckThemeText } from "../deck/stage.ts";
import { buildTheme, deckLanguages } from "../deck/theme.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import { contextKey, editionFile, wants, type ChartsBySlug, type FormatFailure, type StageInput } from "../stage.ts";
import { handoutDeck, handoutDocument, type HandoutLook } from "./layout.ts";
import { printHandout } from "./render.ts";
import { parseDocument } from "yaml";

export const handoutFileName = (fileStem: string) => `${fileStem}-deck-handout.pdf`;

export async function handoutStage(input: StageInput, charts: ChartsBySlug, helpers: { browser?: DeckBrowser } = {}): Promise<FormatFailure[]> {
  const { staging, log, options } = input;
  const contexts = input.contexts.filter((ctx) => wants(input, ctx, "handout"));
  if (contexts.length === 0) return [];
  stepTimeoutOverride();
  const keys = contexts.map(contextKey);
  // Its own folder for a browser of its own: the deck stage may be running its browser beside it,
  // and two browsers cannot share a profile.
  const work = join(staging.dir, ".handout");
  const ownBrowser = helpers.browser ? undefined : startDeckBrowser(work, ["handout"], contexts.length);
  const browser = (helpers.browser ?? ownBrowser)!;
  try {
    const templates = await loadDeckTemplates(options.root);
    const drafts = [];
    for (const ctx of contexts) {
      const start = performance.now();
      const slideCharts = await deckChartArtifacts(ctx, charts.get(contextKey(ctx)) ?? []);
      drafts.push({ ctx, charts: slideCharts, markdown: renderDeck(templates, ctx, slideCharts), start });
    }
    // The deck's theme, with the fonts it prints with (TrueType: Chromium embeds them as such).
    const text = deckThemeText(
      contexts,
      drafts.map((d) => d.markdown),
    );
    const theme = await buildTheme(contexts[0]!.brand, options.root, text, "truetype", deckLanguages(contexts));
    const session = await browser.session;
    if (session instanceof CitypitchError) return [{ format: "handout", slugs: keys, error: session }];
    const marp = measuringEngine(theme);
    const failures: FormatFailure[] = [];
    for (const draft of drafts) {
      const { ctx } = draft;
      try {
        const fitted = await session.use(`fit the deck for the handout of ${contextKey(ctx)}`, () => fitDeck(session, marp, templates, ctx, draft.charts));
        const pdf = await handoutPdf(session, ctx, marp, theme, fitted.markdown);
        const file = await staging.write(ctx.city.slug, editionFile(ctx, handoutFileName(ctx.edition.fileStem)), pdf);
        log.artifact(file, performance.now() - draft.start);
      } catch (error) {
        if (!(error instanceof CitypitchError) || error.exitCode === EXIT.output) throw error;
        // A browser that stalls (no problems listed) stops every city; notes that do not fit only their own.
        if (error.problems.length === 0) return [{ format: "handout", slugs: keys, error }];
        failures.push({ format: "handout", slugs: [contextKey(ctx)], error });
      }
    }
    return failures;
  } finally {
    await ownBrowser?.close();
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * One edition's handout from its fitted deck Markdown, printed in `session`'s page: what the deck
 * stage can call with the deck it has just fitted, in its own session, to save fitting it twice.
 * `marp` and `theme` are the measuring engine and the TrueType theme the deck was fitted with.
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
  return session.use(`print the handout of ${contextKey(ctx)}`, (page) => printHandout(page, session.step, html, info));
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
  const data = (parseDocument(yaml).toJS() ?? {}) as Record<string, unknown>;
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
