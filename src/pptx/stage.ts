/**
 * The editable PowerPoint stage: `<slug>-deck.pptx` per city, made with pptxgenjs from the same
 * deck model as the Marp deck, with native charts, tables, notes, links and alt text. A city whose
 * text cannot fit its slides is reported as a failed format; the other cities still get theirs.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { newPresentation } from "./pptxgen.ts";
import type { ChartArtifact, CityContext } from "../context.ts";
import { buildDeckModel } from "../deck/model.ts";
import { chartFacts } from "../charts/stage.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import { contextKey, editionFile, wants, type ChartsBySlug, type FormatFailure, type StageInput } from "../stage.ts";
import { pdfSubject } from "../content/edition.ts";
import type { PptxDeck } from "./deck.ts";
import { finish, newPatches, partsOf } from "./package.ts";
import { buildSlides } from "./slides.ts";
import { clean } from "./text.ts";
import { trace } from "../trace.ts";
import { officeLanguage, TextMeasure } from "./text.ts";
import { colours, defineMasters, pngAspect, schemeColours, type Logo } from "./theme.ts";

/** `stem` is the edition's file stem (CityContext.edition.fileStem): "dalian", or "dalian-ja". */
export const pptxFileName = (stem: string) => `${stem}-deck.pptx`;

export async function pptxStage(input: StageInput, charts: ChartsBySlug): Promise<FormatFailure[]> {
  if (!input.options.formats.has("pptx")) return [];
  const failures: FormatFailure[] = [];
  const measures = new Map<string, TextMeasure>();
  for (const ctx of input.contexts) {
    if (!wants(input, ctx, "pptx")) continue;
    const slug = ctx.city.slug;
    const start = performance.now();
    try {
      const key = JSON.stringify([ctx.brand.fonts, pptxLanguages(ctx)]);
      if (!measures.has(key)) measures.set(key, new TextMeasure(ctx.brand.fonts, ctx.options.root, pptxLanguages(ctx)));
      // Native charts need the charts' words, not their pictures: a build of the PPTX alone renders none.
      const bytes = await renderPptx(ctx, charts.get(contextKey(ctx)) ?? chartFacts(ctx), measures.get(key)!);
      const file = await input.staging.write(slug, editionFile(ctx, pptxFileName(ctx.edition.fileStem)), bytes);
      input.log.artifact(file, performance.now() - start);
    } catch (error) {
      if (!(error instanceof CitypitchError) || error.exitCode === EXIT.output) throw error;
      failures.push({ format: "pptx", slugs: [contextKey(ctx)], error });
    }
  }
  return failures;
}

/** One city's PowerPoint as bytes. */
export async function renderPptx(ctx: CityContext, artifacts: readonly ChartArtifact[], measure?: TextMeasure): Promise<Buffer> {
  trace("pptx: start");
  const m = measure ?? new TextMeasure(ctx.brand.fonts, ctx.options.root, pptxLanguages(ctx));
  const model = buildDeckModel(ctx, artifacts);
  const { city, brand } = ctx;
  const t = ctx.words.messages.t;
  const pptx = newPresentation();
  pptx.layout = "LAYOUT_WIDE";
  pptx.title = clean(`${city.name.en}: ${city.edition.title}`);
  pptx.subject = clean(pdfSubject(ctx));
  pptx.author = clean(brand.name);
  pptx.company = clean(brand.name);
  pptx.theme = { headFontFace: m.faces.officeHeading, bodyFontFace: m.faces.officeBody };
  const col = colours(brand);
  const png = await readFile(resolve(ctx.options.root, brand.logo.png));
  const logo: Logo = { data: `image/png;base64,${png.toString("base64")}`, aspect: pngAspect(png), alt: brand.logo.alt };
  // The same running foot as the Marp deck's slides (model.deck.yaml.footer is that line escaped for Markdown).
  const footer = [city.name.en, city.edition.title, t("edition.date", { date: model.edition.dateText }), t("edition.vintage", { year: String(city.edition.dataAsOf) })].join(" · ");
  const { titleWidth } = defineMasters(pptx, brand, col, m.faces, logo, footer);
  const deck: PptxDeck = {
    titleWidth,
    pptx,
    ctx,
    model,
    m,
    col,
    faces: { ...m.faces, lang: officeLanguage(ctx.edition.language, ctx.words.messages.locale) },
    t,
    artifacts: new Map(artifacts.map((a) => [a.id, a])),
    patches: newPatches(),
  };
  const latin = [m.faces.heading, m.faces.body, m.faces.officeHeading, m.faces.officeBody];
  deck.patches.eastAsian = { typeface: m.faces.eastAsian, latin };
  if (m.faces.complexScript) deck.patches.complexScript = { typeface: m.faces.complexScript, latin };
  deck.patches.language = deck.faces.lang;
  deck.patches.scheme = schemeColours(brand.name, col);
  deck.patches.logoAlt = logo.alt;
  buildSlides(deck);
  trace("pptx: slides built");
  const parts = await partsOf(pptx);
  trace("pptx: written by pptxgenjs");
  return Buffer.from(finish(parts, deck.patches, ctx.buildDate));
}

/** The edition's language, then its local name's: whose script fonts the PowerPoint names and measures. */
function pptxLanguages(ctx: CityContext): string[] {
  return [ctx.edition.language, ctx.city.name.localLanguage];
}
