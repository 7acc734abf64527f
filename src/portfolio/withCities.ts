/**
 * `citypitch portfolio <id> --with-cities`: the portfolio's cities built into <out>/<slug>/ and the
 * portfolio into <out>/portfolio/<id>/ in one run, which costs far less than a `build` and then a
 * `portfolio`: the data is validated once, one browser and one second lane serve both, and the
 * portfolio's work fills the time the cities' build waits on the browser. The compendium is laid out
 * on the lane beside the brochures, its charts are the pictures the cities' build just drew, and the
 * comparison deck takes turns in the browser with the city decks. Each folder is committed as a
 * run of its own would commit it: the cities' first, then the portfolio's.
 */
import { runBuild, type Companion } from "../build.ts";
import { makePortfolio, openPortfolioFolder, failedFiles } from "../commands/portfolio.ts";
import { sharedDeckBrowser } from "../deck/session.ts";
import { CitypitchError, type ExitCode } from "../errors.ts";
import type { BuildLog } from "../log.ts";
import type { Options } from "../options.ts";
import type { ChartsBySlug } from "../stage.ts";
import { trace } from "../trace.ts";
import { checkPortfolio, readPortfolio, type LoadedPortfolio, type ReadPortfolio } from "./load.ts";

export async function runPortfolioWithCities(id: string, options: Options): Promise<ExitCode> {
  const read = await readPortfolio(id, options);
  let loaded: LoadedPortfolio | undefined;
  return runBuild(read.portfolio.cities, options, {
    // The portfolio is checked with its cities: every problem of both is reported at once.
    load: async () => (loaded = await checkPortfolio(read, options)).data,
    companion: (run) => portfolioCompanion(read, loaded!, options, run),
  });
}

/**
 * The portfolio as a companion of its cities' build (build.ts). It takes its output folder and joins
 * the build's browser at once, so the browser stays up for its deck once the city decks are done;
 * it starts when the cities' charts are drawn.
 */
function portfolioCompanion(read: ReadPortfolio, loaded: LoadedPortfolio, options: Options, run: { log: BuildLog; stagingDir: string; decks: number }): Companion {
  const deckFormats = (["md", "html", "pdf"] as const).filter((f) => options.formats.has(f));
  // Its time limit counts the cities' decks too, should this be the first to ask for the browser.
  const browser = deckFormats.length > 0 ? sharedDeckBrowser(run.stagingDir, deckFormats, run.decks + 1) : undefined;
  let handedOver = false;
  const folder = openPortfolioFolder(options, read.id);
  folder.catch(() => undefined);
  let work: Promise<{ failures: CitypitchError[] }> | undefined;
  let finishing: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finishing = resolve));
  const start = (drawn: ChartsBySlug) =>
    (work ??= (async () => {
      const { output } = await folder;
      // The cities' decks go first: the browser is the longest stretch of the build, so the work
      // this thread does for the portfolio waits until the browser has a city deck in hand, and
      // then fills the time this thread would wait on the browser (unless no city deck is made).
      const session = await browser?.session;
      if (session && !(session instanceof CitypitchError)) await Promise.race([session.inUse, finished]);
      trace("portfolio: start, beside the cities");
      return makePortfolio(loaded, options, output, { browser, handOver: () => (handedOver = true), log: run.log, drawn });
    })());
  const settle = async (committed: boolean) => {
    if (browser && !handedOver) await browser.close();
    const taken = await folder.catch(() => undefined);
    await taken?.release(committed);
  };
  return {
    chartsDrawn(charts) {
      start(charts).catch(() => undefined);
    },
    async finish() {
      finishing();
      let committed = false;
      try {
        const made = await start(new Map());
        committed = true;
        return made.failures.length > 0 ? failedFiles(made.failures) : undefined;
      } finally {
        await settle(committed);
      }
    },
    async abandon() {
      // What was begun finishes (its processes write into the staging folder) and is thrown away.
      await work?.catch(() => undefined);
      await settle(false);
    },
  };
}
