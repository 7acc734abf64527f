import { join, relative } from "node:path";
import { CitypitchError, EXIT, formatProblems, sortProblems, type ExitCode } from "../errors.ts";
import type { DryRunProof } from "../cache/checked.ts";
import type { TemplateKinds } from "../content/dryRun.ts";
import { indexFigures } from "../data/figures.ts";
import { loadAndValidate, type ValidatedData } from "../data/validate.ts";
import { trace } from "../trace.ts";
import { pptxAlone } from "../data/prefetch.ts";
import type { Format, Options } from "../options.ts";
import type { CityContext } from "../context.ts";
import { forgetParsedTemplates } from "../brochure/parsedTemplates.ts";

/** What a caller of validateForRun may add. */
export interface ValidationHooks {
  /** Whether the dry run may be skipped: a build whose cache holds every artifact of these contexts. */
  templatesProven?: (contexts: readonly CityContext[]) => boolean;
  /** `check`'s proof that the dry run passed on exactly these inputs before (src/cache/checked.ts). */
  proofOf?: (data: ValidatedData) => Promise<DryRunProof>;
  /** The data, loaded and validated already by the caller (a portfolio with its cities). */
  loaded?: Promise<ValidatedData>;
  /** Work to begin once the editions are known, before the templates are dry-run beside it. */
  contextsMade?: (contexts: readonly CityContext[]) => Promise<void>;
}

/**
 * Validation shared by `check` and `build`: the data, then the templates of the formats the run
 * makes dry-run against it (all of them for a `check` of the default formats), so `check` finds
 * whatever `build` would stumble on; every problem at once, warnings fatal under --strict.
 * `proofOf` (check's, src/cache/checked.ts) may find the dry run passed on exactly these inputs
 * before: then neither the contexts nor the renderers' code are loaded at all.
 */
export async function validateForRun(
  slugs: readonly string[],
  options: Options,
  { templatesProven, proofOf, loaded, contextsMade }: ValidationHooks = {},
): Promise<ValidatedData & { contexts?: readonly CityContext[] }> {
  trace("validate: start");
  forgetParsedTemplates();
  // Only a build (which asks about its cached artifacts) makes the PPTX: `check` loads no renderer.
  if (templatesProven && pptxAlone(options.formats)) warmPptx();
  const data = (await loaded) ?? (await loadAndValidate({ ...options, slugs }));
  trace("validate: data checked");
  if (options.edition !== undefined && !data.cities.some((c) => c.localised.editions?.some((e) => e.id === options.edition))) {
    throw (await import("../content/context.ts")).unknownEdition(
      options.edition,
      data.cities.map((c) => c.localised),
    );
  }
  const proof = await proofOf?.(data);
  if (proof?.proven) return withoutFatalWarnings(data, options);
  const { editionContexts } = await import("../content/context.ts");
  // The contexts read the message files, which the prefetch thread may be parsing this moment.
  await (await import("../data/prefetch.ts")).messagesPrefetched();
  // Every edition (or the one --edition names) is dry-run: each has its own language's messages, sections and contact.
  const cities = data.cities.flatMap(({ localised, source }) =>
    editionContexts(localised, data.brandFile, data.sourcesFile, options, options.edition).map((ctx) => ({ ctx, source })),
  );
  trace("validate: contexts made");
  const contexts = cities.map((c) => c.ctx);
  await contextsMade?.(contexts);
  // `build` skips the dry run when an earlier build that passed it made every artifact from these
  // very templates and data (the cache holds them all under keys of both: src/cache/).
  const proven = templatesProven?.(contexts) ?? false;
  // Only the templates of the formats this run makes: a build of the PPTX alone renders neither
  // the brochure's nor the deck's templates, so it does not load or compile them either.
  const kinds = templateKinds(contexts);
  const problems = proven || (!kinds.brochure && !kinds.deck) ? [] : sortProblems(await (await import("../content/dryRun.ts")).dryRunTemplates(cities, options.root, kinds));
  // `check` also lays out the editable PowerPoint (no browser, no chart drawn) and draws every
  // chart as the build does (not encoded): a title, or a chart's text, that cannot fit is found
  // here, every one at once, not first by `build`. (A build makes both anyway, and reports the
  // same problems then.)
  if (!templatesProven && problems.length === 0)
    problems.push(...(await pptxProblems(contexts)), ...sortProblems((await import("../charts/check.ts")).chartTextProblems(contexts)));
  if (problems.length > 0) {
    const dataProblem = problems.some((p) => data.cities.some((c) => c.file === p.location.file));
    throw new CitypitchError(
      dataProblem ? EXIT.invalidData : EXIT.renderFailed,
      `${problems.length} problem(s) found while rendering the templates`,
      problems,
      dataProblem ? "fix the lines above and run `citypitch check` again" : "fix the template lines above and run `citypitch check` again",
    );
  }
  if (!proven) proof?.passed();
  trace("validate: templates checked");
  // The build goes on from these very contexts rather than making them again.
  return { ...withoutFatalWarnings(data, options), contexts };
}

/** What laying out the editable PowerPoint of each edition that makes one finds, located. */
async function pptxProblems(contexts: readonly CityContext[]) {
  const making = contexts.filter((ctx) => ctx.options.formats.has("pptx"));
  if (making.length === 0) return [];
  const [{ tasks, contextData }] = await Promise.all([import("../lanes/tasks.ts")]);
  const result = await tasks.pptx(making.map(contextData), making[0]!.options, []);
  return sortProblems(
    result.failures.flatMap((failure) =>
      failure.error.problems.length > 0
        ? failure.error.problems
        : failure.slugs.map((slug) => ({
            severity: "error" as const,
            location: { file: relative(making[0]!.options.root, join(making[0]!.options.dataDir, "cities", `${slug.split("/")[0]}.yaml`)) },
            path: "",
            message: failure.error.message,
          })),
    ),
  );
}

/** The template sets some edition of the run renders: the brochure's, and the Marp deck's (every format made from its Markdown). */
export function templateKinds(contexts: readonly CityContext[]): TemplateKinds {
  const formats = new Set(contexts.flatMap((ctx) => [...ctx.options.formats]));
  return { brochure: formats.has("brochure"), deck: DECK_TEMPLATE_FORMATS.some((f) => formats.has(f)) };
}
const DECK_TEMPLATE_FORMATS: readonly Format[] = ["md", "html", "pdf", "pptx-images", "handout"];

/**
 * Loads the PPTX's code while this thread waits for the prefetch thread's files and fonts
 * (prefetch.ts, pptxAlone): loading it when the stage starts would put it on the build's critical path.
 */
function warmPptx(): void {
  void import("../pptx/stage.ts").catch(() => undefined);
}

function withoutFatalWarnings(data: ValidatedData, options: Options): ValidatedData {
  if (options.strict && data.warnings.length > 0) {
    throw new CitypitchError(EXIT.invalidData, `${data.warnings.length} warning(s), and --strict makes them errors`, data.warnings);
  }
  return data;
}

export function printWarnings(data: ValidatedData): void {
  if (data.warnings.length === 0) return;
  console.error(`\n${data.warnings.length} warning(s):\n${formatProblems(data.warnings)}`);
}

async function dryRunProofOf(data: ValidatedData, options: Options): Promise<DryRunProof> {
  return (await import("../cache/checked.ts")).dryRunProof(data, options);
}

export async function runCheck(slugs: readonly string[], options: Options): Promise<ExitCode> {
  // Only `check` keeps its own proof: `build` has the proof of its cached artifacts.
  const data = await validateForRun(slugs, options, { proofOf: (validated) => dryRunProofOf(validated, options) });
  for (const { city, file } of data.cities) {
    const figures = indexFigures(city);
    const derived = [...figures.values()].filter((f) => f.derived).length;
    console.log(`ok  ${file}: ${figures.size} figures (${derived} derived), ${city.charts.length} charts, ${city.highlights.length} highlights`);
  }
  printWarnings(data);
  console.log(`\n${data.cities.length} city file(s) checked: no errors, ${data.warnings.length} warning(s).`);
  return EXIT.ok;
}
