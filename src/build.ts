/**
 * The build, as a list of stages: load → validate → derive → charts → brochure / deck → write.
 * Each stage lives in its own module; this file only orders them.
 */
import { EXIT, type ExitCode } from "./errors.ts";
import { printWarnings, validateForRun } from "./commands/check.ts";
import { createCityContext } from "./content/context.ts";
import { chartsStage } from "./charts/stage.ts";
import { brochureStage } from "./brochure/stage.ts";
import { deckStage } from "./deck/stage.ts";
import { BuildLog } from "./log.ts";
import type { Options } from "./options.ts";
import { Staging } from "./output.ts";

export async function runBuild(slugs: readonly string[], options: Options): Promise<ExitCode> {
  const data = await validateForRun(slugs, options);
  const contexts = data.cities.map(({ city }) => createCityContext(city, data.brand, data.sources, options));
  const staging = await Staging.create(options.outDir);
  const log = new BuildLog();
  const input = { contexts, staging, log, options };
  try {
    const charts = await chartsStage(input);
    if (options.formats.has("brochure")) await brochureStage(input, charts);
    const deckFailure = await deckStage(input, charts);
    await staging.commit(
      contexts.map((c) => c.city.slug),
      options.formats,
    );
    log.summary(contexts.length);
    printWarnings(data);
    if (deckFailure) throw deckFailure;
    return EXIT.ok;
  } finally {
    await staging.discard();
  }
}
