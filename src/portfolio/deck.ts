/**
 * The comparison deck: Marp Markdown from templates/portfolio/comparison.hbs (an overview slide, a
 * table slide per group of indicators, a highlights slide per city), with the city decks' theme
 * (src/deck/theme.ts) plus templates/portfolio/comparison.css, converted by the same marp-cli runs
 * as the city decks (src/deck/convert.ts).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TemplateSet } from "../content/templates.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import { findBrowser, missingBrowserError, probeBrowser } from "../deck/browser.ts";
import { convertDecks, makeScratch, writeMarpConfig, type ConvertFormat } from "../deck/convert.ts";
import { buildTheme, THEME_NAME } from "../deck/theme.ts";
import { PORTFOLIO_TEMPLATE_DIR } from "./compendium.ts";
import { buildPortfolioModel, type PortfolioBuild } from "./model.ts";

/** Cities in one table slide: fifteen rows fit a 720 px slide with the title and the source line. */
const ROWS_PER_SLIDE = 15;

export const comparisonFile = (id: string, extension: string) => `${id}-comparison.${extension}`;

/** A YAML double-quoted scalar: JSON strings are valid YAML, and carry any character safely. */
const yamlString = (text: string) => JSON.stringify(text.replace(/\s+/g, " "));

export function renderComparisonDeck(build: PortfolioBuild, templates: TemplateSet): string {
  const model = buildPortfolioModel(build);
  const { portfolio } = build.loaded;
  const { words } = build;
  const footer = `${portfolio.title} · ${model.portfolio.dateText}`;
  // A slide holds ROWS_PER_SLIDE cities: more cities take more slides of the same table.
  const groups = model.groups.map((group) => ({
    ...group,
    tables: group.tables.flatMap((table) => {
      if (table.rows.length <= ROWS_PER_SLIDE) return [table];
      return Array.from({ length: Math.ceil(table.rows.length / ROWS_PER_SLIDE) }, (_, k) => {
        const rows = table.rows.slice(k * ROWS_PER_SLIDE, (k + 1) * ROWS_PER_SLIDE);
        const title = words.messages.t("portfolio.deck.rowsPart", { title: table.title, from: k * ROWS_PER_SLIDE + 1, to: k * ROWS_PER_SLIDE + rows.length, count: table.rows.length });
        return { ...table, title, rows };
      });
    }),
  }));
  return templates.render("comparison", {
    ...model,
    groups,
    deck: {
      yaml: {
        lang: yamlString(build.language),
        title: yamlString(portfolio.title),
        description: yamlString(portfolio.subtitle ?? portfolio.title),
        author: yamlString(build.brand.name),
        footer: yamlString(footer),
      },
      groupList: words.list(model.groups.map((g) => g.title)),
      cityList: words.list(model.cities.map((c) => c.name.en)),
    },
  });
}

/** The deck's theme: the city decks' theme, with the comparison slides' rules after it. */
export async function comparisonTheme(build: PortfolioBuild, markdown: string): Promise<string> {
  const root = build.options.root;
  const [theme, extra] = await Promise.all([buildTheme(build.brand, root, markdown), readFile(join(root, PORTFOLIO_TEMPLATE_DIR, "comparison.css"), "utf8")]);
  return `${theme}\n\n${extra}`;
}

export interface ConvertedDeck {
  format: ConvertFormat;
  name: string;
  bytes?: Buffer;
  ms: number;
  error?: CitypitchError;
}

/**
 * HTML (no browser needed) and, where a browser answers, PDF. `workDir` is a scratch folder inside
 * the staging folder; it is removed afterwards. A format that fails is returned with its error.
 */
export async function convertComparisonDeck(build: PortfolioBuild, markdown: string, workDir: string, formats: readonly ("html" | "pdf")[]): Promise<ConvertedDeck[]> {
  const id = build.id;
  const sources = join(workDir, "src");
  const results: ConvertedDeck[] = [];
  let scratch: string | undefined;
  try {
    const tmp = (scratch = await makeScratch(join(workDir, "tmp")));
    const themePath = join(workDir, `${THEME_NAME}.css`);
    const configPath = join(workDir, "marp.config.json");
    await mkdir(join(sources, id), { recursive: true });
    await Promise.all([writeFile(themePath, await comparisonTheme(build, markdown)), writeMarpConfig(configPath), writeFile(join(sources, id, comparisonFile(id, "md")), markdown)]);
    for (const format of formats) {
      const start = performance.now();
      let browserPath: string | undefined;
      if (format === "pdf") {
        browserPath = findBrowser();
        const error = browserPath ? await probeBrowser(browserPath, ["pdf"], tmp) : missingBrowserError(["pdf"], formats.filter((f) => f !== "pdf"));
        if (error) {
          results.push({ format, name: comparisonFile(id, format), ms: 0, error });
          continue;
        }
      }
      const outputDir = join(workDir, "out", format);
      try {
        await convertDecks({ format, inputDir: sources, outputDir, themePath, configPath, browserPath, decks: 1, scratchDir: tmp });
        const bytes = await readFile(join(outputDir, id, comparisonFile(id, format))).catch(() => undefined);
        if (!bytes) throw new CitypitchError(EXIT.renderFailed, `marp-cli finished without writing ${comparisonFile(id, format)}`, [], "build again; if it persists, run marp-cli on the deck's Markdown by hand to see why");
        results.push({ format, name: comparisonFile(id, format), bytes, ms: performance.now() - start });
      } catch (error) {
        if (!(error instanceof CitypitchError)) throw error;
        results.push({ format, name: comparisonFile(id, format), ms: performance.now() - start, error });
      }
    }
    return results;
  } finally {
    await rm(workDir, { recursive: true, force: true, maxRetries: 3 });
    if (scratch) await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}
