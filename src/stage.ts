/** What every output stage receives: the cities, the staging folder to write into, the log. */
import type { ChartArtifact, CityContext } from "./context.ts";
import type { CitypitchError } from "./errors.ts";
import type { BuildLog } from "./log.ts";
import type { Format, Options } from "./options.ts";
import { editionKey, type Staging } from "./output.ts";
import type { ChartMemo } from "./cache/layer.ts";

export interface StageInput {
  contexts: readonly CityContext[];
  staging: Staging;
  log: BuildLog;
  options: Options;
  /** Charts rendered by earlier builds, by key (src/cache/); the chart stage renders only the others. */
  chartMemo?: ChartMemo;
}

/** How stages key one edition of a city, in chart maps and failures: "dalian", or "dalian/ja" (see editionKey). */
export const contextKey = (ctx: CityContext): string => editionKey(ctx.city.slug, ctx.edition.folder);

/** A file of an edition, named as inside output/<slug>/: in the edition's folder (none for the default edition). */
export const editionFile = (ctx: CityContext, name: string): string => (ctx.edition.folder ? `${ctx.edition.folder}/${name}` : name);

/** Whether a stage makes `format` for this edition: asked for in this run, and one the edition is made in. */
export const wants = (input: StageInput, ctx: CityContext, format: Format): boolean => input.options.formats.has(format) && ctx.options.formats.has(format);

/** Charts by context key (contextKey), as the chart stage rendered them. */
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
