/**
 * The slides, in the order of templates/deck/deck.hbs and from the same deck model: title, at a
 * glance, location and economy, the gateway divider, port charts, the port and airport table, air
 * charts, the industry divider, service lines and markets, plan charts, strategy and targets,
 * talent and policy, closing, sources. Every word that is not data comes from the message file.
 */
import { arrangeSections, sectionIncluded } from "../content/sections.ts";
import type { SectionName } from "../data/schema.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import type { Slide, TextProps } from "./pptxgen.ts";
import { placesOnly, tileView, type DeckChart, type TileView } from "../deck/model.ts";
import { citeMarks } from "../content/references.ts";
import type { FigureView } from "../content/model.ts";
import { addChart } from "./charts.ts";
import { tooLong, type PptxDeck } from "./deck.ts";
import { addParas, fitScale, fittedTitle, numberSize, numberWithUnit, paginate, paginateEvenly, parasHeight, SCALES, type Box, type Para, type Run } from "./layout.ts";
import * as notes from "./notes.ts";
import { addTable, paginateRows, tableHeight, type Row, type TableSpec } from "./tables.ts";
import { BODY_W, GRID, MASTER } from "./theme.ts";
import { oneLine } from "./text.ts";

const PT = 72;
const BODY: Box = { x: GRID.margin, y: GRID.bodyY, w: BODY_W, h: GRID.bodyBottom - GRID.bodyY };
const GAP = 0.35;
/** The main column and the aside of split slides. */
const ASIDE_W = 3.9;
const MAIN: Box = { ...BODY, w: BODY_W - ASIDE_W - GAP };
const ASIDE: Box = { ...BODY, x: BODY.x + MAIN.w + GAP, w: ASIDE_W };
const DENSE = SCALES[1];
const DENSEST = SCALES[SCALES.length - 1]!;

export function buildSlides(deck: PptxDeck): void {
  const { model } = deck;
  // Each slide (or run of slides) with the sections it shows, so an edition's sections choose and order them as in the Marp deck.
  const slides: [readonly SectionName[], () => void][] = [
    [[], () => titleSlide(deck)],
    [["at-a-glance"], () => glanceSlide(deck)],
    [["geography", "economy"], () => whereSlide(deck)],
    [
      ["port", "air"],
      () =>
        dividerSlide(
          deck,
          deck.t("pptx.slide.gatewayNumber"),
          deck.t("pptx.slide.gateway"),
          model.city.connectivity.summary,
          "connectivity.summary",
          notes.gatewayNotes(deck, model),
        ),
    ],
    [
      ["port"],
      () => {
        for (const cs of model.deck.charts.port) chartSlide(deck, cs.charts, cs.pair, model.port.name);
      },
    ],
    [["port", "air"], () => tableSlide(deck)],
    [
      ["air"],
      () => {
        for (const cs of model.deck.charts.air) chartSlide(deck, cs.charts, cs.pair, model.airport.name);
      },
    ],
    [
      ["industry"],
      () => dividerSlide(deck, deck.t("pptx.slide.industryNumber"), deck.t("pptx.slide.industry"), model.industry.summary, "industry.summary", notes.industryNotes(deck, model)),
    ],
    [["industry"], () => cardsSlide(deck)],
    [
      ["industry"],
      () => {
        for (const cs of model.deck.charts.industry) chartSlide(deck, cs.charts, cs.pair, deck.t("pptx.slide.plan"));
      },
    ],
    [["industry"], () => strategySlide(deck)],
    [["talent", "policy"], () => talentSlide(deck)],
  ];
  // Every slide is made, even after one whose text does not fit: the build then names every field
  // to shorten at once, not one a run.
  const misfits: CitypitchError[] = [];
  const attempt = (add: () => void) => {
    try {
      add();
    } catch (error) {
      if (!(error instanceof CitypitchError) || error.exitCode !== EXIT.renderFailed) throw error;
      misfits.push(error);
    }
  };
  for (const [, add] of arrangeSections(slides, ([sections]) => sections, deck.ctx.edition.sections)) attempt(add);
  // The call to action closes the deck, before the sources when an edition keeps them.
  attempt(() => closingSlide(deck));
  if (sectionIncluded(deck.ctx.edition.sections, "sources")) attempt(() => sourcesSlides(deck));
  if (misfits.length === 1) throw misfits[0];
  if (misfits.length > 1)
    throw new CitypitchError(
      EXIT.renderFailed,
      `${deck.ctx.city.slug}: ${misfits.length} PowerPoint slides cannot fit their text, even at the smallest type size: ${misfits.map((m) => m.message.replace(/^[^:]+: /, "")).join("; ")}`,
      misfits.flatMap((m) => m.problems),
      misfits[0]!.hint,
    );
}

// ---------------------------------------------------------------- slide furniture

/** A title that fits its band: one line at the normal size, else two lines a step or two smaller. */
function titleRuns(
  deck: PptxDeck,
  text: string,
  widthIn: number,
  colour: string,
  field?: string,
  extra: Run[] = [],
  sizes: readonly [number, number, number] = [28, 24, 20],
  /** The field `extra` comes from, named when the title fits without it. */
  extraField?: string,
): TextProps[] {
  const fitted = fittedTitle(deck.m, deck.faces, [{ text, role: "heading" }, ...extra], widthIn, colour, sizes);
  if (fitted) return fitted;
  // A title worded by the messages around the city's name ("Where {name} sits") is too long because of the name.
  field ??= text.includes(deck.model.name.en) ? "name.en" : undefined;
  // A title that fits without what is added to it (the cover's local name) is too long because of that.
  const blamed = extra.length > 0 && extraField && fittedTitle(deck.m, deck.faces, [{ text, role: "heading" }], widthIn, colour, sizes) ? extraField : field;
  throw tooLong(deck, oneLine(text), blamed, "its title");
}

function contentSlide(deck: PptxDeck, title: string, field?: string): Slide {
  const slide = deck.pptx.addSlide({ masterName: MASTER.content });
  slide.addText(titleRuns(deck, title, deck.titleWidth, deck.col.primary, field), { placeholder: "title" });
  return slide;
}

const continued = (deck: PptxDeck, title: string, page: number) => (page === 0 ? title : deck.t("pptx.continued", { title }));

/** Paragraphs over as many slides as they need: one slide at the largest step that fits, else pages at the dense step. */
function flowSlides(deck: PptxDeck, title: string, paras: readonly Para[], box: Box, speakerNotes: string, decorate?: (slide: Slide) => void, field?: string): number {
  // Continuation slides have no aside: their text takes the whole width.
  const rest = BODY;
  const scale = fitScale(deck.m, paras, box);
  let pages: Para[][];
  let at: number;
  if (scale !== undefined) {
    pages = [[...paras]];
    at = scale;
  } else {
    const dense = paginate(deck.m, paras, box, DENSE, rest);
    const result = dense.tooLong ? paginate(deck.m, paras, box, DENSEST, rest) : dense;
    if (result.tooLong) throw tooLong(deck, title, result.tooLong.field ?? field, "a paragraph");
    pages = result.pages;
    at = dense.tooLong ? DENSEST : DENSE;
  }
  pages.forEach((page, i) => {
    const slide = contentSlide(deck, continued(deck, title, i), field);
    if (i === 0) decorate?.(slide);
    addParas(slide, page, i === 0 ? box : rest, at, deck.faces, deck.col.ink);
    slide.addNotes(speakerNotes);
  });
  return pages.length;
}

/**
 * Paragraphs with their tiles. Up to four tiles stand beside the text in the aside, in one column
 * or two, whichever they fit (the text flowing on as flowSlides flows it); five or more go across
 * the body in a band under the text, as the Marp deck sets them, when both fit one slide. Each
 * arrangement is the other's fallback, and tiles that fit neither are not refused: the text takes
 * the whole width and the tiles follow on a slide of their own.
 */
function flowSlidesWithTiles(deck: PptxDeck, title: string, paras: readonly Para[], tiles: readonly TileView[], speakerNotes: string): void {
  if (tiles.length === 0) {
    flowSlides(deck, title, paras, BODY, speakerNotes);
    return;
  }
  const aside = (): boolean => {
    const preferred = asideColumns(tiles);
    const cols = [preferred, 3 - preferred].find((c) => tileScale(deck, tiles, ASIDE, c, ASIDE_TILE_H) !== undefined);
    if (cols === undefined) return false;
    flowSlides(deck, title, paras, MAIN, speakerNotes, (slide) => addTiles(deck, slide, tiles, ASIDE, cols, title, ASIDE_TILE_H));
    return true;
  };
  // Across the body: in one row (up to five), else in two or three rows.
  const across = tiles.length <= 5 ? [tiles.length, Math.ceil(tiles.length / 2)] : [Math.ceil(tiles.length / 2), 3];
  // Short text: the tiles in a band under it, on the one slide.
  const band = (): boolean => {
    for (const scale of SCALES) {
      const textH = parasHeight(deck.m, paras, BODY.w, scale) / PT;
      const box: Box = { ...BODY, y: BODY.y + textH + TILE_BAND_GAP, h: BODY.h - textH - TILE_BAND_GAP };
      const cols = box.h > 0 ? across.find((c) => tileScale(deck, tiles, box, c, 2.1) !== undefined) : undefined;
      if (cols === undefined) continue;
      const slide = contentSlide(deck, title);
      addParas(slide, paras, { ...BODY, h: textH }, scale, deck.faces, deck.col.ink);
      addTiles(deck, slide, tiles, box, cols, title);
      slide.addNotes(speakerNotes);
      return true;
    }
    return false;
  };
  // Four tiles or fewer stand beside the text; five or more read better across, as in the Marp deck.
  if (tiles.length <= 4 ? aside() || band() : band() || aside()) return;
  const slides = flowSlides(deck, title, paras, BODY, speakerNotes);
  const slide = contentSlide(deck, continued(deck, title, slides));
  addTiles(deck, slide, tiles, BODY, across.find((c) => tileScale(deck, tiles, BODY, c, 2.1) !== undefined) ?? across[0]!, title);
  slide.addNotes(speakerNotes);
}

/** Between the text and a band of tiles under it, in inches. */
const TILE_BAND_GAP = 0.3;

// ---------------------------------------------------------------- tiles and facts

function tileParas(deck: PptxDeck, view: TileView, baseSize: number, widthIn: number): Para[] {
  const { col, t } = deck;
  const tile = view.tile;
  const qualifier = view.figure.qualifier === "target" ? t("tile.target") : tile.qualifier;
  const year = `${tile.year}${tile.derived ? ` · ${t("figure.derivedMark")}` : ""}`;
  const refs = citeMarks(view.refs);
  const number = numberWithUnit(deck.m, tile, widthIn, numberSize(deck.m, tile.number, widthIn, tile.long ? baseSize * 0.82 : baseSize), col.primary);
  return [
    { runs: [{ text: qualifier || " ", role: "bold" }], size: 11, colour: col.secondaryText, after: 1 },
    ...number,
    { runs: [{ text: tile.label }], size: 13, colour: col.ink, after: 2, field: view.path },
    { runs: [{ text: refs ? `${year} ${refs}` : year }], size: 10, colour: col.muted },
  ];
}

/** Up to three tiles stack in the aside; more go two abreast. */
const asideColumns = (tiles: readonly unknown[]) => (tiles.length > 3 ? 2 : 1);

const ASIDE_TILE_H = 1.75;

/** Tiles in a grid of `cols` columns in `box`: their size, text, and the one type step they all fit at (undefined for none). */
function tileGrid(deck: PptxDeck, views: readonly TileView[], box: Box, cols: number, maxTileH: number) {
  const rows = Math.ceil(views.length / cols);
  const gap = 0.2;
  const w = (box.w - gap * (cols - 1)) / cols;
  const h = Math.min(maxTileH, (box.h - gap * (rows - 1)) / rows);
  const pad = 0.16;
  const inner = (x: number, y: number): Box => ({ x: x + pad + 0.06, y: y + pad * 0.8, w: w - 2 * pad - 0.06, h: h - 1.6 * pad });
  const all = views.map((v) => tileParas(deck, v, w > 2.6 ? 30 : 26, inner(0, 0).w));
  const scale = SCALES.find((s) => all.every((p) => parasHeight(deck.m, p, inner(0, 0).w, s) <= inner(0, 0).h * PT));
  return { w, h, gap, all, inner, scale };
}

const tileScale = (deck: PptxDeck, views: readonly TileView[], box: Box, cols: number, maxTileH: number) => tileGrid(deck, views, box, cols, maxTileH).scale;

/** KPI tiles in a grid of `cols` columns; every tile at one step, so the grid reads evenly. */
function addTiles(deck: PptxDeck, slide: Slide, views: readonly TileView[], box: Box, cols: number, title: string, maxTileH = 2.1): void {
  if (views.length === 0) return;
  const { col, faces, m } = deck;
  const { w, h, gap, all, inner, scale } = tileGrid(deck, views, box, cols, maxTileH);
  if (scale === undefined) {
    const worst = views.find((_, i) => parasHeight(m, all[i]!, inner(0, 0).w, DENSEST) > inner(0, 0).h * PT);
    throw tooLong(deck, title, worst?.path, `the tile "${oneLine(worst?.label ?? "")}"`);
  }
  views.forEach((_, i) => {
    const x = box.x + (i % cols) * (w + gap);
    const y = box.y + Math.floor(i / cols) * (h + gap);
    slide.addShape("rect", { x, y, w, h, fill: { color: col.surface }, line: { type: "none" } });
    slide.addShape("rect", { x, y, w: 0.06, h, fill: { color: col.primary }, line: { type: "none" } });
    addParas(slide, all[i]!, inner(x, y), scale, faces, col.ink);
  });
}

/** A figure's year, with the derived mark for a value citypitch computed, as tiles carry it. */
const yearWithMark = (deck: PptxDeck, view: FigureView) => (view.derived ? `${view.year} · ${deck.t("figure.derivedMark")}` : view.year);

/** "over 165.44 Mt" with "Port cargo throughput, 2007 [1, 5]" under it: the facts beside a chart. */
function factParas(deck: PptxDeck, view: FigureView): Para[] {
  const refs = citeMarks(view.refs);
  return [
    { runs: [{ text: view.short, role: "headingBold" }], size: 18, colour: deck.col.primary, after: 1 },
    {
      runs: [{ text: `${deck.t("chart.captionWithYear", { caption: view.label, year: yearWithMark(deck, view) })}${refs ? ` ${refs}` : ""}` }],
      size: 11,
      colour: deck.col.muted,
      after: 9,
      field: view.path,
    },
  ];
}

// ---------------------------------------------------------------- the slides

function titleSlide(deck: PptxDeck): void {
  const { model, col, t, faces } = deck;
  const { city } = model;
  const slide = deck.pptx.addSlide({ masterName: MASTER.title });
  const x = GRID.margin + 0.3;
  const w = BODY_W - 0.6;
  addParas(
    slide,
    [{ runs: [{ text: model.edition.title.toLocaleUpperCase(deck.ctx.words.messages.locale), role: "bold" }], size: 14, colour: col.accentOnPrimary }],
    { x, y: 1.35, w, h: 0.4 },
    1,
    faces,
    col.ink,
  );
  // A local name that the name already says is said once, as the brochure's cover says it.
  const local: Run[] = model.name.showLocal ? [{ text: `  ${model.name.local}`, local: true, colour: col.onPrimarySoft, lang: model.deck.localLang, scale: 0.75 }] : [];
  slide.addText(titleRuns(deck, model.name.en, w, col.onPrimary, "name.en", local, [48, 40, 32], "name.local"), { placeholder: "title" });
  const body: Para[] = [
    { runs: [{ text: city.tagline }], size: 22, colour: col.onPrimary, after: 14, field: "tagline" },
    {
      runs: [
        {
          text: t("pptx.titleMeta", {
            province: city.province,
            country: city.country,
            date: model.edition.dateText,
            vintage: t("edition.vintage", { year: String(city.edition.dataAsOf) }),
          }),
        },
      ],
      size: 14,
      colour: col.onPrimarySoft,
    },
  ];
  const box = { x, y: 3.35, w, h: 2.5 };
  const scale = fitScale(deck.m, body, box);
  if (scale === undefined) throw tooLong(deck, model.name.en, "tagline", "the tagline");
  addParas(slide, body, box, scale, faces, col.ink);
  slide.addNotes(notes.titleNotes(deck, model));
}

function glanceSlide(deck: PptxDeck): void {
  const { model } = deck;
  const title = deck.t("pptx.slide.glance", { name: model.name.en });
  const slide = contentSlide(deck, title, "name.en");
  const cols = model.highlights.length <= 6 ? 3 : 4;
  addTiles(deck, slide, model.highlights, BODY, cols, title, 2.45);
  slide.addNotes(notes.glanceNotes(deck, model));
}

function whereSlide(deck: PptxDeck): void {
  const { model, col, t } = deck;
  const g = model.geography;
  const title = t("pptx.slide.where", { name: model.name.en });
  const fact = (label: string, text: string, field: string): Para => ({ runs: [{ text: `${label} `, role: "bold" }, { text }], size: 15, bullet: "bullet", after: 5, field });
  const paras: Para[] = [
    { runs: [{ text: g.location, role: "heading" }], size: 19, colour: col.primary, after: 8, field: "geography.location" },
    { runs: [{ text: g.summary }], size: 15, after: 9, field: "geography.summary" },
    // A list the city leaves empty is no fact; one it gives is listed as the language lists ("、"
    // in Japanese and Chinese), as the Marp deck lists it.
    ...(g.seas.length > 0 ? [fact(t("pptx.fact.seas"), g.seas.join(t("brochure.listSeparator")), "geography.seas")] : []),
    ...(g.neighbours.length > 0 ? [fact(t("pptx.fact.neighbours"), g.neighbours.join(t("brochure.listSeparator")), "geography.neighbours")] : []),
    fact(t("pptx.fact.climate"), g.climate, "geography.climate"),
    fact(t("pptx.fact.economy"), model.economy.strengths.join(" · "), "economy.strengths"),
    fact(t("pptx.fact.region"), model.economy.region, "economy.region"),
  ];
  // The model maps these to tile views (buildDeckModel); its type keeps the content model's.
  const aside = g.figureList as TileView[];
  flowSlidesWithTiles(deck, title, paras, aside, notes.whereNotes(deck, model));
}

function dividerSlide(deck: PptxDeck, number: string, title: string, summary: string, field: string, speakerNotes: string): void {
  const { col, faces } = deck;
  const slide = deck.pptx.addSlide({ masterName: MASTER.divider });
  const x = GRID.margin + 0.5;
  const w = BODY_W - 1.2;
  addParas(slide, [{ runs: [{ text: number, role: "headingBold" }], size: 60, colour: col.accentOnSecondary }], { x, y: 1.2, w, h: 1.1 }, 1, faces, col.ink);
  slide.addText(titleRuns(deck, title, w, col.onPrimary, undefined, [], [40, 34, 28]), { placeholder: "title" });
  const paras: Para[] = [{ runs: [{ text: summary }], size: 20, colour: col.onPrimary, field }];
  const box = { x, y: 3.55, w, h: 2.9 };
  const scale = fitScale(deck.m, paras, box);
  if (scale === undefined) throw tooLong(deck, title, field, "the summary");
  addParas(slide, paras, box, scale, faces, col.ink);
  slide.addNotes(speakerNotes);
}

/** A paired chart's second title line, in inches, taken from the chart's height. */
const PAIR_TITLE_LINE = 0.36;

function chartSlide(deck: PptxDeck, charts: readonly DeckChart[], pair: boolean, heading: string): void {
  const { col, faces, m } = deck;
  const sourceParas = (c: DeckChart, size: number): Para[] => {
    const refs = citeMarks(c.refs);
    const line = deck.artifacts.get(c.id)?.sourceLine ?? c.sourceLine;
    return [{ runs: [{ text: refs ? `${line} ${refs}` : line }], size, colour: col.muted }];
  };
  const fieldOf = (c: DeckChart) => `charts[${deck.ctx.city.charts.findIndex((x) => x.id === c.id)}]`;
  if (pair) {
    const slide = contentSlide(deck, heading);
    const w = (BODY_W - GAP) / 2;
    charts.forEach((c, i) => {
      const x = BODY.x + i * (w + GAP);
      const head: Para[] = [{ runs: [{ text: c.title, role: "heading" }], size: 17, colour: col.primary }];
      // One line above the chart; a title that needs two takes a second line from the chart's height.
      const oneLineBox = { x, y: BODY.y, w, h: 0.42 };
      const twoLines = { ...oneLineBox, h: 0.42 + PAIR_TITLE_LINE };
      const headScale = fitScale(m, head, oneLineBox);
      const headBox = headScale === undefined ? twoLines : oneLineBox;
      const scaleUsed = headScale ?? fitScale(m, head, twoLines);
      if (scaleUsed === undefined) throw tooLong(deck, heading, `${fieldOf(c)}.title`, "the chart's title");
      addParas(slide, head, headBox, scaleUsed, faces, col.ink);
      const words: Para[] = [{ runs: [{ text: c.caption }], size: 13, after: 4, field: `${fieldOf(c)}.caption` }, ...sourceParas(c, 10)];
      const wordsBox = { x, y: BODY.y + 3.95, w, h: BODY.h - 3.95 };
      const scale = fitScale(m, words, wordsBox);
      if (scale === undefined) throw tooLong(deck, heading, `${fieldOf(c)}.caption`, "the chart's caption and source line");
      const drop = headBox.h - oneLineBox.h;
      addChart(deck, slide, c, { x, y: BODY.y + 0.45 + drop, w, h: 3.45 - drop });
      addParas(slide, words, wordsBox, scale, faces, col.ink);
    });
    slide.addNotes(notes.chartNotes(deck, charts));
    return;
  }
  const c = charts[0]!;
  const slide = contentSlide(deck, c.title, `${fieldOf(c)}.title`);
  const chartW = 7.75;
  const sourceBox = { x: BODY.x, y: BODY.y + 4.55, w: BODY_W, h: BODY.h - 4.55 };
  const side: Para[] = [
    { runs: [{ text: c.caption, role: "heading" }], size: 17, colour: col.primary, after: 12, field: `${fieldOf(c)}.caption` },
    ...c.figures.flatMap((v) => factParas(deck, v)),
  ];
  const sideBox = { x: BODY.x + chartW + GAP, y: BODY.y, w: BODY_W - chartW - GAP, h: 4.4 };
  // A chart of many points (a dozen extra figures) has more figures than the side holds: the
  // caption stays beside the chart and the figures follow as tiles on slides of their own.
  const together = fitScale(m, side, sideBox);
  const figuresApart = together === undefined;
  const beside = figuresApart ? side.slice(0, 1) : side;
  const scale = together ?? fitScale(m, beside, sideBox);
  if (scale === undefined) throw tooLong(deck, c.title, `${fieldOf(c)}.caption`, "the chart's caption");
  const sourceScale = fitScale(m, sourceParas(c, 11), sourceBox);
  if (sourceScale === undefined) throw tooLong(deck, c.title, fieldOf(c), "the chart's source line");
  addChart(deck, slide, c, { x: BODY.x, y: BODY.y, w: chartW, h: 4.4 });
  addParas(slide, beside, sideBox, scale, faces, col.ink);
  addParas(slide, sourceParas(c, 11), sourceBox, sourceScale, faces, col.ink);
  slide.addNotes(notes.chartNotes(deck, charts));
  if (figuresApart) tileSlides(deck, c.title, c.figures.map(tileView), notes.chartNotes(deck, charts), 1);
}

/**
 * Tiles on "(continued)" slides of `title`, numbered from `first`: as many to a slide as fit at a
 * type step, in rows of up to four, the slides sharing them evenly.
 */
function tileSlides(deck: PptxDeck, title: string, tiles: readonly TileView[], speakerNotes: string, first: number): void {
  const colsFor = (n: number) => (n <= 4 ? n : n <= 6 ? 3 : 4);
  const split = (most: number) => {
    const slides = Math.ceil(tiles.length / most);
    const each = Math.ceil(tiles.length / slides);
    return Array.from({ length: slides }, (_, i) => tiles.slice(i * each, (i + 1) * each));
  };
  const fits = (some: readonly TileView[]) => tileScale(deck, some, BODY, colsFor(some.length), 2.1) !== undefined;
  // The most tiles to a slide that every slide's share fits; one to a slide fails in addTiles, naming the tile.
  const pages = [12, 9, 8, 6, 4, 3, 2].map(split).find((pages) => pages.every(fits)) ?? split(1);
  pages.forEach((some, i) => {
    const slide = contentSlide(deck, continued(deck, title, first + i));
    addTiles(deck, slide, some, BODY, colsFor(some.length), title);
    slide.addNotes(speakerNotes);
  });
}

function tableSpec(deck: PptxDeck, header: string[], rows: Row[], colW: number[], size = 14): TableSpec {
  const { col } = deck;
  return {
    header: { cells: header.map((h) => ({ runs: [{ text: h }] })) },
    rows,
    colW,
    size,
    headerFill: col.primary,
    headerColour: col.onPrimary,
    rule: col.rule,
    paper: col.paper,
  };
}

/** A table and paragraphs under it, over as many slides as they need. */
function tableAndParas(deck: PptxDeck, title: string, spec: TableSpec, paras: readonly Para[], speakerNotes: string, before?: { paras: Para[]; height: number }): void {
  const { m, faces, col } = deck;
  const box = before ? { ...BODY, y: BODY.y + before.height, h: BODY.h - before.height } : BODY;
  const gap = paras.length > 0 ? 0.3 : 0;
  const single = SCALES.find((s) => tableHeight(m, spec, spec.rows, s) / PT + gap + parasHeight(m, paras, box.w, s) / PT <= box.h);
  const place = (slide: Slide, rows: readonly Row[], ps: readonly Para[], scale: number, area: Box) => {
    let used = 0;
    if (rows.length > 0) used = addTable(slide, spec, rows, area, scale, faces, col.ink, m) + gap;
    if (ps.length > 0) addParas(slide, ps, { ...area, y: area.y + used, h: area.h - used }, scale, faces, col.ink);
  };
  const decorate = (slide: Slide, scale: number) => {
    if (before) addParas(slide, before.paras, { ...BODY, h: before.height }, scale, faces, col.ink);
  };
  if (single !== undefined) {
    const slide = contentSlide(deck, title);
    decorate(slide, single);
    place(slide, spec.rows, paras, single, box);
    slide.addNotes(speakerNotes);
    return;
  }
  // Continue: the table's rows first (header repeated), then the paragraphs.
  let scale: number = DENSE;
  let rowPages = paginateRows(m, spec, BODY, scale, box.h);
  if (rowPages.tooLong) {
    scale = DENSEST;
    rowPages = paginateRows(m, spec, BODY, scale, box.h);
  }
  if (rowPages.tooLong) throw tooLong(deck, title, rowPages.tooLong.field, "a table row");
  const paraPages = paginate(m, paras, BODY, scale);
  if (paraPages.tooLong) throw tooLong(deck, title, paraPages.tooLong.field, "a paragraph");
  const pages: { rows: Row[]; paras: Para[] }[] = [
    ...rowPages.pages.map((rows) => ({ rows, paras: [] as Para[] })),
    ...paraPages.pages.map((ps) => ({ rows: [] as Row[], paras: ps })),
  ];
  // The paragraphs' first page joins the table's last when both fit there.
  if (rowPages.pages.length > 0 && paraPages.pages.length > 0) {
    const lastRows = rowPages.pages.at(-1)!;
    const area = rowPages.pages.length === 1 ? box : BODY;
    if (tableHeight(m, spec, lastRows, scale) / PT + gap + parasHeight(m, paraPages.pages[0]!, area.w, scale) / PT <= area.h) {
      pages[rowPages.pages.length - 1]!.paras = paraPages.pages[0]!;
      pages.splice(rowPages.pages.length, 1);
    }
  }
  pages.forEach((page, i) => {
    const slide = contentSlide(deck, continued(deck, title, i));
    if (i === 0) decorate(slide, scale);
    place(slide, page.rows, page.paras, scale, i === 0 ? box : BODY);
    slide.addNotes(speakerNotes);
  });
}

function tableSlide(deck: PptxDeck): void {
  const { model, t, col } = deck;
  const title = t("pptx.slide.table");
  const rows: Row[] = model.deck.gatewayFacts.map((v) => ({
    field: v.path,
    cells: [
      { runs: [{ text: v.label }] },
      { runs: [{ text: v.short, role: "bold" }], colour: col.primary },
      { runs: [{ text: yearWithMark(deck, v) }], colour: col.muted },
      { runs: [{ text: citeMarks(v.refs) }], colour: col.muted },
    ],
  }));
  const spec = tableSpec(deck, [t("pptx.column.measure"), t("pptx.column.figure"), t("pptx.column.year"), t("pptx.column.ref")], rows, [5.4, 3.1, 2.35, BODY_W - 10.85], 14);
  const extras: Para[] = [];
  const facilities = model.port.facilities;
  if (facilities.length > 0) {
    extras.push({
      runs: [
        // The heading, then each name running into its text after the language's colon, where the
        // Marp deck sets them on lines of their own; two spaces alone ran them together.
        { text: `${t("pptx.fact.terminals")} — `, role: "bold", colour: col.primary },
        ...facilities.flatMap((f, i): Run[] => [{ text: `${i > 0 ? "  ·  " : ""}${runIn(deck, f.name)}`, role: "bold" }, { text: f.description }]),
      ],
      size: 13,
      bullet: "bullet",
      after: 5,
      field: "connectivity.port.facilities",
    });
  }
  model.links.forEach((l, i) =>
    extras.push({
      runs: [{ text: runIn(deck, l.name), role: "bold", colour: col.primary }, { text: l.description }],
      size: 13,
      bullet: "bullet",
      after: 5,
      field: `connectivity.links[${i}]`,
    }),
  );
  model.zones.forEach((z, i) =>
    extras.push({
      runs: [
        { text: `${z.name}`, role: "bold", colour: col.primary },
        ...(z.since !== undefined ? [{ text: ` ${t("pptx.fact.since", { year: String(z.since) })}`, colour: col.muted }] : []),
        { text: runIn(deck, ""), role: "bold", colour: col.primary },
        { text: z.description },
      ],
      size: 13,
      bullet: "bullet",
      after: 5,
      field: `connectivity.zones[${i}]`,
    }),
  );
  // Nothing else to show of them: the port and the airport by name and summary, as in the Marp deck.
  const places = placesOnly(deck.ctx, model.deck.gatewayFacts);
  for (const key of places) {
    const place = model.city.connectivity[key];
    extras.push({
      runs: [{ text: runIn(deck, place.name), role: "bold", colour: col.primary }, { text: place.summary }],
      size: 13,
      bullet: "bullet",
      after: 5,
      field: `connectivity.${key}.summary`,
    });
  }
  // Nothing to show at all (a city with no port or airport summary has none either): no slide.
  if (rows.length === 0 && extras.length === 0) return;
  tableAndParas(deck, places.length > 0 ? t("pptx.slide.places") : title, spec, extras, notes.tableNotes(deck, model));
}

/** "Name: " before its text: the language's run-in colon, and a space after it unless the colon is a full-width one. */
function runIn(deck: PptxDeck, name: string): string {
  const text = deck.t("pptx.fact.runIn", { name });
  return /[\uFF1A\u3002]$/.test(text) ? text : `${text} `;
}

function cardsSlide(deck: PptxDeck): void {
  const { model, t, col, m, faces } = deck;
  const title = t("pptx.slide.cards");
  const segments = model.industry.segments;
  const perRow = segments.length <= 5 ? segments.length : Math.ceil(segments.length / 2);
  const cardRows = Math.ceil(segments.length / perRow);
  const gap = 0.18;
  const w = (BODY_W - gap * (perRow - 1)) / perRow;
  const pad = 0.12;
  const cardParas = segments.map((s, i): Para[] => [
    { runs: [{ text: s.code, role: "headingBold" }], size: 15, colour: col.primary, after: 1, field: `industry.segments[${i}].code` },
    { runs: [{ text: s.name, role: "bold" }], size: 13, colour: col.primary, after: 3, field: `industry.segments[${i}].name` },
    { runs: [{ text: s.description }], size: 11.5, colour: col.ink, field: `industry.segments[${i}].description` },
  ]);
  const innerW = w - 2 * pad;
  const cardH = (scale: number) => Math.max(...cardParas.map((p) => parasHeight(m, p, innerW, scale))) / PT + 2 * pad;
  const marketRows: Row[] = model.industry.markets.map((mk, i) => ({
    field: `industry.markets[${i}]`,
    cells: [
      { runs: [{ text: mk.name, role: "bold" }], colour: col.primary },
      {
        runs: [{ text: t(`stanceChip.${mk.stance}`), role: "bold" }],
        colour: mk.stance === "established" ? col.onPrimary : col.primary,
        fill: mk.stance === "established" ? col.secondary : col.surface,
      },
      { runs: [{ text: mk.description }] },
    ],
  }));
  const spec = tableSpec(deck, [t("pptx.column.market"), t("pptx.column.position"), t("pptx.column.meaning")], marketRows, [3.0, 2.0, BODY_W - 5.0], 13);
  const maxCards = BODY.h * 0.55;
  const rowsAt = (rows: number, s: number) => rows * cardH(s) + (rows - 1) * gap;
  const cardsAt = (s: number) => rowsAt(cardRows, s);
  const scale = SCALES.find((s) => cardsAt(s) <= maxCards && cardsAt(s) + 0.3 + (marketRows.length > 0 ? tableHeight(m, spec, marketRows, s) / PT : 0) <= BODY.h);
  // Cards with long descriptions may take the whole slide, the markets following on their own;
  // cards too tall for one slide take as many rows a slide as fit, over "(continued)" slides.
  const wholeScale = scale ?? SCALES.find((s) => cardsAt(s) <= maxCards) ?? SCALES.find((s) => cardsAt(s) <= BODY.h);
  const split = wholeScale === undefined ? splitCardRows(cardRows, (rows) => SCALES.find((s) => rowsAt(rows, s) <= BODY.h)) : undefined;
  const cardsScale = wholeScale ?? split?.scale;
  if (cardsScale === undefined) throw tooLong(deck, title, "industry.segments", "the service lines");
  const cardsAlone = scale === undefined && cardsAt(cardsScale) > maxCards;
  const h = cardH(cardsScale);
  const rowsPerSlide = split?.rows ?? cardRows;
  /** The cards of rows [from, to), from the top of the body. */
  const drawCards = (slide: Slide, from = 0, to = cardRows) =>
    segments.forEach((_, i) => {
      const row = Math.floor(i / perRow);
      if (row < from || row >= to) return;
      const x = BODY.x + (i % perRow) * (w + gap);
      const y = BODY.y + (row - from) * (h + gap);
      slide.addShape("rect", { x, y, w, h, fill: { color: col.surface }, line: { type: "none" } });
      slide.addShape("rect", { x, y, w, h: 0.05, fill: { color: col.accent }, line: { type: "none" } });
      addParas(slide, cardParas[i]!, { x: x + pad, y: y + pad, w: innerW, h: h - 2 * pad }, cardsScale, faces, col.ink);
    });
  const top = cardRows * h + (cardRows - 1) * gap + 0.3;
  if (scale !== undefined) {
    const slide = contentSlide(deck, title);
    drawCards(slide);
    if (marketRows.length > 0) addTable(slide, spec, marketRows, { ...BODY, y: BODY.y + top, h: BODY.h - top }, scale, faces, col.ink, m);
    slide.addNotes(notes.cardsNotes(deck, model));
    return;
  }
  if (cardsAlone) {
    const cardSlides = Math.ceil(cardRows / rowsPerSlide);
    for (let k = 0; k < cardSlides; k++) {
      const slide = contentSlide(deck, continued(deck, title, k));
      drawCards(slide, k * rowsPerSlide, (k + 1) * rowsPerSlide);
      slide.addNotes(notes.cardsNotes(deck, model));
    }
    if (marketRows.length === 0) return;
    const pages = paginateRows(m, spec, BODY, DENSE);
    if (pages.tooLong) throw tooLong(deck, title, pages.tooLong.field, "a market");
    pages.pages.forEach((rows, i) => {
      const next = contentSlide(deck, continued(deck, title, cardSlides + i));
      addTable(next, spec, rows, BODY, DENSE, faces, col.ink, m);
      next.addNotes(notes.cardsNotes(deck, model));
    });
    return;
  }
  // The markets continue on their own slides.
  const pages = paginateRows(m, spec, BODY, DENSE, BODY.h - top);
  if (pages.tooLong) throw tooLong(deck, title, pages.tooLong.field, "a market");
  pages.pages.forEach((rows, i) => {
    const slide = contentSlide(deck, continued(deck, title, i));
    if (i === 0) drawCards(slide);
    addTable(slide, spec, rows, i === 0 ? { ...BODY, y: BODY.y + top, h: BODY.h - top } : BODY, DENSE, faces, col.ink, m);
    slide.addNotes(notes.cardsNotes(deck, model));
  });
}

/**
 * Service-line cards too tall for one slide: the most rows of cards a slide holds (`scaleFor` gives
 * the type scale at which that many rows fit, if any), so they go over as few slides as they can,
 * every card the same size; undefined when not even one row fits.
 */
function splitCardRows(cardRows: number, scaleFor: (rows: number) => number | undefined): { rows: number; scale: number } | undefined {
  for (let rows = cardRows - 1; rows >= 1; rows--) {
    const scale = scaleFor(rows);
    if (scale !== undefined) return { rows, scale };
  }
  return undefined;
}

function strategySlide(deck: PptxDeck): void {
  const { model, t, col } = deck;
  const title = t("pptx.slide.strategy");
  const paras: Para[] = [
    { runs: [{ text: model.industry.targets.summary, role: "heading" }], size: 19, colour: col.primary, after: 10, field: "industry.targets.summary" },
    ...model.industry.strategy.map((s, i): Para => ({ runs: [{ text: s }], size: 15, bullet: "bullet", after: 6, field: `industry.strategy[${i}]` })),
  ];
  flowSlidesWithTiles(deck, title, paras, model.deck.otherTargets, notes.strategyNotes(deck, model));
}

function talentSlide(deck: PptxDeck): void {
  const { model, t, col, m, faces } = deck;
  const title = t("pptx.slide.talentPolicy");
  const colW = (BODY_W - GAP) / 2;
  const head = (text: string): Para => ({ runs: [{ text, role: "heading" }], size: 19, colour: col.primary, after: 6 });
  const left: Para[] = [
    head(t("pptx.slide.talent")),
    { runs: [{ text: model.talent.summary }], size: 14, colour: col.ink, after: 8, field: "talent.summary" },
    ...model.talent.measures.map((s, i): Para => ({ runs: [{ text: s }], size: 14, bullet: "bullet", after: 4, field: `talent.measures[${i}]` })),
  ];
  const right: Para[] = [
    head(t("pptx.slide.funds")),
    ...model.policy.funds.map(
      (f, i): Para => ({
        runs: [{ text: runIn(deck, f.name), role: "bold" }, { text: f.description }],
        size: 14,
        bullet: "bullet",
        after: 4,
        field: `policy.funds[${i}]`,
      }),
    ),
    ...model.policy.incentives.map((s, i): Para => ({ runs: [{ text: s }], size: 14, bullet: "bullet", after: 4, field: `policy.incentives[${i}]` })),
  ];
  // A city that lists no funds or incentives says what its policy is, rather than leave the heading alone.
  if (right.length === 1) right.push({ runs: [{ text: model.policy.summary }], size: 14, colour: col.ink, after: 8, field: "policy.summary" });
  const box = (i: number): Box => ({ ...BODY, x: BODY.x + i * (colW + GAP), w: colW });
  const both = SCALES.find((s) => parasHeight(m, left, colW, s) <= BODY.h * PT && parasHeight(m, right, colW, s) <= BODY.h * PT);
  const speakerNotes = notes.talentNotes(deck, model);
  if (both !== undefined) {
    const slide = contentSlide(deck, title);
    addParas(slide, left, box(0), both, faces, col.ink);
    addParas(slide, right, box(1), both, faces, col.ink);
    slide.addNotes(speakerNotes);
    return;
  }
  const l = paginate(m, left, box(0), DENSE);
  const r = paginate(m, right, box(1), DENSE);
  const bad = l.tooLong ?? r.tooLong;
  if (bad) throw tooLong(deck, title, bad.field, "a paragraph");
  for (let i = 0; i < Math.max(l.pages.length, r.pages.length); i++) {
    const slide = contentSlide(deck, continued(deck, title, i));
    addParas(slide, l.pages[i] ?? [], box(0), DENSE, faces, col.ink);
    addParas(slide, r.pages[i] ?? [], box(1), DENSE, faces, col.ink);
    slide.addNotes(speakerNotes);
  }
}

function closingSlide(deck: PptxDeck): void {
  const { model, col, m, faces } = deck;
  const cta = model.cta;
  // On the primary ground (MASTER.closing): text in the paper colour, links and the audience in the
  // accent taken light enough to read there.
  const slide = deck.pptx.addSlide({ masterName: MASTER.closing });
  const ink = col.onPrimary;
  slide.addText(titleRuns(deck, cta.headline, deck.titleWidth, ink, "cta.headline"), { placeholder: "title" });
  const lead: Para[] = [{ runs: [{ text: cta.body }], size: 17, colour: ink, field: "cta.body" }];
  // An edition prepared for one investor says so under the closing text, as the Marp deck does.
  if (model.edition.preparedFor) lead.push({ runs: [{ text: model.edition.preparedFor, role: "bold" }], size: 14, colour: col.accentOnPrimary, field: "editions" });
  const actions: Para[] = cta.actions.map((a, i) => ({ runs: [{ text: a }], size: 15, bullet: "number", after: 6, field: `cta.actions[${i}]` }));
  const contactGroups: Para[][] = cta.contacts.map((c, i): Para[] => {
    const field = i < model.city.cta.contacts.length ? `cta.contacts[${i}]` : "brand.contact";
    const lines: Para[] = [{ runs: [{ text: c.name, role: "bold" }], size: 14, colour: ink, field }];
    if (c.role) lines.push({ runs: [{ text: c.role }], size: 12, colour: ink, field });
    if (c.email) lines.push({ runs: [{ text: c.email, link: `mailto:${c.email}`, colour: col.accentOnPrimary }], size: 12, field });
    if (c.phone) lines.push({ runs: [{ text: c.phone }], size: 12, field });
    if (c.url) lines.push({ runs: [{ text: c.url, link: c.url, colour: col.accentOnPrimary }], size: 12, field });
    lines.at(-1)!.after = 10;
    return lines;
  });
  const contacts = contactGroups.flat();
  const leadBox = { ...BODY, h: 1.3 };
  const leadScale = fitScale(m, lead, leadBox);
  if (leadScale === undefined) throw tooLong(deck, oneLine(cta.headline), "cta.body", "the closing text");
  const leadH = parasHeight(m, lead, BODY_W, leadScale) / PT + 0.3;
  const colsBox = (i: number): Box => ({ x: BODY.x + (i === 0 ? 0 : 7.3), y: BODY.y + leadH, w: i === 0 ? 6.9 : BODY_W - 7.3, h: BODY.h - leadH });
  const s1 = fitScale(m, actions, colsBox(0));
  const s2 = fitScale(m, contacts, colsBox(1));
  if (s1 === undefined) throw tooLong(deck, oneLine(cta.headline), "cta.actions", "the next steps");
  addParas(slide, lead, leadBox, leadScale, faces, ink);
  if (s2 === undefined) {
    // More contacts than the column beside the steps holds (four with a role, an email, a phone
    // and an address each): the steps go across, the contacts in columns under them.
    contactsAcross(deck, slide, actions, contactGroups, { ...BODY, y: BODY.y + leadH, h: BODY.h - leadH }, oneLine(cta.headline), ink);
    slide.addNotes(notes.closingNotes(deck, model));
    return;
  }
  addParas(slide, actions, colsBox(0), s1, faces, ink);
  slide.addShape("rect", {
    x: colsBox(1).x - 0.25,
    y: colsBox(1).y,
    w: 0.04,
    h: Math.min(colsBox(1).h, parasHeight(m, contacts, colsBox(1).w, s2) / PT),
    fill: { color: col.accent },
    line: { type: "none" },
  });
  addParas(slide, contacts, colsBox(1), s2, faces, ink);
  slide.addNotes(notes.closingNotes(deck, model));
}

/** A contact column's accent bar and the space after it, in inches. */
const BAR_ROOM = 0.15;

/** The next steps across `box`, and under them the contacts in two, three or four columns, all at one type step. */
function contactsAcross(deck: PptxDeck, slide: Slide, actions: readonly Para[], groups: readonly Para[][], box: Box, title: string, ink: string): void {
  const { m, faces, col } = deck;
  const gap = 0.3;
  for (const cols of [2, 3, 4]) {
    const columns = Array.from({ length: cols }, (_, c) => groups.filter((_, i) => i % cols === c).flat());
    const w = (box.w - gap * (cols - 1)) / cols;
    const scale = SCALES.find((s) => {
      const stepsH = parasHeight(m, actions, box.w, s) / PT + 0.2;
      return stepsH + Math.max(...columns.map((c) => parasHeight(m, c, w - BAR_ROOM, s))) / PT <= box.h;
    });
    if (scale === undefined) continue;
    const stepsH = parasHeight(m, actions, box.w, scale) / PT + 0.2;
    addParas(slide, actions, { ...box, h: stepsH }, scale, faces, ink);
    columns.forEach((paras, c) => {
      if (paras.length === 0) return;
      const x = box.x + c * (w + gap);
      const y = box.y + stepsH;
      const h = parasHeight(m, paras, w - BAR_ROOM, scale) / PT;
      slide.addShape("rect", { x, y, w: 0.04, h, fill: { color: col.accent }, line: { type: "none" } });
      addParas(slide, paras, { x: x + BAR_ROOM, y, w: w - BAR_ROOM, h: box.h - stepsH }, scale, faces, ink);
    });
    return;
  }
  throw tooLong(deck, title, "cta.contacts", "the contacts");
}

/**
 * An entry too long for a whole slide (a note with many alternative readings) continues on the
 * next one: its last run is cut between sentences into paragraphs that each fit.
 */
function splitOversized(m: PptxDeck["m"], para: Para): Para[] {
  if (fitScale(m, [para], BODY, [DENSE]) !== undefined) return [para];
  // The longest run is the entry's text; what comes before it (number, title) opens the first
  // piece and what comes after it (the link) closes the last.
  const at = para.runs.reduce((best, run, i) => (run.text.length > para.runs[best]!.text.length ? i : best), 0);
  const [head, long, tail] = [para.runs.slice(0, at), para.runs[at]!, para.runs.slice(at + 1)];
  const sentences = long.text.match(/[^.!?。！？]+[.!?。！？]*\s*/g) ?? [long.text];
  const piece = (text: string, first: boolean, last: boolean): Para => ({ ...para, runs: [...(first ? head : []), { ...long, text }, ...(last ? tail : [])] });
  const pieces: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if (current && fitScale(m, [piece(current + sentence, pieces.length === 0, false)], BODY, [DENSE]) === undefined) {
      pieces.push(current);
      current = "";
    }
    current += sentence;
  }
  pieces.push(current);
  return pieces.map((text, i) => piece(text, i === 0, i === pieces.length - 1));
}

function sourcesSlides(deck: PptxDeck): void {
  const { model, t, col, faces, m } = deck;
  // A draft translation is disclosed at the head of the sources, as in the brochure and the Marp deck.
  const draft: Para[] = model.edition.draftNotice
    ? [{ runs: [{ text: model.edition.draftNotice, role: "bold" }], size: 12, colour: col.accentText, after: 8, field: "translations" }]
    : [];
  const paras: Para[] = [
    ...draft,
    ...model.references.map(
      (r): Para => ({
        runs: [
          { text: `${r.n}. `, role: "bold", colour: col.muted },
          // A source's citation names its title already; a note's title says what it is about.
          ...(r.kind !== "source"
            ? [{ text: r.title, role: "bold" as const }, { text: `  ${t(`reference.chip.${r.kind}`)}`, role: "bold" as const, colour: col.accentText }, { text: " " }]
            : []),
          { text: r.text },
          ...(r.url ? [{ text: " " }, { text: r.url, link: r.url, colour: col.secondary }] : []),
        ],
        size: 12,
        after: 5,
        field: "sources",
      }),
    ),
  ];
  const scale = fitScale(m, paras, BODY, [1, DENSE]);
  const result =
    scale !== undefined
      ? { pages: [paras] }
      : paginateEvenly(
          m,
          paras.flatMap((p) => splitOversized(m, p)),
          BODY,
          DENSE,
        );
  if (result.tooLong) throw tooLong(deck, t("pptx.slide.sources"), result.tooLong.field, "a source entry");
  const at = scale ?? DENSE;
  result.pages.forEach((page, i, all) => {
    const title = all.length === 1 ? t("pptx.slide.sources") : t("pptx.slide.sourcesPart", { part: String(i + 1), of: String(all.length) });
    const slide = contentSlide(deck, title);
    addParas(slide, page, BODY, at, faces, col.ink);
    slide.addNotes(notes.sourcesNotes(deck));
  });
}
