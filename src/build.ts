/**
 * The build, as a list of stages: load → validate → derive → charts → brochure / deck → write.
 * Each stage lives in its own module; this file only orders them.
 */
import { CitypitchError, EXIT, type ExitCode } from "./errors.ts";
import { printWarnings, validateForRun } from "./commands/check.ts";
import { createCityContext } from "./content/context.ts";
import { chartsStage } from "./charts/stage.ts";
import { brochureStage } from "./brochure/stage.ts";
import { deckStage } from "./deck/stage.ts";
import { pptxStage } from "./pptx/stage.ts";
import { killAllChildren } from "./exec.ts";
import { BuildLog } from "./log.ts";
import type { Options } from "./options.ts";
import { openOutputFolder } from "./outputFolder.ts";
import type { FormatFailure } from "./stage.ts";

export async function runBuild(slugs: readonly string[], options: Options): Promise<ExitCode> {
  const data = await validateForRun(slugs, options);
  const contexts = data.cities.map(({ city }) => createCityContext(city, data.brand, data.sources, options));
  const output = await openOutputFolder(options.outDir, contexts.map((c) => c.city.slug), killAllChildren);
  const log = new BuildLog();
  const input = { contexts, staging: output.staging, log, options };
  try {
    const charts = await chartsStage(input);
    const failures = [...(await brochureStage(input, charts)), ...(await deckStage(input, charts)), ...(await pptxStage(input, charts))];
    await output.staging.commit(
      contexts.map((c) => c.city.slug),
      options.formats,
      failures,
    );
    log.summary(contexts.length);
    printWarnings(data);
    if (failures.length > 0) throw failedFormats(failures);
    return EXIT.ok;
  } finally {
    await output.close();
  }
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
