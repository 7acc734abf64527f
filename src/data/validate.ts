/**
 * Load and validate all the data a build needs, reporting every problem in every file at once.
 * The result is fully typed data or a CitypitchError listing what is wrong.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { CitypitchError, EXIT, sortProblems, type Problem } from "../errors.ts";
import { checkBrandFiles, fontCheckFor } from "./brandFiles.ts";
import { readableBrandColours } from "./brandColours.ts";
import { brandSource } from "../project.ts";
import { checkCity, type CheckOptions } from "./crossChecks.ts";
import { loadYamlFile, type LoadedYaml } from "./load.ts";
import { BrandFile, CityFile, IndicatorCatalogue, RESERVED_SLUGS, SLUG, SourceRegistryFile, type Brand, type City, type SourceRegistry } from "./schema.ts";
import { checkLocalisation, checkSharedFileLanguages, localizeBrand, localizeCity, localizeSources } from "./localize.ts";
import { checkShape, withoutInvalidParts } from "./shape.ts";
import { brandCoverage, checkGlyphs, cityCoverage, sharedFileCoverage } from "./glyphs.ts";
import { FontFacts } from "../cache/fontFacts.ts";
import { locateValue, type PathKey } from "./locate.ts";
import { trace } from "../trace.ts";
import { fontsPrefetched, pptxAlone } from "./prefetch.ts";

export interface ValidatedData {
  /** `city` in the base language; `file` as written, with every language's text, for the editions. */
  cities: { city: City; file: string; source: LoadedYaml; localised: CityFile }[];
  /** The brand and the sources in their own files' languages (what a portfolio and `check` show). */
  brand: Brand;
  sources: SourceRegistry;
  /** brand.yaml and sources.yaml as written, with every language's text, for the editions (localize.ts). */
  brandFile: BrandFile;
  sourcesFile: SourceRegistryFile;
  /** The shared indicators (data/indicators.yaml); empty when the project has none. */
  indicators: IndicatorCatalogue;
  warnings: Problem[];
}

export interface ValidateOptions extends CheckOptions {
  root: string;
  dataDir: string;
  /** Cities to load; all files in data/cities when empty. */
  slugs: readonly string[];
  /** --edition: missing translations are warned about for this edition's language only. */
  edition?: string;
  /** The output folder, whose cache remembers what the fonts were found to hold (src/cache/fontFacts.ts). */
  outDir?: string;
  /** false with --no-cache: the fonts are read afresh. */
  cache?: boolean;
  /** The formats the command makes: a PPTX made alone measures its text with the fonts checked here. */
  formats?: ReadonlySet<string>;
}

export async function listCitySlugs(dataDir: string): Promise<string[]> {
  const entries = await readdir(join(dataDir, "cities")).catch(() => [] as string[]);
  return entries
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** Files in data/cities that look like city files but do not end in .yaml: passed over, so said. */
async function misnamedCityFiles(dataDir: string): Promise<string[]> {
  const entries = await readdir(join(dataDir, "cities")).catch(() => [] as string[]);
  return entries.filter((f) => /\.ya?ml$/i.test(f) && !f.endsWith(".yaml")).sort();
}

export async function loadAndValidate(options: ValidateOptions): Promise<ValidatedData> {
  const { root, dataDir } = options;
  const repeated = options.slugs.filter((slug, i) => options.slugs.indexOf(slug) !== i);
  if (repeated.length > 0) {
    throw new CitypitchError(EXIT.usage, `${[...new Set(repeated)].map((s) => `"${s}"`).join(", ")} named more than once`, [], "name each city once");
  }
  const available = await listCitySlugs(dataDir);
  // A city file must end in .yaml; one ending otherwise (.yml, .YAML) would be passed over in silence.
  const misnamed = await misnamedCityFiles(dataDir);
  const unknown = options.slugs.filter((slug) => !available.includes(slug));
  if (unknown.length > 0) {
    const near = unknown.flatMap((slug) => misnamed.filter((file) => file.replace(/\.[^.]+$/, "").toLowerCase() === slug.toLowerCase()));
    throw new CitypitchError(
      EXIT.usage,
      `no city file for ${unknown.map((s) => `"${s}"`).join(", ")} in ${relative(root, join(dataDir, "cities")) || "."}`,
      [],
      near.length > 0
        ? `found ${near.join(", ")}: city files end in .yaml, so rename ${near.length > 1 ? "them" : "it"} to ${near.map((f) => `${f.replace(/\.[^.]+$/, "")}.yaml`).join(", ")}`
        : SLUG.test(unknown[0]!) && !RESERVED_SLUGS.includes(unknown[0]!)
          ? `available: ${available.join(", ") || "none"}; create one with \`citypitch new ${unknown[0]}\``
          : `available: ${available.join(", ") || "none"}; a city's slug is lower-case letters and digits in words joined by - ("${unknown[0]}" is not one)`,
    );
  }
  const slugs = options.slugs.length > 0 ? options.slugs : available;
  if (slugs.length === 0) {
    throw new CitypitchError(
      EXIT.invalidData,
      `no city files found in ${join(dataDir, "cities")}`,
      [],
      "create one with `citypitch new <slug>`, or start a project folder with `citypitch init`",
    );
  }
  const problems: Problem[] = misnamed.map((file) => ({
    severity: "warning" as const,
    location: { file: relative(root, join(dataDir, "cities", file)) || file },
    path: "",
    message: "not read: city files end in .yaml",
    hint: `rename it to ${file.replace(/\.[^.]+$/, "")}.yaml to build it`,
  }));
  /** Parsed data with its shape verdict; `valid` is false when shape problems were recorded. */
  const shaped = async <T>(file: string, schema: Parameters<typeof checkShape>[0]) => {
    const result = await loadYamlFile(file, root);
    problems.push(...result.problems);
    if (!result.loaded) return undefined;
    const shape = checkShape(schema, result.loaded);
    if (!shape.ok) problems.push(...shape.problems);
    return { value: (shape.ok ? shape.value : result.loaded.data) as T, valid: shape.ok, source: result.loaded, paths: shape.ok ? [] : shape.paths };
  };

  const facts = options.cache === false ? new FontFacts() : FontFacts.forOutput(options.outDir);
  const sources = await shaped<SourceRegistryFile>(join(dataDir, "sources.yaml"), SourceRegistryFile);
  // A project without its own brand gets citypitch's default one, its files inside the package.
  const brandAt = brandSource(dataDir, root);
  const brand = await shaped<BrandFile>(brandAt.file, BrandFile);
  // The indicator catalogue is optional: only projects that compare cities need one.
  const catalogueFile = join(dataDir, "indicators.yaml");
  const catalogue = existsSync(catalogueFile) ? await shaped<IndicatorCatalogue>(catalogueFile, IndicatorCatalogue) : undefined;
  const indicators: IndicatorCatalogue = catalogue?.valid ? catalogue.value : { indicators: {} };
  const cities: ValidatedData["cities"] = [];
  /** Every city file that parsed, valid or not: the glyph check reads text, whatever its shape. */
  const parsed: LoadedYaml[] = [];
  /** Cities with shape problems only in some figures: cross-checked without them, never built. */
  const partial: { city: City; source: LoadedYaml; setAside: Set<string> }[] = [];
  for (const slug of slugs) {
    const city = await shaped<CityFile>(join(dataDir, "cities", `${slug}.yaml`), CityFile);
    if (!city) continue;
    parsed.push(city.source);
    // Cross-field checks trust the types, so they only see data whose shape is valid.
    if (!city.valid) {
      const rest = withoutInvalidParts(CityFile, city.source.data, city.paths);
      if (rest) partial.push({ city: localizeCity(rest.value, rest.value.edition.language), source: city.source, setAside: rest.removed });
      continue;
    }
    if (city.value.slug !== slug) {
      problems.push({
        severity: "error",
        location: locateValue(city.source, ["slug"]),
        path: "slug",
        message: `slug "${city.value.slug}" does not match the file name ${slug}.yaml`,
        hint: "the file name and the slug must agree, since outputs go to output/<slug>/",
      });
    }
    problems.push(...checkLocalisation(city.value, city.source, options.edition));
    cities.push({ city: localizeCity(city.value, city.value.edition.language), file: city.source.file, source: city.source, localised: city.value });
  }
  trace("validate: cities parsed");
  // After the cities, so that the prefetch thread has read the brand's other fonts meanwhile.
  if (brand?.valid) {
    await fontsPrefetched();
    // Fonts parsed for the check stay open only where this thread sets text in them next: a PPTX made
    // alone (src/pptx/text.ts); any other build would hold them to its end unused.
    const files = checkBrandFiles(brand.value, brand.source, brandAt.root, facts, options.formats === undefined || pptxAlone(options.formats), fontCheckFor(options.formats));
    problems.push(...files.problems);
    const colours = readableBrandColours(files.brand, brand.source);
    problems.push(...colours.problems);
    brand.value = colours.brand;
  }
  trace("validate: brand checked");
  if (brand?.valid && !problems.some((p) => p.severity === "error" && p.location.file === brand.source.file)) {
    const base = localizeBrand(brand.value, brand.value.language);
    const covered = brandCoverage(base, [], facts);
    // Ids, paths, URLs and file names are never typeset as prose; every other string is.
    const notShown = (path: PathKey[]) =>
      [
        "source",
        "unit",
        "url",
        "email",
        "file",
        "slug",
        "method",
        "inputs",
        "localLanguage",
        "language",
        "kind",
        "section",
        "labelBy",
        "yearBasis",
        "qualifier",
        "mode",
        "status",
        "stance",
        "highlights",
        "id",
        "date",
      ].includes(String(path.at(-1))) ||
      path[0] === "highlights" ||
      (path[0] === "charts" && path[2] === "figures") ||
      path.includes("inputs");
    for (const source of parsed) problems.push(...checkGlyphs(source.data, source, cityCoverage(base, source.data, facts), notShown));
    if (sources) problems.push(...checkGlyphs(sources.source.data, sources.source, sharedFileCoverage(base, sources.source.data, SourceRegistryFile, facts), notShown));
    // The indicators' labels, units' words and meanings are printed in every portfolio.
    if (catalogue) problems.push(...checkGlyphs(catalogue.source.data, catalogue.source, covered, notShown));
    problems.push(
      ...checkGlyphs(brand.source.data, brand.source, sharedFileCoverage(base, brand.source.data, BrandFile, facts), (path) =>
        path[0] === "fonts" || path[0] === "colours" || path[0] === "logo" ? path[1] !== "alt" : notShown(path),
      ),
    );
  }
  // The brand's and the sources' words are shown in every edition's language.
  const shownIn = cities.flatMap(({ localised }) => editionLanguagesOf(localised, options.edition));
  if (brand?.valid) problems.push(...checkSharedFileLanguages(brand.value, BrandFile, brand.source, shownIn));
  if (sources?.valid) {
    problems.push(...checkSharedFileLanguages(sources.value, SourceRegistryFile, sources.source, shownIn));
    const registry = localizeSources(sources.value, sources.value.language);
    // A catalogue with errors of its own is reported there, not as every figure's unknown indicator.
    const catalogueForChecks = catalogue && !catalogue.valid ? "unreadable" : indicators;
    for (const { city, source } of cities) problems.push(...checkCity(city, source, registry, options, new Set(), catalogueForChecks));
    // Nothing more is said of what was set aside or stood in for: its shape problem says it.
    const aside = (setAside: Set<string>, path: string) => [...setAside].some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
    for (const { city, source, setAside } of partial)
      problems.push(...checkCity(city, source, registry, options, setAside, catalogueForChecks).filter((problem) => !aside(setAside, problem.path ?? "")));
  }

  facts.save();
  const sorted = sortProblems(problems);
  const errors = sorted.filter((p) => p.severity === "error");
  if (errors.length > 0 || !sources?.valid || !brand?.valid || (catalogue && !catalogue.valid)) {
    throw new CitypitchError(EXIT.invalidData, `the data has ${errors.length} error(s)`, sorted, "fix the lines above and run `citypitch check` again");
  }
  return {
    cities,
    brand: localizeBrand(brand.value, brand.value.language),
    sources: localizeSources(sources.value, sources.value.language),
    brandFile: brand.value,
    sourcesFile: sources.value,
    indicators,
    warnings: sorted.filter((p) => p.severity === "warning"),
  };
}

/** The languages a city file's editions are set in (its base language when it declares none); with `only`, that edition's. */
function editionLanguagesOf(city: CityFile, only?: string): string[] {
  const editions = city.editions ?? [];
  if (editions.length === 0) return only === undefined ? [city.edition.language] : [];
  return editions.filter((e) => only === undefined || e.id === only).map((e) => e.language);
}
