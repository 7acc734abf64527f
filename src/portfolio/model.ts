/**
 * What the portfolio's outputs read: the cities (each with the compendium's reference numbers), the
 * comparison, and the views the templates in templates/portfolio/ see. Every figure is worded by
 * the cities' Wording (content/format.ts); every word around it comes from the messages.
 */
import type { CityContext } from "../context.ts";
import { createCityContext, sourceDateEpoch } from "../content/context.ts";
import { contentModelOf } from "../content/model.ts";
import { describeSource, sourceIdsOf } from "../content/references.ts";
import type { Wording } from "../content/format.ts";
import type { Brand, Figure, SourceRegistry } from "../data/schema.ts";
import type { Options } from "../options.ts";
import { compareCities, type Cell, type Comparison, type IndicatorRow } from "./compare.ts";
import type { LoadedPortfolio } from "./load.ts";
import { mergeReferences, type PortfolioReferences } from "./references.ts";

export interface PortfolioBuild {
  id: string;
  loaded: LoadedPortfolio;
  brand: Brand;
  sources: SourceRegistry;
  options: Options;
  words: Wording;
  language: string;
  buildDate: Date;
  /** In the portfolio's order, each numbered into the compendium's reference list. */
  cities: CityContext[];
  comparison: Comparison;
  references: PortfolioReferences;
}

export function preparePortfolio(loaded: LoadedPortfolio, options: Options): PortfolioBuild {
  const { data, portfolio } = loaded;
  const bySlug = new Map(data.cities.map((c) => [c.city.slug, c.city]));
  const own = portfolio.cities.map((slug) => createCityContext(bySlug.get(slug)!, data.brand, data.sources, options));
  const words = own[0]!.words;
  const references = mergeReferences(own);
  const cities = own.map((ctx) => ({ ...ctx, references: references.forCity(ctx.city.slug) }));
  const comparison = compareCities(
    portfolio,
    data.indicators,
    cities.map((ctx) => ({ slug: ctx.city.slug, name: ctx.city.name.en, figures: ctx.figures })),
  );
  // Fixed by the data (or SOURCE_DATE_EPOCH): the newest edition among the cities.
  const buildDate = sourceDateEpoch() ?? new Date(Math.max(...own.map((c) => c.buildDate.getTime())));
  return { id: loaded.id, loaded, brand: data.brand, sources: data.sources, options, words, language: own[0]!.city.edition.language, buildDate, cities, comparison, references };
}

type ValueCell = Extract<Cell, { status: "value" }>;

/** How many cities a measure ranks (a city's place reads "#47 of 83"). */
const rankedCount = (row: IndicatorRow) => [...row.cells.values()].filter((cell) => cell.status === "value" && cell.rank !== undefined).length;

/** Measures side by side in one table (a page of the compendium, a slide of the deck): wider groups are split. */
export const TABLE_COLUMNS = 3;

/** The figure as the indicator's unit states it (converted where the city's unit differs). */
export function shownFigure(cell: ValueCell, row: IndicatorRow): Figure {
  return cell.converted ? { ...cell.figure, value: cell.value, upper: cell.upper, unit: row.indicator.unit } : cell.figure;
}

/** One table cell, in words: the template decides the order and the marks' look. */
export interface CellView {
  published: boolean;
  value?: string;
  year?: string;
  rank?: number;
  refs: number[];
  target: boolean;
  notComparable: boolean;
  derived: boolean;
  /** The unit the city published, when the value was converted from it. */
  convertedFrom?: string;
}

export function cellView(build: PortfolioBuild, row: IndicatorRow, slug: string): CellView {
  const cell = row.cells.get(slug);
  if (!cell || cell.status !== "value") return { published: false, refs: [], target: false, notComparable: false, derived: false };
  const ctx = build.cities.find((c) => c.city.slug === slug)!;
  const figure = shownFigure(cell, row);
  return {
    published: true,
    value: build.words.figure(figure, "short"),
    year: build.words.year(cell.figure),
    rank: cell.rank,
    refs: ctx.references.forFigure(cell.path),
    target: cell.target,
    notComparable: !cell.target && !cell.comparable,
    derived: cell.figure.derived !== undefined,
    convertedFrom: cell.converted ? build.words.unitSymbol(cell.converted.from) : undefined,
  };
}

/** The source registry entries behind a set of cells, described once each. */
function sourcesOf(build: PortfolioBuild, rows: readonly IndicatorRow[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    for (const ctx of build.cities) {
      const cell = row.cells.get(ctx.city.slug);
      if (cell?.status === "value") for (const id of sourceIdsOf(cell.path, ctx.figures)) ids.add(id);
    }
  }
  return [...ids].map((id) => describeSource(id, build.sources, build.words));
}

const models = new WeakMap<PortfolioBuild, PortfolioModel>();

/**
 * The model of every portfolio template: the compendium's pages and the comparison deck. Built
 * once per build (the deck's measuring renders it a dozen times, the PowerPoint and the compendium
 * once each) and never changed by its readers.
 */
export function buildPortfolioModel(build: PortfolioBuild): PortfolioModel {
  let model = models.get(build);
  if (!model) models.set(build, (model = portfolioModel(build)));
  return model;
}

function portfolioModel(build: PortfolioBuild) {
  const { loaded, words, comparison, cities } = build;
  const { portfolio } = loaded;
  const catalogue = loaded.data.indicators.indicators;
  const groups = comparison.groups.map((group, g) => {
    const rows = cities.map((ctx) => ({ slug: ctx.city.slug, name: ctx.city.name.en, cells: group.rows.map((row) => cellView(build, row, ctx.city.slug)) }));
    // A wide group is set as several tables of at most TABLE_COLUMNS measures, each with every city.
    const parts = Math.ceil(group.rows.length / TABLE_COLUMNS);
    const tables = Array.from({ length: parts }, (_, k) => {
      const from = k * TABLE_COLUMNS;
      const measures = group.rows.slice(from, from + TABLE_COLUMNS);
      const sources = sourcesOf(build, measures);
      return {
        title: parts > 1 ? words.messages.t("portfolio.part", { title: group.title, n: k + 1, count: parts }) : group.title,
        /** Every table but the first of the chapter starts a page, unless half a page is left (::needspace). */
        newpage: g > 0 || k > 0,
        columns: measures.map((row) => ({ id: row.id, label: row.indicator.label, unit: words.unitCaption(row.indicator.unit), rank: row.rank, newestYear: row.newestYear })),
        /** Whether any value in the table has a place (the marks explained beneath it say so). */
        ranked: measures.some((row) => rankedCount(row) > 0),
        rows: rows.map((r) => ({ ...r, cells: r.cells.slice(from, from + TABLE_COLUMNS) })),
        sourceLine: words.messages.t("source.line", { count: sources.length, sources: sources.join("; ") }),
      };
    });
    return { n: g + 1, title: group.title, rows, tables };
  });
  const usedIndicators = new Set(portfolio.groups.flatMap((g) => g.indicators.map((i) => i.id)));
  const ranked = rankings(build);
  return {
    words,
    portfolio: {
      id: build.id,
      title: portfolio.title,
      subtitle: portfolio.subtitle ?? "",
      audience: portfolio.audience,
      maxYearSpread: portfolio.maxYearSpread,
      cityCount: cities.length,
      indicatorCount: usedIndicators.size,
      groupCount: groups.length,
      dateText: words.monthYear(build.buildDate),
      cityNames: cities.map((c) => c.city.name.en),
    },
    brand: build.brand,
    indicators: [...usedIndicators].map((id) => {
      const rank = portfolio.groups.flatMap((g) => g.indicators).find((i) => i.id === id)!.rank;
      const row = comparison.groups.flatMap((g) => g.rows).find((r) => r.id === id);
      // A ranked measure with no result to rank (only targets, or only values too old) says so.
      const noneRanked = rank !== "none" && (!row || rankedCount(row) === 0);
      return { id, label: catalogue[id]!.label, meaning: catalogue[id]!.meaning, unit: words.unitCaption(catalogue[id]!.unit), rank, noneRanked };
    }),
    groups,
    rankings: compendiumRankings(build, ranked),
    leaders: ranked.map((ranking) => leadersOf(build, ranking)),
    cities: cities.map((ctx, i) => {
      const content = contentModelOf(ctx);
      return {
        n: i + 1,
        slug: ctx.city.slug,
        name: ctx.city.name,
        tagline: ctx.city.tagline,
        province: ctx.city.province,
        country: ctx.city.country,
        edition: content.edition,
        highlights: content.highlights,
        /** The city's row of every comparison table: each measure with its value, year, rank and marks. */
        standing: comparison.groups.flatMap((group) =>
          group.rows.map((row) => ({ id: row.id, group: group.title, label: row.indicator.label, rankedCount: rankedCount(row), ...cellView(build, row, ctx.city.slug) })),
        ),
      };
    }),
    references: {
      sources: build.references.sources,
      notes: build.references.notes.filter((n) => n.entries.length > 0),
    },
  };
}

export type PortfolioModel = ReturnType<typeof portfolioModel>;

export interface Ranking {
  id: string;
  chartId: string;
  row: IndicatorRow;
  label: string;
  /** The ranked cells, best first. */
  ranked: { slug: string; name: string; cell: ValueCell }[];
  leftOut: { name: string; why: "target" | "not-comparable" | "not-published"; year?: string }[];
  /** For a part of a longer ranking (compendiumRankings): how many cities the whole ranks, and its largest value, which every part's axis reaches. */
  whole?: { count: number; axisMax: number };
  /** Which part of a longer ranking this is: the n-th of `of`. */
  part?: { n: number; of: number };
}

/** The ranked indicators with at least two comparable results, and what each leaves out. */
export function rankings(build: PortfolioBuild): Ranking[] {
  const out: Ranking[] = [];
  for (const group of build.comparison.groups) {
    for (const row of group.rows) {
      if (row.rank === "none") continue;
      const ranked: Ranking["ranked"] = [];
      const leftOut: Ranking["leftOut"] = [];
      for (const ctx of build.cities) {
        const cell = row.cells.get(ctx.city.slug);
        const name = ctx.city.name.en;
        if (!cell || cell.status !== "value") leftOut.push({ name, why: "not-published" });
        else if (cell.target) leftOut.push({ name, why: "target", year: build.words.year(cell.figure) });
        else if (cell.rank === undefined) leftOut.push({ name, why: "not-comparable", year: build.words.year(cell.figure) });
        else ranked.push({ slug: ctx.city.slug, name, cell });
      }
      if (ranked.length < 2) continue;
      ranked.sort((a, b) => a.cell.rank! - b.cell.rank!);
      out.push({ id: row.id, chartId: `rank-${row.id}`, row, label: row.indicator.label, ranked, leftOut });
    }
  }
  return out;
}

/**
 * Cities in one of the compendium's ranking charts at most: forty rows of 16 pt (src/charts/spec.ts)
 * fill an A4 or Letter page. Past that one chart cannot be read, and past some eighty-five it does
 * not fit a page at all.
 */
const RANKED_PER_CHART = 40;

/**
 * The compendium's ranking charts: each ranking, and a longer one in parts ("Containers handled:
 * cities 41–80 of 100"), the cities shared evenly, every part on the whole ranking's axis.
 */
export function compendiumRankings(build: PortfolioBuild, whole = rankings(build)): Ranking[] {
  return whole.flatMap((ranking) => {
    const count = ranking.ranked.length;
    const parts = Math.ceil(count / RANKED_PER_CHART);
    if (parts <= 1) return [ranking];
    const per = Math.ceil(count / parts);
    const axisMax = Math.max(...ranking.ranked.map((r) => shownFigure(r.cell, ranking.row).value));
    return Array.from({ length: parts }, (_, k) => {
      const ranked = ranking.ranked.slice(k * per, (k + 1) * per);
      const label = build.words.messages.t("portfolio.deck.rankedPart", { title: ranking.label, from: k * per + 1, to: k * per + ranked.length, count });
      return { ...ranking, chartId: `${ranking.chartId}-${k + 1}`, label, ranked, whole: { count, axisMax }, part: { n: k + 1, of: parts } };
    });
  });
}

/** The places a ranking's leaders table shows: first, second and third. */
const LEADING_PLACES = [1, 2, 3] as const;

/** Cities named at one place of the leaders table; more tied there are counted. */
const LEADERS_NAMED = 3;

/**
 * A ranked measure's first three places, for the table that opens the rankings: the cities holding
 * each place (several, for a tie; past LEADERS_NAMED, the rest counted in `more`), and for a place
 * nobody holds, whether a tie above took it or the ranking is shorter.
 */
function leadersOf(build: PortfolioBuild, ranking: Ranking) {
  return {
    id: ranking.id,
    label: ranking.label,
    unit: build.words.unitCaption(ranking.row.indicator.unit),
    places: LEADING_PLACES.map((place) => {
      const all = ranking.ranked.filter((r) => r.cell.rank === place);
      // A tie of many (every city publishing the same value) is named in part: a row must fit a page.
      const holders = all.slice(0, LEADERS_NAMED).map((r) => ({ name: r.name, ...cellView(build, ranking.row, r.slug) }));
      return { place, holders, more: all.length - holders.length, tiedAbove: all.length === 0 && ranking.ranked.length >= place };
    }),
  };
}

/** A city's places in the rankings ("Places in the rankings: Port destinations #28 of 83 · …"), or "" when it is ranked on nothing. */
export function placesLine(build: PortfolioBuild, standing: PortfolioModel["cities"][number]["standing"]): string {
  const t = build.words.messages.t;
  // A derived value (a prior year's, worked out from a growth rate) is not the figure the city's
  // highlights show beside this line: its year and mark say which value holds the place.
  const items = standing
    .filter((s) => s.rank !== undefined)
    .map((s) => t(s.derived ? "portfolio.deck.rankOfDerived" : "portfolio.deck.rankOf", { label: s.label, rank: s.rank!, count: s.rankedCount, year: s.year ?? "" }));
  return items.length > 0 ? t("portfolio.deck.ranks", { items: items.join(" · ") }) : "";
}

/**
 * The language most of the portfolio's cities' local names are in (the first of those tied): one
 * document or deck sets every city's local name in one script font, and this one keeps most of
 * them in their own glyph forms (a portfolio of Japanese cities, Japanese).
 */
export function mostCommonLocalLanguage(build: PortfolioBuild): string | undefined {
  const counts = new Map<string, number>();
  for (const { city } of build.cities) counts.set(city.name.localLanguage, (counts.get(city.name.localLanguage) ?? 0) + 1);
  return [...counts].reduce<[string, number] | undefined>((best, entry) => (!best || entry[1] > best[1] ? entry : best), undefined)?.[0];
}
