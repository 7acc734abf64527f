/**
 * The compendium made on the build's second lane (src/lanes/), a worker thread: its layout and
 * drawing are most of a portfolio's work, and on the main thread they kept the comparison deck's
 * browser waiting for answers, or the other way round. On the lane the main thread is free to
 * drive the browser (measuring, printing) and make the PowerPoint while the other core draws.
 *
 * What crosses to the lane is data (structured clone): the portfolio and its cities as validated,
 * the options, and the charts with their pictures (node-canvas paints them on the main thread). The
 * lane makes the same PortfolioBuild from them (preparePortfolio is pure), so the compendium says
 * what the deck says.
 */
import type { ChartArtifact } from "../context.ts";
import type { Brand, City, SourceRegistry } from "../data/schema.ts";
import type { Options } from "../options.ts";
import type { CompendiumPlan } from "./compendium.ts";
import type { LoadedPortfolio } from "./load.ts";

export interface CompendiumRequest {
  /** Names this compendium between its two tasks (layout, then drawing). */
  key: string;
  id: string;
  portfolio: LoadedPortfolio["portfolio"];
  /** The portfolio file, read again on the lane only to locate an error in it. */
  sourcePath: string;
  cities: City[];
  brand: Brand;
  sources: SourceRegistry;
  indicators: LoadedPortfolio["data"]["indicators"];
  options: Options;
  /** The charts as placed, without their pictures: the layout needs their sizes alone. */
  cityCharts: [string, ChartArtifact[]][];
  rankCharts: ChartArtifact[];
}

/** The charts' pictures, in the order of the request's charts (ranking charts first, then each city's). */
export type ChartPictures = Uint8Array[];

let requests = 0;

export function compendiumRequest(
  loaded: LoadedPortfolio,
  options: Options,
  cityCharts: ReadonlyMap<string, readonly ChartArtifact[]>,
  rankCharts: readonly ChartArtifact[],
): CompendiumRequest {
  const { data } = loaded;
  const blank = (a: ChartArtifact): ChartArtifact => ({ ...a, png: Buffer.alloc(0) });
  return {
    key: `${loaded.id}#${++requests}`,
    id: loaded.id,
    portfolio: loaded.portfolio,
    sourcePath: loaded.source.absPath,
    cities: data.cities.map((c) => c.city),
    brand: data.brand,
    sources: data.sources,
    indicators: data.indicators,
    options,
    cityCharts: [...cityCharts].map(([slug, list]) => [slug, list.map(blank)]),
    rankCharts: rankCharts.map(blank),
  };
}

/** The pictures to send with `compendiumRequest`'s drawing task, once they are painted. */
export function chartPictures(cityCharts: ReadonlyMap<string, readonly ChartArtifact[]>, rankCharts: readonly ChartArtifact[]): ChartPictures {
  return [...rankCharts, ...[...cityCharts.values()].flat()].map((a) => a.png);
}

interface Laid {
  plan: CompendiumPlan;
  charts: ChartArtifact[];
}

/** Layouts waiting for their pictures, by request key: the drawing task may arrive before its layout is done. */
const laid = new Map<string, Promise<Laid>>();

/** Runs on the lane (or, without a worker, here): lays the compendium out, to be drawn by `drawCompendium`. */
export async function layOutCompendium(request: CompendiumRequest): Promise<number> {
  const layout = planFor(request);
  laid.set(request.key, layout);
  // A failed layout is reported to the drawing task too; never left unobserved.
  layout.catch(() => undefined);
  return (await layout).plan.pages;
}

/** Runs on the lane: the pictures go into the laid-out charts, and the compendium is drawn. */
export async function drawCompendium(key: string, pictures: ChartPictures): Promise<Uint8Array> {
  const layout = laid.get(key);
  if (!layout) throw new Error(`no compendium was laid out as ${key}`);
  try {
    const { plan, charts } = await layout;
    // A clone turns Buffers into Uint8Arrays: pdfkit and the PNG reader want Buffers back.
    charts.forEach((chart, i) => {
      const png = pictures[i]!;
      chart.png = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
    });
    return await plan.draw();
  } finally {
    laid.delete(key);
  }
}

async function planFor(request: CompendiumRequest): Promise<Laid> {
  const [{ loadYamlFile }, { loadTemplates }, { templateDir }, { preparePortfolio }, { planCompendium }] = await Promise.all([
    import("../data/load.ts"),
    import("../content/templates.ts"),
    import("../project.ts"),
    import("./model.ts"),
    import("./compendium.ts"),
  ]);
  const { options } = request;
  const root = options.root;
  const source = (await loadYamlFile(request.sourcePath, root)).loaded;
  if (!source) throw new Error(`the portfolio file ${request.sourcePath} could not be read again`);
  const loaded = {
    id: request.id,
    portfolio: request.portfolio,
    source,
    data: {
      cities: request.cities.map((city) => ({ city })),
      brand: request.brand,
      sources: request.sources,
      indicators: request.indicators,
      warnings: [],
    },
  } as unknown as LoadedPortfolio;
  const build = preparePortfolio(loaded, options);
  const [templates, brochureTemplates] = await Promise.all([loadTemplates(templateDir(root, "portfolio"), root), loadTemplates(templateDir(root, "brochure"), root)]);
  const cityCharts = new Map(request.cityCharts);
  const plan = await planCompendium(build, cityCharts, request.rankCharts, templates, brochureTemplates);
  return { plan, charts: [...request.rankCharts, ...[...cityCharts.values()].flat()] };
}
