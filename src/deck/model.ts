/**
 * What the deck template sees: the shared content model (so every figure reads as in the brochure)
 * plus the few things only slides need: chart slides with their pictures (by reference, see
 * pictures.ts), the leftover figures for the table slide, front-matter values, and the fitted
 * layout: each slide's type step and the continuation pages of the slides that flow (decided by
 * measuring, see fit.ts).
 */
import type { ChartArtifact, CityContext } from "../context.ts";
import type { City } from "../data/schema.ts";
import { escapeMarkdown } from "../content/markdown.ts";
import { contentModelOf, figureView, type ContentModel, type FigureView } from "../content/model.ts";
import type { TileParts } from "../content/format.ts";
import { pdfSubject } from "../content/edition.ts";
import { joinSentences } from "../content/sentences.ts";
import { pictureUrl } from "./pictures.ts";

type Section = City["charts"][number]["section"];

/** A figure view whose tile also knows if its unit hugs the number ("90%", "39°N") or not ("5.4 m"). */
export type TileView = FigureView & { tile: TileParts & { long: boolean; huge: boolean; parts: string[] } };

export interface DeckChart {
  id: string;
  title: string;
  caption: string;
  sourceLine: string;
  refs: number[];
  /** Alt text with Marp's image keywords defused (see imageAlt). */
  alt: string;
  /**
   * The picture's URL in the deck (pictures.ts): renderDeck embeds it as a data URI, unless asked to
   * keep it by reference. The deck never reads local files.
   */
  src: string;
  figures: TileView[];
}

/** One chart slide: a chart with its figures beside it, or two small bar charts side by side. */
export interface ChartSlide {
  charts: DeckChart[];
  pair: boolean;
  /** The slide's type step and measuring mark. */
  fit?: string;
}

export interface DeckView {
  /** Front-matter values, already written as YAML strings. */
  yaml: { lang: string; title: string; description: string; author: string; footer: string; brandLine: string };
  /** BCP 47 tag for the local-script name, when it is a well-formed one (it goes into an attribute). */
  localLang: string | undefined;
  charts: Record<Section, ChartSlide[]>;
  /** Port and airport figures that no chart shows: the table slide. */
  gatewayFacts: FigureView[];
  /**
   * Port and airport figures a chart shows through a derived figure computed from them (a growth
   * rate behind a derived earlier year and its growth label, daily flights behind weekly ones):
   * said in the table slide's notes, not in its table.
   */
  gatewayInputs: FigureView[];
  /** Targets that no chart plots: the strategy slide's tiles. */
  otherTargets: TileView[];
  /** Extra slide classes of the slides that do not flow: their type step (see FitPlan). */
  fit: Record<FixedKey, string>;
  /** The slides whose content flows onto continuation slides, page by page. */
  slides: Record<FlowKey, FlowPage[]>;
}

/**
 * Type steps a slide may take, normal first. Each is a class of templates/deck/theme.css that sets
 * the slide's text smaller within limits (body text never below 15 px, supporting text never
 * below 12 px); past the last step, content moves to a continuation slide or the build stops.
 */
export const DENSITIES = ["", "dense", "denser"] as const;
export type Density = (typeof DENSITIES)[number];

/** Slides that never continue: a type step is all they can take. */
export const FIXED_KEYS = ["title", "kpi", "connectivity", "industry", "closing"] as const;
export type FixedKey = (typeof FIXED_KEYS)[number];
/** Slides whose content (list items, table rows, sentences of prose) continues on further slides. */
export const FLOW_KEYS = ["geography", "gateway", "cards", "strategy", "columns", "sources"] as const;
export type FlowKey = (typeof FLOW_KEYS)[number];

/** How one slide is fitted: a type step per page, and where each continuation page starts. */
export interface SlidePlan {
  densities: Density[];
  /** Unit index (see FlowBlock) at which page 2, 3… start; empty for one page. */
  breaks: number[];
  /**
   * A chart slide past its smallest type step: the list of plotted figures beside the chart is left
   * to the speaker notes (which always carry it), so the chart and its caption keep the slide.
   */
  bare?: boolean;
}
/** By fit key: a FixedKey, a FlowKey or `chart<n>` (n: the index in city.charts of the slide's first chart). */
export type FitPlan = ReadonlyMap<string, SlidePlan>;

/** One page of a flowing slide, as the template sees it. */
export interface FlowPage {
  /** Classes for the page: its type step and its measuring mark (removed from the shipped deck). */
  fit: string;
  first: boolean;
  last: boolean;
  /** A continuation page: its heading says so (message deck.continued). */
  continued: boolean;
  part: number;
  of: number;
  items: FlowItem[];
  /** Whether the page holds any of the talent column's items, or the policy column's (talent slide). */
  talent: boolean;
  policy: boolean;
  /** Whether the page holds target tiles (strategy slide's side column). */
  targets: boolean;
}

export interface FlowItem {
  /** What the template writes: "lead", "summary", "seas", "fact", "card", "entry"… */
  kind: string;
  /** Prose that may be cut between sentences: this page's share of it. */
  text?: string;
  /** Whether `text` continues from the previous page / on the next one. */
  resumed?: boolean;
  [key: string]: unknown;
}

/** A data field shown on a slide, to name when the slide cannot be fitted. */
export interface FieldRef {
  /** Dotted path in its file: "geography.summary", "charts[2].caption". */
  field: string;
  file: "city" | "brand" | "sources";
  text: string;
  /** A string of templates/deck/*.hbs that writes it, to report the template line. */
  needle: string;
}

/**
 * One block of flowing content. A block with `prose` is cut between sentences (each sentence is
 * one unit); any other block is one unit (a list item, a table row, a card).
 */
export interface FlowBlock {
  item: FlowItem;
  prose?: string;
  /**
   * Set side by side with its neighbours (service-line cards in a grid): fewer of them on a page
   * are each wider, so shorter. When even the first runs out of the slide, the page keeps half of
   * them rather than one (fit.ts stepFlow).
   */
  abreast?: boolean;
  field: FieldRef;
}

export interface Flow {
  key: string;
  blocks: FlowBlock[];
  /** Fields shown on every page of the slide (headings, tiles beside the flowing column). */
  fixed: FieldRef[];
  /** Where the slide starts in templates/deck/deck.hbs (a string of its first lines). */
  template: string;
  /** A slide that holds nothing but its blocks: with none, there is no slide, not a heading over an empty page. */
  onlyBlocks?: boolean;
}

export type DeckModel = ContentModel & { highlights: TileView[]; deck: DeckView };

const SECTIONS: readonly Section[] = ["geography", "economy", "port", "air", "industry", "talent", "policy"];

/**
 * Sentence ends: after . ! ? (and closing quotes or brackets) followed by white space, or after
 * CJK full stops. The browser cuts the same text with the same pattern (see fit.ts).
 */
export const SENTENCE_END = String.raw`(?<=[.!?]["'”’)\]]*)\s+|(?<=[。！？])`;

export function sentences(text: string): string[] {
  return text.split(new RegExp(SENTENCE_END, "u")).filter((s) => s.length > 0);
}

export function unitCount(block: FlowBlock): number {
  return block.prose === undefined ? 1 : Math.max(1, sentences(block.prose).length);
}

/** A plan that fits nothing yet: every slide on one page at its normal type. */
export function initialPlan(): Map<string, SlidePlan> {
  return new Map();
}

export function planOf(plan: FitPlan, key: string): SlidePlan {
  return plan.get(key) ?? { densities: [""], breaks: [] };
}

/** The measuring mark of a page: `fit-<key>-<page>` (page from 0). */
export const fitMark = (key: string, page: number) => `fit-${key}-${page}`;

function fixedClass(plan: FitPlan, key: string): string {
  const current = planOf(plan, key);
  return [current.densities[0] ?? "", current.bare ? "bare" : "", fitMark(key, 0)].filter(Boolean).join(" ");
}

/**
 * What the deck shows of a city whatever its fit plan: its content model and its chart slides'
 * charts (their pictures by reference, pictures.ts). Made once per city and set of charts: fitting renders the
 * deck again each round, and only the plan changes. Nothing here is changed by its users.
 */
const unplanned = new WeakMap<CityContext, WeakMap<readonly ChartArtifact[], { content: ContentModel; deckCharts: DeckChart[]; flows?: Map<string, Flow> }>>();
function unplannedOf(ctx: CityContext, artifacts: readonly ChartArtifact[]) {
  const byCharts = unplanned.get(ctx) ?? unplanned.set(ctx, new WeakMap()).get(ctx)!;
  let found = byCharts.get(artifacts);
  if (!found) {
    // The same content whatever the charts: a deck is rendered with the dry run's stand-ins, the
    // charts stage's pictures and the slides' own.
    byCharts.set(artifacts, (found = { content: contentModelOf(ctx), deckCharts: artifacts.map((artifact, index) => deckChart(ctx, artifact, index)) }));
  }
  return found;
}

export function buildDeckModel(ctx: CityContext, artifacts: readonly ChartArtifact[], plan: FitPlan = initialPlan()): DeckModel {
  const { content, deckCharts } = unplannedOf(ctx, artifacts);
  const { city, brand } = ctx;
  const plotted = new Set(deckCharts.flatMap((c) => c.figures.map((f) => f.path)));
  const unplotted = (views: readonly FigureView[]) => views.filter((v) => !plotted.has(v.path) && !v.derived);
  const plottedInputs = new Set([...plotted].flatMap((path) => ctx.figures.get(path)?.derived?.inputs ?? []));
  const gateway = unplotted([...content.port.figureList, ...content.airport.figureList]);
  const gatewayFacts = gateway.filter((v) => !plottedInputs.has(v.path));
  const charts = Object.fromEntries(
    SECTIONS.map((section) => [
      section,
      chartSlides(
        deckCharts.filter((_, i) => artifacts[i]!.section === section),
        artifacts.filter((a) => a.section === section),
      ).map((slide) => ({ ...slide, fit: fixedClass(plan, chartKey(ctx, slide.charts[0]!.id)) })),
    ]),
  ) as Record<Section, ChartSlide[]>;
  // Same running foot as the brochure: a forwarded slide still says how old its figures are.
  const t = ctx.words.messages.t;
  const footer = [city.name.en, city.edition.title, t("edition.date", { date: content.edition.dateText }), t("edition.vintage", { year: String(city.edition.dataAsOf) })]
    .map(escapeMarkdown)
    .join(" · ");
  const otherTargets = unplotted(content.industry.targetList).map(tileView);
  const flows = deckFlows(ctx, artifacts);
  return {
    ...content,
    highlights: content.highlights.map(tileView),
    geography: { ...content.geography, figureList: content.geography.figureList.map(tileView) },
    deck: {
      yaml: {
        lang: yamlString(city.edition.language),
        title: yamlString(`${city.name.en}: ${city.edition.title}`),
        // marp-cli writes the description as the PDF's Subject, where an edition's audience goes too.
        description: yamlString(pdfSubject(ctx)),
        author: yamlString(brand.name),
        footer: yamlString(footer),
        // The title slide's foot: the publisher, as on the brochure's back cover and the PowerPoint's cover.
        // A footer that names the brand already is said alone.
        brandLine: yamlString((brand.footer.includes(brand.name) ? [brand.footer] : [brand.name, brand.footer]).map(escapeMarkdown).join(" · ")),
      },
      localLang: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(city.name.localLanguage) ? city.name.localLanguage : undefined,
      charts,
      gatewayFacts,
      gatewayInputs: gateway.filter((v) => plottedInputs.has(v.path)),
      otherTargets,
      fit: Object.fromEntries(FIXED_KEYS.map((key) => [key, fixedClass(plan, key)])) as Record<FixedKey, string>,
      slides: Object.fromEntries(
        FLOW_KEYS.map((key) => {
          const flow = flows.get(key)!;
          return [key, flow.onlyBlocks && flow.blocks.length === 0 ? [] : flowPages(flow, planOf(plan, key))];
        }),
      ) as Record<FlowKey, FlowPage[]>,
    },
  };
}

/** The fit key of the chart slide that shows chart `id`. */
export function chartKey(ctx: CityContext, id: string): string {
  return `chart${ctx.city.charts.findIndex((c) => c.id === id)}`;
}

/** Units (sentences, items, rows) of a flow, and the block each belongs to. */
export function flowUnits(flow: Flow): { block: number; sentence: number }[] {
  return flow.blocks.flatMap((block, b) => Array.from({ length: unitCount(block) }, (_, sentence) => ({ block: b, sentence })));
}

/** The pages of a flowing slide under its plan: each takes its units, a prose block cut between sentences. */
export function flowPages(flow: Flow, plan: SlidePlan): FlowPage[] {
  const units = flowUnits(flow);
  const starts = [0, ...plan.breaks.filter((b) => b > 0 && b < units.length)];
  const pages = starts.map((from, p) => ({ from, to: starts[p + 1] ?? units.length }));
  return pages.map(({ from, to }, p) => {
    const items: FlowItem[] = [];
    for (let i = from; i < to; ) {
      const { block: b, sentence } = units[i]!;
      const block = flow.blocks[b]!;
      let end = i;
      while (end < to && units[end]!.block === b) end++;
      if (block.prose === undefined) items.push(block.item);
      else {
        const all = sentences(block.prose);
        const last = sentence + (end - i);
        items.push({ ...block.item, text: all.length > 1 ? joinSentences(all.slice(sentence, last)) : block.prose, resumed: sentence > 0, cut: last < all.length });
      }
      i = end;
    }
    // A table or a list starts where an item follows one of another kind (its header row goes there).
    const marked = items.map((item, i) => ({ ...item, opens: items[i - 1]?.kind !== item.kind }));
    const has = (kinds: readonly string[]) => items.some((item) => kinds.includes(item.kind));
    return {
      fit: [plan.densities[p] ?? "", p > 0 ? "continued" : "", fitMark(flow.key, p)].filter(Boolean).join(" "),
      talent: has(["intro", "measure"]),
      policy: has(["fund", "incentive"]),
      targets: has(["target"]),
      first: p === 0,
      last: p === pages.length - 1,
      continued: p > 0,
      part: p + 1,
      of: pages.length,
      items: marked,
    };
  });
}

/**
 * The port and the airport, by name and summary, when the city has nothing else to show of them:
 * no chart, no figure, no terminal, link or zone. Without them its gateway divider led straight to
 * the next section's (the summaries are otherwise only in the speaker notes).
 */
export function placesOnly(ctx: CityContext, gatewayFacts: readonly FigureView[]): ("port" | "airport")[] {
  const { connectivity, charts } = ctx.city;
  const nothingElse =
    gatewayFacts.length === 0 &&
    connectivity.port.facilities.length === 0 &&
    connectivity.links.length === 0 &&
    connectivity.zones.length === 0 &&
    !charts.some((chart) => chart.section === "port" || chart.section === "air");
  return nothingElse ? ["port", "airport"] : [];
}

/** The flowing slides' content, block by block, with the fields each block shows. */
export function deckFlows(ctx: CityContext, artifacts: readonly ChartArtifact[]): Map<string, Flow> {
  const known = unplannedOf(ctx, artifacts);
  return (known.flows ??= flowsOf(ctx, known.content, known.deckCharts));
}

function flowsOf(ctx: CityContext, content: ContentModel, deckCharts: readonly DeckChart[]): Map<string, Flow> {
  const { city } = ctx;
  const plotted = new Set(deckCharts.flatMap((c) => c.figures.map((f) => f.path)));
  const unplotted = (views: readonly FigureView[]) => views.filter((v) => !plotted.has(v.path) && !v.derived);
  const plottedInputs = new Set([...plotted].flatMap((path) => ctx.figures.get(path)?.derived?.inputs ?? []));
  const gatewayFacts = unplotted([...content.port.figureList, ...content.airport.figureList]).filter((v) => !plottedInputs.has(v.path));
  const ref = (field: string, text: string | undefined, needle: string, file: FieldRef["file"] = "city"): FieldRef => ({ field, file, text: text ?? "", needle });
  const label = (view: FigureView, needle: string) => ref(`${view.path}.label`, view.label, needle);
  const name = ref("name.en", city.name.en, "md @root.name.en");
  const flows: Flow[] = [
    {
      key: "geography",
      template: "deck.slides.geography",
      fixed: [name, ...content.geography.figureList.map((v) => label(v, "> _tile"))],
      blocks: [
        { item: { kind: "lead" }, prose: city.geography.location, field: ref("geography.location", city.geography.location, '(eq kind "lead")') },
        { item: { kind: "summary" }, prose: city.geography.summary, field: ref("geography.summary", city.geography.summary, '(eq kind "summary")') },
        // A list the city leaves empty is no fact: no "Seas:" with nothing after it.
        ...(city.geography.seas.length > 0 ? [{ item: { kind: "seas" }, field: ref("geography.seas", city.geography.seas.join(", "), '(eq kind "seas")') }] : []),
        ...(city.geography.neighbours.length > 0
          ? [{ item: { kind: "neighbours" }, field: ref("geography.neighbours", city.geography.neighbours.join(", "), '(eq kind "neighbours")') }]
          : []),
        { item: { kind: "climate" }, field: ref("geography.climate", city.geography.climate, '(eq kind "climate")') },
        { item: { kind: "strengths" }, field: ref("economy.strengths", city.economy.strengths.join(" · "), '(eq kind "strengths")') },
        { item: { kind: "region" }, field: ref("economy.region", city.economy.region, '(eq kind "region")') },
      ],
    },
    {
      key: "gateway",
      template: "deck.slides.gateway",
      // The port and airport table: a city with no such figures and no terminals, links or zones has none.
      onlyBlocks: true,
      fixed: [],
      blocks: [
        ...gatewayFacts.map((view) => ({ item: { kind: "fact", view }, field: label(view, '(eq kind "fact")') })),
        ...(city.connectivity.port.facilities.length > 0
          ? [
              {
                item: { kind: "terminals" },
                field: ref("connectivity.port.facilities", city.connectivity.port.facilities.map((f) => `${f.name}: ${f.description}`).join(" "), '(eq kind "terminals")'),
              },
            ]
          : []),
        ...city.connectivity.links.map((link, i) => ({ item: { kind: "link", link }, field: ref(`connectivity.links[${i}].description`, link.description, '(eq kind "link")') })),
        ...city.connectivity.zones.map((zone, i) => ({ item: { kind: "zone", zone }, field: ref(`connectivity.zones[${i}].description`, zone.description, '(eq kind "zone")') })),
        ...placesOnly(ctx, gatewayFacts).map((key) => {
          const place = city.connectivity[key];
          return { item: { kind: "place", place }, field: ref(`connectivity.${key}.summary`, `${place.name} ${place.summary}`, '(eq kind "place")') };
        }),
      ],
    },
    {
      key: "cards",
      template: "deck.slides.cards",
      // Each card's code and name: named when the measure finds one of them running out of its card.
      fixed: city.industry.segments.flatMap((segment, i) => [
        ref(`industry.segments[${i}].code`, segment.code, '(eq kind "segment")'),
        ref(`industry.segments[${i}].name`, segment.name, '(eq kind "segment")'),
      ]),
      blocks: [
        ...city.industry.segments.map((segment, i) => ({
          item: { kind: "segment", segment },
          abreast: true,
          field: ref(`industry.segments[${i}].description`, segment.description, '(eq kind "segment")'),
        })),
        ...city.industry.markets.map((market, i) => ({
          item: { kind: "market", market },
          field: ref(`industry.markets[${i}].description`, market.description, '(eq kind "market")'),
        })),
      ],
    },
    {
      key: "strategy",
      template: "deck.slides.strategy",
      fixed: [],
      // The target tiles flow too: a plan with many targets continues them on the next slide.
      blocks: [
        { item: { kind: "lead" }, prose: city.industry.targets.summary, field: ref("industry.targets.summary", city.industry.targets.summary, '(eq kind "lead")') },
        ...city.industry.strategy.map((text, i) => ({ item: { kind: "strand", text }, field: ref(`industry.strategy[${i}]`, text, '(eq kind "strand")') })),
        ...unplotted(content.industry.targetList)
          .map(tileView)
          .map((view) => ({ item: { kind: "target", view }, field: label(view, '(eq kind "target")') })),
      ],
    },
    {
      key: "columns",
      template: "deck.slides.columns",
      fixed: [],
      blocks: [
        { item: { kind: "intro" }, prose: city.talent.summary, field: ref("talent.summary", city.talent.summary, '(eq kind "intro")') },
        ...city.talent.measures.map((text, i) => ({ item: { kind: "measure", text }, field: ref(`talent.measures[${i}]`, text, '(eq kind "measure")') })),
        ...city.policy.funds.map((fund, i) => ({ item: { kind: "fund", fund }, field: ref(`policy.funds[${i}].description`, fund.description, '(eq kind "fund")') })),
        ...city.policy.incentives.map((text, i) => ({ item: { kind: "incentive", text }, field: ref(`policy.incentives[${i}]`, text, '(eq kind "incentive")') })),
      ],
    },
    {
      key: "sources",
      template: "deck.slides.sources",
      fixed: [],
      blocks: content.references.map((entry) => ({
        item: { kind: "entry", entry },
        field: ref(`sources (reference ${entry.n})`, `${entry.title} ${entry.text}`, "{{#each items}}", "sources"),
      })),
    },
  ];
  return new Map(flows.map((flow) => [flow.key, flow]));
}

/** A list's items as one text, each counted as at least a line of the closing slide (some 40 characters). */
const lines = (items: readonly string[]) => items.map((item) => item.padEnd(40)).join(" ");

/** Fields on the slides that do not flow, to name when one of them cannot be fitted. */
export function fixedFields(ctx: CityContext, key: string): { fields: FieldRef[]; template: string } {
  const { city, brand } = ctx;
  const ref = (field: string, text: string | undefined, needle: string, file: FieldRef["file"] = "city"): FieldRef => ({ field, file, text: text ?? "", needle });
  const name = ref("name.en", city.name.en, "md name.en");
  switch (key) {
    case "title":
      return {
        template: "deck.fit.title",
        fields: [
          name,
          ref("name.local", city.name.local, "md name.local"),
          ref("tagline", city.tagline, "md city.tagline"),
          ref("edition.title", city.edition.title, "md edition.title"),
          ref("province", city.province, "md city.province"),
          ref("footer", brand.footer, "deck.yaml.brandLine", "brand"),
        ],
      };
    case "kpi":
      return { template: "deck.fit.kpi", fields: [name, ...city.highlights.map((path) => ref(`${path}.label`, ctx.figures.get(path)?.label, "> _tile"))] };
    case "connectivity":
      return { template: "deck.fit.connectivity", fields: [ref("connectivity.summary", city.connectivity.summary, "md city.connectivity.summary")] };
    case "industry":
      return { template: "deck.fit.industry", fields: [ref("industry.summary", city.industry.summary, "md industry.summary")] };
    case "closing":
      return {
        template: "deck.fit.closing",
        fields: [
          ref("cta.headline", city.cta.headline, "md cta.headline"),
          ref("cta.body", city.cta.body, "md cta.body"),
          // A list is one field to shorten, weighed by all it takes: each item a line at least, so
          // eleven short steps outweigh a paragraph of 200 characters.
          ref("cta.actions", lines(city.cta.actions), "#each cta.actions"),
          ref("cta.contacts", lines(city.cta.contacts.map((c) => [c.name, c.role, c.email, c.phone, c.url].filter(Boolean).join(" "))), "#each cta.contacts"),
          ref("contact", [brand.contact.name, brand.contact.role, brand.contact.email, brand.contact.url].filter(Boolean).join(" "), "#each cta.contacts", "brand"),
        ],
      };
  }
  const chart = /^chart(\d+)$/.exec(key);
  const index = chart ? Number(chart[1]) : -1;
  const spec = city.charts[index];
  if (!spec) return { template: "deck.hbs", fields: [] };
  // A paired slide shows the next chart too.
  const next = city.charts[index + 1];
  const specs: [typeof spec, number][] = [[spec, index], ...(next && next.section === spec.section ? [[next, index + 1] as [typeof spec, number]] : [])];
  return {
    template: "_chartSlide",
    fields: specs.flatMap(([c, i]) => [ref(`charts[${i}].title`, c.title, "md title"), ref(`charts[${i}].caption`, c.caption, "md caption")]),
  };
}

function deckChart(ctx: CityContext, artifact: ChartArtifact, index: number): DeckChart {
  const spec = ctx.city.charts.find((c) => c.id === artifact.id);
  return {
    id: artifact.id,
    title: artifact.title,
    caption: artifact.caption,
    sourceLine: artifact.sourceLine,
    refs: artifact.refs,
    alt: imageAlt(artifact.alt),
    src: pictureUrl(index),
    figures: (spec?.figures ?? []).map((path) => tileView(figureView(ctx, path))),
  };
}

const LONG_TILE_NUMBER = 7;
const HUGE_TILE_NUMBER = 14;

export function tileView(view: FigureView): TileView {
  // Long numbers ("140,000") get a smaller size so their unit stays on the same line in a tile.
  // A number longer still (many decimals, a wide range) may wrap, smaller, rather than leave its
  // tile: after a group separator by preference ("1,000,000,000,<wbr>000"), so that no line starts
  // with ",000" and reads as a number of its own. The editions' languages all group with commas.
  const { number } = view.tile;
  const huge = number.length >= HUGE_TILE_NUMBER;
  return { ...view, tile: { ...view.tile, long: number.length >= LONG_TILE_NUMBER, huge, parts: huge ? number.split(/(?<=,)(?=\d)/) : [number] } };
}

/** Two neighbouring bar charts share a slide; anything else gets a slide of its own. */
function chartSlides(charts: readonly DeckChart[], artifacts: readonly ChartArtifact[]): ChartSlide[] {
  const slides: ChartSlide[] = [];
  for (let i = 0; i < charts.length; i++) {
    const pairs = pairsWithNext(artifacts, i);
    slides.push(pairs ? { charts: [charts[i]!, charts[i + 1]!], pair: true } : { charts: [charts[i]!], pair: false });
    if (pairs) i++;
  }
  return slides;
}

/** Whether chart i of one section's charts shares a slide with the next one. */
function pairsWithNext(artifacts: readonly ChartArtifact[], i: number): boolean {
  return artifacts[i]!.kind === "bar" && artifacts[i + 1]?.kind === "bar";
}

/** Ids of the charts that share a slide with another (each shown at half the slide's width). */
export function pairedChartIds(artifacts: readonly ChartArtifact[]): Set<string> {
  const ids = new Set<string>();
  for (const section of SECTIONS) {
    const inSection = artifacts.filter((a) => a.section === section);
    for (let i = 0; i < inSection.length; i++) {
      if (!pairsWithNext(inSection, i)) continue;
      ids.add(inSection[i]!.id).add(inSection[i + 1]!.id);
      i++;
    }
  }
  return ids;
}

/**
 * Alt text goes into `![…](…)` as plain text: marp-cli (markdown-it's alt rendering) drops every
 * backslash escape and character reference from it (`145\.25` would read "14525"), and even a
 * lone backslash, so nothing in it may need one. What Markdown would read as syntax is defused
 * without escapes: a word joiner (U+2060, invisible, not white space) after `&` and `<` where they
 * would start an entity or a tag; brackets (which would end the description) become parentheses;
 * backticks (a code span, which alt text loses) apostrophes; a backslash and an asterisk (emphasis,
 * whose marks alt text loses) their mathematical look-alikes ∖ and ∗. Marp also reads each whitespace-separated word as
 * a possible image option ("bg" makes the chart a background, "sepia" filters it, "70%" or "w:200"
 * resize it): a word joiner in front of such a word keeps it a word.
 */
const MARP_IMAGE_WORD =
  /^(?:bg|fit|contain|cover|auto|left|right|vertical|horizontal|[+-]?(?:\d*\.)?\d+%|(?:w|width|h|height):.*|(?:blur|brightness|contrast|drop-shadow|grayscale|hue-rotate|invert|opacity|saturate|sepia)(?::.*)?)$/i;

export function imageAlt(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/\\/g, "\u2216")
    .replace(/\*/g, "\u2217")
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&\u2060")
    .replace(/<(?=[A-Za-z/!?])/g, "<\u2060")
    .replace(/\[/g, "(")
    .replace(/\]/g, ")")
    .replace(/`/g, "'")
    .split(/( )/)
    .map((word) => (MARP_IMAGE_WORD.test(word) ? `\u2060${word}` : word))
    .join("");
}

/** A YAML double-quoted scalar: JSON strings are valid YAML, and carry any character safely. */
function yamlString(text: string): string {
  return JSON.stringify(text.replace(/\s+/g, " "));
}
