/**
 * The content model: what the brochure and deck templates see. Built once per city from the
 * context, so a figure has exactly one wording in every output.
 */
import type { CityContext } from "../context.ts";
import { showsLocalName } from "./names.ts";
import type { Figure } from "../data/schema.ts";
import type { TileParts, Wording } from "./format.ts";
import { draftTranslationNotice, preparedFor } from "./edition.ts";

export interface FigureView {
  path: string;
  label: string;
  /** "over 165.44 Mt" */
  short: string;
  /** "over 165.44 million tonnes" */
  long: string;
  year: string;
  refs: number[];
  derived: boolean;
  tile: TileParts;
  figure: Figure;
}

export function figureView(ctx: CityContext, path: string): FigureView {
  const figure = ctx.figures.get(path);
  if (!figure) throw new Error(`content model asked for a figure that does not exist: ${path}`);
  return {
    path,
    label: figure.label,
    short: ctx.words.figure(figure, "short"),
    long: ctx.words.figure(figure, "long"),
    year: ctx.words.year(figure),
    refs: ctx.references.forFigure(path),
    derived: figure.derived !== undefined,
    tile: ctx.words.tileParts(figure),
    figure,
  };
}

/** Figures of one `figures:` map, in file order, as views. */
function viewsUnder(ctx: CityContext, prefix: string): FigureView[] {
  return [...ctx.figures.keys()].filter((p) => p.startsWith(`${prefix}.`) && !p.slice(prefix.length + 1).includes(".")).map((p) => figureView(ctx, p));
}

/**
 * Each context's content model, made once: the dry run, the deck's drafts and fitting, the
 * brochure's dry run and the portfolio's comparison all take the same one (nothing changes it).
 * Keyed by the context's figures, which every copy of the context shares (the cache layer narrows
 * a context's formats by copying it) and no other context has; what the model is made of (the
 * city, its edition, words and references, the build's date) is the same in every copy.
 */
const models = new WeakMap<CityContext["figures"], { words: CityContext["words"]; model: ContentModel }>();

export function contentModelOf(ctx: CityContext): ContentModel {
  const kept = models.get(ctx.figures);
  // Its wording too, should figures ever be shared by the editions of a city.
  if (kept?.words === ctx.words) return kept.model;
  const model = buildContentModel(ctx);
  models.set(ctx.figures, { words: ctx.words, model });
  return model;
}

function buildContentModel(ctx: CityContext) {
  const { city, brand } = ctx;
  const f = (path: string) => figureView(ctx, path);
  const editionDate = ctx.words.monthYear(ctx.buildDate);
  return {
    /** For the template helpers ({{fig}}, {{t}}…), which word figures in the edition's language. */
    words: ctx.words as Wording,
    city,
    brand,
    /** showLocal: whether the local name is shown beside the name (see names.ts). */
    name: { ...city.name, showLocal: showsLocalName(city.name) },
    /** preparedFor and draftNotice are "" unless the edition has an audience or shows a draft translation. */
    edition: { ...city.edition, dateText: editionDate, preparedFor: preparedFor(ctx), draftNotice: draftTranslationNotice(ctx) },
    highlights: city.highlights.map(f),
    geography: { ...city.geography, figureList: viewsUnder(ctx, "geography.figures"), latitude: f("coordinates.latitude") },
    economy: { ...city.economy, figureList: viewsUnder(ctx, "economy.figures") },
    port: { ...city.connectivity.port, figureList: viewsUnder(ctx, "connectivity.port.figures") },
    airport: { ...city.connectivity.airport, figureList: viewsUnder(ctx, "connectivity.airport.figures") },
    links: city.connectivity.links,
    zones: city.connectivity.zones,
    industry: { ...city.industry, targetList: viewsUnder(ctx, "industry.targets.figures") },
    talent: city.talent,
    policy: { ...city.policy, commonIssuer: commonIssuer(city.policy.documents) },
    cta: { ...city.cta, contacts: [...city.cta.contacts, brand.contact] },
    references: ctx.references.entries,
    /** Figure views by path, for templates that name one figure: {{#with (lookup figures "…")}}. */
    figures: Object.fromEntries([...ctx.figures.keys()].map((p) => [p, f(p)])),
  };
}

export type ContentModel = ReturnType<typeof buildContentModel>;

/** One issuer for every document is said once, not after each title. */
function commonIssuer(documents: readonly { issuer?: string }[]): string {
  const issuers = new Set(documents.map((d) => d.issuer ?? ""));
  return documents.length > 1 && issuers.size === 1 ? [...issuers][0]! : "";
}
