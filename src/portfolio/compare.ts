/**
 * Cities side by side on shared indicators, with the comparability rules shown rather than hidden:
 * each value keeps its year, qualifier and derived mark; a city without the figure reads "not
 * published", never zero; a value much older than the newest for the same indicator is marked not
 * comparable and left out of the ranking; targets are shown but never ranked against results; a
 * figure in a convertible unit is converted, and says so. Pure: data in, a comparison out.
 */
import type { FigureIndex } from "../data/figures.ts";
import type { Figure, Indicator, IndicatorCatalogue, Portfolio } from "../data/schema.ts";
import { statedDecimals } from "../data/figures.ts";
import { conversionFactor, type UnitId } from "../data/units.ts";

export interface ComparedCity {
  slug: string;
  name: string;
  figures: FigureIndex;
}

export type Cell =
  | { status: "not-published" }
  | {
      status: "value";
      path: string;
      figure: Figure;
      /** The value in the indicator's unit (converted when the figure's unit differs). */
      value: number;
      upper?: number;
      /** Set when the figure was converted: from which unit, by which factor. */
      converted?: { from: UnitId; factor: number };
      /** A target, shown beside results but never ranked against them. */
      target: boolean;
      /** False when the figure is older than the newest for this indicator by more than the allowed spread. */
      comparable: boolean;
      /** Position among the ranked values (1 = best); ties share a rank. Undefined when not ranked. */
      rank?: number;
    };

export interface IndicatorRow {
  id: string;
  indicator: Indicator;
  rank: "higher" | "lower" | "none";
  /** The newest year among the results for this indicator: the year others are measured against. */
  newestYear?: number;
  cells: Map<string, Cell>;
}

export interface Comparison {
  groups: { title: string; rows: IndicatorRow[] }[];
}

/** The figure a city shows for an indicator: its newest result, or failing that its newest target. */
function figureFor(city: ComparedCity, id: string): [string, Figure] | undefined {
  const candidates = [...city.figures].filter(([, f]) => f.indicator === id);
  const newest = (list: [string, Figure][]) => list.reduce<[string, Figure] | undefined>((best, c) => (!best || c[1].year > best[1].year ? c : best), undefined);
  return newest(candidates.filter(([, f]) => f.qualifier !== "target")) ?? newest(candidates);
}

export function compareCities(portfolio: Portfolio, catalogue: IndicatorCatalogue, cities: readonly ComparedCity[]): Comparison {
  return {
    groups: portfolio.groups.map((group) => ({
      title: group.title,
      rows: group.indicators.map(({ id, rank }) => compareOn(id, catalogue.indicators[id]!, rank, cities, portfolio.maxYearSpread)),
    })),
  };
}

function compareOn(id: string, indicator: Indicator, rank: IndicatorRow["rank"], cities: readonly ComparedCity[], spread: number): IndicatorRow {
  const cells = new Map<string, Cell>();
  for (const city of cities) {
    const found = figureFor(city, id);
    if (!found) {
      cells.set(city.slug, { status: "not-published" });
      continue;
    }
    const [path, figure] = found;
    const factor = conversionFactor(figure.unit, indicator.unit);
    // Validation refuses a figure whose unit cannot be converted; guard anyway so a slip shows as missing, not wrong.
    if (factor === undefined) {
      cells.set(city.slug, { status: "not-published" });
      continue;
    }
    cells.set(city.slug, {
      status: "value",
      path,
      figure,
      value: convert(figure.value, factor),
      upper: figure.upper === undefined ? undefined : convert(figure.upper, factor),
      converted: factor === 1 ? undefined : { from: figure.unit, factor },
      target: figure.qualifier === "target",
      comparable: true,
    });
  }
  const results = [...cells.values()].filter((c): c is Extract<Cell, { status: "value" }> => c.status === "value" && !c.target);
  const newestYear = results.length > 0 ? Math.max(...results.map((c) => c.figure.year)) : undefined;
  for (const cell of results) cell.comparable = newestYear === undefined || newestYear - cell.figure.year <= spread;
  if (rank !== "none") {
    const ranked = results.filter((c) => c.comparable).sort((a, b) => (rank === "higher" ? b.value - a.value : a.value - b.value));
    // Competition ranking: equal values share a rank, and the next rank skips ("1, 2, 2, 4"). A
    // lone comparable result is first of nothing: it is not ranked (and no ranking chart is drawn).
    if (ranked.length >= 2)
      ranked.forEach((cell, i) => {
        cell.rank = i > 0 && ranked[i - 1]!.value === cell.value ? ranked[i - 1]!.rank : i + 1;
      });
  }
  return { id, indicator, rank, newestYear, cells };
}

/**
 * A value in another unit, to the precision it was stated in: 232460000 t is 232.46 Mt, not
 * 232.45999999999998. A factor of ten moves the decimals; any other (a day is a seventh of a week)
 * adds one.
 */
export function convert(value: number, factor: number): number {
  if (factor === 1) return value;
  const shift = Math.log10(factor);
  const decimals = Number.isInteger(Math.round(shift * 1e9) / 1e9) ? statedDecimals(value) - Math.round(shift) : statedDecimals(value) + 1;
  return Number((value * factor).toFixed(Math.min(20, Math.max(0, decimals))));
}
