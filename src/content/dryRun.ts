/**
 * Every template rendered against each city without drawing anything: what `check` runs so that a
 * build never meets a template problem or a chart that no output places. Charts are stand-ins that
 * carry only their id, so nothing here touches canvas, pdfkit or a browser.
 */
import { join, relative } from "node:path";
import { buildBrochureModel } from "../brochure/model.ts";
import { keepParsedTemplates } from "../brochure/parsedTemplates.ts";
import { parseBlocks, type Block } from "../brochure/markdown/blocks.ts";
import type { ChartArtifact, CityContext } from "../context.ts";
import { firstRoundMarkdown, loadDeckTemplates } from "../deck/render.ts";
import { picturesNamed } from "../deck/pictures.ts";
import { CitypitchError, type Problem } from "../errors.ts";
import type { LoadedYaml } from "../data/load.ts";
import { locateValue } from "../data/locate.ts";
import { compiledTemplates, type TemplateSet } from "./templates.ts";
import { chartArtifact } from "../charts/artifact.ts";
import { templateDir } from "../project.ts";

export interface DryRunCity {
  ctx: CityContext;
  source: LoadedYaml;
}

/** Which template sets to render: those of the formats a run makes (all of them for `check`). */
export interface TemplateKinds {
  brochure: boolean;
  deck: boolean;
}

/**
 * The brochure's half of the dry run: its template errors (as raised), and for each context the
 * ids of the charts its pages place (null where rendering failed).
 */
export interface BrochurePlacement {
  problems: Problem[];
  placed: (string[] | null)[];
}

export async function brochurePlacement(contexts: readonly CityContext[], root: string): Promise<BrochurePlacement> {
  let brochure: TemplateSet;
  try {
    brochure = await compiledTemplates(templateDir(root, "brochure"), root);
  } catch (error) {
    return { problems: asProblems(error), placed: contexts.map(() => null) };
  }
  const problems: Problem[] = [];
  const placed = contexts.map((ctx) => {
    const stand = standIns(ctx);
    const ids = new Set<string>();
    try {
      const model = buildBrochureModel(ctx);
      const parsed: [string, Block[]][] = [];
      for (const name of brochure.names) {
        const footer = name === "footer";
        const blocks = parseBlocks(
          brochure.render(name, footer ? { ...model, page: { number: 2, count: 12 } } : model),
          relative(root, join(templateDir(root, "brochure"), `${name}.hbs`)),
        );
        for (const id of brochureChartIds(blocks, stand)) ids.add(id);
        // The footer is rendered again for each page, with its number; the rest over the model alone.
        if (!footer) parsed.push([name, blocks]);
      }
      if (brochure.fingerprint !== undefined) keepParsedTemplates(ctx, { fingerprint: brochure.fingerprint, blocks: parsed });
      return [...ids];
    } catch (error) {
      problems.push(...asProblems(error));
      return null;
    }
  });
  return { problems, placed };
}

/** Charts that carry only their id: the dry run draws nothing. */
const standIns = (ctx: CityContext) => ctx.city.charts.map((chart) => chartArtifact(ctx, chart, Buffer.from(`citypitch-chart:${chart.id}`), ""));

/**
 * Template errors (as raised) and chart-placement problems for every city, in the template sets
 * `kinds` names. Both sets are tried for every city, so that every problem is reported at once.
 */
export async function dryRunTemplates(cities: readonly DryRunCity[], root: string, kinds: TemplateKinds = { brochure: true, deck: true }): Promise<Problem[]> {
  const problems: Problem[] = [];
  let deck: TemplateSet | undefined;
  const brochure = kinds.brochure
    ? brochurePlacement(
        cities.map((c) => c.ctx),
        root,
      )
    : undefined;
  // Never left to fail unobserved while the deck's templates are tried.
  brochure?.catch(() => undefined);
  try {
    if (kinds.deck) deck = await loadDeckTemplates(root);
  } catch (error) {
    problems.push(...asProblems(error));
    problems.push(...((await brochure)?.problems ?? []));
    return problems;
  }
  const inDeck = cities.map(({ ctx }) => {
    if (!deck) return [] as string[];
    try {
      const stand = standIns(ctx);
      // Kept for the deck stage, which fits the deck from this very render.
      const named = picturesNamed(firstRoundMarkdown(deck, ctx, stand, "keep"));
      return stand.filter((_, i) => named.has(i)).map((chart) => chart.id);
    } catch (error) {
      problems.push(...asProblems(error));
      return null;
    }
  });
  const inBrochure = await brochure;
  if (inBrochure) problems.push(...inBrochure.problems);
  cities.forEach(({ ctx, source }, c) => {
    const deckIds = inDeck[c];
    const brochureIds = inBrochure ? inBrochure.placed[c] : [];
    // A city whose templates failed has its problems listed already.
    if (deckIds == null || brochureIds == null) return;
    ctx.city.charts.forEach((chart, i) => {
      const missing = [brochureIds.includes(chart.id) || !inBrochure ? "" : "brochure", deckIds.includes(chart.id) || !deck ? "" : "deck"].filter(Boolean);
      if (missing.length === 0) return;
      problems.push({
        severity: "error",
        location: locateValue(source, ["charts", i, "section"]),
        path: `charts[${i}].section`,
        message: `chart "${chart.id}" is placed in section "${chart.section}", which the ${missing.join(" and the ")} template${missing.length > 1 ? "s do" : " does"} not show charts in`,
        hint: "move the chart to a section whose templates show charts, or place it in the templates (`::charts <section>` in templates/brochure, a chart slide in templates/deck)",
      });
    });
  });
  return problems;
}

/** The chart ids the brochure's `::chart id` and `::charts section` directives would place. */
function brochureChartIds(blocks: readonly Block[], charts: readonly ChartArtifact[]): string[] {
  const ids: string[] = [];
  for (const block of blocks) {
    if (block.type === "container") ids.push(...brochureChartIds(block.body, charts));
    if (block.type !== "directive") continue;
    const key = block.args[0];
    if (block.name === "chart" && key) ids.push(key);
    if (block.name === "charts" && key) ids.push(...charts.filter((c) => c.section === key).map((c) => c.id));
  }
  return ids;
}

function asProblems(error: unknown): Problem[] {
  if (!(error instanceof CitypitchError)) throw error;
  if (error.problems.length > 0) return [...error.problems];
  return [{ severity: "error", location: { file: "templates" }, message: error.message, hint: error.hint }];
}
