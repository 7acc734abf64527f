/** Builds the CityContext from validated data: pure, so stages can be tested from fixtures. */
import { indexFigures } from "../data/figures.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import type { Brand, City, SourceRegistry } from "../data/schema.ts";
import type { CityContext } from "../context.ts";
import type { Options } from "../options.ts";
import { buildReferences } from "./references.ts";
import { createWording } from "./format.ts";
import { loadMessages } from "./messages.ts";

/**
 * The date stamped into outputs: SOURCE_DATE_EPOCH when set (reproducible-builds convention),
 * otherwise the edition date, never the clock.
 */
export function resolveBuildDate(city: City, env: NodeJS.ProcessEnv = process.env): Date {
  return sourceDateEpoch(env) ?? new Date(`${city.edition.date}T00:00:00Z`);
}

/** Latest date a PDF's date fields can carry (year 9999), in seconds since 1970. */
const LAST_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH as a date; unset or empty is undefined, anything else not a date is a usage error. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (!epoch) return undefined;
  if (!/^\d{1,12}$/.test(epoch) || Number(epoch) > LAST_EPOCH) {
    throw new CitypitchError(
      EXIT.usage,
      `SOURCE_DATE_EPOCH is "${epoch.slice(0, 40)}", which is not a date citypitch can stamp`,
      [],
      `set it to whole seconds since 1970 between 0 and ${LAST_EPOCH} (for example \`date +%s\`), or unset it to use each edition's date`,
    );
  }
  return new Date(Number(epoch) * 1000);
}

export function createCityContext(city: City, brand: Brand, sources: SourceRegistry, options: Options): CityContext {
  const figures = indexFigures(city);
  const words = createWording(loadMessages(options.root, city.edition.language));
  const edition = { id: "default", language: city.edition.language, folder: "", fileStem: city.slug, print: false };
  return { city, brand, sources, figures, references: buildReferences(figures, sources, words), options, buildDate: resolveBuildDate(city), words, edition };
}
