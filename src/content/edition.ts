/**
 * The words an edition adds about itself: who it was prepared for (cover, closing slide, PDF
 * metadata) and, in a draft translation, the colophon's disclosure. Empty strings when there is
 * nothing to say, so templates can test them with {{#if}}.
 */
import type { CityContext } from "../context.ts";

export function preparedFor(ctx: CityContext): string {
  const audience = ctx.edition.audience;
  if (!audience) return "";
  return ctx.words.messages.t("edition.preparedFor", { who: audience.person ? "person" : "organisation", organisation: audience.organisation, person: audience.person ?? "" });
}

export function draftTranslationNotice(ctx: CityContext): string {
  const translation = ctx.edition.translation;
  if (translation?.status !== "draft") return "";
  const { messages } = ctx.words;
  const language = new Intl.DisplayNames([messages.locale], { type: "language" }).of(ctx.edition.language) ?? ctx.edition.language;
  return messages.t("edition.draftTranslation", { language, translator: translation.by ? "named" : "anonymous", by: translation.by ?? "" });
}

/** The PDF's Subject: the tagline, and who the edition was prepared for when it was. */
export function pdfSubject(ctx: CityContext): string {
  const audience = preparedFor(ctx);
  return audience ? `${audience} · ${ctx.city.tagline}` : ctx.city.tagline;
}
