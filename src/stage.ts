/** What every output stage receives: the cities, the staging folder to write into, the log. */
import type { ChartArtifact, CityContext } from "./context.ts";
import type { BuildLog } from "./log.ts";
import type { Options } from "./options.ts";
import type { Staging } from "./output.ts";

export interface StageInput {
  contexts: readonly CityContext[];
  staging: Staging;
  log: BuildLog;
  options: Options;
}

/** Charts by city slug, as the chart stage rendered them. */
export type ChartsBySlug = ReadonlyMap<string, readonly ChartArtifact[]>;
