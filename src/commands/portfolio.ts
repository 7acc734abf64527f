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
import { TEMPLATE_DIR } from "../brochure/render.ts";
import { CitypitchError, EXIT, type ExitCode } from "../errors.ts";
import { killAllChildren } from "../exec.ts";
import { BuildLog } from "../log.ts";
import type { Options } from "../options.ts";
import { openOutputFolder } from "../outputFolder.ts";
import type { Staging } from "../output.ts";
import { printWarnings } from "./check.ts";
import { rankingCharts } from "../portfolio/charts.ts";
import { PORTFOLIO_TEMPLATE_DIR, renderCompendium } from "../portfolio/compendium.ts";
import { comparisonFile, convertComparisonDeck, renderComparisonDeck } from "../portfolio/deck.ts";
import { loadPortfolio } from "../portfolio/load.ts";
import { preparePortfolio, type PortfolioBuild } from "../portfolio/model.ts";

/** Portfolios get their own folder beside the cities': <out>/portfolio/<id>/. */
export const PORTFOLIO_OUT = "portfolio";
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const compendiumFile = (id: string) => `${id}-compendium.pdf`;

export async function runPortfolio(args: readonly string[], options: Options): Promise<ExitCode> {
  if (args.length !== 1) {
    throw new CitypitchError(EXIT.usage, args.length === 0 ? "name the portfolio to build" : `one portfolio at a time, got ${args.length}`, [], "run `citypitch portfolio <id>` for data/portfolios/<id>.yaml");
  }
  const id = args[0]!;
  if (!ID.test(id)) throw new CitypitchError(EXIT.usage, `"${id.slice(0, 60)}" is not a portfolio id`, [], "portfolio ids are lower-case words joined by -, the name of a file in data/portfolios/ without .yaml");
  const loaded = await loadPortfolio(id, options);
  if (options.strict && loaded.data.warnings.length > 0) {
    throw new CitypitchError(EXIT.invalidData, `${loaded.data.warnings.length} warning(s), and --strict makes them errors`, loaded.data.warnings);
  }
  const build = preparePortfolio(loaded, options);
  const log = new BuildLog();
  const wantPdf = options.formats.has("brochure");
  const deckFormats = (["html", "pdf"] as const).filter((f) => options.formats.has(f));
  const wantMd = options.formats.has("md") || deckFormats.length > 0;

  // Everything that can fail on the data or the templates fails here, before the output is touched.
  const root = options.root;
  const templates = await loadTemplates(join(root, PORTFOLIO_TEMPLATE_DIR), root);
  const started = performance.now();
  let compendium: { pdf: Buffer; pages: number } | undefined;
  if (wantPdf) {
    const brochureTemplates = await loadTemplates(join(root, TEMPLATE_DIR), root);
    const [cityCharts, rankCharts] = [await renderCityCharts(build), await rankingCharts(build)];
    compendium = await renderCompendium(build, cityCharts, rankCharts, templates, brochureTemplates);
  }
  const compendiumMs = performance.now() - started;
  const deckStart = performance.now();
  const markdown = wantMd ? renderComparisonDeck(build, templates) : undefined;
  const deckMs = performance.now() - deckStart;

  const outDir = join(options.outDir, PORTFOLIO_OUT);
  if (existsSync(join(outDir, "manifest.json"))) {
    throw new CitypitchError(EXIT.output, `${outDir} is a city's output folder, so portfolios cannot be written inside it; it was left as it is`, [], "build portfolios into another folder with --out");
  }
  const output = await openOutputFolder(outDir, [id], killAllChildren);
  const failures: CitypitchError[] = [];
  try {
    const staging = output.staging;
    if (compendium) log.artifact(await staging.write(id, compendiumFile(id), compendium.pdf), compendiumMs);
    if (markdown !== undefined) {
      if (options.formats.has("md")) log.artifact(await staging.write(id, comparisonFile(id, "md"), markdown), deckMs);
      if (deckFormats.length > 0) {
        for (const deck of await convertComparisonDeck(build, markdown, join(staging.dir, ".deck"), deckFormats)) {
          if (deck.error) failures.push(deck.error);
          else log.artifact(await staging.write(id, deck.name, deck.bytes!), deck.ms);
        }
      }
    }
    // Files of formats this run did not make (not asked for, or failed) stay from the previous build.
    const made = new Set(staging.files(id).map((f) => f.name));
    const kept = [compendiumFile(id), ...(["md", "html", "pdf"] as const).map((f) => comparisonFile(id, f))].filter((name) => !made.has(name));
    await carryOver(staging, join(outDir, id), id, kept);
    await staging.commit([id], new Set());
  } finally {
    await output.close();
  }
  log.summary(build.cities.length);
  printWarnings(loaded.data);
  if (failures.length > 0) {
    const first = failures[0]!;
    throw new CitypitchError(first.exitCode, `${failures.map((f) => f.message).join("; ")}; every other file was written`, failures.flatMap((f) => f.problems), first.hint);
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

/** Every city's charts as the compendium places them (PNG), numbered into its references. */
export async function renderCityCharts(build: PortfolioBuild): Promise<Map<string, ChartArtifact[]>> {
  registerBrandFonts(build.brand, build.options.root);
  const out = new Map<string, ChartArtifact[]>();
  for (const ctx of build.cities) {
    const list: ChartArtifact[] = [];
    for (const chart of ctx.city.charts) {
      const spec = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
      const size = chartSize(chart);
      // The compendium places the 300 dpi PNG; no SVG is written for a portfolio, so none is drawn.
      list.push(chartArtifact(ctx, chart, await renderPng(spec, size), ""));
    }
    out.set(ctx.city.slug, list);
  }
  return out;
}
