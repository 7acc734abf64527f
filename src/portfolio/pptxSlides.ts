/**
 * The comparison PowerPoint's slides, in the Marp comparison deck's order (templates/portfolio/
 * comparison.hbs) with the rankings after each group's tables and a sources slide at the end.
 * Every box is measured (src/pptx/layout.ts, tables.ts): a table that does not fit its slide at the
 * densest step continues on slides of the next cities; what cannot fit even alone stops the build
 * naming its field.
 */
import type { IChartOpts, Slide, TextProps } from "../pptx/pptxgen.ts";
import { chartValueText, plotted, resolvePoints, type Point } from "../charts/points.ts";
import type { FigureView } from "../content/model.ts";
import { citeMarks } from "../content/references.ts";
import { addParas, fitScale, fittedTitle, numberSize, numberWithUnit, paginateEvenly, parasHeight, SCALES, WIDTH_SAFETY, type Box, type Para, type Run } from "../pptx/layout.ts";
import { addTable, paginateRows, tableHeight, type Cell, type Row, type TableSpec } from "../pptx/tables.ts";
import { clean, oneLine } from "../pptx/text.ts";
import { BODY_W, GRID, MASTER, TITLE_BOX } from "../pptx/theme.ts";
import type { CellView } from "./model.ts";
import { placesLine, rankings, type Ranking } from "./model.ts";
import { LEFT_OUT_NAMED, rankingCaption, rankingView, type RankingView } from "./charts.ts";
import { tooLong, type ComparisonPptx, type Culprit } from "./pptx.ts";
import { showsLocalName } from "../content/names.ts";

const PT = 72;
const BODY: Box = { x: GRID.margin, y: GRID.bodyY, w: BODY_W, h: GRID.bodyBottom - GRID.bodyY };
const GAP = 0.35;
const DENSE = SCALES[1];
const DENSEST = SCALES[SCALES.length - 1]!;
/** Type size of the comparison tables at the normal step: fifteen one-line rows fit a slide at the densest step. */
const TABLE_SIZE = 11;
/** A whole table on one slide is worth a step smaller than other text takes; past it, the table continues. */
const TABLE_SCALES = [...SCALES, 0.75] as const;
/** The city column: as wide as the longest name needs, within these bounds (inches); longer names wrap. */
const NAME_COL = { min: 1.3, max: 3.0 };

export function buildComparisonSlides(deck: ComparisonPptx): void {
  overviewSlide(deck);
  const ranked = rankings(deck.build);
  deck.model.groups.forEach((group, g) => {
    for (const table of group.tables) tableSlides(deck, table, g);
    const ids = new Set(deck.build.comparison.groups[g]!.rows.map((row) => row.id));
    for (const ranking of ranked.filter((r) => ids.has(r.id))) rankingSlide(deck, ranking);
  });
  deck.model.cities.forEach((city, i) => citySlide(deck, city, i));
  sourcesSlides(deck);
}

// ---------------------------------------------------------------- furniture

/** A title that fits its band: one line at the normal size, else two lines a step or two smaller. */
function titleRuns(
  deck: ComparisonPptx,
  runs: Run[],
  widthIn: number,
  colour: string,
  culprit: Culprit | undefined,
  sizes: readonly [number, number, number] = [28, 24, 20],
): TextProps[] {
  const fitted = fittedTitle(deck.m, deck.faces, runs, widthIn, colour, sizes);
  if (!fitted) throw tooLong(deck, oneLine(runs.map((r) => r.text).join("")), culprit, "its title");
  return fitted;
}

function contentSlide(deck: ComparisonPptx, title: string, culprit?: Culprit, extra: Run[] = []): Slide {
  const slide = deck.pptx.addSlide({ masterName: MASTER.content });
  slide.addText(titleRuns(deck, [{ text: title, role: "heading" }, ...extra], deck.titleWidth, deck.col.primary, culprit), { placeholder: "title" });
  return slide;
}

/** Paragraphs in a box at the largest step that fits, or an error naming the culprit. */
function placeParas(
  deck: ComparisonPptx,
  slide: Slide,
  paras: Para[],
  box: Box,
  title: string,
  culprit: Culprit | undefined,
  what: string,
  scales: readonly number[] = SCALES,
): void {
  const scale = fitScale(deck.m, paras, box, scales);
  if (scale === undefined) throw tooLong(deck, title, culprit, what);
  addParas(slide, paras, box, scale, deck.faces, deck.col.ink);
}

const notesOf = (lines: (string | undefined | false)[]) => clean(lines.filter((l): l is string => typeof l === "string" && l.trim() !== "").join("\n"));

// ---------------------------------------------------------------- overview

/** Cities the title slide names; a longer portfolio's are named in its notes. */
const NAMED_ON_TITLE = 20;

function overviewSlide(deck: ComparisonPptx): void {
  const { model, col, t, faces } = deck;
  const p = model.portfolio;
  const slide = deck.pptx.addSlide({ masterName: MASTER.title });
  const x = TITLE_BOX.x;
  const w = TITLE_BOX.w;
  addParas(
    slide,
    [
      {
        runs: [{ text: t("portfolio.cover.kicker", { count: p.cityCount }).toLocaleUpperCase(deck.build.words.messages.locale), role: "bold" }],
        size: 14,
        colour: col.accentOnPrimary,
      },
    ],
    { x, y: 1.35, w, h: 0.4 },
    1,
    faces,
    col.ink,
  );
  slide.addText(titleRuns(deck, [{ text: p.title, role: "heading" }], w, col.onPrimary, { portfolio: ["title"] }, [44, 36, 30]), { placeholder: "title" });
  const audience = p.audience
    ? p.audience.person
      ? t("portfolio.cover.audiencePerson", { organisation: p.audience.organisation, person: p.audience.person })
      : t("portfolio.cover.audience", { organisation: p.audience.organisation })
    : undefined;
  const overview = t("portfolio.deck.overview", { count: p.cityCount, indicators: p.indicatorCount });
  const meta = [
    `${overview} ${t("portfolio.deck.groups", { groups: deck.build.words.list(model.groups.map((g) => g.title)) })}`,
    t("portfolio.cover.meta", { brand: model.brand.name, date: p.dateText }),
    audience,
  ]
    .filter(Boolean)
    .join(" · ");
  const body: Para[] = [
    { runs: [{ text: p.subtitle || overview }], size: 22, colour: col.onPrimary, after: 14 },
    { runs: [{ text: meta }], size: 14, colour: col.onPrimarySoft, after: 8 },
    // Many names would shrink past reading: the notes name every city, and each has a slide.
    ...(p.cityNames.length <= NAMED_ON_TITLE ? [{ runs: [{ text: p.cityNames.join(" · ") }], size: 13, colour: col.onPrimarySoft }] : []),
  ];
  // Too long: the longer of the subtitle and the longest city name is the one to shorten.
  const longest = [...model.cities].sort((a, b) => b.name.en.length - a.name.en.length)[0];
  const culprit: Culprit = longest && longest.name.en.length > p.subtitle.length ? { city: longest.slug, field: "name.en" } : { portfolio: ["subtitle"] };
  placeParas(deck, slide, body, { x, y: 3.35, w, h: 2.55 }, p.title, culprit, "the subtitle and the list of cities", [...SCALES, 0.7, 0.6]);
  slide.addNotes(notesOf([t("portfolio.deck.overviewNotes", { count: p.cityCount, cities: deck.build.words.list(p.cityNames), spread: p.maxYearSpread })]));
}

// ---------------------------------------------------------------- comparison tables

type TableView = ComparisonPptx["model"]["groups"][number]["tables"][number];

/** One comparison value as cell runs: the value in bold, its year, its place and its marks. */
function cellRuns(deck: ComparisonPptx, cell: CellView): Run[] {
  const { col, t } = deck;
  if (!cell.published) return [{ text: t("portfolio.notPublished"), colour: col.muted }];
  const marks = [
    cell.notComparable && t("portfolio.notComparable"),
    cell.derived && t("portfolio.derived"),
    cell.convertedFrom && t("portfolio.converted", { unit: cell.convertedFrom }),
  ].filter((m): m is string => typeof m === "string");
  return [
    { text: cell.value ?? "", role: "bold" },
    { text: ` ${cell.year ?? ""}`, colour: col.muted },
    ...(cell.rank !== undefined ? [{ text: ` ${t("portfolio.rank", { rank: cell.rank })}`, role: "bold" as const, colour: col.secondary }] : []),
    ...marks.map((mark) => ({ text: ` · ${mark}`, colour: col.muted })),
  ];
}

function tableSlides(deck: ComparisonPptx, table: TableView, group: number): void {
  const { col, t, m, faces } = deck;
  const marks = t(table.ranked ? "portfolio.deck.marks" : "portfolio.deck.marksUnranked", { spread: deck.model.portfolio.maxYearSpread });
  const source: Para[] = [
    { runs: [{ text: table.sourceLine }], size: 10, colour: col.muted, after: 2 },
    { runs: [{ text: marks }], size: 10, colour: col.muted },
  ];
  const sourceScale = SCALES.find((s) => parasHeight(m, source, BODY_W, s) <= 1.1 * PT);
  if (sourceScale === undefined) throw tooLong(deck, table.title, undefined, "the table's source line");
  const sourceH = parasHeight(m, source, BODY_W, sourceScale) / PT;
  const box: Box = { ...BODY, h: BODY.h - sourceH - 0.1 };
  const names = table.rows.map((r) => r.name);
  const nameW = Math.min(NAME_COL.max, Math.max(NAME_COL.min, ...names.map((n) => m.width(n, "bold", TABLE_SIZE) / PT / WIDTH_SAFETY + 0.25)));
  const valueW = (BODY_W - nameW) / Math.max(1, table.columns.length);
  const header: Row = {
    cells: [{ runs: [{ text: t("portfolio.city") }] }, ...table.columns.map((c) => ({ runs: [{ text: c.label }] }))],
    field: `indicator:${table.columns.map((c) => c.id).join(",")}`,
  };
  const rows: Row[] = table.rows.map((r) => ({
    field: `city:${r.slug}`,
    cells: [{ runs: [{ text: r.name, role: "bold" }], colour: col.primary } as Cell, ...r.cells.map((c): Cell => ({ runs: cellRuns(deck, c) }))],
  }));
  const spec: TableSpec = {
    header,
    rows,
    colW: [nameW, ...table.columns.map(() => valueW)],
    size: TABLE_SIZE,
    headerFill: col.primary,
    headerColour: col.onPrimary,
    rule: col.rule,
    paper: col.paper,
  };
  const culpritOf = (row: Row | undefined): Culprit | undefined => {
    const [kind, id] = (row?.field ?? "").split(":");
    if (kind === "city" && id) return { city: id, field: "name.en" };
    if (kind === "indicator" && id) {
      // The header: its longest label.
      const longest = [...table.columns].sort((a, b) => b.label.length - a.label.length)[0];
      return longest ? { indicator: longest.id } : undefined;
    }
    return undefined;
  };
  if (header && tableHeight(m, spec, [], DENSEST) > (box.h * PT) / 2) throw tooLong(deck, table.title, culpritOf(header), "the table's header");
  const whole = TABLE_SCALES.find((s) => tableHeight(m, spec, rows, s) <= box.h * PT);
  let pages: Row[][];
  let scale: number;
  if (whole !== undefined) {
    pages = [rows];
    scale = whole;
  } else {
    const dense = paginateRows(m, spec, box, DENSE);
    const result = dense.tooLong ? paginateRows(m, spec, box, DENSEST) : dense;
    if (result.tooLong) throw tooLong(deck, table.title, culpritOf(result.tooLong), "a row of the table");
    scale = dense.tooLong ? DENSEST : DENSE;
    pages = balance(result.pages, (rows) => tableHeight(m, spec, rows, scale) <= box.h * PT);
  }
  let from = 0;
  pages.forEach((page) => {
    const title = pages.length === 1 ? table.title : t("portfolio.deck.rowsPart", { title: table.title, from: from + 1, to: from + page.length, count: rows.length });
    from += page.length;
    const slide = contentSlide(deck, title, { portfolio: ["groups", group, "title"] });
    const height = addTable(slide, spec, page, box, scale, faces, col.ink, m);
    addParas(slide, source, { ...BODY, y: BODY.y + height + 0.1, h: sourceH }, sourceScale, faces, col.ink);
    slide.addNotes(tableNotes(deck, table));
  });
}

/**
 * Filling slides greedily leaves the last one nearly empty ("cities 13–15 of 15"): the same number
 * of slides with the rows shared evenly reads better, wherever every slide still fits.
 */
function balance(pages: Row[][], fits: (rows: Row[]) => boolean): Row[][] {
  const rows = pages.flat();
  const per = Math.ceil(rows.length / pages.length);
  const even = Array.from({ length: Math.ceil(rows.length / per) }, (_, k) => rows.slice(k * per, (k + 1) * per));
  return even.length === pages.length && even.every(fits) ? even : pages;
}

/** The group's reading guide, then every derived value's explanation, which the slide marks but cannot hold. */
function tableNotes(deck: ComparisonPptx, table: TableView): string {
  const { t, build } = deck;
  const explained: string[] = [];
  for (const column of table.columns) {
    const row = build.comparison.groups.flatMap((g) => g.rows).find((r) => r.id === column.id);
    if (!row) continue;
    for (const ctx of build.cities) {
      const cell = row.cells.get(ctx.city.slug);
      if (cell?.status === "value" && cell.figure.derived)
        explained.push(t("portfolio.deck.derivedNote", { city: ctx.city.name.en, label: column.label, explain: cell.figure.derived.explain }));
    }
  }
  return notesOf([t("portfolio.deck.groupNotes", { title: table.title, spread: deck.model.portfolio.maxYearSpread }), ...explained, table.sourceLine]);
}

// ---------------------------------------------------------------- rankings

/** A round axis end a little above the value, so the label has room and the axis stays tidy. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value)) / 4;
  return Math.ceil(value / step) * step;
}

/**
 * Bars on one slide at most: twenty rows of 10 pt labels fill the chart's height. A longer ranking
 * goes on over more slides, the cities shared evenly, on one value axis so that bars compare across
 * them (forty cities on one slide left every other city's name off the axis).
 */
const BARS_PER_SLIDE = 20;

/** One ranked measure: native bar charts, best on top, with who is left out and why beside them; a slide per part of a long ranking. */
function rankingSlide(deck: ComparisonPptx, ranking: Ranking): void {
  const { t, build } = deck;
  const words = build.words;
  const view = rankingView(build, ranking);
  const points = resolvePoints(view.chart, view.index, words);
  const unit = words.unitCaption(ranking.row.indicator.unit);
  const parts = Math.ceil(points.length / BARS_PER_SLIDE);
  const per = Math.ceil(points.length / parts);
  const max = Math.max(0, ...points.map(plotted));
  for (let from = 0; from < points.length; from += per) {
    const page = points.slice(from, from + per);
    const title = parts === 1 ? ranking.label : t("portfolio.deck.rankedPart", { title: ranking.label, from: from + 1, to: from + page.length, count: points.length });
    // The cities left out are named once, on the last part; a list that would shrink past reading is
    // counted on every part instead, and named in the notes.
    const leftOutAs = ranking.leftOut.length > LEFT_OUT_NAMED ? "counted" : from + per < points.length ? "later" : "named";
    rankingPart(deck, ranking, view, unit, title, page, from, max, rankingCaption(build, ranking, leftOutAs));
  }
}

function rankingPart(
  deck: ComparisonPptx,
  ranking: Ranking,
  view: RankingView,
  unit: string,
  title: string,
  points: readonly Point[],
  from: number,
  max: number,
  caption: string,
): void {
  const { col, t, faces, build, pptx } = deck;
  const words = build.words;
  const slide = contentSlide(deck, title, { indicator: ranking.id });
  const chartW = 8.2;
  const side: Box = { x: BODY.x + chartW + GAP, y: BODY.y, w: BODY_W - chartW - GAP, h: BODY.h };
  const paras: Para[] = [
    { runs: [{ text: t("portfolio.deck.rankingKicker", { direction: ranking.row.rank, unit }), role: "bold" }], size: 13, colour: col.accentText, after: 8 },
    { runs: [{ text: caption }], size: 14, colour: col.ink, after: 10 },
    { runs: [{ text: view.sourceLine }], size: 10, colour: col.muted },
  ];
  placeParas(deck, slide, paras, side, ranking.label, { portfolio: ["groups"] }, "the ranking's caption", [...SCALES, 0.7, 0.6]);
  const colour = col.series[0]!;
  const labelSize = points.length > 12 ? 10 : 12;
  const values = points.map(plotted);
  const options: IChartOpts = {
    ...BODY,
    w: chartW,
    altText: clean(view.alt),
    barDir: "bar",
    barGapWidthPct: 45,
    chartColors: [...points.map((p) => (p.derived ? col.derived(colour) : colour)), col.paper],
    showLegend: false,
    showValue: true,
    dataLabelPosition: "outEnd",
    dataLabelFontFace: faces.body,
    dataLabelFontSize: labelSize,
    dataLabelColor: col.ink,
    catAxisLabelFontFace: faces.body,
    catAxisLabelFontSize: labelSize,
    catAxisLabelColor: col.ink,
    catAxisLineShow: true,
    catAxisLineColor: col.muted,
    // The best first, on top, whichever way the measure ranks.
    catAxisOrientation: "maxMin" as "minMax",
    catGridLine: { style: "none" },
    valAxisHidden: true,
    valAxisMinVal: 0,
    valAxisMaxVal: niceMax(max * 1.5),
    valGridLine: { style: "none" },
    valAxisLineShow: false,
    plotArea: { fill: { color: col.paper } },
    lang: words.messages.locale,
  };
  slide.addChart(pptx.ChartType.bar, [{ name: oneLine(`${ranking.label} (${unit})`), labels: points.map((p) => oneLine(p.label)), values }], options);
  // The bars' labels say what the tables say: qualifier, value and unit, and "derived" where it is.
  deck.patches.charts.push({
    labels: points.map((p) => {
      const text = chartValueText(p.figure, words);
      return p.derived ? [text, t("chart.derivedMarker")] : [text];
    }),
    derived: points.flatMap((p, i) => (p.derived ? [i] : [])),
    colour,
    derivedFill: col.derived(colour),
    font: faces.body,
    size: labelSize,
    ink: col.ink,
    muted: col.muted,
    lang: words.messages.locale,
    // Past a dozen bars, a second line under a bar's value would run into the next bar's.
    oneLine: points.length > 12,
  });
  slide.addNotes(
    notesOf([
      t("portfolio.deck.rankingNotes", { title, caption: view.chart.caption }),
      ...points.map((p, i) => `${from + i + 1}. ${p.label}: ${words.figureWithYear(p.figure)}`),
      view.sourceLine,
    ]),
  );
}

// ---------------------------------------------------------------- cities

type CityView = ComparisonPptx["model"]["cities"][number];

function tileParas(deck: ComparisonPptx, view: FigureView, baseSize: number, widthIn: number): Para[] {
  const { col, t } = deck;
  const tile = view.tile;
  const qualifier = view.figure.qualifier === "target" ? t("tile.target") : tile.qualifier;
  const year = `${tile.year}${tile.derived ? ` · ${t("figure.derivedMark")}` : ""}`;
  // Each tile cites its sources, as the Marp comparison deck's do: the deck lists the sources, not
  // the compendium's notes, so only the sources among its references.
  const refs = citeMarks(view.refs.filter((n) => n <= deck.model.references.sources.length));
  return [
    { runs: [{ text: qualifier || " ", role: "bold" }], size: 10, colour: col.secondaryText, after: 1 },
    ...numberWithUnit(deck.m, tile, widthIn, numberSize(deck.m, tile.number, widthIn, tile.number.length >= 7 ? baseSize * 0.82 : baseSize), col.primary),
    { runs: [{ text: tile.label }], size: 12, colour: col.ink, after: 2 },
    { runs: [{ text: refs ? `${year} ${refs}` : year }], size: 10, colour: col.muted },
  ];
}

function citySlide(deck: ComparisonPptx, city: CityView, index: number): void {
  const { col, t, m, faces, model } = deck;
  const slug = city.slug;
  const local: Run[] = showsLocalName(city.name) ? [{ text: `  ${city.name.local}`, local: true, colour: col.muted, lang: city.name.localLanguage, scale: 0.7 }] : [];
  const slide = contentSlide(deck, city.name.en, { city: slug, field: "name.en" }, local);
  const places = placesLine(deck.build, city.standing);
  const lead: Para[] = [{ runs: [{ text: city.tagline }], size: 16, colour: col.muted, after: 4 }];
  const foot: Para[] = places ? [{ runs: [{ text: places }], size: 12, colour: col.ink }] : [];
  const leadScale = fitScale(m, lead, { ...BODY, h: 0.9 });
  if (leadScale === undefined) throw tooLong(deck, city.name.en, { city: slug, field: "tagline" }, "the tagline");
  const footScale = foot.length > 0 ? fitScale(m, foot, { ...BODY, h: 1.0 }) : 1;
  if (footScale === undefined) throw tooLong(deck, city.name.en, { city: slug, field: "name.en" }, "its places in the comparison");
  const leadH = parasHeight(m, lead, BODY_W, leadScale) / PT + 0.1;
  const footH = foot.length > 0 ? parasHeight(m, foot, BODY_W, footScale) / PT + 0.15 : 0;
  addParas(slide, lead, { ...BODY, h: leadH }, leadScale, faces, col.ink);
  const tiles: Box = { ...BODY, y: BODY.y + leadH, h: BODY.h - leadH - footH };
  addTiles(deck, slide, city.highlights, tiles, city.highlights.length <= 6 ? 3 : 4, city.name.en, slug);
  if (foot.length > 0) addParas(slide, foot, { ...BODY, y: BODY.y + BODY.h - footH + 0.15, h: footH - 0.15 }, footScale, faces, col.ink);
  slide.addNotes(
    notesOf([
      city.tagline,
      t("portfolio.deck.cityNotes", { n: index + 1, count: model.portfolio.cityCount }),
      ...city.highlights.map((v) => t("pptx.notes.figure", { label: v.label, figure: deck.build.words.figureWithYear(v.figure) })),
      places,
    ]),
  );
}

/** KPI tiles in a grid; every tile at one step, so the grid reads evenly. */
function addTiles(deck: ComparisonPptx, slide: Slide, views: readonly FigureView[], box: Box, cols: number, title: string, slug: string): void {
  if (views.length === 0) return;
  const { col, faces, m } = deck;
  const rows = Math.ceil(views.length / cols);
  const gap = 0.2;
  const w = (box.w - gap * (cols - 1)) / cols;
  const h = Math.min(2.3, (box.h - gap * (rows - 1)) / rows);
  const pad = 0.15;
  const inner = (x: number, y: number): Box => ({ x: x + pad + 0.06, y: y + pad * 0.8, w: w - 2 * pad - 0.06, h: h - 1.6 * pad });
  const all = views.map((v) => tileParas(deck, v, w > 2.6 ? 28 : 24, inner(0, 0).w));
  const scale = [...SCALES, 0.7].find((s) => all.every((p) => parasHeight(m, p, inner(0, 0).w, s) <= inner(0, 0).h * PT));
  if (scale === undefined) {
    const worst = views.find((_, i) => parasHeight(m, all[i]!, inner(0, 0).w, 0.7) > inner(0, 0).h * PT);
    throw tooLong(deck, title, { city: slug, field: worst?.path ?? "highlights" }, `the tile "${oneLine(worst?.label ?? "")}"`);
  }
  views.forEach((_, i) => {
    const x = box.x + (i % cols) * (w + gap);
    const y = box.y + Math.floor(i / cols) * (h + gap);
    slide.addShape("rect", { x, y, w, h, fill: { color: col.surface }, line: { type: "none" } });
    slide.addShape("rect", { x, y, w: 0.06, h, fill: { color: col.primary }, line: { type: "none" } });
    addParas(slide, all[i]!, inner(x, y), scale, faces, col.ink);
  });
}

// ---------------------------------------------------------------- sources

function sourcesSlides(deck: ComparisonPptx): void {
  const { model, t, col, faces, m } = deck;
  const paras: Para[] = model.references.sources.map((r) => ({
    // Numbered as cited; the citation names the source's title itself.
    runs: [{ text: `${r.n}. `, role: "bold", colour: col.muted }, { text: r.text }, ...(r.url ? [{ text: " " }, { text: r.url, link: r.url, colour: col.secondary }] : [])],
    size: 13,
    after: 6,
  }));
  if (paras.length === 0) return;
  const scale = fitScale(m, paras, BODY, [1, DENSE]);
  const result = scale !== undefined ? { pages: [paras] } : paginateEvenly(m, paras, BODY, DENSE);
  if (result.tooLong) throw tooLong(deck, t("portfolio.deck.sources"), undefined, "a source entry");
  result.pages.forEach((page, i, all) => {
    const title = all.length === 1 ? t("portfolio.deck.sources") : t("portfolio.deck.sourcesPart", { part: String(i + 1), of: String(all.length) });
    const slide = contentSlide(deck, title);
    addParas(slide, page, BODY, scale ?? DENSE, faces, col.ink);
    slide.addNotes(notesOf([t("portfolio.deck.sourcesNotes")]));
  });
}
