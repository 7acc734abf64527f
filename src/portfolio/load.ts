/**
 * A portfolio file (data/portfolios/<id>.yaml) with everything it names checked: its cities exist
 * and are valid (a city with errors stops the portfolio with them, never a half compendium), its
 * indicators are in the catalogue. Problems are located like every other data problem.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { brandCoverage, checkGlyphs } from "../data/glyphs.ts";
import type { PathKey } from "../data/locate.ts";
import { CitypitchError, EXIT, sortProblems, type Problem } from "../errors.ts";
import { loadYamlFile, type LoadedYaml } from "../data/load.ts";
import { locateValue } from "../data/locate.ts";
import { Portfolio } from "../data/schema.ts";
import { checkShape } from "../data/shape.ts";
import { listCitySlugs, loadAndValidate, type ValidatedData } from "../data/validate.ts";
import { localizeBrand, localizeSources } from "../data/localize.ts";
import type { Options } from "../options.ts";

export interface LoadedPortfolio {
  id: string;
  portfolio: Portfolio;
  source: LoadedYaml;
  data: ValidatedData;
}

export async function listPortfolios(dataDir: string): Promise<string[]> {
  const { readdir } = await import("node:fs/promises");
  const entries = await readdir(join(dataDir, "portfolios")).catch(() => [] as string[]);
  return entries
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

export async function loadPortfolio(id: string, options: Options): Promise<LoadedPortfolio> {
  return checkPortfolio(await readPortfolio(id, options), options);
}

/** The portfolio file, read and of the right shape; what it names is not checked yet (checkPortfolio). */
export type ReadPortfolio = Pick<LoadedPortfolio, "id" | "portfolio" | "source">;

export async function readPortfolio(id: string, options: Options): Promise<ReadPortfolio> {
  const file = join(options.dataDir, "portfolios", `${id}.yaml`);
  if (!existsSync(file)) {
    const known = await listPortfolios(options.dataDir);
    throw new CitypitchError(
      EXIT.usage,
      `no portfolio "${id}" in ${relative(options.root, join(options.dataDir, "portfolios")) || "."}`,
      [],
      `available: ${known.join(", ") || "none"}`,
    );
  }
  const loaded = await loadYamlFile(file, options.root);
  if (!loaded.loaded) throw new CitypitchError(EXIT.invalidData, "the portfolio file cannot be read", loaded.problems);
  const source = loaded.loaded;
  const shape = checkShape(Portfolio, source);
  if (!shape.ok)
    throw new CitypitchError(
      EXIT.invalidData,
      `the portfolio has ${shape.problems.length} error(s)`,
      sortProblems(shape.problems),
      "fix the lines above and run the command again",
    );
  // Its cities' files and the project's are parsed on the second core while this one loads the
  // renderers, as a build's are (src/data/prefetch.ts); a city it does not name is not read.
  (await import("../data/prefetch.ts")).prefetchProject(options, shape.value.cities, "build");
  return { id, portfolio: shape.value, source };
}

/** The portfolio with its cities validated (loadAndValidate) and its indicators found in the catalogue. */
export async function checkPortfolio({ id, portfolio, source }: ReadPortfolio, options: Options): Promise<LoadedPortfolio> {
  const problems: Problem[] = [];
  const available = await listCitySlugs(options.dataDir);
  portfolio.cities.forEach((slug, i) => {
    if (!available.includes(slug)) {
      problems.push({
        severity: "error",
        location: locateValue(source, ["cities", i]),
        path: `cities[${i}]`,
        message: `no city file for "${slug}"`,
        hint: `available: ${available.join(", ") || "none"}`,
      });
    }
    if (portfolio.cities.indexOf(slug) !== i)
      problems.push({ severity: "error", location: locateValue(source, ["cities", i]), path: `cities[${i}]`, message: `"${slug}" is named twice` });
  });
  const known = available.filter((slug) => portfolio.cities.includes(slug));
  // Each city is validated with the rest of the data; its errors stop the portfolio, all reported.
  let data: ValidatedData | undefined;
  try {
    data = await loadAndValidate({ ...options, slugs: [...new Set(known)] });
  } catch (error) {
    if (!(error instanceof CitypitchError) || problems.length === 0) throw error;
    problems.push(...error.problems);
  }
  const catalogue = data?.indicators.indicators ?? {};
  const seen = new Set<string>();
  portfolio.groups.forEach((group, g) =>
    group.indicators.forEach(({ id: indicator }, i) => {
      const at = ["groups", g, "indicators", i, "id"];
      if (!Object.hasOwn(catalogue, indicator)) {
        problems.push({
          severity: "error",
          location: locateValue(source, at),
          path: `groups[${g}].indicators[${i}].id`,
          message: `unknown indicator "${indicator}"`,
          hint: `indicators in data/indicators.yaml: ${Object.keys(catalogue).join(", ") || "(none)"}`,
        });
      } else if (seen.has(indicator)) {
        problems.push({ severity: "error", location: locateValue(source, at), path: `groups[${g}].indicators[${i}].id`, message: `indicator "${indicator}" is compared twice` });
      }
      seen.add(indicator);
    }),
  );
  if (data) {
    // The portfolio's own words (title, subtitle, group titles, audience) are printed in the
    // cities' language, as the city files' words are checked (src/data/glyphs.ts).
    const languages = [...new Set(data.cities.map(({ city }) => city.edition?.language ?? "en"))];
    const notShown = (path: PathKey[]) => path[0] === "cities" || ["id", "rank", "maxYearSpread"].includes(String(path.at(-1)));
    problems.push(...checkGlyphs(source.data, source, brandCoverage(data.brand, languages), notShown));
  }
  if (problems.length > 0 || !data) {
    throw new CitypitchError(EXIT.invalidData, `the portfolio "${id}" has ${problems.length} error(s)`, sortProblems(problems), "fix the lines above and run the command again");
  }
  // The brand's words and the sources' notes in the portfolio's language: its first city's, which
  // its model sets every word in (model.ts).
  const language = data.cities.find(({ city }) => city.slug === portfolio.cities[0])?.city.edition.language ?? data.brand.language;
  return { id, portfolio, source, data: { ...data, brand: localizeBrand(data.brandFile, language), sources: localizeSources(data.sourcesFile, language) } };
}
