/**
 * The comparison deck: Marp Markdown from templates/portfolio/comparison.hbs (an overview slide, a
 * table slide per group of indicators, a highlights slide per city), with the city decks' theme
 * (src/deck/theme.ts) plus templates/portfolio/comparison.css, printed to PDF as the city decks are
 * (src/deck/print.ts) and converted to HTML by marp-cli (src/deck/convert.ts).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TemplateSet } from "../content/templates.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import { bespokeAvailable, bespokeEngine, bespokeHtml } from "../deck/bespoke.ts";
import { convertDecks, makeScratch, writeMarpConfig } from "../deck/convert.ts";
import { printableDeck, printingEngine, printLoaded } from "../deck/print.ts";
import { startDeckBrowser, type DeckBrowser } from "../deck/session.ts";
import { fitComparisonDeck } from "./deckFit.ts";
import { DENSITIES, tileView } from "../deck/model.ts";
import { standaloneDeckFiles } from "../deck/standalone.ts";
import { trace } from "../trace.ts";
import { buildThemes, notesFontStyle, THEME_NAME, type DeckThemes } from "../deck/theme.ts";
import { templateDir } from "../project.ts";
import { joinPieces } from "../output.ts";
import { buildPortfolioModel, cellView, placesLine, rankings, shownFigure, type PortfolioBuild, type PortfolioModel } from "./model.ts";
import { LEFT_OUT_NAMED, rankingCaption, rankingView } from "./charts.ts";

/** Cities in one table slide before measuring: twenty one-line rows of two measures fit a 720 px slide with its title and source line; wider rows, or a longer note beneath, take measuring a round more. */
const ROWS_PER_SLIDE = 20;

export const comparisonFile = (id: string, extension: string) => `${id}-comparison.${extension}`;

/** A YAML double-quoted scalar: JSON strings are valid YAML, and carry any character safely. */
const yamlString = (text: string) => JSON.stringify(text.replace(/\s+/g, " "));

/** Sources on one slide before measuring: the city decks' sources slide sets them in two columns. */
const SOURCES_PER_SLIDE = 12;

/** How the deck is laid out, as measuring decided. */
export interface DeckPlan {
  /** Slides per comparison table (by its place among all the deck's tables). */
  tables: Map<number, number>;
  /** Slides of the sources. */
  sources: number;
  /** Cities (by their place in the portfolio) whose slide has no room for the line of their places in the rankings. */
  withoutPlaces: Set<number>;
  /** The title slide's type: 0 as designed, then the city decks' "dense" and "denser" steps, for a long title. */
  titleStep: number;
  /** Cities (by their place) whose slide's tiles take the city decks' type steps (DENSITIES), for a long number. */
  cityStep: Map<number, number>;
}

/** Slides a table takes before measuring. */
export const initialSlides = (rows: number) => Math.max(1, Math.ceil(rows / ROWS_PER_SLIDE));

type ComparisonTable = PortfolioModel["groups"][number]["tables"][number];

/** A table slide of the deck: a comparison table, or a ranking set as one (its `ranking` id, and a bar per row). */
export type DeckTable = Omit<ComparisonTable, "rows"> & {
  rows: (ComparisonTable["rows"][number] & { bar?: string })[];
  ranking?: string;
  notes?: string;
  partSourceLine?: string;
};

/**
 * A ranking's bar before each value, as classes: `rbar w<n>`, n its value's share of the largest
 * in whole percent (comparisonBarRules sets the widths), `derived` hatched. Marp lets HTML carry
 * classes and no style, so the length is a class.
 */
function barClass(value: number, max: number, derived: boolean): string {
  const share = max > 0 && value > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return `rbar w${share}${derived ? " derived" : ""}`;
}

/** The widths of the ranking bars' classes, at most BAR_SHARE of the value's cell, and their look. */
export function comparisonBarRules(): string {
  const widths = Array.from({ length: 101 }, (_, n) => `section.comparison .rbar.w${n}{width:${((n * BAR_SHARE) / 100).toFixed(2)}%}`).join("\n");
  return `/* A ranking's bars (src/portfolio/deck.ts barClass). */
section.comparison .rbar{display:inline-block;height:0.72em;margin-right:8px;vertical-align:-0.04em;background:var(--cp-primary);border-radius:1px}
section.comparison .rbar.derived{background:repeating-linear-gradient(135deg,var(--cp-primary) 0 2px,var(--cp-paper) 2px 5px);box-shadow:inset 0 0 0 1px var(--cp-primary)}
${widths}`;
}

/** The longest bar's share of its cell: the rest holds the value's words. */
const BAR_SHARE = 55;

/**
 * Each group's tables, then its rankings: a ranking as a table of the cities it ranks, best first,
 * its one column the measure (each value with its place), the cities left out said beneath it. The
 * PowerPoint draws the same rankings as bar charts, the compendium as pictures.
 */
export function deckTables(build: PortfolioBuild): { title: string; tables: DeckTable[] }[] {
  // Read by every round of measuring and by the plan: made once per build, and never changed.
  let tables = deckTablesOf.get(build);
  if (!tables) deckTablesOf.set(build, (tables = makeDeckTables(build)));
  return tables;
}

const deckTablesOf = new WeakMap<PortfolioBuild, { title: string; tables: DeckTable[] }[]>();

function makeDeckTables(build: PortfolioBuild): { title: string; tables: DeckTable[] }[] {
  const model = buildPortfolioModel(build);
  const ranked = rankings(build);
  return model.groups.map((group, g) => {
    const ids = new Set(build.comparison.groups[g]!.rows.map((row) => row.id));
    const own = ranked
      .filter((r) => ids.has(r.id))
      .map((ranking): DeckTable => {
        const view = rankingView(build, ranking);
        const longest = Math.max(...ranking.ranked.map((r) => shownFigure(r.cell, ranking.row).value));
        const many = ranking.leftOut.length > LEFT_OUT_NAMED;
        const caption = rankingCaption(build, ranking, many ? "counted" : "named");
        const column = group.tables.flatMap((t) => t.columns).find((c) => c.id === ranking.id)!;
        return {
          title: ranking.label,
          newpage: true,
          columns: [column],
          ranked: true,
          rows: ranking.ranked.map((r) => ({
            slug: r.slug,
            name: r.name,
            cells: [cellView(build, ranking.row, r.slug)],
            bar: barClass(shownFigure(r.cell, ranking.row).value, longest, r.cell.figure.derived !== undefined),
          })),
          sourceLine: `${caption} ${view.sourceLine}`,
          // Continued over several slides, it names the cities left out on the last one only.
          partSourceLine: many ? undefined : `${rankingCaption(build, ranking, "later")} ${view.sourceLine}`,
          ranking: ranking.id,
          notes: build.words.messages.t("portfolio.deck.rankingNotes", { title: ranking.label, caption: view.chart.caption }),
        };
      });
    return { title: group.title, tables: [...group.tables, ...own] };
  });
}

/** The plan before measuring. */
export function initialPlan(build: PortfolioBuild): DeckPlan {
  const model = buildPortfolioModel(build);
  const tables = deckTables(build).flatMap((g) => g.tables);
  return {
    tables: new Map(tables.map((t, i) => [i, initialSlides(t.rows.length)])),
    sources: Math.max(1, Math.ceil(model.references.sources.length / SOURCES_PER_SLIDE)),
    withoutPlaces: new Set(),
    titleStep: 0,
    cityStep: new Map(),
  };
}

/** Items shared evenly over `slides` slides (fewer when that many would leave one empty). */
function shared<T>(items: readonly T[], slides: number): T[][] {
  const per = Math.max(1, Math.ceil(items.length / Math.max(1, slides)));
  return Array.from({ length: Math.ceil(items.length / per) }, (_, k) => items.slice(k * per, (k + 1) * per));
}

/**
 * The deck's Markdown. A table goes on over as many slides as the plan gives it, the cities shared
 * evenly among them. With `marks`, every slide carries a `fit-<key>-<page>` class that measuring
 * reads (t<n>: the nth table, c<n>: the nth city, o: the overview).
 */
export function renderComparisonDeck(build: PortfolioBuild, templates: TemplateSet, plan: DeckPlan = initialPlan(build), marks = false): string {
  const model = buildPortfolioModel(build);
  const { portfolio } = build.loaded;
  const { words } = build;
  const t = words.messages.t;
  const footer = `${portfolio.title} · ${model.portfolio.dateText}`;
  let n = 0;
  const groups = deckTables(build).map((group) => ({
    ...group,
    tables: group.tables.flatMap((table) => {
      const key = n++;
      const slides = Math.min(table.rows.length, plan.tables.get(key) ?? initialSlides(table.rows.length));
      const mark = (page: number) => (marks ? `fit-t${key}-${page}` : "");
      if (slides <= 1) return [{ ...table, fit: mark(0) }];
      const per = Math.ceil(table.rows.length / slides);
      return Array.from({ length: Math.ceil(table.rows.length / per) }, (_, k) => {
        const rows = table.rows.slice(k * per, (k + 1) * per);
        const title = words.messages.t(table.ranking ? "portfolio.deck.rankedPart" : "portfolio.deck.rowsPart", {
          title: table.title,
          from: k * per + 1,
          to: k * per + rows.length,
          count: table.rows.length,
        });
        const last = (k + 1) * per >= table.rows.length;
        return { ...table, title, rows, fit: mark(k), sourceLine: !last && table.partSourceLine ? table.partSourceLine : table.sourceLine };
      });
    }),
  }));
  const sourceParts = shared(model.references.sources, plan.sources);
  const sources = sourceParts.map((items, k) => ({
    title: sourceParts.length === 1 ? t("portfolio.deck.sources") : t("portfolio.deck.sourcesPart", { part: String(k + 1), of: String(sourceParts.length) }),
    items,
    fit: marks ? `fit-s-${k}` : "",
  }));
  const markdown = templates.render("comparison", {
    ...model,
    groups,
    cities: model.cities.map((city, i) => {
      const places = placesLine(build, city.standing);
      // Tiles as the city decks size them: a long number smaller, so its unit stays on its line.
      // Each tile cites its sources, as the city decks' do: the deck lists the sources, not the
      // compendium's notes, so a tile cites only the sources among its references.
      const highlights = city.highlights.map((view) => ({ ...tileView(view), refs: view.refs.filter((n) => n <= model.references.sources.length) }));
      return {
        ...city,
        highlights,
        places: plan.withoutPlaces.has(i) ? "" : places,
        placesNote: places,
        density: DENSITIES[plan.cityStep.get(i) ?? 0] ?? "",
        fit: marks ? `fit-c${i}-0` : "",
      };
    }),
    sources,
    deck: {
      fit: marks ? "fit-o-0" : "",
      density: DENSITIES[plan.titleStep] ?? "",
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
  return markdown.replace(/\n{3,}/g, "\n\n");
}

/**
 * The deck's theme: the city decks' theme, with the comparison slides' rules after it, in both font
 * encodings (TrueType to measure and print with, WOFF2 for the files that ship), as theirs is.
 */
export async function comparisonThemes(build: PortfolioBuild, markdown: string): Promise<DeckThemes> {
  const root = build.options.root;
  const [themes, extra] = await Promise.all([buildThemes(build.brand, root, markdown), readFile(join(templateDir(root, "portfolio"), "comparison.css"), "utf8")]);
  let shipped: Promise<string> | undefined;
  const rules = `${extra}\n\n${comparisonBarRules()}`;
  return { truetype: `${themes.truetype}\n\n${rules}`, woff2: () => (shipped ??= themes.woff2().then((theme) => `${theme}\n\n${rules}`)) };
}

export type DeckFormat = "md" | "html" | "pdf";

export interface ConvertedDeck {
  format: DeckFormat;
  name: string;
  bytes?: Buffer | string;
  ms: number;
  error?: CitypitchError;
  /** A file that goes with another (the Markdown's theme and settings): written, not logged. */
  beside?: boolean;
}

/**
 * The comparison deck's Markdown, HTML and PDF. Every slide is measured in a browser first (as the
 * city decks are), so every format needs one; the same browser then prints the PDF (src/deck/print.ts)
 * while the HTML is made as marp-cli would (bespoke.ts, or marp-cli itself in a process of its own
 * where that cannot be mirrored), which needs no browser. Scratch files go into `<stagingDir>/.deck` and are removed afterwards. A format that fails is returned with its
 * error. `browser`, when given, is one started earlier (startDeckBrowser in the same staging folder);
 * either way the deck closes it once it is done with it.
 */
export async function buildComparisonDeck(
  build: PortfolioBuild,
  templates: TemplateSet,
  stagingDir: string,
  formats: readonly DeckFormat[],
  browser: DeckBrowser = startDeckBrowser(stagingDir, formats, 1),
): Promise<ConvertedDeck[]> {
  const id = build.id;
  const failed = (error: CitypitchError, ms = 0) => formats.map((format): ConvertedDeck => ({ format, name: comparisonFile(id, format), ms, error }));
  const start = performance.now();
  const results: ConvertedDeck[] = [];
  let html: Promise<ConvertedDeck> | undefined;
  let done = false;
  try {
    const draft = renderComparisonDeck(build, templates);
    // Continuation titles ("cities 1–8 of 15") add characters the draft may not have: the theme's font subsets carry them too.
    const sample = [
      build.words.messages.t("portfolio.deck.rowsPart", { title: "", from: 1234567890, to: 1234567890, count: 1234567890 }),
      build.words.messages.t("portfolio.deck.sourcesPart", { part: "1234567890", of: "1234567890" }),
      build.words.messages.t("portfolio.deck.rankedPart", { title: "", from: 1234567890, to: 1234567890, count: 1234567890 }),
      build.words.messages.t("portfolio.chart.leftOut.later", { count: 1234567890 }),
    ].join(" ");
    const themes = await comparisonThemes(build, `${draft}\n${sample}`);
    const session = await browser.session;
    if (session instanceof CitypitchError) return failed(session);
    const engine = printingEngine(themes.truetype);
    let printing: { pdf: Promise<Buffer>; start: number } | undefined;
    let markdown: string;
    try {
      // Measured, then printed from the page it was last measured in, in one turn of the page.
      markdown = await session.use("fit the comparison deck", async (lease) => {
        const fitted = await fitComparisonDeck(lease, build, templates, (markdown) => printableDeck(engine, markdown));
        trace("portfolio: deck fitted");
        // The HTML is made on this thread while Chromium prints.
        const started = formats.includes("pdf") ? { ...printLoaded(lease, fitted.page, build.buildDate), start: performance.now() } : undefined;
        if (formats.includes("html")) {
          html = convertComparisonHtml(build, fitted.markdown, themes, join(stagingDir, ".deck"));
          // Awaited below; never left to fail unobserved while the PDF prints.
          html.catch(() => undefined);
        }
        if (started) {
          printing = started;
          await started.printed.catch(() => undefined);
        }
        return fitted.markdown;
      });
    } catch (error) {
      if (!(error instanceof CitypitchError)) throw error;
      return failed(error, performance.now() - start);
    }
    if (formats.includes("md")) {
      results.push({ format: "md", name: comparisonFile(id, "md"), bytes: markdown, ms: performance.now() - start });
      // The Markdown stands alone, as a city deck's does: its theme beside it, and the settings that
      // make the Marp CLI and the VS Code Marp extension read it as the build does.
      for (const [name, bytes] of standaloneDeckFiles(comparisonFile(id, "md"), comparisonFile(id, "theme.css"), await themes.woff2()))
        results.push({ format: "md", name, bytes, ms: 0, beside: true });
    }
    if (printing) {
      try {
        const bytes = await printing.pdf;
        results.push({ format: "pdf", name: comparisonFile(id, "pdf"), bytes, ms: performance.now() - printing.start });
        trace("portfolio: deck printed");
      } catch (error) {
        if (!(error instanceof CitypitchError)) throw error;
        results.push({ format: "pdf", name: comparisonFile(id, "pdf"), ms: performance.now() - printing.start, error });
      }
    }
    done = true;
  } finally {
    // marp-cli writes into the staging folder: on an error it finishes before the error goes on.
    if (html && !done) await html.catch(() => undefined);
    await browser.close();
  }
  // In the order of the formats (md, html, pdf), as the log lists them.
  if (html !== undefined) results.splice(formats.includes("md") ? 1 : 0, 0, await html);
  return results;
}

/** The HTML of the fitted Markdown, in this process or by marp-cli. `workDir` is removed afterwards. */
async function convertComparisonHtml(build: PortfolioBuild, markdown: string, themes: DeckThemes, workDir: string): Promise<ConvertedDeck> {
  const id = build.id;
  const name = comparisonFile(id, "html");
  const start = performance.now();
  const theme = await themes.woff2();
  // Made in this process where bespoke.ts can mirror marp-cli, as the city decks' HTML is: no
  // marp-cli process, and the same HTML from the same deck. Its notes panes get the theme's fonts.
  const page = bespokeAvailable() ? bespokeHtml(bespokeEngine(theme), markdown) : undefined;
  if (page) {
    // The notes panes' font as stage.ts's withNotesFont gives it, put in as the page is made.
    const style = notesFontStyle(theme);
    return { format: "html", name, bytes: joinPieces(page(theme, style ? `<style>${style}</style>` : "")), ms: performance.now() - start };
  }
  const sources = join(workDir, "src");
  let tmp: string | undefined;
  try {
    const themePath = join(workDir, `${THEME_NAME}.css`);
    const configPath = join(workDir, "marp.config.json");
    await mkdir(join(sources, id), { recursive: true });
    await Promise.all([writeFile(themePath, theme), writeMarpConfig(configPath), writeFile(join(sources, id, comparisonFile(id, "md")), markdown)]);
    tmp = await makeScratch(join(workDir, "tmp-html"));
    const outputDir = join(workDir, "out", "html");
    try {
      await convertDecks({ format: "html", inputDir: sources, outputDir, themePath, configPath, decks: 1, scratchDir: tmp });
      const bytes = await readFile(join(outputDir, id, name)).catch(() => undefined);
      if (!bytes)
        throw new CitypitchError(
          EXIT.renderFailed,
          `marp-cli finished without writing ${name}`,
          [],
          "build again; if it persists, run marp-cli on the deck's Markdown by hand to see why",
        );
      return { format: "html", name, bytes, ms: performance.now() - start };
    } catch (error) {
      if (!(error instanceof CitypitchError)) throw error;
      return { format: "html", name, ms: performance.now() - start, error };
    }
  } finally {
    await rm(workDir, { recursive: true, force: true, maxRetries: 3 });
    if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}
