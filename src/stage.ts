/** What every output stage receives: the cities, the staging folder to write into, the log. */
import type { ChartArtifact, CityContext } from "./context.ts";
import type { CitypitchError } from "./errors.ts";
import type { BuildLog } from "./log.ts";
import type { Format, Options } from "./options.ts";
import type { Staging } from "./output.ts";

export interface StageInput {
  contexts: readonly CityContext[];
  staging: Staging;
  log: BuildLog;
  options: Options;
}

/** Charts by city slug, as the chart stage rendered them. */
export type ChartsBySlug = ReadonlyMap<string, readonly ChartArtifact[]>;

/**
 * A format that could not be made for some cities. A stage reports it instead of throwing, so the
 * build still commits every other format, keeps the last good files of this one, and then exits
 * with the error's code.
 */
export interface FormatFailure {
  format: Format;
  slugs: readonly string[];
  error: CitypitchError;
}
