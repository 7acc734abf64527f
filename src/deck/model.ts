/**
 * What the deck template sees: the shared content model (so every figure reads as in the brochure)
 * plus the few things only slides need: chart slides with their images inline, the leftover
 * figures for the table slide, sources cut into slide-sized pages, and front-matter values.
 */
import type { ChartArtifact, CityContext } from "../context.ts";
import type { City } from "../data/schema.ts";
import { escapeMarkdown } from "../content/markdown.ts";
import { buildContentModel, figureView, type ContentModel, type FigureView } from "../content/model.ts";
import type { Reference } from "../content/references.ts";
import type { TileParts } from "../content/format.ts";

type Section = City["charts"][number]["section"];

/** A figure view whose tile also knows if its unit hugs the number ("90%", "39°N") or not ("5.4 m"). */
export type TileView = FigureView & { tile: TileParts & { long: boolean } };

export interface DeckChart {
  id: string;
  title: string;
  caption: string;
  sourceLine: string;
  refs: number[];
  /** Alt text with Marp's image keywords defused (see imageAlt). */
  alt: string;
  /** data:image/png;base64,… : the deck never reads local files. */
  src: string;
  figures: TileView[];
}

/** One chart slide: a chart with its figures beside it, or two small bar charts side by side. */
export interface ChartSlide {
  charts: DeckChart[];
  pair: boolean;
}

export interface SourcePage {
  entries: Reference[];
  part: number;
  of: number;
}

export interface DeckView {
  /** Front-matter values, already written as YAML strings. */
  yaml: { lang: string; title: string; description: string; author: string; footer: string };
  /** BCP 47 tag for the local-script name, when it is a well-formed one (it goes into an attribute). */
  localLang: string | undefined;
  charts: Record<Section, ChartSlide[]>;
  /** Port and airport figures that no chart shows: the table slide. */
  gatewayFacts: FigureView[];
  /**
   * Port and airport figures a chart shows through a derived figure computed from them (a growth
   * rate behind a derived earlier year and its growth label, daily flights behind weekly ones):
   * said in the table slide's notes, not in its table.
   */
  gatewayInputs: FigureView[];
  /** Targets that no chart plots: the strategy slide's tiles. */
  otherTargets: TileView[];
  sourcePages: SourcePage[];
  /** Extra slide classes that set long prose (or a long table) smaller, so it stays above the footer. */
  density: { split: Density; columns: Density; table: Density };
}

export type Density = "" | "dense" | "denser";

export type DeckModel = ContentModel & { highlights: TileView[]; deck: DeckView };

const SECTIONS: readonly Section[] = ["geography", "economy", "port", "air", "industry", "talent", "policy"];
/** Characters of reference text that fit one sources slide at the theme's small size. */
const SOURCE_PAGE_CHARS = 3500;

export function buildDeckModel(ctx: CityContext, artifacts: readonly ChartArtifact[]): DeckModel {
  const content = buildContentModel(ctx);
  const { city, brand } = ctx;
  const deckCharts = artifacts.map((artifact) => deckChart(ctx, artifact));
  const plotted = new Set(deckCharts.flatMap((c) => c.figures.map((f) => f.path)));
  const unplotted = (views: readonly FigureView[]) => views.filter((v) => !plotted.has(v.path) && !v.derived);
  const plottedInputs = new Set([...plotted].flatMap((path) => ctx.figures.get(path)?.derived?.inputs ?? []));
  const gateway = unplotted([...content.port.figureList, ...content.airport.figureList]);
  const gatewayFacts = gateway.filter((v) => !plottedInputs.has(v.path));
  const charts = Object.fromEntries(
    SECTIONS.map((section) => [section, chartSlides(deckCharts.filter((_, i) => artifacts[i]!.section === section), artifacts.filter((a) => a.section === section))]),
  ) as Record<Section, ChartSlide[]>;
  // Same running foot as the brochure: a forwarded slide still says how old its figures are.
  const t = ctx.words.messages.t;
  const footer = [city.name.en, city.edition.title, t("edition.date", { date: content.edition.dateText }), t("edition.vintage", { year: String(city.edition.dataAsOf) })]
    .map(escapeMarkdown)
    .join(" · ");
  return {
    ...content,
    highlights: content.highlights.map(tileView),
    geography: { ...content.geography, figureList: content.geography.figureList.map(tileView) },
    deck: {
      yaml: {
        lang: yamlString(city.edition.language),
        title: yamlString(`${city.name.en}: ${city.edition.title}`),
        description: yamlString(city.tagline),
        author: yamlString(brand.name),
        footer: yamlString(footer),
      },
      localLang: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(city.name.localLanguage) ? city.name.localLanguage : undefined,
      charts,
      gatewayFacts,
      gatewayInputs: gateway.filter((v) => plottedInputs.has(v.path)),
      otherTargets: unplotted(content.industry.targetList).map(tileView),
      sourcePages: sourcePages(content.references),
      density: {
        split: density(
          [city.geography.location, city.geography.summary, city.geography.climate, ...city.geography.seas, ...city.geography.neighbours, ...city.economy.strengths, city.economy.region],
          SPLIT_CHARS,
        ),
        columns: density(
          [city.talent.summary, ...city.talent.measures, ...city.policy.funds.flatMap((f) => [f.name, f.description]), ...city.policy.incentives],
          COLUMNS_CHARS,
        ),
        table: gatewayFacts.length <= TABLE_ROWS ? "" : gatewayFacts.length <= TABLE_ROWS + 2 ? "dense" : "denser",
      },
    },
  };
}

/**
 * Characters of prose that fit the location slide's main column, and both columns of the talent
 * and policy slide, at the theme's normal size (measured in Chromium; test/deck/fit.test.ts checks
 * the result). A quarter more fits at the dense size, and the denser size takes the rest.
 */
const SPLIT_CHARS = 620;
const COLUMNS_CHARS = 1000;
/** Rows of the port and airport table that fit above its cards at the theme's normal size. */
const TABLE_ROWS = 6;

function density(texts: readonly (string | undefined)[], budget: number): Density {
  const chars = texts.reduce((sum, t) => sum + (t?.length ?? 0), 0);
  return chars <= budget ? "" : chars <= budget * 1.25 ? "dense" : "denser";
}

function deckChart(ctx: CityContext, artifact: ChartArtifact): DeckChart {
  const spec = ctx.city.charts.find((c) => c.id === artifact.id);
  return {
    id: artifact.id,
    title: artifact.title,
    caption: artifact.caption,
    sourceLine: artifact.sourceLine,
    refs: artifact.refs,
    alt: imageAlt(artifact.alt),
    src: `data:image/png;base64,${artifact.png.toString("base64")}`,
    figures: (spec?.figures ?? []).map((path) => tileView(figureView(ctx, path))),
  };
}

const LONG_TILE_NUMBER = 7;

function tileView(view: FigureView): TileView {
  // Long numbers ("140,000") get a smaller size so their unit stays on the same line in a tile.
  return { ...view, tile: { ...view.tile, long: view.tile.number.length >= LONG_TILE_NUMBER } };
}

/** Two neighbouring bar charts share a slide; anything else gets a slide of its own. */
function chartSlides(charts: readonly DeckChart[], artifacts: readonly ChartArtifact[]): ChartSlide[] {
  const slides: ChartSlide[] = [];
  for (let i = 0; i < charts.length; i++) {
    const pairs = pairsWithNext(artifacts, i);
    slides.push(pairs ? { charts: [charts[i]!, charts[i + 1]!], pair: true } : { charts: [charts[i]!], pair: false });
    if (pairs) i++;
  }
  return slides;
}

/** Whether chart i of one section's charts shares a slide with the next one. */
function pairsWithNext(artifacts: readonly ChartArtifact[], i: number): boolean {
  return artifacts[i]!.kind === "bar" && artifacts[i + 1]?.kind === "bar";
}

/** Ids of the charts that share a slide with another (each shown at half the slide's width). */
export function pairedChartIds(artifacts: readonly ChartArtifact[]): Set<string> {
  const ids = new Set<string>();
  for (const section of SECTIONS) {
    const inSection = artifacts.filter((a) => a.section === section);
    for (let i = 0; i < inSection.length; i++) {
      if (!pairsWithNext(inSection, i)) continue;
      ids.add(inSection[i]!.id).add(inSection[i + 1]!.id);
      i++;
    }
  }
  return ids;
}

/** References in order, cut where a slide would overflow; never splits an entry. */
function sourcePages(references: readonly Reference[]): SourcePage[] {
  const pages: Reference[][] = [[]];
  let used = 0;
  for (const entry of references) {
    const size = entry.title.length + entry.text.length + (entry.url?.length ?? 0) + 60;
    if (used + size > SOURCE_PAGE_CHARS && pages.at(-1)!.length > 0) {
      pages.push([]);
      used = 0;
    }
    pages.at(-1)!.push(entry);
    used += size;
  }
  return pages.filter((p) => p.length > 0).map((entries, i, all) => ({ entries, part: i + 1, of: all.length }));
}

/**
 * Marp reads every whitespace-separated word of an image's alt text as a possible option: "bg"
 * turns the chart into a background, "sepia" or "blur" filters it, "70%" resizes it. A word
 * joiner (U+2060, invisible and not whitespace) in front of such a word keeps it plain text.
 */
const MARP_IMAGE_WORD =
  /^(?:bg|fit|contain|cover|auto|left|right|vertical|horizontal|(?:\d*\.)?\d+%|(?:w|width|h|height):.*|(?:blur|brightness|contrast|drop-shadow|grayscale|hue-rotate|invert|opacity|saturate|sepia)(?::.*)?)$/i;

export function imageAlt(text: string): string {
  return text
    .split(/(\s+)/)
    .map((word) => (MARP_IMAGE_WORD.test(word) ? `\u2060${word}` : word))
    .join("");
}

/** A YAML double-quoted scalar: JSON strings are valid YAML, and carry any character safely. */
function yamlString(text: string): string {
  return JSON.stringify(text.replace(/\s+/g, " "));
}
