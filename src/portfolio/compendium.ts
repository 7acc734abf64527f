/**
 * The compendium: one tagged PDF for a portfolio. Cover; how to read it; one comparison table per
 * group of indicators; ranking charts; then each city's profile, composed by the brochure's own
 * body templates (src/brochure/render.ts composeCityBody) so it says what the city's brochure says;
 * one sources section for all of them. Page numbers run through the whole document, and the
 * outline has a bookmark per chapter and per city, each city's sections beneath it.
 */
import { join, relative, resolve } from "node:path";
import PDFDocument from "pdfkit";
import type { ChartArtifact } from "../context.ts";
import type { TemplateSet } from "../content/templates.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import { locateValue } from "../data/locate.ts";
import { VERSION } from "../version.ts";
import { assertOpaquePng } from "../brochure/blocks/chart.ts";
import { compose, type ComposeEnv } from "../brochure/compose.ts";
import { drawCover, planCover } from "../brochure/cover.ts";
import { assertFits, overflowReporter, type OverflowError } from "../brochure/fit.ts";
import type { DrawEnv, Flowable } from "../brochure/flowable.ts";
import { fontBook, fontFiles } from "../brochure/fonts.ts";
import { drawGround } from "../brochure/furniture.ts";
import { parseBlocks, type Block } from "../brochure/markdown/blocks.ts";
import { buildBrochureModel } from "../brochure/model.ts";
import { paginate } from "../brochure/paginate.ts";
import { cityComposeEnv, collect, composeCityBody, drawBodyPage } from "../brochure/render.ts";
import { artifact, child, struct, textMarker, type Struct } from "../brochure/tagging.ts";
import { linesHeight, plain, Typesetter } from "../brochure/text.ts";
import { createTheme, type Theme } from "../brochure/theme.ts";
import type { CityContext } from "../context.ts";
import { buildPortfolioModel, mostCommonLocalLanguage, type PortfolioBuild } from "./model.ts";
import { embedPngsDirectly } from "../brochure/images.ts";
import { turn } from "./turn.ts";
import { templateDir } from "../project.ts";
import { showsLocalName } from "../content/names.ts";

export const PORTFOLIO_TEMPLATE_DIR = join("templates", "portfolio");
/** The compendium's chapters before the city profiles, and after them. */
const FRONT = ["compendium-10-how-to-read", "compendium-20-comparison", "compendium-30-rankings"];
const BACK = ["compendium-90-sources"];
const COVER = "compendium-cover";
/** Under each city's opener: where the city stands in the comparison. */
const CITY = "compendium-city";
const FOOTER = "compendium-footer";
/** The brochure's sources page (`90-sources`, or any body template named `…-sources`) is left out of each profile: the compendium has one for all. */
export const isCitySources = (template: string) => /-sources$/.test(template);

export interface Compendium {
  pdf: Buffer;
  pages: number;
}

export async function renderCompendium(
  build: PortfolioBuild,
  cityCharts: ReadonlyMap<string, readonly ChartArtifact[]>,
  rankCharts: readonly ChartArtifact[],
  templates: TemplateSet,
  brochureTemplates: TemplateSet,
): Promise<Compendium> {
  const plan = await planCompendium(build, cityCharts, rankCharts, templates, brochureTemplates);
  return { pdf: await plan.draw(), pages: plan.pages };
}

/** A compendium laid out, every template rendered and every page fitted, waiting to be drawn. */
export interface CompendiumPlan {
  pages: number;
  /** Draws the pages; the charts' pictures must be in their artifacts by then. */
  draw(): Promise<Buffer>;
}

/**
 * Lays the compendium out: everything that can fail on the data or the templates fails here. The
 * charts are placed by their size, caption and alt text; their pictures are read only when drawing,
 * so they can be painted meanwhile (while a browser prints the deck on the other core).
 */
export async function planCompendium(
  build: PortfolioBuild,
  cityCharts: ReadonlyMap<string, readonly ChartArtifact[]>,
  rankCharts: readonly ChartArtifact[],
  templates: TemplateSet,
  brochureTemplates: TemplateSet,
): Promise<CompendiumPlan> {
  const { brand, options, words } = build;
  const { portfolio } = build.loaded;
  const root = options.root;
  const theme = createTheme(brand, options.paper);
  const model = buildPortfolioModel(build);
  const fileOf = (name: string) => relative(root, join(templateDir(root, "portfolio"), `${name}.hbs`));
  const blocksOf = (name: string, data: object = model): Block[] => parseBlocks(templates.render(name, data), fileOf(name));

  const doc = new PDFDocument({
    size: [theme.page.width, theme.page.height],
    margin: 0,
    pdfVersion: "1.7",
    tagged: true,
    lang: build.language,
    displayTitle: true,
    font: fontFiles(brand, root).body,
    info: {
      Title: portfolio.title,
      Author: brand.name,
      Subject: portfolio.subtitle ?? portfolio.title,
      Keywords: ["investment", "service outsourcing", ...build.cities.map((c) => c.city.name.en)].join(", "),
      Creator: `citypitch ${VERSION}`,
      CreationDate: build.buildDate,
      ModDate: build.buildDate,
    },
  });
  embedPngsDirectly(doc);
  const bytes = collect(doc);
  // One document, one font per role: the local names' script font is the one most of the cities'
  // local names are in, so a portfolio of Japanese cities keeps Japanese glyph forms (each city's own
  // brochure sets its name in its own language's font).
  const localLanguage = mostCommonLocalLanguage(build);
  const fonts = fontBook(doc, fontFiles(brand, root, localLanguage ? [build.language, localLanguage] : [build.language]));
  const ts = new Typesetter(doc, fonts);

  // The portfolio's own chapters: ranking charts by id, no city figures; tables in smaller type so
  // a row of every city fits a page.
  const front: ComposeEnv = { ts, theme, words, charts: rankCharts, placed: new Set(), figure: () => undefined, state: { section: portfolio.title, figures: 0 } };
  const tableTheme: Theme = { ...theme, text: { ...theme.text, table: { ...theme.text.table, size: 7.5, leading: 10 } } };
  const body: Flowable[] = [];
  for (const name of FRONT) body.push(...compose(blocksOf(name), fileOf(name), name.includes("comparison") ? { ...front, theme: tableTheme } : front));
  const unplaced = rankCharts.filter((c) => !front.placed.has(c.id));
  if (unplaced.length > 0) {
    throw new CitypitchError(
      EXIT.renderFailed,
      `the compendium templates place no ranking chart for ${unplaced.map((c) => `"${c.id}"`).join(", ")}`,
      [],
      `add "::chart <id>" to a template in ${PORTFOLIO_TEMPLATE_DIR}`,
    );
  }

  // Each city: an opener, then its brochure's body (all but its own sources page).
  let part: { struct: Struct; outline: PDFKit.PDFOutline } | undefined;
  let current: Struct | undefined;
  let chapter: PDFKit.PDFOutline | undefined;
  let documentRoot: Struct | undefined;
  const enterPart = (doc: PDFKit.PDFDocument, title: string | undefined, y: number) => {
    chapter = undefined;
    if (title === undefined) {
      part = undefined;
      current = documentRoot;
      return;
    }
    const element = child(doc, documentRoot!, "Part", { title });
    part = { struct: element, outline: doc.outline.addItem(title, destination(theme, y)) };
    current = element;
  };
  for (const [i, ctx] of build.cities.entries()) {
    await turn();
    const name = ctx.city.name.en;
    const from = body.length;
    const env = cityComposeEnv(ctx, ts, theme, cityCharts.get(ctx.city.slug) ?? [], {
      sectionTitle: (section) => words.messages.t("portfolio.runningHead", { city: name, section }),
    });
    body.push(cityOpener(ts, theme, ctx, words.messages.t("portfolio.profileKicker", { n: i + 1, count: build.cities.length }), enterPart));
    // Its `##` heading is tagged H2, under the H1 of the opener.
    const standing: ComposeEnv = { ...front, theme: tableTheme, state: { section: name, figures: 0, headings: [1] } };
    body.push(...compose(blocksOf(CITY, { ...model, city: model.cities[i] }), fileOf(CITY), standing));
    // The profile itself starts on a page of its own, so it falls on its pages as in the city's brochure.
    await turn();
    const profile = composeCityBody(brochureTemplates, root, buildBrochureModel(ctx), env, (template) => !isCitySources(template));
    if (profile[0]) profile[0] = { ...profile[0], breakBefore: true };
    body.push(...profile);
    // A block of the city's that cannot fit is reported in the city's file, not the portfolio's.
    for (let k = from; k < body.length; k++) body[k] = { ...body[k]!, origin: { ...body[k]!.origin, owner: ctx.city.slug } };
  }
  const back = BACK.flatMap((name) => compose(blocksOf(name), fileOf(name), front));
  body.push(
    marker(back[0]?.section ?? portfolio.title, (draw, y) => enterPart(draw.doc, undefined, y)),
    ...back,
  );

  const overflow = portfolioOverflow(build);
  const cover = planCover(ts, theme, { blocks: blocksOf(COVER), file: fileOf(COVER), brandName: brand.name, brandTagline: brand.tagline }, overflow);
  const bodyPages = paginate(body, theme.content.height);
  assertFits(bodyPages, theme.content.height, overflow);
  const pageCount = 1 + bodyPages.length;
  const footers = bodyPages.map((_, index) => blocksOf(FOOTER, { ...model, page: { number: index + 2, count: pageCount } }));

  const draw = async (): Promise<Buffer> => {
    for (const chart of [...rankCharts, ...[...cityCharts.values()].flat()]) assertOpaquePng(chart);
    documentRoot = struct(doc, "Document");
    doc.addStructure(documentRoot);
    current = documentRoot;
    const env: DrawEnv = {
      doc,
      ts,
      fonts,
      theme,
      parent: () => current!,
      openSection(title, level, y) {
        if (level === 1) {
          current = child(doc, part?.struct ?? documentRoot!, "Sect", { title });
          chapter = (part?.outline ?? doc.outline).addItem(title, destination(theme, y));
        } else {
          (chapter ?? part?.outline ?? doc.outline).addItem(title, destination(theme, y));
        }
      },
      tone: (c) => c,
    };

    const logo = resolve(root, brand.logo.png);
    drawGround(doc, theme);
    drawCover(env, cover, { logo, logoAlt: brand.logo.alt });
    current = documentRoot;
    chapter = undefined;
    for (const [index, page] of bodyPages.entries()) {
      await turn();
      drawBodyPage(env, page, { brand: brand.name, logo, footer: footers[index]! });
    }
    doc.end();
    return bytes;
  };
  return { pages: pageCount, draw };
}

/** pdfkit 0.20 writes the destination's left as (page width − left): passing the width gives 0. */
function destination(theme: Theme, y: number): { expanded?: boolean } {
  return { top: y, left: theme.page.width } as { expanded?: boolean };
}

/** A zero-height block that only changes the drawing state (where the structure and outline go next). */
function marker(section: string, run: (env: DrawEnv, y: number) => void): Flowable {
  return { kind: "marker", height: 0, spaceBefore: 0, spaceAfter: 0, section, keepWithNext: true, breakBefore: true, draw: (env, _x, y) => run(env, y) };
}

const RULE = { width: 28, height: 3 };

/**
 * A city's first block in the compendium, on a fresh page: "City profile 3 of 15", its name (in
 * its own script too), its tagline. Drawing it opens the city's Part and its bookmark, under which
 * the city's sections go.
 */
function cityOpener(ts: Typesetter, theme: Theme, ctx: CityContext, kickerText: string, enter: (doc: PDFKit.PDFDocument, title: string, y: number) => void): Flowable {
  const { city } = ctx;
  const width = theme.content.width;
  const space = theme.space;
  const kicker = ts.set(plain(kickerText), theme.text.kicker, width);
  const name = ts.set(plain(city.name.en), { ...theme.text.h1, size: 36, leading: 42 }, width);
  const showLocal = showsLocalName(city.name);
  const local = showLocal ? ts.set(plain(city.name.local), { ...theme.text.h2, face: "localBold", size: 20, leading: 26, colour: theme.colours.secondaryText }, width) : [];
  const tagline = ts.set(plain(city.tagline), theme.text.lead, width);
  const height = RULE.height + space.m + linesHeight(kicker) + space.xs + linesHeight(name) + linesHeight(local) + space.s + linesHeight(tagline);
  return {
    kind: "opener",
    height,
    spaceBefore: 0,
    spaceAfter: space.xl,
    section: city.name.en,
    breakBefore: true,
    keepWithNext: true,
    // Too tall for a page: the longer of its name and tagline is the one to shorten.
    origin: { field: city.tagline.length > city.name.en.length + city.name.local.length ? "tagline" : "name.en" },
    draw(env, x, y) {
      const { doc } = env;
      enter(doc, city.name.en, y);
      artifact(doc, () => doc.rect(x, y, RULE.width, RULE.height).fill(theme.colours.accent));
      let cursor = y + RULE.height + space.m;
      cursor = env.ts.draw(kicker, x, cursor, textMarker(doc, child(doc, env.parent(), "P"), "P")) + space.xs;
      cursor = env.ts.draw(name, x, cursor, textMarker(doc, child(doc, env.parent(), "H1"), "H1"));
      if (showLocal) cursor = env.ts.draw(local, x, cursor, textMarker(doc, child(doc, env.parent(), "P", { lang: city.name.localLanguage }), "P"));
      env.ts.draw(tagline, x, cursor + space.s, textMarker(doc, child(doc, env.parent(), "P"), "P"));
    },
  };
}

/** Text that cannot fit the compendium: named in the portfolio file where it can be (the cover), else by field. */
function portfolioOverflow(build: PortfolioBuild): OverflowError {
  const file = relative(build.options.root, join(build.options.dataDir, "portfolios", `${build.id}.yaml`));
  return (o) => {
    const city = o.owner === undefined ? undefined : build.cities.find((c) => c.city.slug === o.owner);
    if (city) {
      // Reported as the city's brochure reports it: its file, line and field, and how much to cut.
      const own = overflowReporter(city)(o);
      return new CitypitchError(
        EXIT.renderFailed,
        `the compendium for ${build.id} cannot be laid out: ${city.city.slug}'s ${o.field} is too long for ${o.area}`,
        own.problems,
        own.hint,
      );
    }
    // The cover sets the portfolio's title and subtitle where a city's cover sets its name and tagline.
    const key = o.field === "name.en" ? "title" : o.field === "tagline" ? "subtitle" : undefined;
    const location = key ? locateValue(build.loaded.source, [key]) : { file };
    // The cover's blocks are named as a city's cover names them.
    o = { ...o, block: o.block?.replace("(the city's name)", "(the portfolio's title)").replace("the tagline paragraph", "the subtitle paragraph") };
    return new CitypitchError(EXIT.renderFailed, `the compendium for ${build.id} cannot be laid out: ${key ?? o.field} is too long for ${o.area}`, [
      {
        severity: "error",
        location,
        path: key ?? o.field,
        message: `too long for ${o.area}: its text needs ${Math.ceil(o.needed)} pt where there are ${Math.ceil(o.room)} pt${o.block ? `; it fills ${o.block}` : ""}`,
        hint: `shorten ${key ?? o.field}; the layout never cuts text off`,
      },
    ]);
  };
}
