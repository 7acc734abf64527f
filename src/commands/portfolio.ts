/**
 * `citypitch portfolio <id>`: validates data/portfolios/<id>.yaml and every city it names, renders
 * the compendium PDF and the comparison deck in memory, then writes them through a staging folder
 * into <out>/portfolio/<id>/, renamed into place like a city's folder (same manifest, same rule:
 * only a folder citypitch made is replaced).
 */
import { existsSync, lstatSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ChartArtifact } from "../context.ts";
import { chartArtifact } from "../charts/stage.ts";
import { registerBrandFonts, renderPng } from "../charts/render.ts";
import { buildSpec, chartSize } from "../charts/spec.ts";
import { loadTemplates } from "../content/templates.ts";
import { templateDir } from "../project.ts";
import { CitypitchError, EXIT, type ExitCode } from "../errors.ts";
import { killAllChildren } from "../exec.ts";
import { BuildLog } from "../log.ts";
import type { Options } from "../options.ts";
import { openOutputFolder } from "../outputFolder.ts";
import type { Staging } from "../output.ts";
import { printWarnings } from "./check.ts";
import { rankingCharts } from "../portfolio/charts.ts";
import { planCompendium, type CompendiumPlan } from "../portfolio/compendium.ts";
import { buildComparisonDeck, comparisonFile, renderComparisonDeck } from "../portfolio/deck.ts";
import { loadPortfolio } from "../portfolio/load.ts";
import { renderComparisonPptx } from "../portfolio/pptx.ts";
import { cachedCityCharts } from "../portfolio/chartCache.ts";
import { trace } from "../trace.ts";
import { preparePortfolio, type PortfolioBuild } from "../portfolio/model.ts";

/** Portfolios get their own folder beside the cities': <out>/portfolio/<id>/. */
export const PORTFOLIO_OUT = "portfolio";
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const compendiumFile = (id: string) => `${id}-compendium.pdf`;

export async function runPortfolio(args: readonly string[], options: Options): Promise<ExitCode> {
  if (args.length !== 1) {
    throw new CitypitchError(
      EXIT.usage,
      args.length === 0 ? "name the portfolio to build" : `one portfolio at a time, got ${args.length}`,
      [],
      "run `citypitch portfolio <id>` for data/portfolios/<id>.yaml",
    );
  }
  const id = args[0]!;
  if (!ID.test(id))
    throw new CitypitchError(
      EXIT.usage,
      `"${id.slice(0, 60)}" is not a portfolio id`,
      [],
      "portfolio ids are lower-case words joined by -, the name of a file in data/portfolios/ without .yaml",
    );
  trace("portfolio: start");
  const loaded = await loadPortfolio(id, options);
  trace("portfolio: data loaded and validated");
  if (options.strict && loaded.data.warnings.length > 0) {
    throw new CitypitchError(EXIT.invalidData, `${loaded.data.warnings.length} warning(s), and --strict makes them errors`, loaded.data.warnings);
  }
  const build = preparePortfolio(loaded, options);
  trace("portfolio: compared");
  const log = new BuildLog();
  const wantPdf = options.formats.has("brochure");
  const deckFormats = (["md", "html", "pdf"] as const).filter((f) => options.formats.has(f));

  // Everything that can fail on the data or the templates fails here, before the output is touched:
  // the compendium is laid out (its charts placed by size; their pictures are painted later), the
  // deck's Markdown drafted and the PowerPoint made.
  const root = options.root;
  const templates = await loadTemplates(templateDir(root, "portfolio"), root);
  const started = performance.now();
  let compendium: { plan: CompendiumPlan; paint: () => Promise<void> } | undefined;
  if (wantPdf) {
    const brochureTemplates = await loadTemplates(templateDir(root, "brochure"), root);
    const cityCharts = cityChartSlots(build);
    const rankCharts = rankingCharts(build);
    const paint = async () => {
      await rankCharts.paint();
      await cityCharts.paint();
    };
    compendium = { plan: planCompendium(build, cityCharts.charts, rankCharts.charts, templates, brochureTemplates), paint };
    trace("portfolio: compendium laid out");
  }
  let compendiumMs = performance.now() - started;
  if (deckFormats.length > 0) renderComparisonDeck(build, templates);
  trace("portfolio: deck drafted");
  // The editable PowerPoint needs no browser; text that cannot fit fails this format alone (exit 4).
  const failures: CitypitchError[] = [];
  let pptx: { bytes: Buffer; ms: number } | undefined;
  if (options.formats.has("pptx")) {
    const start = performance.now();
    try {
      pptx = { bytes: await renderComparisonPptx(build), ms: performance.now() - start };
      trace("portfolio: pptx made");
    } catch (error) {
      if (!(error instanceof CitypitchError)) throw error;
      failures.push(error);
    }
  }

  const outDir = join(options.outDir, PORTFOLIO_OUT);
  if (existsSync(join(outDir, "manifest.json"))) {
    throw new CitypitchError(
      EXIT.output,
      `${outDir} is a city's output folder, so portfolios cannot be written inside it; it was left as it is`,
      [],
      "build portfolios into another folder with --out",
    );
  }
  const output = await openOutputFolder(outDir, [id], killAllChildren);
  try {
    const staging = output.staging;
    // The deck is measured and printed by a browser and marp-cli, processes of their own, while
    // this one paints the charts and draws the compendium: both cores work.
    let measured = () => {};
    const browserDone = new Promise<void>((resolve) => (measured = resolve));
    const deck = deckFormats.length > 0 ? buildComparisonDeck(build, templates, staging.dir, deckFormats, measured) : Promise.resolve([]);
    if (deckFormats.length === 0) measured();
    deck.catch(() => undefined);
    if (compendium) {
      const start = performance.now();
      try {
        await compendium.paint();
        trace("portfolio: charts painted");
        // Drawing holds this thread for a few seconds: the browser's measuring, which needs it, goes first.
        await browserDone;
        const pdf = await compendium.plan.draw();
        trace("portfolio: compendium drawn");
        compendiumMs += performance.now() - start;
        log.artifact(await staging.write(id, compendiumFile(id), pdf), compendiumMs);
      } catch (error) {
        // The deck's processes write into the staging folder: they finish before it is removed.
        await deck.catch(() => undefined);
        throw error;
      }
    }
    if (pptx) log.artifact(await staging.write(id, comparisonFile(id, "pptx"), pptx.bytes), pptx.ms);
    const decks = await deck;
    trace("portfolio: deck fitted and converted");
    for (const made of decks) {
      if (made.error) failures.push(made.error);
      else log.artifact(await staging.write(id, made.name, made.bytes!), made.ms);
    }
    // Files of formats this run did not make (not asked for, or failed) stay from the previous build.
    const made = new Set(staging.files(id).map((f) => f.name));
    const kept = [compendiumFile(id), ...(["md", "html", "pdf", "pptx"] as const).map((f) => comparisonFile(id, f))].filter((name) => !made.has(name));
    await carryOver(staging, join(outDir, id), id, kept);
    await staging.commit([id], new Set());
  } finally {
    await output.close();
  }
  log.summary(build.cities.length);
  printWarnings(loaded.data);
  if (failures.length > 0) {
    const first = failures[0]!;
    throw new CitypitchError(
      first.exitCode,
      `${failures.map((f) => f.message).join("; ")}; every other file was written`,
      failures.flatMap((f) => f.problems),
      first.hint,
    );
  }
  return EXIT.ok;
}

/** Copies files of an earlier build of this portfolio into the staging folder, marked carriedOver in the manifest. */
async function carryOver(staging: Staging, previous: string, id: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  let listed: string[];
  try {
    const manifest = JSON.parse(await readFile(join(previous, "manifest.json"), "utf8")) as { slug?: string; files?: { name?: unknown }[] };
    if (manifest.slug !== id) return;
    listed = (manifest.files ?? []).map((f) => f.name).filter((n): n is string => typeof n === "string");
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(previous, name);
    if (!listed.includes(name) || !isPlainFile(path)) continue;
    const file = await staging.write(id, name, await readFile(path));
    file.carriedOver = true;
  }
}

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Every city's charts as the compendium places them, numbered into its references, without their
 * pictures yet: `paint` renders the 300 dpi PNGs into them (the compendium writes no SVG).
 */
export function cityChartSlots(build: PortfolioBuild): { charts: Map<string, ChartArtifact[]>; paint: () => Promise<void> } {
  const charts = new Map<string, ChartArtifact[]>();
  const jobs: (() => Promise<void>)[] = [];
  const cached = cachedCityCharts(build.options);
  for (const ctx of build.cities) {
    const list: ChartArtifact[] = [];
    for (const chart of ctx.city.charts) {
      // A city built into the same output folder has drawn this chart already: its cache has the picture.
      const artifact = chartArtifact(ctx, chart, cached(ctx, chart) ?? Buffer.alloc(0), "");
      const spec = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
      if (artifact.png.length === 0) {
        jobs.push(async () => {
          artifact.png = await renderPng(spec, chartSize(chart));
        });
      }
      list.push(artifact);
    }
    charts.set(ctx.city.slug, list);
  }
  return {
    charts,
    async paint() {
      if (jobs.length === 0) return;
      registerBrandFonts(build.brand, build.options.root);
      for (const job of jobs) {
        await job();
        // Each chart is drawn in one go: between them, the deck's browser and processes get their turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
