/**
 * One city's brochure, start to finish: templates → blocks → measured flowables → pages → PDF.
 * Everything is laid out before the first page is drawn, so "page N of M" is known up front and
 * the same inputs always give the same bytes.
 */
import { join, relative, resolve } from "node:path";
import PDFDocument from "pdfkit";
import type { ChartArtifact, CityContext } from "../context.ts";
import { figureView } from "../content/model.ts";
import type { TemplateSet } from "../content/templates.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import { VERSION } from "../version.ts";
import { drawBackCoverPage, planBackCover } from "./backCover.ts";
import { assertOpaquePng } from "./blocks/chart.ts";
import { compose, type ComposeEnv } from "./compose.ts";
import { drawCover, planCover } from "./cover.ts";
import { assertFits, overflowReporter } from "./fit.ts";
import type { DrawEnv, Flowable } from "./flowable.ts";
import { fontBook, fontFiles } from "./fonts.ts";
import { embedPngsDirectly } from "./images.ts";
import { drawFurniture, drawGround } from "./furniture.ts";
import { parseBlocks, type Block } from "./markdown/blocks.ts";
import { parsedBlocks, takeParsedTemplates } from "./parsedTemplates.ts";
import { buildBrochureModel, type BrochureModel } from "./model.ts";
import { paginate, type PagePlan } from "./paginate.ts";
import { lowResolutionError, printGeometry, setUpPrint, watchImageResolution } from "./print.ts";
import { child, struct, type Struct } from "./tagging.ts";
import { Typesetter } from "./text.ts";
import { createTheme, type Theme } from "./theme.ts";
import { templateDir } from "../project.ts";
import { pdfSubject } from "../content/edition.ts";
import { arrangeSections, isSectionName, type Sections } from "../content/sections.ts";

export const TEMPLATE_DIR = join("templates", "brochure");
/** Body templates are the numbered ones (10-…, 20-…), taken in order; these three are special. */
const COVER = "cover";
const BACK_COVER = "back-cover";
const FOOTER = "footer";

export async function renderBrochure(ctx: CityContext, charts: readonly ChartArtifact[], templates: TemplateSet): Promise<Buffer> {
  const { city, brand, options } = ctx;
  const root = options.root;
  const theme = createTheme(brand, options.paper);
  const model = buildBrochureModel(ctx);
  const fileOf = (name: string) => relative(root, join(templateDir(root, "brochure"), `${name}.hbs`));
  const parsed = parsedBlocks(takeParsedTemplates(ctx), templates);
  const blocksOf = (name: string, data: object = model): Block[] => (data === model ? parsed?.get(name) : undefined) ?? parseBlocks(templates.render(name, data), fileOf(name));
  for (const chart of charts) assertOpaquePng(chart);
  const print = ctx.edition.print ? printGeometry(theme.page) : undefined;
  const sheet = print?.sheet ?? theme.page;

  // Text is in the edition's language, except the local name: their fonts, in that order.
  const faces = fontFiles(brand, root, [ctx.edition.language, city.name.localLanguage]);
  const doc = new PDFDocument({
    size: [sheet.width, sheet.height],
    margin: 0,
    pdfVersion: "1.7",
    tagged: true,
    lang: ctx.edition.language,
    displayTitle: true,
    font: faces.body,
    info: {
      Title: `${city.name.en}: ${city.edition.title}`,
      Author: brand.name,
      // An edition prepared for an investor says so here too (see content/edition.ts).
      Subject: pdfSubject(ctx),
      Keywords: keywords(ctx).join(", "),
      Creator: `citypitch ${VERSION}`,
      CreationDate: ctx.buildDate,
      ModDate: ctx.buildDate,
    },
  });
  const bytes = collect(doc);
  embedPngsDirectly(doc);
  if (print) setUpPrint(doc, print);
  const coarseImages = print ? watchImageResolution(doc, root, new Map(charts.map((c) => [c.png, `chart "${c.id}"`]))) : undefined;
  const fonts = fontBook(doc, faces);
  const ts = new Typesetter(doc, fonts);

  const composeEnv = cityComposeEnv(ctx, ts, theme, charts);
  const body = composeCityBody(templates, root, model, composeEnv, undefined, ctx.edition.sections, blocksOf);
  const overflow = overflowReporter(ctx);
  const cover = planCover(ts, theme, { blocks: blocksOf(COVER), file: fileOf(COVER), brandName: brand.name, brandTagline: brand.tagline }, overflow);
  const logo = resolve(root, brand.logo.png);
  const back = planBackCover(composeEnv, blocksOf(BACK_COVER), fileOf(BACK_COVER), overflow, logo);
  const bodyPages = paginate(body, theme.content.height);
  assertFits(bodyPages, theme.content.height, overflow);
  const pageCount = 1 + bodyPages.length + 1;

  const documentRoot = struct(doc, "Document");
  doc.addStructure(documentRoot);
  let current: Struct = documentRoot;
  let chapter: PDFKit.PDFOutline | undefined;
  const env: DrawEnv = {
    doc,
    ts,
    fonts,
    theme,
    parent: () => current,
    openSection(title, level, y) {
      // pdfkit 0.20 writes the destination's left as (page width − left): passing the width gives 0.
      // On a print sheet the page starts at the trim, `print.offset` in from the sheet's corner.
      const shift = print?.offset ?? 0;
      const destination = { top: y + shift, left: theme.page.width + shift } as { expanded?: boolean };
      if (level === 1) {
        current = child(doc, documentRoot, "Sect", { title });
        chapter = doc.outline.addItem(title, destination);
      } else {
        (chapter ?? doc.outline).addItem(title, destination);
      }
    },
    tone: (c) => c,
    ...(print ? { bleed: print.bleed } : {}),
  };

  drawGround(doc, theme, env.bleed);
  drawCover(env, cover, { logo, logoAlt: brand.logo.alt });
  bodyPages.forEach((page, index) => drawBodyPage(env, page, { brand: brand.name, logo, footer: blocksOf(FOOTER, { ...model, page: { number: index + 2, count: pageCount } }) }));
  doc.addPage();
  drawBackCoverPage(env, back, { logo, logoAlt: brand.logo.alt });
  const coarse = coarseImages?.() ?? [];
  if (coarse.length > 0) throw lowResolutionError(coarse);
  doc.end();
  return bytes;
}

/** How one city's body pages are composed: its figures, charts and running section, at `theme`. */
export function cityComposeEnv(ctx: CityContext, ts: Typesetter, theme: Theme, charts: readonly ChartArtifact[], extra: Partial<ComposeEnv> = {}): ComposeEnv {
  const { city } = ctx;
  return {
    ts,
    theme,
    words: ctx.words,
    charts,
    placed: new Set(),
    figure: (path) => (ctx.figures.has(path) ? figureView(ctx, path) : undefined),
    state: { section: city.name.en, figures: 0 },
    chartField: (id, key) => `charts[${city.charts.findIndex((c) => c.id === id)}].${key}`,
    ...extra,
  };
}

/** The body templates (10-…, 20-…), in order. */
export function bodyTemplateNames(templates: TemplateSet): string[] {
  return templates.names.filter((n) => /^\d/.test(n)).sort();
}

/**
 * One city's inside pages as measured flowables: every body template over the brochure model, in
 * order (`include` leaves some out: a compendium has one sources section for all its cities).
 * Every chart must be placed somewhere.
 */
export function composeCityBody(
  templates: TemplateSet,
  root: string,
  model: BrochureModel,
  env: ComposeEnv,
  include: (name: string) => boolean = () => true,
  sections?: Sections,
  /** A template's blocks over `model`, when they are at hand already. */
  parsed?: (name: string) => Block[],
): Flowable[] {
  const fileOf = (name: string) => relative(root, join(templateDir(root, "brochure"), `${name}.hbs`));
  const blocksOf = parsed ?? ((name: string) => parseBlocks(templates.render(name, model), fileOf(name)));
  // An edition's sections (10-at-a-glance is the section "at-a-glance") choose and order the pages.
  const sectionOf = (name: string) => {
    const section = name.replace(/^\d+-/, "");
    return isSectionName(section) ? [section] : [];
  };
  const body = arrangeSections(bodyTemplateNames(templates).filter(include), sectionOf, sections).flatMap((name) => compose(blocksOf(name), fileOf(name), env));
  const forgotten = env.charts.filter((c) => !env.placed.has(c.id));
  if (forgotten.length > 0) {
    throw new CitypitchError(
      EXIT.renderFailed,
      `the brochure templates place no chart for ${forgotten.map((c) => `"${c.id}" (section ${c.section})`).join(", ")}`,
      [],
      `add "::charts <section>" or "::chart <id>" to a template in ${TEMPLATE_DIR}`,
    );
  }
  return body;
}

function keywords(ctx: CityContext): string[] {
  const { city } = ctx;
  return [city.name.en, city.name.local, city.province, city.country, "investment", "service outsourcing", ...city.industry.segments.map((s) => s.code), ...city.economy.strengths];
}

export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((done, fail) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => done(Buffer.concat(chunks)));
    doc.on("error", fail);
  });
}

/** One inside page: the page ground, the running head and foot (from the footer template's two paragraphs), then its blocks. */
export function drawBodyPage(env: DrawEnv, page: PagePlan, furniture: { brand: string; logo: string; footer: Block[] }): void {
  const { doc, ts, theme } = env;
  doc.addPage();
  drawGround(doc, theme, env.bleed);
  const [left, right] = furniture.footer.filter((b): b is Extract<Block, { type: "paragraph" }> => b.type === "paragraph");
  drawFurniture(doc, ts, theme, { brand: furniture.brand, section: page.section, footLeft: left?.text ?? [], footRight: right?.text ?? [], logo: furniture.logo }, env.bleed);
  for (const { flowable, y } of page.items) flowable.draw(env, theme.content.x, theme.content.y + y);
}
