/** City data → Marp Markdown, through the shared strict template engine and templates/deck/. */
import type { ChartArtifact, CityContext } from "../context.ts";
import { escapeMarkdown } from "../content/markdown.ts";
import { compiledTemplates, type TemplateSet } from "../content/templates.ts";
import { buildDeckModel, initialPlan, type FitPlan } from "./model.ts";
import { arrangeSlides } from "./sections.ts";
import { setAsideDataUris, withPictures } from "./pictures.ts";
import { templateDir } from "../project.ts";
import { markPhraseBreaks } from "./phrases.ts";

export function deckTemplatesDir(root: string): string {
  return templateDir(root, "deck");
}

/** The deck's templates, compiled once a process while their files stay as they are (compiledTemplates). */
export function loadDeckTemplates(root: string): Promise<TemplateSet> {
  return compiledTemplates(deckTemplatesDir(root), root);
}

export interface RenderOptions {
  /** Keep the `fit-<key>-<page>` classes the measuring step finds slides by (never shipped). */
  marks?: boolean;
  /**
   * Leave the charts' pictures by reference (pictures.ts), for whoever puts them in as the deck's
   * files are made; by default they are embedded, as the Markdown ships.
   */
  byReference?: boolean;
}

/**
 * The deck's Markdown under a fit plan (see fit.ts; without one, every slide at its normal type on
 * one page, as before measuring).
 */
export function renderDeck(templates: TemplateSet, ctx: CityContext, charts: readonly ChartArtifact[], plan: FitPlan = initialPlan(), options: RenderOptions = {}): string {
  // The charts' pictures are by reference until the end (pictures.ts); any other data URI a
  // template writes is set aside while the Markdown is tidied, so each step copies kilobytes.
  const aside = setAsideDataUris(templates.render("deck", buildDeckModel(ctx, charts, plan)));
  // Template logic leaves runs of blank lines; one is all Markdown needs.
  const tidy = markPhraseBreaks(continuedHeadings(aside.text.replace(/\n{3,}/g, "\n\n"), ctx), ctx.edition.language);
  // An edition's sections are found by the slides' measuring marks, so they are chosen before the marks go.
  const arranged = arrangeSlides(tidy, ctx);
  const done = aside.putBack(options.marks ? arranged : withoutMarks(arranged));
  return options.byReference ? done : withPictures(done, charts);
}

/**
 * The fit's first round: the deck under the initial plan, its measuring marks kept and its
 * pictures by reference. The template dry run (src/content/dryRun.ts) renders it before the build,
 * to find which charts the deck places; the deck stage then takes that very render rather than
 * make it again, for the theme's text and the first page it measures. Its words come from the city
 * and the charts' data, never from their pictures (stand-ins in the dry run, the drawn charts in the
 * stage), so one render serves both.
 */
const firstRounds = new WeakMap<CityContext["city"], Map<string, { templates: TemplateSet; charts: string; markdown: string }>>();

export function firstRoundMarkdown(templates: TemplateSet, ctx: CityContext, charts: readonly ChartArtifact[], kept: "keep" | "take"): string {
  // By the city and edition, not by the context object: a stage is handed narrowed copies of the
  // contexts the dry run saw (src/cache/layer.ts).
  const ofCity = firstRounds.get(ctx.city) ?? firstRounds.set(ctx.city, new Map()).get(ctx.city)!;
  const key = charts.map((c) => `${c.id}\0${c.section}`).join("\n");
  const found = ofCity.get(ctx.edition.id);
  const markdown =
    found && found.templates === templates && found.charts === key ? found.markdown : renderDeck(templates, ctx, charts, initialPlan(), { marks: true, byReference: true });
  if (kept === "keep") ofCity.set(ctx.edition.id, { templates, charts: key, markdown });
  else ofCity.delete(ctx.edition.id);
  return markdown;
}

/** The measuring marks out of the class directives: they style nothing, so the layout is the same. */
export function withoutMarks(markdown: string): string {
  return markdown.replace(/^(<!-- _class: [^\n]*?) ?\bfit-[A-Za-z0-9]+-\d+\b ?([^\n]*-->)$/gm, (_, head: string, tail: string) =>
    `${head.trimEnd()} ${tail.trimStart()}`.replace(/ {2,}/g, " "),
  );
}

/**
 * A continuation slide's heading is its slide's heading in the message deck.continued ("{title}
 * (continued)"), so the word order is the language's. The heading is Markdown already; the rest of
 * the message is escaped around it.
 */
function continuedHeadings(markdown: string, ctx: CityContext): string {
  const slot = "\uE000";
  const [before, after = ""] = escapeMarkdown(ctx.words.messages.t("deck.continued", { title: slot })).split(slot);
  return markdown
    .split(/^---$/m)
    .map((slide) => (/^<!-- _class: [^\n]*\bcontinued\b[^\n]*-->$/m.test(slide) ? slide.replace(/^## (.*)$/m, (_, title: string) => `## ${before}${title}${after}`) : slide))
    .join("---");
}
