/**
 * The deck stage: every city's Marp Markdown, one theme for all of them, then one marp-cli run
 * per requested format. Each format stands alone: one that fails (marp-cli fails or times out, a
 * city's file is missing, no working browser for PDF/PPTX) is returned as a FormatFailure and the
 * others are still made, so the build commits them before it fails.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";
import type { Format } from "../options.ts";
import type { ChartsBySlug, FormatFailure, StageInput } from "../stage.ts";
import { findBrowser, missingBrowserError, probeBrowser } from "./browser.ts";
import { deckChartArtifacts } from "./charts.ts";
import { convertDecks, makeScratch, stepTimeoutOverride, writeMarpConfig, type ConvertFormat } from "./convert.ts";
import { loadDeckTemplates, renderDeck } from "./render.ts";
import { buildTheme, THEME_NAME } from "./theme.ts";

export const DECK_FORMATS = ["md", "html", "pdf", "pptx", "pptx-images"] as const satisfies readonly Format[];
type DeckFormat = (typeof DECK_FORMATS)[number];
const BROWSER_FORMATS = ["pdf", "pptx", "pptx-images"] as const satisfies readonly DeckFormat[];
/** The marp-cli conversion behind each deck format: the picture PPTX is marp's PPTX. */
const CONVERSION: Record<Exclude<DeckFormat, "md">, ConvertFormat> = { html: "html", pdf: "pdf", pptx: "pptx", "pptx-images": "pptx" };

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
  const decks: { slug: string; markdown: string; ms: number }[] = [];
  for (const ctx of contexts) {
    const start = performance.now();
    const slideCharts = await deckChartArtifacts(ctx, charts.get(ctx.city.slug) ?? []);
    const markdown = renderDeck(templates, ctx, slideCharts);
    decks.push({ slug: ctx.city.slug, markdown, ms: performance.now() - start });
  }
  const allSlugs = decks.map((d) => d.slug);

  // marp-cli reads its inputs from disk; a scratch folder beside the staged cities holds them, and
  // the temp folder of every child process, so a browser profile cannot outlive the build.
  const work = join(staging.dir, ".deck");
  const sources = join(work, "src");
  let scratch: string | undefined;
  const failures: FormatFailure[] = [];
  try {
    const tmp = (scratch = await makeScratch(join(work, "tmp")));
    const theme = await buildTheme(contexts[0]!.brand, options.root, decks.map((d) => d.markdown).join("\n"));
    const themePath = join(work, `${THEME_NAME}.css`);
    const configPath = join(work, "marp.config.json");
    await mkdir(sources, { recursive: true });
    await Promise.all([writeFile(themePath, theme), writeMarpConfig(configPath)]);
    for (const deck of decks) {
      await mkdir(join(sources, deck.slug), { recursive: true });
      await writeFile(join(sources, deck.slug, deckFileName(deck.slug, "md")), deck.markdown);
      if (wanted.includes("md")) log.artifact(await staging.write(deck.slug, deckFileName(deck.slug, "md"), deck.markdown), deck.ms);
    }

    const convert = async (format: Exclude<DeckFormat, "md">, browserPath?: string): Promise<FormatFailure | undefined> => {
      const conversion = CONVERSION[format];
      // marp-cli writes <slug>/<slug>-deck.<ext> under its output folder; each format gets its own.
      const outputDir = join(work, "out", format);
      let done;
      try {
        done = await convertDecks({ format: conversion, inputDir: sources, outputDir, themePath, configPath, browserPath, decks: decks.length, scratchDir: tmp });
      } catch (error) {
        if (error instanceof CitypitchError) return { format, slugs: allSlugs, error };
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
      for (const file of read) if (file.bytes) log.artifact(await staging.write(file.slug, file.name, file.bytes), timeOf(file.path) ?? 0);
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
    const needBrowser = BROWSER_FORMATS.filter((f) => (wanted as readonly DeckFormat[]).includes(f));
    if (needBrowser.length === 0) return failures;
    const browser = findBrowser();
    const written = wanted.filter((f) => (f === "md" || f === "html") && !failures.some((x) => x.format === f));
    const browserError = browser ? await probeBrowser(browser, needBrowser, tmp) : missingBrowserError(needBrowser, written);
    if (browserError) return [...failures, ...needBrowser.map((format) => ({ format, slugs: allSlugs, error: browserError }))];
    for (const format of needBrowser) {
      const failed = await convert(format, browser);
      if (failed) failures.push(failed);
    }
    return failures;
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
    if (scratch) await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}
