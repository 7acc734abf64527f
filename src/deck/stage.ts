/**
 * The deck stage: every city's Marp Markdown, one theme for all of them, then one marp-cli call
 * per requested format. Markdown and HTML need no browser; when PDF or PPTX do and none is found,
 * those two are still written and the stage returns (not throws) the error, so the build commits
 * them before it fails.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";
import type { Format } from "../options.ts";
import type { ChartsBySlug, StageInput } from "../stage.ts";
import { findBrowser, missingBrowserError } from "./browser.ts";
import { deckChartArtifacts } from "./charts.ts";
import { convertDecks, writeMarpConfig, type ConvertFormat } from "./convert.ts";
import { loadDeckTemplates, renderDeck } from "./render.ts";
import { buildTheme, THEME_NAME } from "./theme.ts";

export const DECK_FORMATS = ["md", "html", "pdf", "pptx"] as const satisfies readonly Format[];
const BROWSER_FORMATS: readonly ConvertFormat[] = ["pdf", "pptx"];

export const deckFileName = (slug: string, extension: string) => `${slug}-deck.${extension}`;

export async function deckStage(input: StageInput, charts: ChartsBySlug): Promise<CitypitchError | undefined> {
  const { contexts, staging, log, options } = input;
  const wanted = DECK_FORMATS.filter((f) => options.formats.has(f));
  if (wanted.length === 0 || contexts.length === 0) return undefined;

  const templates = await loadDeckTemplates(options.root);
  const decks: { slug: string; markdown: string; ms: number }[] = [];
  for (const ctx of contexts) {
    const start = performance.now();
    const slideCharts = await deckChartArtifacts(ctx, charts.get(ctx.city.slug) ?? []);
    const markdown = renderDeck(templates, ctx, slideCharts);
    decks.push({ slug: ctx.city.slug, markdown, ms: performance.now() - start });
  }

  // marp-cli reads its inputs from disk; a scratch folder beside the staged cities holds them.
  const work = join(staging.dir, ".deck");
  const sources = join(work, "src");
  try {
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

    const convert = async (format: ConvertFormat, browserPath?: string) => {
      const done = await convertDecks({ format, inputDir: sources, outputDir: staging.dir, themePath, configPath, browserPath });
      const timeOf = (path: string) => done.find((c) => c.path === path)?.ms;
      const files = decks
        .map((deck) => ({ slug: deck.slug, name: deckFileName(deck.slug, format), path: staging.pathFor(deck.slug, deckFileName(deck.slug, format)) }))
        .sort((a, b) => (timeOf(a.path) ?? Infinity) - (timeOf(b.path) ?? Infinity));
      for (const file of files) {
        const bytes = await readFile(file.path).catch(() => {
          throw new CitypitchError(EXIT.renderFailed, `marp-cli finished without writing ${file.slug}/${file.name}`);
        });
        const written = staging.record(file.slug, file.name, bytes);
        log.artifact(written, timeOf(file.path) ?? 0);
      }
    };

    if (wanted.includes("html")) await convert("html");
    const needBrowser = BROWSER_FORMATS.filter((f) => wanted.includes(f));
    if (needBrowser.length === 0) return undefined;
    const browser = findBrowser();
    if (!browser) return missingBrowserError(needBrowser, wanted.filter((f) => f === "md" || f === "html"));
    for (const format of needBrowser) await convert(format, browser);
    return undefined;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
