/**
 * `citypitch portfolio <id>`: validates data/portfolios/<id>.yaml and every city it names, renders
 * the compendium PDF and the comparison deck in memory, then writes them through a staging folder
 * into <out>/portfolio/<id>/, renamed into place like a city's folder (same manifest, same rule:
 * only a folder citypitch made is replaced).
 */
import { existsSync, lstatSync } from "node:fs";
import { readFile, rmdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ChartArtifact, CityContext } from "../context.ts";
import { contextKey, type ChartsBySlug } from "../stage.ts";
import type { Chart } from "../data/schema.ts";
import { chartArtifact } from "../charts/artifact.ts";
import { templateDir } from "../project.ts";
import { CitypitchError, EXIT, type ExitCode } from "../errors.ts";
import { killAllChildren } from "../exec.ts";
import { BuildLog } from "../log.ts";
import type { Options } from "../options.ts";
import { openOutputFolder, type OutputFolder } from "../outputFolder.ts";
import { startDeckBrowser, type DeckBrowser } from "../deck/session.ts";
import type { Staging } from "../output.ts";
import { printWarnings } from "./check.ts";
import type { rankingCharts } from "../portfolio/charts.ts";
import { theLane, warmLane } from "../lanes/lane.ts";
import { loadPortfolio, type LoadedPortfolio } from "../portfolio/load.ts";
import { cachedCityCharts } from "../portfolio/chartCache.ts";
import { turn } from "../portfolio/turn.ts";
import { trace } from "../trace.ts";
import type { PortfolioBuild } from "../portfolio/model.ts";

/**
 * The portfolio's renderers (Marp, pptxgenjs, Handlebars, the chart specs), loaded when the
 * portfolio is made rather than when the command starts: with its cities, that is once their
 * build is under way, and the command's start (its browser, its data) does not wait for them.
 */
async function renderers() {
  const [model, templates, deck, pptx, charts, onLane] = await Promise.all([
    import("../portfolio/model.ts"),
    import("../content/templates.ts"),
    import("../portfolio/deck.ts"),
    import("../portfolio/pptx.ts"),
    import("../portfolio/charts.ts"),
    import("../portfolio/onLane.ts"),
  ]);
  return { ...model, ...templates, ...deck, ...pptx, ...charts, ...onLane };
}
type Renderers = Awaited<ReturnType<typeof renderers>>;

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
  if (options.withCities) return (await import("../portfolio/withCities.ts")).runPortfolioWithCities(id, options);
  const deckFormats = (["md", "html", "pdf"] as const).filter((f) => options.formats.has(f));
  // The second lane, which makes the compendium, loads its code while this thread loads the data,
  // and the deck's browser starts up meanwhile too: it needs the output folder, for its scratch
  // folder in the staging folder. Whatever fails from here leaves no folder and no file behind.
  if (options.formats.has("brochure")) warmLane(new Set(["brochure"]));
  const { output, release } = await openPortfolioFolder(options, id);
  const browser = deckFormats.length > 0 ? startDeckBrowser(output.staging.dir, deckFormats, 1) : undefined;
  let handedOver = false;
  let committed = false;
  try {
    const summary = await buildPortfolio(id, options, output, browser, () => (handedOver = true));
    committed = true;
    return summary;
  } finally {
    // Only when something failed before the deck began: its browser, still starting, is not waited for.
    if (browser && !handedOver) {
      killAllChildren();
      await browser.close();
    }
    await release(committed);
  }
}

/**
 * Takes <out>/portfolio/ for portfolio `id` (openOutputFolder). `release` gives it back, and, when
 * nothing was committed, removes the folders taking it created.
 */
export async function openPortfolioFolder(options: Options, id: string): Promise<{ output: OutputFolder; release: (committed: boolean) => Promise<void> }> {
  const outDir = join(options.outDir, PORTFOLIO_OUT);
  if (existsSync(join(outDir, "manifest.json"))) {
    throw new CitypitchError(
      EXIT.output,
      `${outDir} is a city's output folder, so portfolios cannot be written inside it; it was left as it is`,
      [],
      "build portfolios into another folder with --out",
    );
  }
  const created = firstMissing(outDir);
  const output = await openOutputFolder(outDir, [id], killAllChildren);
  return {
    output,
    async release(committed) {
      await output.close();
      if (created && !committed) await removeEmpty(outDir, created);
    },
  };
}

/** The portfolio into the output folder taken for it; `handOver` is called when the deck takes over the browser (and closes it). */
async function buildPortfolio(id: string, options: Options, output: OutputFolder, browser: DeckBrowser | undefined, handOver: () => void): Promise<ExitCode> {
  const loaded = await loadPortfolio(id, options);
  trace("portfolio: data loaded and validated");
  if (options.strict && loaded.data.warnings.length > 0) {
    throw new CitypitchError(EXIT.invalidData, `${loaded.data.warnings.length} warning(s), and --strict makes them errors`, loaded.data.warnings);
  }
  const log = new BuildLog();
  const made = await makePortfolio(loaded, options, output, { browser, handOver, log });
  log.summary(made.cities);
  printWarnings(loaded.data);
  if (made.failures.length > 0) throw failedFiles(made.failures);
  return EXIT.ok;
}

/** What makePortfolio is handed besides the portfolio: where its pictures and browser come from, and its log. */
export interface PortfolioHelpers {
  /** The deck's browser, started already; without it the deck starts its own. */
  browser?: DeckBrowser;
  /** Called when the deck takes the browser over (and will close it). */
  handOver?: () => void;
  log: BuildLog;
  /** Charts a build of the cities in this very run drew: those that match are not drawn again. */
  drawn?: ChartsBySlug;
}

/**
 * Makes the portfolio's files and commits them into `output`: the compendium, laid out on the
 * second lane, and the comparison deck. A format that fails is returned, and the others are still
 * written; the files of a failed format stay from the previous build.
 */
export async function makePortfolio(
  loaded: LoadedPortfolio,
  options: Options,
  output: OutputFolder,
  { browser, handOver, log, drawn }: PortfolioHelpers,
): Promise<{ cities: number; failures: CitypitchError[] }> {
  const id = loaded.id;
  const deckFormats = (["md", "html", "pdf"] as const).filter((f) => options.formats.has(f));
  const outDir = join(options.outDir, PORTFOLIO_OUT);
  const lib = await renderers();
  const { preparePortfolio, loadTemplates, renderComparisonDeck, buildComparisonDeck, renderComparisonPptx, comparisonFile } = lib;
  const build = preparePortfolio(loaded, options);
  trace("portfolio: compared");
  const wantPdf = options.formats.has("brochure");
  // The compendium is the longest piece of work: the second lane starts laying it out at once.
  const compendium = wantPdf ? layOutOnLane(lib, build, loaded, options) : undefined;

  const root = options.root;
  const templates = await loadTemplates(templateDir(root, "portfolio"), root);
  // The deck's Markdown is drafted first: a template that cannot render fails before anything is drawn.
  if (deckFormats.length > 0) renderComparisonDeck(build, templates);
  trace("portfolio: deck drafted");

  const failures: CitypitchError[] = [];
  const staging = output.staging;
  // The deck starts first: its browser starts up, measures and prints, and marp-cli converts the
  // HTML, in processes of their own, while this thread paints the charts, hands the compendium to
  // the second lane (onLane.ts) and makes the PowerPoint, answering the browser between them.
  if (browser) handOver?.();
  const deck = deckFormats.length > 0 ? buildComparisonDeck(build, templates, staging.dir, deckFormats, browser) : Promise.resolve([]);
  deck.catch(() => undefined);
  let pptx: { bytes: Buffer; ms: number } | undefined;
  try {
    // The charts are painted here (node-canvas stays on this thread) while the lane lays out.
    const painted = compendium ? drawOnLane(lib, compendium, drawn) : undefined;
    painted?.catch(() => undefined);
    // The editable PowerPoint needs no browser; text that cannot fit fails this format alone (exit 4).
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
    if (painted !== undefined) {
      const { pdf, ms } = await painted;
      log.artifact(await staging.write(id, compendiumFile(id), Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength)), ms);
    }
  } catch (error) {
    // The deck's processes write into the staging folder: they finish before it is removed.
    await deck.catch(() => undefined);
    throw error;
  }
  if (pptx) log.artifact(await staging.write(id, comparisonFile(id, "pptx"), pptx.bytes), pptx.ms);
  const decks = await deck;
  trace("portfolio: deck fitted and converted");
  for (const made of decks) {
    if (made.error) failures.push(made.error);
    else if (made.beside) await staging.write(id, made.name, made.bytes!);
    else log.artifact(await staging.write(id, made.name, made.bytes!), made.ms);
  }
  // Files of formats this run did not make (not asked for, or failed) stay from the previous build.
  const made = new Set(staging.files(id).map((f) => f.name));
  const kept = [compendiumFile(id), ...(["md", "html", "pdf", "pptx"] as const).map((f) => comparisonFile(id, f))].filter((name) => !made.has(name));
  await carryOver(staging, join(outDir, id), id, kept);
  // The Markdown's theme and settings go with it: written when it was, else the previous build's kept.
  await staging.commit([id], new Set(made.has(comparisonFile(id, "md")) ? (["md"] as const) : []));
  for (const left of staging.leftBehind) console.error(`citypitch: warning: could not remove ${left}`);
  return { cities: build.cities.length, failures };
}

/** One error for the files that could not be made, with the first one's exit code. */
export function failedFiles(failures: readonly CitypitchError[]): CitypitchError {
  const first = failures[0]!;
  return new CitypitchError(
    first.exitCode,
    // One browser that stopped fails each of the deck's formats alike: said once.
    `${[...new Set(failures.map((f) => f.message))].join("; ")}; every other file was written, and a previous build's files of the failed ones, if any, were kept (carriedOver in manifest.json)`,
    // The deck's formats fail alike, with the same problems: each is listed once.
    [...new Map(failures.flatMap((f) => f.problems).map((p) => [JSON.stringify([p.location, p.path, p.message]), p])).values()],
    first.hint,
  );
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

/** The outermost folder of `dir` that does not exist yet (what taking it will create), if any. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) missing = at;
  return missing;
}

/** Removes `dir` and its parents up to `top`, each only while it is empty. */
async function removeEmpty(dir: string, top: string): Promise<void> {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const removed = await rmdir(at).then(
      () => true,
      () => false,
    );
    if (!removed || at === top) return;
  }
}

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

interface LaidOut {
  start: number;
  cityCharts: ReturnType<typeof cityChartSlots>;
  rankCharts: ReturnType<typeof rankingCharts>;
  key: string;
}

/** Sends the compendium to the second lane to be laid out (onLane.ts); its charts' pictures follow with `drawOnLane`. */
function layOutOnLane({ rankingCharts, compendiumRequest }: Renderers, build: PortfolioBuild, loaded: LoadedPortfolio, options: Options): LaidOut {
  const start = performance.now();
  const cityCharts = cityChartSlots(build);
  const rankCharts = rankingCharts(build);
  const request = compendiumRequest(loaded, options, cityCharts.charts, rankCharts.charts);
  // A layout that fails fails the drawing too, which is awaited.
  theLane()
    .run("layOutCompendium", request)
    .catch(() => undefined);
  return { start, cityCharts, rankCharts, key: request.key };
}

async function drawOnLane({ chartPictures }: Renderers, { start, cityCharts, rankCharts, key }: LaidOut, drawn?: ChartsBySlug): Promise<{ pdf: Uint8Array; ms: number }> {
  await rankCharts.paint();
  trace("portfolio: ranking charts painted");
  await cityCharts.paint(drawn);
  trace("portfolio: charts painted");
  const pdf = await theLane().run("drawCompendium", key, chartPictures(cityCharts.charts, rankCharts.charts));
  trace("portfolio: compendium made");
  return { pdf, ms: performance.now() - start };
}

/**
 * The picture of `artifact` among the charts a build drew in this run, if that build drew it for
 * the same edition with the same words (title, caption, alt text: the figures and wording the
 * picture shows); else none, and the picture comes from the cache or is drawn.
 */
function sameChart(drawn: ChartsBySlug | undefined, ctx: CityContext, artifact: ChartArtifact): Buffer | undefined {
  const found = drawn?.get(contextKey(ctx))?.find((c) => c.id === artifact.id);
  if (!found || found.png.length === 0) return undefined;
  const same =
    found.title === artifact.title &&
    found.caption === artifact.caption &&
    found.alt === artifact.alt &&
    found.widthPt === artifact.widthPt &&
    found.heightPt === artifact.heightPt;
  return same ? found.png : undefined;
}

/**
 * Every city's charts as the compendium places them, numbered into its references, without their
 * pictures yet, so the layout can start at once: `paint` then puts in the 300 dpi PNGs, from the
 * cache where the cities' build drew them, else drawn here (the compendium writes no SVG).
 */
export function cityChartSlots(build: PortfolioBuild): { charts: Map<string, ChartArtifact[]>; paint: (drawn?: ChartsBySlug) => Promise<void> } {
  const charts = new Map<string, ChartArtifact[]>();
  const slots: { ctx: CityContext; chart: Chart; artifact: ChartArtifact }[] = [];
  for (const ctx of build.cities) {
    const list = ctx.city.charts.map((chart) => {
      const artifact = chartArtifact(ctx, chart, Buffer.alloc(0), "");
      slots.push({ ctx, chart, artifact });
      return artifact;
    });
    charts.set(ctx.city.slug, list);
  }
  return {
    charts,
    async paint(drawn) {
      // A city built into the same output folder has drawn its charts already: its cache has the
      // pictures, or, built in this very run, the build hands them over.
      const cached = cachedCityCharts(build.options);
      const missing = slots.filter((slot) => {
        slot.artifact.png = sameChart(drawn, slot.ctx, slot.artifact) ?? cached(slot.ctx, slot.chart) ?? slot.artifact.png;
        return slot.artifact.png.length === 0;
      });
      trace(`portfolio: ${missing.length} of ${slots.length} city charts to draw, the rest from the cache`);
      if (missing.length === 0) return;
      const [{ registerBrandFonts, renderPng }, { buildSpec, chartSize }] = await Promise.all([import("../charts/render.ts"), import("../charts/spec.ts")]);
      registerBrandFonts(build.brand, build.options.root);
      for (const { ctx, chart, artifact } of missing) {
        // Each chart is drawn in one go: between them, the deck's browser gets its turn.
        await turn();
        artifact.png = await renderPng(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart));
      }
    },
  };
}
