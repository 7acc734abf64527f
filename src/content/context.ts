/** Builds the CityContext from validated data: pure, so stages can be tested from fixtures. */
import { indexFigures } from "../data/figures.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import type { Brand, BrandFile, City, CityFile, Edition, SourceRegistry, SourceRegistryFile } from "../data/schema.ts";
import type { CityContext, EditionContext } from "../context.ts";
import { editionTranslation, localizeBrand, localizeCity, localizeSources } from "../data/localize.ts";
import { sectionIncluded } from "./sections.ts";
import { FORMATS, type Options } from "../options.ts";
import { buildReferences } from "./references.ts";
import { createWording } from "./format.ts";
import { loadMessages } from "./messages.ts";
import { sourceDateEpoch } from "../sourceDate.ts";

export { sourceDateEpoch };

/**
 * The date stamped into outputs: SOURCE_DATE_EPOCH when set (reproducible-builds convention),
 * otherwise the edition date, never the clock.
 */
export function resolveBuildDate(city: City, env: NodeJS.ProcessEnv = process.env): Date {
  return sourceDateEpoch(env) ?? new Date(`${city.edition.date}T00:00:00Z`);
}

/** One edition's context; without `edition`, the default edition of a city that declares none. */
export function createCityContext(city: City, brand: Brand, sources: SourceRegistry, options: Options, edition: EditionContext = defaultEdition(city)): CityContext {
  const figures = indexFigures(city);
  const words = createWording(loadMessages(options.root, city.edition.language), city.edition.language);
  return { city, brand, sources, figures, references: buildReferences(figures, sources, words), options, buildDate: resolveBuildDate(city), words, edition };
}

export function defaultEdition(city: City): EditionContext {
  return { id: "default", language: city.edition.language, folder: "", fileStem: city.slug, print: false };
}

/**
 * A context per edition the city file declares (only `only` when given), each with the city, the
 * brand's words and the sources' notes in the edition's language, the edition's contact in place of
 * the city's, its paper, and its formats among those asked for; a file that declares none builds its
 * default edition, as output/<slug>/.
 */
export function editionContexts(file: CityFile, brand: BrandFile, sources: SourceRegistryFile, options: Options, only?: string): CityContext[] {
  const declared = file.editions ?? [];
  if (declared.length === 0) {
    const language = file.edition.language;
    const city = localizeCity(file, language);
    const edition = defaultEdition(city);
    const translation = shownTranslation(file, brand, sources, language);
    return only === undefined
      ? [createCityContext(city, localizeBrand(brand, language), localizeSources(sources, language), options, translation ? { ...edition, translation } : edition)]
      : [];
  }
  return declared
    .filter((e) => only === undefined || e.id === only)
    .map((e) =>
      createCityContext(
        editionCity(file, e),
        localizeBrand(brand, e.language),
        localizeSources(sources, e.language),
        editionOptions(options, e),
        editionOf(file, e, brand, sources),
      ),
    );
}

/** The translation an edition in `language` shows: of each file whose own language is another (localize.ts editionTranslation). */
function shownTranslation(file: CityFile, brand: BrandFile, sources: SourceRegistryFile, language: string) {
  const translated = [file.edition.language !== language && file, brand.language !== language && brand, sources.language !== language && sources];
  return editionTranslation(
    translated.filter((f) => f !== false),
    language,
  );
}

function editionCity(file: CityFile, edition: Edition): City {
  const city = localizeCity(file, edition.language);
  // A left-out section takes its charts with it: no page or slide would place them.
  const charts = city.charts.filter((chart) => sectionIncluded(edition.sections, chart.section));
  return { ...city, charts, ...(edition.contact ? { cta: { ...city.cta, contacts: [edition.contact] } } : {}) };
}

/**
 * The edition's formats are those it names among those --formats names; without --formats, those it
 * names (it may ask for an opt-in format such as the handout), and the default ones when it names none.
 */
function editionOptions(options: Options, edition: Edition): Options {
  const asked = options.formatsGiven ? [...options.formats] : FORMATS;
  const formats = edition.formats ? new Set(asked.filter((f) => edition.formats!.includes(f))) : options.formats;
  return { ...options, paper: edition.paper ?? options.paper, formats };
}

function editionOf(file: CityFile, edition: Edition, brand: BrandFile, sources: SourceRegistryFile): EditionContext {
  const translation = shownTranslation(file, brand, sources, edition.language);
  return {
    id: edition.id,
    language: edition.language,
    folder: edition.id,
    fileStem: `${file.slug}-${edition.id}`,
    print: edition.print,
    ...(edition.audience ? { audience: edition.audience } : {}),
    ...(edition.sections ? { sections: edition.sections } : {}),
    ...(translation ? { translation } : {}),
  };
}

/** --edition naming an edition no city (of those named) declares: a usage error that lists the ones there are. */
export function unknownEdition(id: string, files: readonly CityFile[]): CitypitchError {
  const declared = files.flatMap((f) => (f.editions ?? []).map((e) => `${f.slug}: ${e.id}`));
  return new CitypitchError(
    EXIT.usage,
    `--edition ${id}: ${files.length === 1 ? `${files[0]!.slug} declares no edition "${id}"` : `no city declares an edition "${id}"`}`,
    [],
    declared.length > 0 ? `the declared editions are ${declared.join(", ")}` : "no city file declares editions (an `editions:` list); leave out --edition to build the default one",
  );
}
