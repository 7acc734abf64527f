/**
 * The deck stage: every city's Marp Markdown, one theme for all of them, every slide measured and
 * fitted in one browser session (fit.ts), then one marp-cli run per requested format. A city that
 * cannot be fitted loses its deck formats (exit 4) and the others go on; no working browser costs
 * every deck format (exit 3), since nothing is written unmeasured. Past the fit, each format stands
 * alone: one that fails (marp-cli fails or times out, a city's file is missing) is returned as a
 * FormatFailure and the others are still made, so the build commits them before it fails.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";
import type { Format } from "../options.ts";
import type { ChartsBySlug, FormatFailure, StageInput } from "../stage.ts";
import { findBrowser, missingBrowserError, probeBrowser } from "./browser.ts";
import { fitDeck, measuringEngine } from "./fit.ts";
import { openMeasureSession } from "./session.ts";
import { deckChartArtifacts } from "./charts.ts";
import { convertDecks, makeScratch, MARP_CONFIG, stepTimeoutOverride, writeMarpConfig, type ConvertFormat } from "./convert.ts";
import { loadDeckTemplates, renderDeck } from "./render.ts";
import { buildTheme, notesFontStyle, THEME_NAME } from "./theme.ts";

export const DECK_FORMATS = ["md", "html", "pdf", "pptx-images"] as const satisfies readonly Format[];
type DeckFormat = (typeof DECK_FORMATS)[number];
const BROWSER_FORMATS = ["pdf", "pptx-images"] as const satisfies readonly DeckFormat[];
/** The marp-cli conversion behind each deck format: the picture PPTX is marp's PPTX (the editable one is src/pptx/). */
const CONVERSION: Record<Exclude<DeckFormat, "md">, ConvertFormat> = { html: "html", pdf: "pdf", "pptx-images": "pptx" };

export const deckFileName = (slug: string, extension: string) => `${slug}-deck.${extension}`;
/** The file a deck format ends up in: `<slug>-deck.pdf`, `<slug>-deck-images.pptx`. */
export const deckFormatFile = (slug: string, format: DeckFormat) => (format === "pptx-images" ? `${slug}-deck-images.pptx` : deckFileName(slug, format));

export async function deckStage(input: StageInput, charts: ChartsBySlug): Promise<FormatFailure[]> {
  const { contexts, staging, log, options } = input;
  const wanted = DECK_FORMATS.filter((f) => options.formats.has(f));
  if (wanted.length === 0 || contexts.length === 0) return [];
  // A malformed limit is a usage error before anything runs, not a surprise halfway.
  stepTimeoutOverride();

  const templates = await loadDeckTemplates(options.root);
  const drafts: { ctx: (typeof contexts)[number]; slug: string; charts: Awaited<ReturnType<typeof deckChartArtifacts>>; markdown: string; ms: number }[] = [];
  for (const ctx of contexts) {
    const start = performance.now();
    const slideCharts = await deckChartArtifacts(ctx, charts.get(ctx.city.slug) ?? []);
    drafts.push({ ctx, slug: ctx.city.slug, charts: slideCharts, markdown: renderDeck(templates, ctx, slideCharts), ms: performance.now() - start });
  }
  const allSlugs = drafts.map((d) => d.slug);

  // marp-cli reads its inputs from disk; a scratch folder beside the staged cities holds them, and
  // the temp folder of every child process, so a browser profile cannot outlive the build.
  const work = join(staging.dir, ".deck");
  const sources = join(work, "src");
  let scratch: string | undefined;
  const failures: FormatFailure[] = [];
  try {
    const tmp = (scratch = await makeScratch(join(work, "tmp")));
    // Fitting only moves text between slides and adds continuation headings: the drafts and those
    // words hold every character the fitted decks will.
    const words = contexts.map((ctx) => ctx.words.messages.t("deck.continued", { title: "" })).join(" ");
    const theme = await buildTheme(contexts[0]!.brand, options.root, drafts.map((d) => d.markdown).join("\n") + words);

    // Every slide is measured in a browser before anything is written: no format ships a slide
    // whose content runs outside it, so even the Markdown and HTML need one.
    const browser = findBrowser();
    const browserError = browser ? await probeBrowser(browser, wanted, tmp) : missingBrowserError(wanted, []);
    if (browserError) return wanted.map((format) => ({ format, slugs: allSlugs, error: measuringError(browserError) }));
    const fitted: { slug: string; markdown: string; ms: number }[] = [];
    const misfits: { slug: string; error: CitypitchError }[] = [];
    const session = await openMeasureSession(browser!, tmp, drafts.length).catch((error: unknown) => {
      if (error instanceof CitypitchError) return error;
      throw error;
    });
    if (session instanceof CitypitchError) return wanted.map((format) => ({ format, slugs: allSlugs, error: session }));
    try {
      const marp = measuringEngine(theme);
      for (const draft of drafts) {
        const start = performance.now();
        try {
          const deck = await fitDeck(session, marp, templates, draft.ctx, draft.charts);
          fitted.push({ slug: draft.slug, markdown: deck.markdown, ms: draft.ms + performance.now() - start });
        } catch (error) {
          if (!(error instanceof CitypitchError)) throw error;
          // A browser that stalls stops every city; a city that does not fit stops only its own deck.
          if (error.problems.length === 0) return wanted.map((format) => ({ format, slugs: allSlugs, error }));
          misfits.push({ slug: draft.slug, error });
        }
      }
    } finally {
      await session.close();
    }
    if (misfits.length > 0) {
      const error = misfits.length === 1 ? misfits[0]!.error : new CitypitchError(EXIT.renderFailed, misfits.map((m) => m.error.message).join("; "), misfits.flatMap((m) => m.error.problems));
      // The problems are listed once, with the first format; the others name the cities.
      wanted.forEach((format, i) => failures.push({ format, slugs: misfits.map((m) => m.slug), error: i === 0 ? error : new CitypitchError(error.exitCode, error.message) }));
    }
    const decks = fitted;
    if (decks.length === 0) return failures;

    const themePath = join(work, `${THEME_NAME}.css`);
    const configPath = join(work, "marp.config.json");
    await mkdir(sources, { recursive: true });
    await Promise.all([writeFile(themePath, theme), writeMarpConfig(configPath)]);
    for (const deck of decks) {
      await mkdir(join(sources, deck.slug), { recursive: true });
      await writeFile(join(sources, deck.slug, deckFileName(deck.slug, "md")), deck.markdown);
      if (!wanted.includes("md")) continue;
      log.artifact(await staging.write(deck.slug, deckFileName(deck.slug, "md"), deck.markdown), deck.ms);
      // The Markdown stands alone: its theme beside it, and the settings that make the Marp CLI and
      // the VS Code Marp extension find it (and read the Markdown as the build does).
      for (const [name, bytes] of standaloneFiles(deck.slug, theme)) await staging.write(deck.slug, name, bytes);
    }
    const fittedSlugs = decks.map((d) => d.slug);

    const convert = async (format: Exclude<DeckFormat, "md">, browserPath?: string): Promise<FormatFailure | undefined> => {
      const conversion = CONVERSION[format];
      // marp-cli writes <slug>/<slug>-deck.<ext> under its output folder; each format gets its own.
      const outputDir = join(work, "out", format);
      let done;
      try {
        done = await convertDecks({ format: conversion, inputDir: sources, outputDir, themePath, configPath, browserPath, decks: decks.length, scratchDir: tmp });
      } catch (error) {
        if (error instanceof CitypitchError) return { format, slugs: fittedSlugs, error };
        throw error;
      }
      const timeOf = (path: string) => done.find((c) => c.path === path)?.ms;
      const files = decks
        .map((deck) => ({ slug: deck.slug, name: deckFormatFile(deck.slug, format), path: join(outputDir, deck.slug, deckFileName(deck.slug, conversion)) }))
        .sort((a, b) => (timeOf(a.path) ?? Infinity) - (timeOf(b.path) ?? Infinity));
      // Read everything before recording anything: a format with a missing file records only the
      // cities that have theirs, and names the others.
      const read = await Promise.all(files.map(async (file) => ({ ...file, bytes: await readFile(file.path).catch(() => undefined) })));
      const missing = read.filter((file) => file.bytes === undefined);
      for (const file of read) {
        if (!file.bytes) continue;
        const bytes = format === "html" ? withNotesFont(file.bytes, theme) : file.bytes;
        log.artifact(await staging.write(file.slug, file.name, bytes), timeOf(file.path) ?? 0);
      }
      if (missing.length === 0) return undefined;
      const names = missing.map((file) => `${file.slug}/${file.name}`).join(", ");
      return {
        format,
        slugs: missing.map((file) => file.slug),
        error: new CitypitchError(EXIT.renderFailed, `marp-cli finished without writing ${names}`, [], "build again; if it persists, run marp-cli on the deck's Markdown by hand to see why"),
      };
    };

    if (wanted.includes("html")) {
      const failed = await convert("html");
      if (failed) failures.push(failed);
    }
    for (const format of BROWSER_FORMATS.filter((f) => (wanted as readonly DeckFormat[]).includes(f))) {
      const failed = await convert(format, browser);
      if (failed) failures.push(failed);
    }
    return failures;
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
    if (scratch) await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** A missing or broken browser, said for the deck as a whole: it is needed to measure the slides. */
function measuringError(error: CitypitchError): CitypitchError {
  return new CitypitchError(error.exitCode, `${error.message} (every deck format needs one: the slides are measured in it so that nothing runs off a slide)`, error.problems, error.hint);
}

/** The theme file shipped beside `<slug>-deck.md` (format "md"). */
export const deckThemeFile = (slug: string) => deckFileName(slug, "theme.css");

/**
 * What a reader of `<slug>-deck.md` needs besides it: the theme, `.marprc.yml` for the Marp CLI run
 * in that folder (theme, the HTML tags the templates write, emoji and math as the build has them),
 * and `.vscode/settings.json` for the VS Code Marp extension.
 */
export function standaloneFiles(slug: string, theme: string): [string, string][] {
  const themeFile = deckThemeFile(slug);
  const html = Object.entries(MARP_CONFIG.html)
    .map(([tag, attributes]) => `  ${tag}: [${attributes.map((a) => JSON.stringify(a)).join(", ")}]`)
    .join("\n");
  const marprc = [
    `# Marp CLI settings for ${deckFileName(slug, "md")}, written by citypitch: run \`marp ${deckFileName(slug, "md")}\` in this folder.`,
    `themeSet:`,
    `  - ./${themeFile}`,
    `html:`,
    html,
    `options:`,
    `  emoji: { shortcode: false, unicode: false }`,
    `  math: false`,
    ``,
  ].join("\n");
  const vscode = JSON.stringify({ "markdown.marp.themes": [`./${themeFile}`], "markdown.marp.html": "all" }, null, 2) + "\n";
  return [
    [themeFile, theme],
    [".marprc.yml", marprc],
    [".vscode/settings.json", vscode],
  ];
}

/**
 * marp-cli's HTML shows speaker notes in its own panes, outside the slides, where the theme's rules
 * (scoped to the slides) do not reach: they would fall back to a system font, and a local-script
 * name with no system font for it would show as boxes. The theme's fonts (@font-face rules are not
 * scoped) are given to those panes with a style element of their own.
 */
function withNotesFont(html: Buffer, theme: string): Buffer {
  const style = notesFontStyle(theme);
  const text = html.toString("utf8");
  const at = text.indexOf("</head>");
  return style && at >= 0 ? Buffer.from(`${text.slice(0, at)}<style>${style}</style>${text.slice(at)}`) : html;
}
