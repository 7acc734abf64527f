/**
 * The deck stage: every city's Marp Markdown, one theme for all of them, every slide measured and
 * fitted in one browser session (fit.ts). Each deck is fitted in the page its PDF is printed from
 * (print.ts), and printed from it as soon as it fits, while this thread makes its HTML: marp-cli's
 * page, assembled here (bespoke.ts), or by marp-cli in a process of its own where that cannot mirror
 * it. The picture PPTX and the presenter's handout (src/handout/) come from the same fitted decks,
 * so no deck is fitted twice. A city that cannot be fitted loses its deck formats (exit 4) and the
 * others go on; no working browser costs every deck format (exit 3), since nothing is written
 * unmeasured. Past the fit, each format stands alone: one that fails (a print stalls, marp-cli
 * fails, a city's file is missing) is returned as a FormatFailure and the others are still made, so
 * the build commits them before it fails.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";
import type { Format } from "../options.ts";
import { contextKey, editionFile, wants, type ChartsBySlug, type FormatFailure, type StageInput } from "../stage.ts";
import { trace } from "../trace.ts";
import { fitDeck, measuringEngine } from "./fit.ts";
import { picturePptx, printableDeck, printingEngine, printLoaded, printPdf, type PrintableDeck } from "./print.ts";
import { bespokeAvailable, bespokeEngine, bespokeHtml, type BespokeEngine } from "./bespoke.ts";
import { PageCrashedError, sharedDeckBrowser, type DeckBrowser } from "./session.ts";
import { deckChartArtifacts } from "./charts.ts";
import { convertDecks, makeScratch, stepTimeoutOverride, writeMarpConfig } from "./convert.ts";
import { standaloneDeckFiles } from "./standalone.ts";
import { firstRoundMarkdown, loadDeckTemplates, withoutMarks } from "./render.ts";
import { DATA_URI, PICTURE_URL, withPictures, withPicturesInPieces, type Picture } from "./pictures.ts";
import { buildThemes, deckLanguages, notesFontStyle, THEME_NAME } from "./theme.ts";

export const DECK_FORMATS = ["md", "html", "pdf", "pptx-images"] as const satisfies readonly Format[];
type DeckFormat = (typeof DECK_FORMATS)[number];
/** What this stage makes: the deck formats, and the handout printed from the same fitted decks. */
export const DECK_STAGE_FORMATS = [...DECK_FORMATS, "handout"] as const satisfies readonly Format[];
type StageFormat = (typeof DECK_STAGE_FORMATS)[number];

/** `stem` is the edition's file stem (CityContext.edition.fileStem): "dalian", or "dalian-ja". */
export const deckFileName = (stem: string, extension: string) => `${stem}-deck.${extension}`;
/** The file a deck format ends up in: `<stem>-deck.pdf`, `<stem>-deck-images.pptx`. */
export const deckFormatFile = (slug: string, format: DeckFormat) => (format === "pptx-images" ? `${slug}-deck-images.pptx` : deckFileName(slug, format));

/** The decks of one language: their theme, and the engines that render them with it. */
interface ThemeGroup {
  /** TrueType fonts, to measure and print with. */
  theme: string;
  /** The same fonts as WOFF2, for the files that ship. */
  shipped?: Promise<string>;
  /** Fits and prints the decks (print.ts). */
  print?: ReturnType<typeof printingEngine>;
  /** Makes the HTML (bespoke.ts). */
  html?: BespokeEngine;
  /** Lays out the handout's slides (fit.ts's measuring engine). */
  marp?: ReturnType<typeof measuringEngine>;
}

/** A deck fitted, and what was made of it in the page it was fitted in. */
interface Fitted {
  ctx: StageInput["contexts"][number];
  slug: string;
  /** The shipped Markdown, its pictures by reference; dropped ("") once nothing still to be made needs it. */
  markdown: string;
  /** The pictures it names (pictures.ts). */
  pictures: readonly Picture[];
  ms: number;
  /** Its PDF, printed from the page it was fitted in. */
  pdf?: Promise<Buffer>;
  /** Its HTML, given the shipped theme; none when marp-cli is to convert it. */
  html?: (shipped: string, extraHead?: string) => (string | Buffer)[];
  /** The formats already staged, as soon as the deck was fitted (writeFitted). */
  written: Set<StageFormat>;
}

/** What a build may hand the deck stage so that its slow parts overlap other work. */
export interface DeckHelpers {
  /** A browser already starting, which its starter closes. Without it the stage starts its own. */
  browser?: DeckBrowser;
}

export async function deckStage(input: StageInput, charts: ChartsBySlug, helpers: DeckHelpers = {}): Promise<FormatFailure[]> {
  const { staging, log, options } = input;
  // An edition made in no deck format (a print edition of the brochure) has no deck.
  const contexts = input.contexts.filter((ctx) => DECK_STAGE_FORMATS.some((f) => wants(input, ctx, f)));
  const wanted = DECK_STAGE_FORMATS.filter((f) => options.formats.has(f));
  if (wanted.length === 0 || contexts.length === 0) return [];
  // A malformed limit is a usage error before anything runs, not a surprise halfway.
  stepTimeoutOverride();
  trace("deck: start");
  // Loaded only for a build that makes a handout, while the decks are drafted and fitted.
  const handoutCode = wanted.includes("handout") ? import("../handout/stage.ts") : undefined;
  handoutCode?.catch(() => undefined);

  // The browser starts in its own process while this one renders the drafts and the theme.
  const ownBrowser = helpers.browser ? undefined : sharedDeckBrowser(staging.dir, wanted, contexts.length);
  const browser = (helpers.browser ?? ownBrowser)!;
  const drafts: {
    ctx: (typeof contexts)[number];
    slug: string;
    /** The charts stage's pictures at first; the deck's own once slideCharts has made them. */
    charts: Awaited<ReturnType<typeof deckChartArtifacts>>;
    slideCharts?: true;
    markdown: string;
    /** The first round's Markdown (initial plan, measuring marks kept), until the first round is made of it. */
    marked?: string;
    ms: number;
    /** The fit's first round, made while the browser started. */
    first?: { markdown: string; page: PrintableDeck };
  }[] = [];
  let templates: Awaited<ReturnType<typeof loadDeckTemplates>>;
  try {
    templates = await loadDeckTemplates(options.root);
    for (const ctx of contexts) {
      const start = performance.now();
      // The drafts give the theme its text, which the charts' pictures are no part of: each deck's
      // own pictures (deckChartArtifacts redraws a pair of bar charts smaller) are made just before
      // it is fitted, while the browser works on another, not before the first deck can start.
      const printCharts = [...(charts.get(contextKey(ctx)) ?? [])];
      // The first round's Markdown, its marks taken out for the theme's text: the marks only name
      // slides, and the pictures are by reference, so one render serves both (the slides' own
      // pictures, made later, change no word of it), the dry run's where it made one.
      const marked = firstRoundMarkdown(templates, ctx, printCharts, "take");
      // `slug` names the city's edition in failures and scratch folders: "dalian", or "dalian/ja".
      drafts.push({ ctx, slug: contextKey(ctx), charts: printCharts, markdown: withoutMarks(marked), marked, ms: performance.now() - start });
    }
  } catch (error) {
    // A template error ends the stage before the browser is used: it must not outlive it.
    await ownBrowser?.close();
    throw error;
  }
  const allSlugs = drafts.map((d) => d.slug);
  trace("deck: drafts rendered");
  const slideCharts = async (draft: (typeof drafts)[number]) => {
    if (draft.slideCharts) return;
    const start = performance.now();
    draft.charts = await deckChartArtifacts(draft.ctx, draft.charts);
    draft.slideCharts = true;
    draft.ms += performance.now() - start;
  };
  // The pages the decks will be fitted in side by side open while this thread builds the theme.
  void browser.session.then((session) => (session instanceof CitypitchError ? undefined : session.warm(drafts.length)));

  // marp-cli reads its inputs from disk; a scratch folder beside the staged cities holds them, and
  // the temp folder of its process.
  const work = join(staging.dir, ".deck");
  const scratches: string[] = [];
  const failures: FormatFailure[] = [];
  try {
    // One theme per language: its fonts are cut to what that language's decks draw, so an English
    // deck does not carry the glyphs of a Japanese edition built beside it. Two encodings of each,
    // from the same font subsets: TrueType to measure and print with, and those very fonts wrapped
    // as WOFF2 for the files that ship (the Markdown's theme, the HTML), compressed on node's thread
    // pool while the browser works. Same glyphs, so the same layout.
    const brand = contexts[0]!.brand;
    const themes = new Map<string, ThemeGroup>();
    for (const language of new Set(contexts.map((ctx) => ctx.edition.language))) {
      const mine = drafts.filter((d) => d.ctx.edition.language === language);
      const text = deckThemeText(
        mine.map((d) => d.ctx),
        mine.map((d) => d.markdown),
      );
      const built = await buildThemes(brand, options.root, text, deckLanguages(mine.map((d) => d.ctx)));
      const shipped = wanted.includes("md") || wanted.includes("html") ? built.woff2() : undefined;
      // Not awaited until needed, but never left to fail unobserved.
      shipped?.then(() => trace(`deck: shipped theme ready (${language})`)).catch(() => undefined);
      themes.set(language, { theme: built.truetype, shipped });
    }
    const themeOf = (ctx: (typeof contexts)[number]) => themes.get(ctx.edition.language)!;
    trace("deck: theme built");
    // The drafts were made for the theme's text: each deck is fitted from its own renders.
    for (const draft of drafts) draft.markdown = "";

    // While the browser is still starting, each deck's first page to measure is made (the fit's
    // first round), and the engines that render them: work this thread would otherwise do after.
    const makeFirst = async (draft: (typeof drafts)[number]) => {
      const group = themeOf(draft.ctx);
      const engine = (group.print ??= printingEngine(group.theme));
      await slideCharts(draft);
      const markdown = draft.marked ?? firstRoundMarkdown(templates, draft.ctx, draft.charts, "take");
      draft.marked = undefined;
      draft.first = { markdown, page: printableDeck(engine, markdown, draft.charts) };
      if (wanted.includes("html") && bespokeAvailable()) group.html ??= bespokeEngine(group.theme);
    };
    let up = false;
    void browser.session.then(
      () => (up = true),
      () => (up = true),
    );
    for (const draft of drafts) {
      // A turn of the event loop first: it tells whether the browser is up already.
      await new Promise((resolve) => setImmediate(resolve));
      if (up) break;
      await makeFirst(draft);
    }
    trace("deck: first pages made");

    // Every slide is measured in a browser before anything is written: no format ships a slide
    // whose content runs outside it, so even the Markdown and HTML need one.
    const session = await browser.session;
    if (session instanceof CitypitchError) return wanted.map((format) => ({ format, slugs: allSlugs, error: session }));
    trace("deck: session open");
    // The decks are fitted and printed as many at a time as the session lends pages: while Chromium
    // prints one, it lays out another. Results keep the decks' order, whatever order they finish in.
    const outcomes: ({ fitted: Fitted } | { misfit: CitypitchError } | undefined)[] = drafts.map(() => undefined);
    // A browser that stalls stops every city: no deck starts after it.
    let stalled: CitypitchError | undefined;
    // A PDF print that stalled the browser is not tried again for the decks after it.
    let stalledPrint: CitypitchError | undefined;
    let next = 0;
    const fitNext = async (): Promise<void> => {
      for (let i = next++; i < drafts.length && !stalled; i = next++) {
        const draft = drafts[i]!;
        const start = performance.now();
        const group = themeOf(draft.ctx);
        // Each deck is fitted in the page its PDF prints (marp-cli's bare page, as print.ts makes it):
        // the fitted deck is then printed from the page it was last measured in, not loaded again.
        const engine = (group.print ??= printingEngine(group.theme));
        const { formats } = draft.ctx.options;
        try {
          // Made before a page is taken: the other page's deck prints meanwhile.
          if (!draft.first) await makeFirst(draft);
          const deck = await session.use(`fit the deck for ${draft.slug}`, async (lease): Promise<Fitted> => {
            const pictures = draft.charts;
            const fit = await fitDeck(lease, (markdown) => printableDeck(engine, markdown, pictures), templates, draft.ctx, pictures, { first: draft.first, byReference: true });
            const printing = wanted.includes("pdf") && formats.has("pdf") && !stalledPrint ? printLoaded(lease, fit.page, draft.ctx.buildDate) : undefined;
            // While Chromium prints, this thread renders the HTML (see bespoke.ts); its fonts are set
            // once the shipped theme is ready.
            const html =
              wanted.includes("html") && formats.has("html") && bespokeAvailable() ? bespokeHtml((group.html ??= bespokeEngine(group.theme)), fit.markdown, pictures) : undefined;
            // And the next deck's first page, so that the page goes on to it as soon as it is free
            // rather than wait for this thread to make it. Its own fit reports whatever fails here.
            const following = drafts[next];
            if (printing && following && !following.first && !stalled) await makeFirst(following).catch(() => undefined);
            if (printing) {
              await printing.printed.catch((error: unknown) => {
                if (error instanceof CitypitchError && error.problems.length === 0 && /did not .* within/.test(error.message)) stalledPrint = error;
              });
              trace(`deck: printed ${draft.slug}`);
            }
            return { ctx: draft.ctx, slug: draft.slug, markdown: fit.markdown, pictures, ms: draft.ms + performance.now() - start, pdf: printing?.pdf, html, written: new Set() };
          });
          outcomes[i] = { fitted: deck };
          // What the fit was made from is not needed again; what was made of it is written at once.
          Object.assign(draft, { first: undefined, marked: undefined, markdown: "", charts: [] });
          early.push(writeFitted(deck));
        } catch (error) {
          if (!(error instanceof CitypitchError)) throw error;
          // A browser that stalls stops every city; a city that does not fit stops only its own
          // deck, as does a page whose renderer crashed under it (the session opens a fresh one).
          if (error.problems.length === 0 && !(error instanceof PageCrashedError)) stalled ??= error;
          else outcomes[i] = { misfit: error };
        }
      }
    };
    // Each deck's Markdown, HTML and PDF are staged as soon as it is fitted, and then let go of, so
    // that a build of many cities does not hold every city's deck until the last one is fitted.
    const early: Promise<void>[] = [];
    const writeFitted = async (deck: Fitted): Promise<void> => {
      const { ctx } = deck;
      const { formats } = ctx.options;
      if (wanted.includes("md") && formats.has("md")) {
        log.artifact(await staging.write(ctx.city.slug, editionFile(ctx, deckFileName(ctx.edition.fileStem, "md")), withPicturesInPieces(deck.markdown, deck.pictures)), deck.ms);
        // The Markdown stands alone: its theme beside it, and the settings that make the Marp CLI and
        // the VS Code Marp extension find it (and read the Markdown as the build does).
        for (const [name, bytes] of standaloneFiles(ctx.edition.fileStem, await themeOf(ctx).shipped!)) await staging.write(ctx.city.slug, editionFile(ctx, name), bytes);
        deck.written.add("md");
      }
      if (deck.html && formats.has("html")) {
        const start = performance.now();
        const woff2 = await themeOf(ctx).shipped!;
        const name = editionFile(ctx, deckFormatFile(ctx.edition.fileStem, "html"));
        // The notes panes' font goes in as the page is made (see withNotesFont), not by copying it again.
        const notes = notesFontStyle(woff2);
        log.artifact(await staging.write(ctx.city.slug, name, deck.html(woff2, notes ? `<style>${notes}</style>` : "")), deck.ms + performance.now() - start);
        deck.html = undefined;
        deck.written.add("html");
      }
      if (deck.pdf && formats.has("pdf")) {
        const start = performance.now();
        // A print that failed is left to printed(), which reports it with the other decks' failures.
        const bytes = await deck.pdf.catch(() => undefined);
        if (bytes) {
          log.artifact(await staging.write(ctx.city.slug, editionFile(ctx, deckFormatFile(ctx.edition.fileStem, "pdf")), bytes), performance.now() - start);
          deck.pdf = undefined;
          deck.written.add("pdf");
        }
      }
      const later =
        wanted.includes("pptx-images") || wanted.includes("handout") || (formats.has("html") && !deck.written.has("html")) || (formats.has("pdf") && !deck.written.has("pdf"));
      if (!later) Object.assign(deck, { markdown: "", pictures: [] });
    };
    try {
      await Promise.all(Array.from({ length: Math.min(session.parallel, drafts.length) }, fitNext));
    } finally {
      // None is still writing into the staging folder when the stage ends, however it ends.
      await Promise.allSettled(early);
    }
    await Promise.all(early);
    if (stalled) {
      // The decks written before the browser stopped are kept; each format fails for the rest.
      const error = stalled;
      const written = (format: StageFormat) => new Set(outcomes.flatMap((o) => (o && "fitted" in o && o.fitted.written.has(format) ? [o.fitted.slug] : [])));
      return wanted.flatMap((format) => {
        const done = written(format);
        const slugs = allSlugs.filter((slug) => !done.has(slug));
        return slugs.length > 0 ? [{ format, slugs, error }] : [];
      });
    }
    const fitted = outcomes.flatMap((o) => (o && "fitted" in o ? [o.fitted] : []));
    const misfits = outcomes.flatMap((o, i) => (o && "misfit" in o ? [{ slug: drafts[i]!.slug, error: o.misfit }] : []));
    trace("deck: fitted");
    if (misfits.length > 0) {
      const error =
        misfits.length === 1
          ? misfits[0]!.error
          : new CitypitchError(
              EXIT.renderFailed,
              misfits.map((m) => m.error.message).join("; "),
              misfits.flatMap((m) => m.error.problems),
            );
      // The problems are listed once, with the first format; the others name the cities.
      wanted.forEach((format, i) => failures.push({ format, slugs: misfits.map((m) => m.slug), error: i === 0 ? error : new CitypitchError(error.exitCode, error.message) }));
    }
    const decks = fitted;
    if (decks.length === 0) return failures;

    // The HTML is marp-cli's page, made in this process as each deck was fitted (writeFitted) where
    // bespoke.ts can mirror marp-cli; these are the decks marp-cli itself must convert.
    const htmlDecks = decks.filter((d) => d.ctx.options.formats.has("html") && !d.written.has("html"));

    const html = async (): Promise<FormatFailure | undefined> => {
      const failed: FormatFailure[] = [];
      // One marp-cli run per theme (per language) for the decks whose HTML this process could not
      // make (writeFitted staged the others): each converts every such deck of its language.
      for (const [language, group] of themes) {
        const mine = htmlDecks.filter((d) => d.ctx.edition.language === language);
        if (mine.length === 0) continue;
        const failure = await convertHtml(join(work, `html-${themes.size > 1 ? [...themes.keys()].indexOf(language) : 0}`), mine, group.theme, group.shipped!);
        if (failure) failed.push(failure);
      }
      trace("deck: html converted");
      if (failed.length === 0) return undefined;
      return { format: "html", slugs: failed.flatMap((f) => f.slugs), error: failed[0]!.error };
    };
    const convertHtml = async (dir: string, mine: typeof htmlDecks, theme: string, shipped: Promise<string>): Promise<FormatFailure | undefined> => {
      const sources = join(dir, "src");
      await mkdir(sources, { recursive: true });
      const tmp = await makeScratch(join(dir, "tmp"));
      scratches.push(tmp);
      const themePath = join(dir, `${THEME_NAME}.css`);
      const configPath = join(dir, "marp.config.json");
      await Promise.all([writeFile(themePath, theme), writeMarpConfig(configPath)]);
      for (const deck of mine) {
        await mkdir(join(sources, deck.slug), { recursive: true });
        await writeFile(join(sources, deck.slug, deckFileName(deck.ctx.edition.fileStem, "md")), withPictures(deck.markdown, deck.pictures));
      }
      const outputDir = join(dir, "out");
      let done;
      try {
        done = await convertDecks({ format: "html", inputDir: sources, outputDir, themePath, configPath, decks: mine.length, scratchDir: tmp });
      } catch (error) {
        if (error instanceof CitypitchError) return { format: "html", slugs: mine.map((d) => d.slug), error };
        throw error;
      }
      const timeOf = (path: string) => done.find((c) => c.path === path)?.ms;
      const files = mine
        .map(({ slug, ctx }) => ({
          slug,
          city: ctx.city.slug,
          name: editionFile(ctx, deckFormatFile(ctx.edition.fileStem, "html")),
          path: join(outputDir, slug, deckFileName(ctx.edition.fileStem, "html")),
        }))
        .sort((a, b) => (timeOf(a.path) ?? Infinity) - (timeOf(b.path) ?? Infinity));
      // Read everything before recording anything: a missing file records only the cities that
      // have theirs, and names the others.
      const read = await Promise.all(files.map(async (file) => ({ ...file, bytes: await readFile(file.path).catch(() => undefined) })));
      const missing = read.filter((file) => file.bytes === undefined);
      const woff2 = await shipped;
      for (const file of read)
        if (file.bytes) log.artifact(await staging.write(file.city, file.name, withNotesFont(withFonts(file.bytes, theme, woff2), woff2)), timeOf(file.path) ?? 0);
      if (missing.length === 0) return undefined;
      const names = missing.map((file) => `${file.city}/${file.name}`).join(", ");
      return {
        format: "html",
        slugs: missing.map((file) => file.slug),
        error: new CitypitchError(
          EXIT.renderFailed,
          `marp-cli finished without writing ${names}`,
          [],
          "build again; if it persists, run marp-cli on the deck's Markdown by hand to see why",
        ),
      };
    };

    // PDF (printed as each deck was fitted), picture PPTX and handout from the browser that
    // measured the slides, one deck after another.
    const printed = async (): Promise<FormatFailure[]> => {
      const formats = (["pdf", "pptx-images", "handout"] as const).filter((f) => wanted.includes(f));
      if (formats.length === 0) return [];
      const handout = await handoutCode;
      const engines = new Map<string, ReturnType<typeof printingEngine>>();
      const failed = new Map<StageFormat, { slugs: string[]; error: CitypitchError }>();
      // A problem of one city (its notes too long for the handout) is its own failure, naming its file.
      const own: FormatFailure[] = [];
      for (const deck of decks) {
        const language = deck.ctx.edition.language;
        let printable: ReturnType<typeof printableDeck> | undefined;
        const print = (format: StageFormat): Promise<Buffer> => {
          if (format === "handout") {
            const group = themeOf(deck.ctx);
            // The TrueType theme the deck was fitted with, so the slides are laid out as measured.
            return handout!.handoutPdf(session, deck.ctx, (group.marp ??= measuringEngine(group.theme)), group.theme, withPictures(deck.markdown, deck.pictures));
          }
          if (format === "pdf" && deck.pdf !== undefined) return deck.pdf;
          if (format === "pdf" && stalledPrint) return Promise.reject(stalledPrint);
          const engine = engines.get(language) ?? engines.set(language, printingEngine(themeOf(deck.ctx).theme)).get(language)!;
          if (format === "pdf") return printPdf(session, printableDeck(engine, deck.markdown, deck.pictures), deck.ctx.buildDate);
          // Screenshots need the pictures themselves, not the print's stand-ins (standIns.ts).
          printable ??= printableDeck(engine, deck.markdown, deck.pictures, "as they are");
          return picturePptx(session, printable);
        };
        const fileOf = (format: StageFormat) => (format === "handout" ? handout!.handoutFileName(deck.ctx.edition.fileStem) : deckFormatFile(deck.ctx.edition.fileStem, format));
        for (const format of formats.filter((f) => deck.ctx.options.formats.has(f) && !deck.written.has(f))) {
          // A browser that stopped answering fails the format for the decks still to come too.
          const known = failed.get(format);
          if (known && known.error.problems.length === 0 && /did not .* within/.test(known.error.message)) {
            known.slugs.push(deck.slug);
            continue;
          }
          const start = performance.now();
          try {
            const bytes = await print(format);
            log.artifact(await staging.write(deck.ctx.city.slug, editionFile(deck.ctx, fileOf(format)), bytes), performance.now() - start);
          } catch (error) {
            if (!(error instanceof CitypitchError)) throw error;
            if (error.problems.length > 0) own.push({ format, slugs: [deck.slug], error });
            else if (known) known.slugs.push(deck.slug);
            else failed.set(format, { slugs: [deck.slug], error });
          }
        }
      }
      return [...[...failed].map(([format, { slugs, error }]) => ({ format, slugs, error })), ...own];
    };

    const [htmlFailure, printFailures] = await Promise.all([wanted.includes("html") && htmlDecks.length > 0 ? html() : undefined, printed()]);
    if (htmlFailure) failures.push(htmlFailure);
    failures.push(...printFailures);
    return failures;
  } finally {
    await ownBrowser?.close();
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
    for (const scratch of scratches) await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * Every character the decks draw, for the theme's font subsets: the drafts' Markdown without its
 * pictures (they draw no text), and the words fitting adds (it only moves text between slides
 * and adds continuation headings). Charts need not be rendered to know it: their facts will do.
 */
export function deckThemeText(contexts: StageInput["contexts"], drafts: readonly string[]): string {
  const words = contexts.map((ctx) => ctx.words.messages.t("deck.continued", { title: "" })).join(" ");
  // Pictures, by reference or as data URIs, draw no text.
  return (
    drafts
      .map((markdown) =>
        markdown
          .split(PICTURE_URL)
          .filter((_, i) => i % 2 === 0)
          .join("")
          .replace(DATA_URI, ""),
      )
      .join("\n") + words
  );
}

/** The theme file shipped beside `<slug>-deck.md` (format "md"). */
export const deckThemeFile = (slug: string) => deckFileName(slug, "theme.css");

/**
 * What a reader of `<slug>-deck.md` needs besides it (standalone.ts), named for the city deck.
 */
export function standaloneFiles(slug: string, theme: string): [string, string][] {
  return standaloneDeckFiles(deckFileName(slug, "md"), deckThemeFile(slug), theme);
}

/**
 * marp-cli's HTML shows speaker notes in its own panes, outside the slides, where the theme's rules
 * (scoped to the slides) do not reach: they would fall back to a system font, and a local-script
 * name with no system font for it would show as boxes. The theme's fonts (@font-face rules are not
 * scoped) are given to those panes with a style element of their own.
 */
export function withNotesFont(html: Buffer, theme: string): Buffer {
  const style = notesFontStyle(theme);
  const text = html.toString("utf8");
  const at = text.indexOf("</head>");
  return style && at >= 0 ? Buffer.from(`${text.slice(0, at)}<style>${style}</style>${text.slice(at)}`) : html;
}

/**
 * The HTML with each font of the theme it was made with (`from`) replaced by the same family's
 * font in `to`. Throws if one is not found: a deck must not ship with fonts it was not measured with.
 */
export function withFonts(html: Buffer, from: string, to: string): Buffer {
  const sources = (css: string) =>
    new Map([...css.matchAll(/@font-face \{ font-family: "([^"]+)"; src: (url\("data:font\/[^"]+"\) format\("[^"]+"\));/g)].map((m) => [m[1]!, m[2]!]));
  const [before, after] = [sources(from), sources(to)];
  let text = html.toString("utf8");
  for (const [family, src] of before) {
    const replacement = after.get(family);
    const parts = text.split(src);
    if (!replacement || parts.length < 2) throw new Error(`the deck HTML lacks the theme's font ${family}, or the shipped theme has none of that name`);
    text = parts.join(replacement);
  }
  return Buffer.from(text);
}
