/**
 * The build, as a list of stages: load → validate → derive → charts → brochure / deck → write.
 * Each stage lives in its own module; this file only orders them.
 */
import { CitypitchError, EXIT, type ExitCode } from "./errors.ts";
import { printWarnings, validateForRun } from "./commands/check.ts";
import { editionContexts, unknownEdition } from "./content/context.ts";
import { everyArtifactCached, mayReuse, runStagesCached, type CachedStage, type ChartsStage } from "./cache/layer.ts";
import { killAllChildren } from "./exec.ts";
import { BuildLog } from "./log.ts";
import type { Format, Options } from "./options.ts";
import type { CityContext } from "./context.ts";
import type { CityFile } from "./data/schema.ts";
import type { EditionPlan } from "./output.ts";
import { openOutputFolder } from "./outputFolder.ts";
import type { ChartsBySlug, FormatFailure, StageInput } from "./stage.ts";
import type { ValidatedData } from "./data/validate.ts";

/**
 * The stages in the order they run, each with the formats it makes. They are loaded only when the
 * cache (src/cache/) lacks something they make: a build with nothing changed loads no renderer.
 */
const CHARTS: ChartsStage = { run: async (input) => (await import("./charts/stage.ts")).chartsStage(input) };
const STAGES: readonly CachedStage[] = [
  // On the second lane (a worker thread): the brochure takes the other core while the deck drives the browser.
  { formats: ["brochure"], run: async (input, charts) => (await import("./lanes/lane.ts")).brochureOnLane(input, charts) },
  {
    // The handout too: it is printed from the decks this stage fits, so no deck is fitted twice.
    formats: ["md", "html", "pdf", "pptx-images", "handout"],
    // The browser starts while the charts are drawn.
    prepare: async (input) => {
      // Its code loads meanwhile, as the browser starts.
      void import("./deck/stage.ts");
      return (await import("./deck/session.ts")).prepareDeck(input);
    },
    run: async (input, charts) => (await import("./deck/stage.ts")).deckStage(input, charts),
  },
  {
    // On the second lane, begun beside the charts, when this thread has other work (src/lanes/lane.ts).
    formats: ["pptx"],
    pictures: false,
    prepare: async (input) => (await import("./lanes/lane.ts")).preparePptx(input),
    run: async (input, charts) => (await import("./lanes/lane.ts")).pptxOnLane(input, charts),
  },
];

/** The run makes every format some edition is made in (an edition may opt into the handout). */
const runOptions = (options: Options, contexts: readonly CityContext[]): Options => ({ ...options, formats: new Set(contexts.flatMap((c) => [...c.options.formats])) });

/** What a command may add to a build of cities (`citypitch portfolio <id> --with-cities`). */
export interface BuildPlan {
  /** The data, loaded and validated by the caller, which may check more than the cities (a portfolio of them). */
  load?: () => Promise<ValidatedData>;
  /** Work that rides along the build, begun once the data is valid. */
  companion?: (run: { data: ValidatedData; log: BuildLog; stagingDir: string; decks: number }) => Companion;
}

/** Work that rides along a build, using what it makes as it makes it; it writes an output folder of its own. */
export interface Companion {
  /** The cities' charts are drawn (a chart the cache held is not among them). Called at most once. */
  chartsDrawn(charts: ChartsBySlug): void;
  /** Called once the cities are committed: finishes, commits its own output, and says what failed. */
  finish(): Promise<CitypitchError | undefined>;
  /** The build stopped before `finish`: whatever was begun is stopped and nothing is written. */
  abandon(): Promise<void>;
}

export async function runBuild(slugs: readonly string[], options: Options, plan: BuildPlan = {}): Promise<ExitCode> {
  // A build that will surely make a deck starts its browser now, beside validation (src/deck/session.ts).
  const release = mayReuse(options) ? undefined : (await import("./deck/session.ts")).startBuildBrowserEarly(slugs, options);
  try {
    return await buildWith(slugs, options, plan);
  } finally {
    await release?.();
  }
}

async function buildWith(slugs: readonly string[], options: Options, plan: BuildPlan): Promise<ExitCode> {
  // The second core loads the renderers while this one validates (src/lanes/); not when the cache
  // may hold the build, since a build with nothing changed must load no renderer at all.
  const fresh = !mayReuse(options);
  if (fresh) void import("./lanes/lane.ts").then((lanes) => lanes.warmLane(options.formats));
  const data = await validateForRun(slugs, options, {
    templatesProven: (contexts) => everyArtifactCached(contexts, options),
    loaded: plan.load?.(),
    // A build that reuses nothing surely makes the PPTX of every edition that asks for it: the
    // second core begins it now, beside the template dry run, rather than idling until the charts.
    contextsMade: fresh ? async (contexts) => (await import("./lanes/lane.ts")).beginPptxEarly(contexts, runOptions(options, contexts)) : undefined,
  }).catch(async (error: unknown) => {
    // A template that fails its dry run ends the build now, not once that PPTX is made.
    if (fresh) (await import("./lanes/lane.ts")).abandonEarlyPptx();
    throw error;
  });
  // One context per edition of each city (one for a city that declares none); --edition picks one.
  const contexts = data.contexts ?? data.cities.flatMap(({ localised }) => editionContexts(localised, data.brandFile, data.sourcesFile, options, options.edition));
  if (options.edition !== undefined && contexts.length === 0)
    throw unknownEdition(
      options.edition,
      data.cities.map((c) => c.localised),
    );
  const built = [...new Set(contexts.map((c) => c.city.slug))];
  const run = runOptions(options, contexts);
  const output = await openOutputFolder(options.outDir, built, killAllChildren);
  const log = new BuildLog();
  await log.goLive();
  const input = { contexts, staging: output.staging, log, options: run };
  const companion = plan.companion?.({ data, log, stagingDir: output.staging.dir, decks: contexts.length });
  let finished = false;
  try {
    // The companion hears of the charts when the first stage is handed them, or else (the cache
    // held everything) once the stages are done.
    let told = false;
    const tell = (charts: ChartsBySlug) => {
      if (!told) companion?.chartsDrawn(charts);
      told = true;
    };
    const stages = companion
      ? STAGES.map((stage) => ({
          ...stage,
          run: (input: StageInput, charts: ChartsBySlug) => {
            tell(charts);
            return stage.run(input, charts);
          },
        }))
      : STAGES;
    const { failures, save } = await runStagesCached(input, CHARTS, stages);
    tell(new Map());
    await output.staging.commit(
      built,
      run.formats,
      failures,
      editionPlans(
        data.cities.map((c) => c.localised),
        contexts,
      ),
    );
    save();
    finished = true;
    // The companion's own failure (thrown or returned) is reported with the cities', not instead of them.
    let companionFailure: CitypitchError | undefined;
    try {
      companionFailure = await companion?.finish();
    } catch (error) {
      if (!(error instanceof CitypitchError)) throw error;
      companionFailure = error;
    }
    log.summary(built.length);
    printWarnings(data);
    for (const left of output.staging.leftBehind) console.error(`citypitch: warning: could not remove ${left}`);
    const failure = failures.length > 0 ? failedFormats(failures) : undefined;
    if (failure && companionFailure)
      throw new CitypitchError(failure.exitCode, `${failure.message}\n${companionFailure.message}`, [...failure.problems, ...companionFailure.problems], failure.hint);
    if (failure ?? companionFailure) throw failure ?? companionFailure;
    return EXIT.ok;
  } finally {
    if (companion && !finished) await companion.abandon();
    log.stopLive();
    await output.close();
  }
}

/**
 * Every edition each built city declares, with the formats this build made of it: nothing for an
 * edition --edition left out, so its files are kept as they were. A city without editions has its
 * default edition, made in its own formats.
 */
function editionPlans(files: readonly CityFile[], contexts: readonly CityContext[]): Map<string, EditionPlan[]> {
  const plans = new Map<string, EditionPlan[]>();
  for (const file of files) {
    const made = (id: string) => contexts.find((c) => c.city.slug === file.slug && c.edition.id === id)?.options.formats ?? new Set<Format>();
    const declared = file.editions ?? [];
    plans.set(
      file.slug,
      declared.length === 0
        ? [{ folder: "", formats: made("default") }]
        : declared.map((edition) => ({ folder: edition.id, language: edition.language, formats: made(edition.id) })),
    );
  }
  return plans;
}

/** One error for every format that failed, with the exit code of the first, saying what was kept. */
function failedFormats(failures: readonly FormatFailure[]): CitypitchError {
  const lines = failures.map((f) => `${f.format} (${f.slugs.join(", ")}): ${f.error.message}`);
  const hints = [...new Set(failures.map((f) => f.error.hint).filter(Boolean))];
  return new CitypitchError(
    failures[0]!.error.exitCode,
    `${failures.length === 1 ? "a format" : `${failures.length} formats`} could not be built; every other format was written, and the previous build's files of the failed ones were kept:\n  ${lines.join("\n  ")}`,
    failures.flatMap((f) => f.error.problems),
    hints.join("\n      "),
  );
}
