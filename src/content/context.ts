/** Builds the CityContext from validated data: pure, so stages can be tested from fixtures. */
import { indexFigures } from "../data/figures.ts";
import type { Brand, City, SourceRegistry } from "../data/schema.ts";
import type { CityContext } from "../context.ts";
import type { Options } from "../options.ts";
import { buildReferences } from "./references.ts";

/**
 * The date stamped into outputs: SOURCE_DATE_EPOCH when set (reproducible-builds convention),
 * otherwise the edition date, never the clock.
 */
export function resolveBuildDate(city: City, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${city.edition.date}T00:00:00Z`);
}

export function createCityContext(city: City, brand: Brand, sources: SourceRegistry, options: Options): CityContext {
  const figures = indexFigures(city);
  return { city, brand, sources, figures, references: buildReferences(figures, sources), options, buildDate: resolveBuildDate(city) };
}
