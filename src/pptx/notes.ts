/**
 * Speaker notes: the same substance as the Marp deck's notes (templates/deck/deck.hbs), built from
 * the same deck model, with the sentences around the data from the message file (pptx.notes.*).
 * Plain text: control characters are stripped before pptxgenjs escapes it into the XML.
 */
import type { DeckChart, DeckModel } from "../deck/model.ts";
import type { FigureView } from "../content/model.ts";
import type { PptxDeck } from "./deck.ts";
import { clean } from "./text.ts";

type Lines = (string | undefined | false)[];

const join = (lines: Lines) => clean(lines.filter((l): l is string => typeof l === "string" && l.trim() !== "").join("\n"));

function figureLine(deck: PptxDeck, view: FigureView): string {
  return deck.t("pptx.notes.figure", { label: view.label, figure: deck.ctx.words.figureWithYear(view.figure) });
}

export function titleNotes(deck: PptxDeck, model: DeckModel): string {
  const { t } = deck;
  const { city } = model;
  return join([
    t("pptx.notes.titleIntro", { name: city.name.en, local: city.name.local, romanised: city.name.romanised ?? "none", province: city.province, country: city.country }),
    t("pptx.notes.titleLine", { tagline: city.tagline }),
    t("pptx.notes.titleData", { year: String(city.edition.dataAsOf) }),
  ]);
}

export function glanceNotes(deck: PptxDeck, model: DeckModel): string {
  return join([deck.t("pptx.notes.glanceIntro"), ...model.highlights.map((v) => figureLine(deck, v)), deck.t("pptx.notes.glanceOutro")]);
}

export function whereNotes(deck: PptxDeck, model: DeckModel): string {
  const g = model.geography;
  return join([
    g.summary,
    g.nickname && deck.t("pptx.notes.nickname", { nickname: g.nickname }),
    ...g.figureList.map((v) => figureLine(deck, v)),
    deck.t("pptx.notes.economy", { summary: model.economy.summary }),
  ]);
}

export function gatewayNotes(deck: PptxDeck, model: DeckModel): string {
  return join([
    deck.t("pptx.notes.gatewayIntro", { summary: model.city.connectivity.summary }),
    deck.t("pptx.notes.gatewayOrder", { port: model.port.name, airport: model.airport.name }),
  ]);
}

export function chartNotes(deck: PptxDeck, charts: readonly DeckChart[]): string {
  return join(
    charts.flatMap((c) => [
      deck.t("pptx.notes.chart", { title: c.title, caption: c.caption }),
      ...c.figures.map((v) => figureLine(deck, v)),
      deck.artifacts.get(c.id)?.sourceLine ?? c.sourceLine,
      "",
    ]),
  );
}

export function tableNotes(deck: PptxDeck, model: DeckModel): string {
  const { t } = deck;
  return join([
    model.port.summary,
    ...model.deck.gatewayFacts.map((v) => figureLine(deck, v)),
    ...model.deck.gatewayInputs.map((v) => figureLine(deck, v)),
    ...model.port.facilities.map((f) => t("pptx.notes.named", { name: f.name, description: f.description })),
    model.airport.summary,
    ...model.links.map((l) => t("pptx.notes.link", { name: l.name, status: t(`status.${l.status}`), description: l.description })),
    ...model.zones.map((z) => t("pptx.notes.zone", { name: z.name, since: z.since === undefined ? "none" : String(z.since), description: z.description })),
  ]);
}

export function industryNotes(deck: PptxDeck, model: DeckModel): string {
  return join([deck.t("pptx.notes.industryIntro", { summary: model.industry.summary })]);
}

export function cardsNotes(deck: PptxDeck, model: DeckModel): string {
  const { t } = deck;
  return join([
    t("pptx.notes.cardsIntro", { name: model.name.en }),
    ...model.industry.segments.map((s) => t("pptx.notes.segment", { name: s.name, code: s.code, description: s.description })),
    model.industry.markets.length > 0 && t("pptx.notes.marketsIntro"),
    ...model.industry.markets.map((mk) => t("pptx.notes.market", { sentence: t("stanceSentence", { name: mk.name, stance: mk.stance }), description: mk.description })),
  ]);
}

export function strategyNotes(deck: PptxDeck, model: DeckModel): string {
  return join([
    model.industry.targets.summary,
    model.industry.strategy.length > 0 && deck.t("pptx.notes.strands"),
    ...model.industry.strategy,
    ...model.deck.otherTargets.map((v) => figureLine(deck, v)),
  ]);
}

export function talentNotes(deck: PptxDeck, model: DeckModel): string {
  const { t } = deck;
  return join([
    t("pptx.notes.talent", { summary: model.talent.summary }),
    t("pptx.notes.policy", { summary: model.policy.summary }),
    model.policy.documents.length > 0 && t("pptx.notes.documentsIntro"),
    ...model.policy.documents.map((d) => t("pptx.notes.document", { title: d.title, issuer: d.issuer })),
  ]);
}

export function closingNotes(deck: PptxDeck, model: DeckModel): string {
  const { t } = deck;
  return join([
    t("pptx.notes.closing", { headline: model.cta.headline }),
    model.cta.body,
    model.cta.actions.length > 0 && t("pptx.notes.nextIntro"),
    ...model.cta.actions.map((a) => t("pptx.notes.action", { action: a })),
    ...model.cta.contacts.map((c) => t("pptx.notes.contact", { name: c.name, role: c.role ?? "none", email: c.email ?? "none" })),
  ]);
}

export function sourcesNotes(deck: PptxDeck): string {
  return join([deck.t("pptx.notes.sources")]);
}
