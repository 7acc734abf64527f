/**
 * The second layer of validation: rules that span fields, files and the disk. Runs only on data
 * whose shape is already valid, so it can trust the types.
 */
import type { Problem } from "../errors.ts";
import { conversionFactor, UNITS } from "./units.ts";
import { computeDerived, indexFigures, matchesToStatedPrecision, type FigureIndex } from "./figures.ts";
import type { LoadedYaml } from "./load.ts";
import { formatPath, locate, locateValue, type PathKey } from "./locate.ts";
import type { City, IndicatorCatalogue, SourceRegistry } from "./schema.ts";

export interface CheckOptions {
  /** Figures more than this many years older than the edition's `dataAsOf` are flagged. */
  maxFigureAgeYears: number;
}

const asArray = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);
const split = (path: string): PathKey[] => path.split(".");

/**
 * Runs only on a city whose shape is valid: every field has its schema type here. `setAside`
 * names figures removed for shape problems of their own; naming them is not an error here.
 */
export function checkCity(
  city: City,
  source: LoadedYaml,
  registry: SourceRegistry,
  options: CheckOptions,
  setAside: ReadonlySet<string> = new Set(),
  /** "unreadable": the project's catalogue has errors of its own, reported there; figures' indicators are not checked against it. */
  catalogue: IndicatorCatalogue | "unreadable" = { indicators: {} },
): Problem[] {
  const problems: Problem[] = [];
  const error = (path: PathKey[], message: string, hint?: string, atValue = true) =>
    problems.push({ severity: "error", location: (atValue ? locateValue : locate)(source, path), path: formatPath(path), message, hint });
  const warn = (path: PathKey[], message: string, hint?: string) => problems.push({ severity: "warning", location: locate(source, path), path: formatPath(path), message, hint });
  const knownSources = Object.keys(registry.sources);
  const hasSource = (id: string) => Object.hasOwn(registry.sources, id);
  const unknownSourceHint = `known sources: ${knownSources.join(", ") || "(none)"}; add new ones to data/sources.yaml`;

  const figures = indexFigures(city);
  // Without a catalogue, every tagged figure would say the same: said once, at the first, with the count.
  const noCatalogue = catalogue !== "unreadable" && Object.keys(catalogue.indicators).length === 0;
  const tagged = noCatalogue ? [...figures.values()].filter((f) => f.indicator !== undefined).length : 0;
  let untold = true;
  const dataAsOf = typeof city.edition?.dataAsOf === "number" ? city.edition.dataAsOf : undefined;
  for (const [path, figure] of figures) {
    const at = split(path);
    if (figure.source !== undefined && !hasSource(figure.source)) {
      error([...at, "source"], `unknown source id "${figure.source}"`, unknownSourceHint);
    } else if (figure.source !== undefined && figure.qualifier !== "target") {
      // A result from after its source appeared cannot be a result: it would also make every other
      // city's value look years old in a comparison.
      const published = registry.sources[figure.source]!.year;
      if (typeof published === "number" && figure.year > published)
        error(
          [...at, "year"],
          `figure is from ${figure.year}, but its source "${figure.source}" was published in ${published}: a source cannot report results from after it appeared`,
          "correct the year; a plan for that year is a target (qualifier: target)",
        );
      // "As published" tells the reader the year is the source's own: any other year would be
      // printed as "1800, as published" beside a 2008 source.
      else if (typeof published === "number" && figure.yearBasis === "publication" && figure.year !== published)
        error(
          [...at, "year"],
          `figure's year is its source's publication year (yearBasis: publication), but it says ${figure.year} and "${figure.source}" was published in ${published}`,
          `set the year to ${published}, or give the year the figure refers to with yearBasis: stated (or inferred)`,
        );
    }
    if (figure.indicator !== undefined && noCatalogue) {
      if (untold)
        error(
          [...at, "indicator"],
          `figure points at indicator "${figure.indicator}"${tagged > 1 ? `, as ${tagged - 1} other figure(s) of this file do,` : ""} but the project has no indicator catalogue`,
          "add data/indicators.yaml (its schema: schema/indicators.schema.json), or remove the indicator tags",
        );
      untold = false;
    } else if (figure.indicator !== undefined && catalogue !== "unreadable") {
      const indicator = Object.hasOwn(catalogue.indicators, figure.indicator) ? catalogue.indicators[figure.indicator] : undefined;
      if (!indicator) {
        error(
          [...at, "indicator"],
          `unknown indicator "${figure.indicator}"`,
          `indicators in data/indicators.yaml: ${Object.keys(catalogue.indicators).join(", ") || "(none: the project has no data/indicators.yaml)"}`,
        );
      } else if (conversionFactor(figure.unit, indicator.unit) === undefined) {
        error(
          [...at, "unit"],
          `unit ${figure.unit} cannot be compared with indicator "${figure.indicator}", which is measured in ${indicator.unit}`,
          "give the figure the indicator's unit, or point it at another indicator",
        );
      } else {
        // Compared on a value worked back from a newer one the file publishes (last year's
        // throughput from this year's and its growth): the city would be ranked on its older,
        // derived number while its own profile shows the newer, published one.
        const newer = figure.derived?.inputs
          .map((input) => ({ input, found: figures.get(input) }))
          .find(({ found }) => found && found.derived === undefined && found.year > figure.year && conversionFactor(found.unit, indicator.unit) !== undefined);
        if (newer)
          warn(
            [...at, "indicator"],
            `the comparison of "${figure.indicator}" takes this ${figure.year} value, derived from ${newer.input} (${newer.found!.year}), which this file publishes and which is in the indicator's unit`,
            `point ${newer.input} at the indicator instead, unless the comparison is meant to use ${figure.year}`,
          );
      }
    }
    if (figure.source === undefined && figure.derived === undefined) {
      warn(at, "figure has no source", "name a source id from data/sources.yaml, or mark the figure as derived");
    }
    if (figure.qualifier !== "target" && dataAsOf !== undefined && dataAsOf - figure.year > options.maxFigureAgeYears) {
      warn(
        [...at, "year"],
        `figure is from ${figure.year}, more than ${options.maxFigureAgeYears} years before the edition's data year ${dataAsOf}`,
        "update the figure or raise --max-age",
      );
    }
    if (figure.derived && !figure.derived.inputs.some((p) => setAside.has(p))) problems.push(...checkDerivation(path, figures, source));
  }

  asArray(city.charts).forEach((chart, i) => {
    if (!Array.isArray(chart?.figures)) return;
    const chartFigures = chart.figures.map((p, j) => {
      const figure = figures.get(p);
      if (!figure && !setAside.has(p)) error(["charts", i, "figures", j], `chart "${chart.id}" names a figure that does not exist: ${p}`, nearest(p, figures));
      return figure;
    });
    if (city.charts.findIndex((c) => c.id === chart.id) !== i) error(["charts", i, "id"], `duplicate chart id "${chart.id}"`);
    if (chart.labels && chart.labels.length !== chart.figures.length) {
      error(["charts", i, "labels"], `has ${chart.labels.length} labels for ${chart.figures.length} figures`);
    }
    const units = new Set(chartFigures.filter((f) => f !== undefined).map((f) => f.unit));
    if ((chart.kind === "bar" || chart.kind === "hbar") && units.size > 1) {
      error(["charts", i, "figures"], `chart "${chart.id}" mixes units (${[...units].join(", ")}) on one axis`, "split it into one chart per unit");
    }
    // The bar charts draw amounts from a zero baseline at their edge, labelled at the bar's end: a
    // negative value would be drawn as a positive one (a decline read as the largest bar).
    chartFigures.forEach((f, j) => {
      if (f && (chart.kind === "bar" || chart.kind === "hbar") && (f.value < 0 || (f.upper ?? 0) < 0))
        error(
          ["charts", i, "figures", j],
          `chart "${chart.id}" plots a negative value (${chart.figures[j]}: ${f.value}): its bars show amounts from zero`,
          "show a change as a figure (a tile or a table row) rather than a bar, or chart the amounts it changed between",
        );
    });
    const sizes = chartFigures.filter((f) => f !== undefined && f.value !== 0).map((f) => Math.abs(f!.value));
    if ((chart.kind === "bar" || chart.kind === "hbar") && sizes.length > 1 && Math.min(...sizes) / Math.max(...sizes) < 0.001) {
      warn(
        ["charts", i, "figures"],
        `chart "${chart.id}" plots values more than a thousand times apart: the smaller bars are drawn as slivers`,
        "plot the small and the large values in separate charts, or show them in a table",
      );
    }
    if (chart.kind === "share" && chartFigures.some((f) => f && UNITS[f.unit] && !("share" in UNITS[f.unit]))) {
      error(["charts", i, "kind"], `a share chart shows only share-percent figures`);
    }
  });

  asArray(city.highlights).forEach((p, i) => {
    if (!figures.has(p) && !setAside.has(p)) error(["highlights", i], `highlight names a figure that does not exist: ${p}`, nearest(p, figures));
    const first = asArray(city.highlights).indexOf(p);
    if (first < i)
      warn(
        ["highlights", i],
        `highlight repeats highlights[${first}] (${p}): the at-a-glance page shows the same tile twice`,
        "name another figure, or add one to the city file to show",
      );
  });
  asArray(city.policy?.documents).forEach((doc, i) => {
    if (doc?.source !== undefined && !hasSource(doc.source)) {
      error(["policy", "documents", i, "source"], `unknown source id "${doc.source}"`, unknownSourceHint);
    }
  });
  problems.push(...checkPlaceholders(city, source));
  return problems;
}

/** Text still saying TODO (left from `citypitch new`) must not reach an investor unnoticed. */
function checkPlaceholders(data: unknown, source: LoadedYaml): Problem[] {
  const found: Problem[] = [];
  const walk = (node: unknown, path: PathKey[]) => {
    if (typeof node === "string" && /^TODO\b/.test(node.trim())) {
      found.push({
        severity: "warning",
        location: locateValue(source, path),
        path: formatPath(path),
        message: "still a TODO placeholder",
        hint: "write the real text or remove the field",
      });
    } else if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else if (typeof node === "object" && node !== null) for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(data, []);
  return found;
}

/** The chain of derivations that leads from `path` back to itself, if there is one. */
export function derivationCycle(path: string, figures: FigureIndex): string[] | undefined {
  const walk = (current: string, chain: string[]): string[] | undefined => {
    for (const input of figures.get(current)?.derived?.inputs ?? []) {
      if (input === path) return [...chain, input];
      if (chain.includes(input)) continue;
      const found = walk(input, [...chain, input]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(path, [path]);
}

function checkDerivation(path: string, figures: FigureIndex, source: LoadedYaml): Problem[] {
  const figure = figures.get(path)!;
  const derivation = figure.derived!;
  const at = split(path);
  const cycle = derivationCycle(path, figures);
  if (cycle) {
    const first = cycle[1]!;
    return [
      {
        severity: "error",
        location: locateValue(source, [...at, "derived", "inputs", Math.max(0, derivation.inputs.indexOf(first))]),
        path: `${path}.derived.inputs`,
        message: cycle.length === 2 ? "the figure is derived from itself" : `derivation cycle: ${cycle.join(" → ")}`,
        hint: "a derived figure must come from published figures in the end: name the figures it is computed from",
      },
    ];
  }
  const inputs = derivation.inputs.map((p) => figures.get(p));
  const missing = derivation.inputs.filter((_, j) => !inputs[j]);
  if (missing.length > 0) {
    return missing.map((p) => ({
      severity: "error",
      location: locateValue(source, [...at, "derived", "inputs", derivation.inputs.indexOf(p)]),
      path: `${path}.derived.inputs`,
      message: `derived from a figure that does not exist: ${p}`,
      hint: nearest(p, figures),
    }));
  }
  if (inputs.some((f) => typeof f?.value !== "number")) return [];
  const computed = computeDerived(derivation, inputs as NonNullable<(typeof inputs)[number]>[]);
  if (typeof computed === "string") {
    return [{ severity: "error", location: locate(source, [...at, "derived"]), path: `${path}.derived`, message: computed }];
  }
  if (!matchesToStatedPrecision(figure.value, computed)) {
    return [
      {
        severity: "error",
        location: locateValue(source, [...at, "value"]),
        path: `${path}.value`,
        message: `derived value ${figure.value} does not match its inputs: ${derivation.method} gives ${round(computed, 4)}`,
        hint: "correct the value or its inputs; the value is checked to the decimals it is written with",
      },
    ];
  }
  return [];
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** A "did you mean" for a mistyped figure path. */
function nearest(path: string, figures: FigureIndex): string | undefined {
  const leaf = path.split(".").at(-1)!.toLowerCase();
  const candidates = [...figures.keys()].filter((p) => p.toLowerCase().endsWith(leaf) || p.split(".").at(-1)!.toLowerCase().includes(leaf));
  return candidates.length > 0 ? `did you mean ${candidates.slice(0, 3).join(" or ")}?` : undefined;
}
