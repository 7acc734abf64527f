/**
 * The comparison deck measured in Chromium before anything is written, as the city decks are
 * (src/deck/fit.ts, whose engine and measuring this reuses): a table slide whose rows run outside
 * the slide's safe area goes on over one more slide, the cities shared evenly, until every slide
 * fits. A slide that still does not fit (one city's row taller than a slide, a title or a city's
 * highlights too long) stops the deck with exit 4, naming the slide and the field to shorten.
 */
import { join, relative } from "node:path";
import type { TemplateSet } from "../content/templates.ts";
import { locateFieldInFile, locateValue, type PathKey } from "../data/locate.ts";
import { howItRunsOver, measurePage, type SlideMeasure } from "../deck/fit.ts";
import { loadDeckPage } from "../deck/pageLoad.ts";
import type { PrintableDeck } from "../deck/print.ts";
import type { PageLease } from "../deck/session.ts";
import { CitypitchError, EXIT, type Problem } from "../errors.ts";
import { DENSITIES } from "../deck/model.ts";
import { deckTables, initialPlan, renderComparisonDeck, type DeckPlan } from "./deck.ts";
import { buildPortfolioModel, placesLine, type PortfolioBuild } from "./model.ts";

/** Overflow, in CSS px at the slide's 1280 × 720 size, below which a slide counts as fitting. */
const TOLERANCE_PX = 1;

export interface FittedComparison {
  markdown: string;
  plan: DeckPlan;
  rounds: number;
  /** The page last measured, loaded in the lease's page still: what the PDF is printed from. */
  page: PrintableDeck;
}

/**
 * Measures the deck as the city decks are measured (src/deck/fit.ts fitDeck): each round's page is
 * the page its PDF prints (`render`, print.ts printableDeck), put into the browser page by
 * loadDeckPage, which keeps the fonts a page holds already. So a round after the first loads no
 * fonts, the PDF is printed from the last round's page without loading it again, and a city deck
 * measured after this one in the same page, with the same fonts, does not load its fonts either.
 */
export async function fitComparisonDeck(session: PageLease, build: PortfolioBuild, templates: TemplateSet, render: (markdown: string) => PrintableDeck): Promise<FittedComparison> {
  const model = buildPortfolioModel(build);
  const tables = deckTables(build).flatMap((g) => g.tables);
  const plan = initialPlan(build);
  const sources = model.references.sources.length;
  // Each round adds a slide to a table or the sources, takes a city's places off its slide, sets
  // the title smaller, or stops: the rows, the sources, the cities and the title's steps bound the rounds.
  const limit = tables.reduce((sum, t) => sum + t.rows.length, 0) + sources + model.cities.length * DENSITIES.length + DENSITIES.length;
  for (let round = 1; round <= limit; round++) {
    const page = render(renderComparisonDeck(build, templates, plan, true));
    await loadDeckPage(session, page, "load the deck");
    const slides = await session.step("measure the slides", () => measurePage(session.page));
    const misfits: SlideMeasure[] = [];
    let changed = false;
    const grown = new Set<string>();
    for (const slide of slides) {
      if (slide.overflow <= TOLERANCE_PX) continue;
      const [, key = ""] = slide.mark?.split("-") ?? [];
      if (grown.has(key)) continue;
      const table = /^t(\d+)$/.exec(key);
      const city = /^c(\d+)$/.exec(key);
      if (table && plan.tables.get(Number(table[1]))! < tables[Number(table[1])]!.rows.length) {
        plan.tables.set(Number(table[1]), plan.tables.get(Number(table[1]))! + 1);
      } else if (key === "o" && plan.titleStep < DENSITIES.length - 1) {
        // A long title is set smaller, as a city deck's is, before it is called too long.
        plan.titleStep++;
      } else if (key === "s" && plan.sources < sources) {
        plan.sources++;
      } else if (city && !plan.withoutPlaces.has(Number(city[1])) && placesLine(build, model.cities[Number(city[1])]!.standing)) {
        // The highlights come first: the places are in the notes and the PowerPoint too.
        plan.withoutPlaces.add(Number(city[1]));
      } else if (city && (plan.cityStep.get(Number(city[1])) ?? 0) < DENSITIES.length - 1) {
        // Then the tiles' type steps down, as a city deck's does (a number of many decimals).
        plan.cityStep.set(Number(city[1]), (plan.cityStep.get(Number(city[1])) ?? 0) + 1);
      } else {
        misfits.push(slide);
        continue;
      }
      grown.add(key);
      changed = true;
    }
    if (misfits.length > 0) throw fitError(build, model, misfits);
    if (!changed) return { markdown: renderComparisonDeck(build, templates, plan), plan, rounds: round, page };
  }
  throw new CitypitchError(
    EXIT.renderFailed,
    `the comparison deck for ${build.id} could not be fitted in ${limit} rounds of measuring`,
    [],
    "this is a bug in citypitch's deck layout; please report it with the portfolio file",
  );
}

function fitError(build: PortfolioBuild, model: ReturnType<typeof buildPortfolioModel>, misfits: readonly SlideMeasure[]): CitypitchError {
  const { options } = build;
  const shown = (abs: string) => relative(options.root, abs) || abs;
  const tables = deckTables(build).flatMap((g) => g.tables.map((t) => ({ group: g, table: t })));
  const problems: Problem[] = misfits.map((slide) => {
    const key = slide.mark?.split("-")[1] ?? "";
    const what = `slide ${slide.index} "${slide.title.slice(0, 80)}" of the comparison deck does not fit even on its own: ${howItRunsOver(slide)}`;
    const city = /^c(\d+)$/.exec(key);
    if (city) {
      const slug = model.cities[Number(city[1])]!.slug;
      const abs = join(options.dataDir, "cities", `${slug}.yaml`);
      return {
        severity: "error",
        location: locateFieldInFile(abs, shown(abs), "highlights"),
        path: "highlights",
        message: what,
        hint: / runs out of its box$/.test(slide.worst)
          ? "a figure is too long for its tile even in the smallest type: state it with fewer decimals, or choose other highlights"
          : "shorten the city's name or the labels of its highlights",
      };
    }
    const table = /^t(\d+)$/.exec(key);
    if (table) {
      // One city per slide and still too tall: the longest of the names and the measures' labels.
      const { table: t } = tables[Number(table[1])]!;
      const name = [...t.rows].sort((a, b) => b.name.length - a.name.length)[0];
      const label = [...t.columns].sort((a, b) => b.label.length - a.label.length)[0];
      if (label && (!name || label.label.length > name.name.length)) {
        const abs = join(options.dataDir, "indicators.yaml");
        return {
          severity: "error",
          location: locateFieldInFile(abs, shown(abs), `indicators.${label.id}.label`),
          path: `indicators.${label.id}.label`,
          message: what,
          hint: "shorten the measure's label",
        };
      }
      const abs = join(options.dataDir, "cities", `${name!.slug}.yaml`);
      return { severity: "error", location: locateFieldInFile(abs, shown(abs), "name.en"), path: "name.en", message: what, hint: "shorten the city's name" };
    }
    if (key === "s") {
      // One source to a slide and still too long: the registry's longest entry is the one to shorten.
      const abs = join(options.dataDir, "sources.yaml");
      const longest = [...model.references.sources].sort((a, b) => b.title.length + b.text.length - (a.title.length + a.text.length))[0];
      const id = Object.entries(build.sources.sources ?? {}).find(([, source]) => longest && source.title === longest.title)?.[0];
      const field = id ? `sources.${id}` : "sources";
      return { severity: "error", location: locateFieldInFile(abs, shown(abs), field), path: field, message: what, hint: "shorten the source's title, publisher or note" };
    }
    // The title slide: the longest of the portfolio's words it shows is the one to shorten.
    const { portfolio } = build.loaded;
    const candidates: [PathKey[], string | undefined][] = [
      [["title"], portfolio.title],
      [["subtitle"], portfolio.subtitle],
      [["audience", "organisation"], portfolio.audience?.organisation],
      [["audience", "person"], portfolio.audience?.person],
      ...portfolio.groups.map((g, i): [PathKey[], string] => [["groups", i, "title"], g.title]),
    ];
    const [path] = candidates.reduce((longest, entry) => ((entry[1]?.length ?? 0) > (longest[1]?.length ?? 0) ? entry : longest));
    const dotted = path
      .map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`))
      .join("")
      .slice(1);
    return { severity: "error", location: locateValue(build.loaded.source, path), path: dotted, message: what, hint: `shorten ${dotted}: the title slide shows it` };
  });
  return new CitypitchError(
    EXIT.renderFailed,
    `the comparison deck for ${build.id} cannot be laid out: ${misfits.length === 1 ? `slide ${misfits[0]!.index} does not fit` : `${misfits.length} slides do not fit`}`,
    problems,
  );
}
