/**
 * Measured fit: every slide's content stays inside the slide's safe area (inside its margins and
 * above its footer), decided by laying the deck out in Chromium, not by counting characters.
 *
 * The deck is rendered with marp-core (the engine marp-cli uses) and the build's theme, loaded into
 * one page, and every slide measured. A slide that overflows takes, in order, the steps a designer
 * would: a denser type step (DENSITIES, bounded by the theme), then, for a slide whose content
 * flows (list items, table rows, sentences of prose), continuation slides headed "… (continued)",
 * filled as far as each one holds. A slide that fits neither way stops the build (exit 4), naming
 * the city, the slide, the template line and the data field that is too long, at its place in the
 * city's YAML. HTML, PDF and PPTX are all converted from the fitted Markdown.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import type { Marp as MarpEngine } from "@marp-team/marp-core";
import type { Page } from "puppeteer-core";
import { LineCounter, parseDocument } from "yaml";
import type { ChartArtifact, CityContext } from "../context.ts";
import type { TemplateSet } from "../content/templates.ts";
import { CitypitchError, EXIT, type Location, type Problem } from "../errors.ts";
import { MARP_CONFIG } from "./convert.ts";
import { headingSlug } from "./phrases.ts";
import { DENSITIES, deckFlows, fixedFields, flowPages, flowUnits, pairedChartIds, planOf, SENTENCE_END, type Density, type FieldRef, type Flow, type SlidePlan } from "./model.ts";
import { deckTemplatesDir, renderDeck, withoutMarks } from "./render.ts";
import { loadDeckPage, NAME_HELPER, type PageParts } from "./pageLoad.ts";
import { pngDataUri, pngOfDataUri, replacePictures, setAsideDataUris, type Picture } from "./pictures.ts";
import type { PageLease } from "./session.ts";
import { trace } from "../trace.ts";

/**
 * The elements that are a flowing slide's units, in the order of its blocks (see deckFlows): one
 * element per block on the page. These follow the structure of templates/deck/deck.hbs.
 */
export const UNIT_SELECTORS: Record<string, string> = {
  geography: ".main > p, .main > ul > li",
  gateway: "table tbody > tr, .extras li",
  cards: ".cards li, table tbody > tr",
  strategy: ".main > p, .main > ul > li, .aside > ul > li",
  columns: ".cols > div > p, .cols > div > ul > li",
  sources: "ol > li",
};

/**
 * marp-core's engine, required rather than imported: the package is CommonJS, and Node's ESM
 * loader would first scan its whole bundle for the names it exports (some 50 ms of CPU a build).
 */
export const { Marp } = createRequire(import.meta.url)("@marp-team/marp-core") as typeof import("@marp-team/marp-core");
export type Marp = MarpEngine;

/** Overflow, in CSS px at the slide's 1280 × 720 size, below which a slide counts as fitting. */
const TOLERANCE_PX = 1;
/** Renders and measurements per city before giving up (each moves at least one unit or one step). */
const MAX_ROUNDS = 60;

/** What the page reports for one slide. */
export interface SlideMeasure {
  index: number;
  mark: string | undefined;
  title: string;
  /** How far (px) content runs outside the safe area, or its text into other text; 0 when it fits. */
  overflow: number;
  /** What runs over most: an element and the start of its text. */
  worst: string;
  units: number;
  /** Index of the first unit element outside the safe area (-1: all inside). */
  firstOut: number;
  /** Sentences of that unit that are inside. */
  sentencesIn: number;
  /** The share of the safe area's height the slide's heading takes. */
  headingShare: number;
  /** Lines the running foot takes (it wraps upwards, into the slide). */
  footerLines: number;
}

/** A running foot on more lines than this leaves content pinned to the slide's foot no room. */
const FOOTER_LINES = 2;

/** A heading taking more than this share of the slide is what does not fit, whatever else is there. */
const HEADING_SHARE = 0.3;

/** A Marp engine set up as marp-cli sets up its own (config file options, the build's theme). */
export function measuringEngine(theme: string): Marp {
  return withTheme(new Marp({ ...MARP_CONFIG.options, html: MARP_CONFIG.html, slug: headingSlug } as ConstructorParameters<typeof Marp>[0]), theme);
}

/**
 * The theme's @font-face rules, kept out of the engine's copy of the theme and put in the browser
 * page beside its CSS instead. Marp passes them through untouched (they are not scoped to the
 * slides), so the page lays out the same; but every render would otherwise run its CSS processing
 * over the fonts' data URIs, most of the theme's bytes, for each round of measuring.
 */
const fontFaces = new WeakMap<Marp, string>();

export function withTheme(marp: Marp, theme: string): Marp {
  const faces = theme.match(/@font-face\s*\{[^}]*\}/g) ?? [];
  marp.themeSet.add(faces.reduce((css, face) => css.replace(face, ""), theme));
  fontFaces.set(marp, faces.join("\n"));
  packOnce(marp.themeSet as unknown as PackingThemeSet);
  return marp;
}

export interface PackingThemeSet {
  pack(name: string | undefined, options: unknown): string;
  add(css: string): unknown;
}

/**
 * Marp runs its whole CSS pipeline (a dozen PostCSS plugins over the theme) on every render, and
 * the result depends only on the theme set and the pack options (the theme's name, inline styles,
 * containers, inline SVG, printing). A deck is rendered several times while it is fitted, its HTML
 * once more, and every deck of a build with the same engine: fifteen decks packed the same theme
 * some fifty times, 0.7 s of this thread. Each result is kept, by those inputs, until a theme is
 * added to the set.
 */
export function packOnce(themeSet: PackingThemeSet): void {
  const packed = new Map<string, string>();
  const pack = themeSet.pack.bind(themeSet);
  const add = themeSet.add.bind(themeSet);
  themeSet.pack = (name, options) => {
    const key = `${name ?? ""}\0${JSON.stringify(options)}`;
    let css = packed.get(key);
    if (css === undefined) packed.set(key, (css = pack(name, options)));
    return css;
  };
  themeSet.add = (css) => {
    packed.clear();
    return add(css);
  };
}

/**
 * Renders Markdown for a page in the browser: as marp.render, with the theme's fonts as a style of
 * their own (see withTheme). The deck's pictures, named by reference (pictures.ts), go into the
 * HTML as `place` says (print.ts's stand-ins), or as data URIs; a data URI a template wrote is set
 * aside while Marp parses the Markdown, and put back as `place` says too.
 */
export function renderForBrowser(
  marp: Marp,
  markdown: string,
  pictures: readonly Picture[] = [],
  /** What goes in the page for a picture (a PNG); undefined for the picture itself. */
  place: (png: Buffer, uri?: string) => string | undefined = () => undefined,
): { html: string; css: string; comments: string[][]; faces: string } {
  const aside = setAsideDataUris(markdown);
  const { html, css, comments } = marp.render(aside.text);
  const placed = aside.putBack(html, (uri) => {
    const png = pngOfDataUri(uri);
    return (png && place(png, uri)) ?? uri;
  });
  return { html: replacePictures(placed, pictures, ({ png }) => place(png) ?? pngDataUri(png)), css, comments, faces: fontFaces.get(marp) ?? "" };
}

/** One page holding the whole deck, every slide laid out as marp-cli lays it out. */
export function deckDocument(marp: Marp, markdown: string): string {
  const { html, css, faces } = renderForBrowser(marp, markdown);
  // Each slide at its own size (1280 × 720), unscaled, so computed paddings and boxes agree.
  const page = "html,body{margin:0;padding:0}svg[data-marpit-svg]{display:block;width:1280px;height:720px}";
  return `<!doctype html><html><head><meta charset="utf-8"><style>${faces}</style><style>${css}</style><style>${page}</style></head><body>${html}</body></html>`;
}

/** Measures every slide of a document made by deckDocument (or marp-cli's HTML, see test/deck). */
export async function measureSlides(session: PageLease, html: string): Promise<SlideMeasure[]> {
  const { page } = session;
  await session.step("load the deck", () => page.setContent(html, { waitUntil: "load" }));
  await session.step("load the deck's fonts", () => page.evaluate(() => document.fonts.ready.then(() => undefined)));
  return session.step("measure the slides", () => measurePage(page));
}

/** Measures every slide (`section`) of the document loaded in `page`. */
export async function measurePage(page: Page): Promise<SlideMeasure[]> {
  await page.evaluate(NAME_HELPER);
  return page.evaluate(measureInPage, { selectors: UNIT_SELECTORS, sentenceEnd: SENTENCE_END });
}

/** Runs in the browser: keep it self-contained. */
function measureInPage(args: { selectors: Record<string, string>; sentenceEnd: string }): SlideMeasure[] {
  const result: SlideMeasure[] = [];
  document.querySelectorAll("section").forEach((section, index) => {
    if (section.parentElement?.closest("section")) return;
    const mark = [...section.classList].find((c) => /^fit-[A-Za-z0-9]+-\d+$/.test(c));
    const box = section.getBoundingClientRect();
    const style = getComputedStyle(section);
    const footer = section.querySelector(":scope > footer");
    const area = {
      top: box.top + parseFloat(style.paddingTop),
      left: box.left + parseFloat(style.paddingLeft),
      right: box.right - parseFloat(style.paddingRight),
      bottom: footer && footer.textContent?.trim() ? footer.getBoundingClientRect().top - 4 : box.bottom - parseFloat(style.paddingBottom),
    };
    const outBy = (r: { top: number; left: number; right: number; bottom: number }) =>
      Math.max(0, r.bottom - area.bottom, r.right - area.right, area.top - r.top, area.left - r.left);
    let overflow = 0;
    let worst = "";
    for (const el of section.querySelectorAll("*")) {
      if (el.closest("footer, header") || el.tagName === "BR") continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const by = outBy(r);
      if (by > overflow) {
        overflow = by;
        worst = `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 50)}"`;
      }
    }
    // Text running into other text inside the safe area (a side caption grown into the title and
    // the source line below it) does not fit either: every visible line of text, by the block it
    // belongs to, against the lines of every other block. Lines of one block, or of a block and one
    // inside it, are left alone; a sliver of overlap (tight leading) is not counted. Each line is
    // taken by its em box (its font size, centred in the line's box): a tall script font's line box
    // reaches well past its glyphs, and two such boxes meet where no ink does.
    const lines: { block: Element; clipped: boolean; rect: { top: number; bottom: number; left: number; right: number; height: number }; text: string }[] = [];
    const texts = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const holder = node.parentElement;
      if (!holder || !(node.textContent ?? "").trim() || holder.closest("footer, header")) continue;
      const look = getComputedStyle(holder);
      if (look.visibility !== "visible" || look.opacity === "0") continue;
      let block: Element = holder;
      while (block !== section && block.parentElement && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
      const range = document.createRange();
      range.selectNodeContents(node);
      const em = parseFloat(look.fontSize) || 0;
      // Text a box clips on purpose (an ellipsis) is not text running out of it.
      let clipped = false;
      for (let el: Element | null = holder; el && el !== section && !clipped; el = el.parentElement) clipped = getComputedStyle(el).overflowX !== "visible";
      for (const box of range.getClientRects()) {
        if (box.width === 0 || box.height === 0) continue;
        const inset = Math.max(0, (box.height - em) / 2);
        lines.push({
          block,
          clipped,
          rect: { top: box.top + inset, bottom: box.bottom - inset, left: box.left, right: box.right, height: box.height - 2 * inset },
          text: node.textContent ?? "",
        });
      }
    }
    // Text out of the box it is drawn in (a tile, a call-out: the nearest ground or border around it)
    // does not fit either, though the box itself does: a long number past its tile's edge. Table
    // cells and rows are not such boxes: a striped row's cells read as one band.
    const boxes = new Map<Element, DOMRect | null>();
    const boxOf = (el: Element): DOMRect | null => {
      if (!boxes.has(el)) {
        const style = getComputedStyle(el);
        const drawn =
          !style.display.startsWith("inline") &&
          !style.display.startsWith("table-") &&
          ((style.backgroundColor !== "rgba(0, 0, 0, 0)" && style.backgroundColor !== "transparent") ||
            parseFloat(style.borderLeftWidth) > 0 ||
            parseFloat(style.borderRightWidth) > 0);
        boxes.set(el, drawn ? el.getBoundingClientRect() : el.parentElement && el !== section ? boxOf(el.parentElement) : null);
      }
      return boxes.get(el)!;
    };
    for (const { block, rect, text, clipped } of lines) {
      const box = clipped ? null : boxOf(block);
      if (!box) continue;
      const out = Math.max(rect.right - box.right, box.left - rect.left);
      if (out > 1 && out > overflow) {
        overflow = out;
        worst = `"${text.trim().slice(0, 40)}" runs out of its box`;
      }
    }
    // Top to bottom: each line is compared only with the lines that start above its foot.
    lines.sort((a, b) => a.rect.top - b.rect.top);
    for (let i = 0; i < lines.length; i++) {
      const a = lines[i]!;
      for (let j = i + 1; j < lines.length && lines[j]!.rect.top < a.rect.bottom; j++) {
        const b = lines[j]!;
        const across = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const down = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (across <= 2 || down <= 0.3 * Math.min(a.rect.height, b.rect.height) || down <= overflow) continue;
        if (a.block === b.block || a.block.contains(b.block) || b.block.contains(a.block)) continue;
        overflow = down;
        worst = `"${b.text.trim().slice(0, 40)}" runs into "${a.text.trim().slice(0, 40)}"`;
      }
    }
    const key = mark?.split("-")[1] ?? "";
    const selector = args.selectors[key];
    const units = selector ? [...section.querySelectorAll(selector)] : [];
    const firstOut = units.findIndex((el) => outBy(el.getBoundingClientRect()) > 1);
    let sentencesIn = 0;
    if (firstOut >= 0) {
      const el = units[firstOut]!;
      const text = el.textContent ?? "";
      const ends: number[] = [];
      const re = new RegExp(args.sentenceEnd, "gu");
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m.index > 0 && m.index < text.length) ends.push(m.index);
        if (m[0].length === 0) re.lastIndex++;
      }
      ends.push(text.length);
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const nodes: { node: Text; start: number }[] = [];
      let at = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n as Text, start: at });
        at += (n as Text).length;
      }
      for (const end of ends) {
        const holder = [...nodes].reverse().find((n) => n.start < end) ?? nodes[0];
        if (!holder) break;
        const range = document.createRange();
        range.setStart(el, 0);
        range.setEnd(holder.node, Math.min(end - holder.start, holder.node.length));
        const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        const last = rects.at(-1);
        if (!last || outBy(last) > 1 || outBy(range.getBoundingClientRect()) > 1) break;
        sentencesIn++;
      }
    }
    const footerLines = footer && footer.textContent?.trim() ? Math.round(footer.getBoundingClientRect().height / (parseFloat(getComputedStyle(footer).lineHeight) || 22)) : 0;
    const heading = section.querySelector("h2");
    const title = (heading?.textContent ?? "").replace(/\s+/g, " ").trim();
    const headingShare = heading ? heading.getBoundingClientRect().height / Math.max(1, area.bottom - area.top) : 0;
    result.push({ index: index + 1, mark, title, overflow, worst, units: units.length, firstOut, sentencesIn, headingShare, footerLines });
  });
  return result;
}

/** A slide that could not be fitted. */
interface Misfit {
  key: string;
  page: number;
  /** As last measured. */
  slide: SlideMeasure;
  density: Density;
  continued: boolean;
  /** The fields to shorten, each with the template line that writes it. */
  fields: { field: FieldRef; template: { file: string; line?: number } }[];
}

/**
 * A page holding the whole deck, made from its (marked) Markdown: deckDocument's, or print.ts's
 * printableDeck (which can be put into a page holding its fonts: pageLoad.ts).
 */
export interface DeckPage {
  readonly html: string;
  swap?: PageParts;
}

export interface FittedDeck<P extends DeckPage = DeckPage> {
  /** The shipped Markdown (no measuring marks; its pictures by reference when fitDeck was asked so). */
  markdown: string;
  plan: Map<string, SlidePlan>;
  rounds: number;
  /** Continuation slides added, by slide key. */
  continued: Record<string, number>;
  /**
   * The page last loaded into the session's page, which now lays out the fitted deck (its slides
   * restyled in place since, when only their type steps changed; see classChanges): what the deck
   * stage prints without loading it again. Its `html` may predate those changes.
   */
  page: P;
}

/**
 * Fits one city's deck, measuring it in the pages `render` makes of its Markdown. Throws a
 * CitypitchError (exit 4) naming every slide that cannot be fitted. `first`: the first round's
 * Markdown (the initial plan, marked) and its page, when made already (while the browser started).
 */
export async function fitDeck<P extends DeckPage>(
  session: PageLease,
  render: (markdown: string) => P,
  templates: TemplateSet,
  ctx: CityContext,
  charts: readonly ChartArtifact[],
  /** byReference: the Markdown's pictures stay by reference (pictures.ts), for a `render` that places them. */
  options: { restyle?: boolean; first?: { markdown: string; page: P }; byReference?: boolean } = {},
): Promise<FittedDeck<P>> {
  const flows = deckFlows(ctx, charts);
  const plan = new Map<string, SlidePlan>();
  const failed = new Map<string, Misfit>();
  const pairs = pairedChartIds(charts);
  let rounds = 0;
  let markdown = "";
  let page: P | undefined;
  for (; rounds < MAX_ROUNDS; rounds++) {
    const before = markdown;
    const first = rounds === 0 ? options.first : undefined;
    markdown = first?.markdown ?? renderDeck(templates, ctx, charts, plan, { marks: true, byReference: options.byReference });
    // A round that only changes slides' type steps restyles them in the loaded page: Marp would
    // render the same page but for those slides' classes, and loading it costs far more.
    const changes = page && options.restyle !== false ? classChanges(before, markdown) : undefined;
    let slides: SlideMeasure[];
    if (page && changes) {
      slides = await restyleSlides(session, changes);
      trace(`fit: ${ctx.city.slug} round ${rounds + 1} restyled and measured`);
    } else {
      page = first?.page ?? render(markdown);
      trace(`fit: ${ctx.city.slug} round ${rounds + 1} rendered`);
      await loadDeckPage(session, page, "load the deck");
      slides = await session.step("measure the slides", () => measurePage(session.page));
      trace(`fit: ${ctx.city.slug} round ${rounds + 1} measured`);
    }
    let changed = false;
    for (const slide of slides) {
      if (slide.overflow <= TOLERANCE_PX || !slide.mark) continue;
      const [, key = "", pageText = "0"] = slide.mark.split("-");
      const page = Number(pageText);
      const known = failed.get(`${key}-${page}`);
      if (known) {
        // Slides added since keep the number current.
        known.slide = slide;
        continue;
      }
      const current = planOf(plan, key);
      const flow = flows.get(key);
      const next = flow ? stepFlow(flow, current, page, slide) : stepFixed(current, key);
      if (next) {
        plan.set(key, next);
        changed = true;
        continue;
      }
      failed.set(`${key}-${page}`, misfit(ctx, flows, pairs, current, key, page, slide));
    }
    if (!changed) break;
  }
  if (failed.size > 0) throw fitError(ctx, [...failed.values()]);
  if (rounds >= MAX_ROUNDS) {
    throw new CitypitchError(
      EXIT.renderFailed,
      `the deck for ${ctx.city.slug} could not be fitted in ${MAX_ROUNDS} rounds of measuring`,
      [],
      "this is a bug in citypitch's deck layout; please report it with the city file",
    );
  }
  const continued = Object.fromEntries([...plan].filter(([, p]) => p.breaks.length > 0).map(([key, p]) => [key, p.breaks.length]));
  return { markdown: withoutMarks(markdown), plan, rounds: rounds + 1, continued, page: page! };
}

/** A slide's class directive, as the deck templates write one per slide. */
const CLASS_LINE = /^<!-- _class: (.*?) -->$/;

/** A slide whose classes change: found by its measuring mark, from one class list to another. */
export interface ClassChange {
  mark: string;
  from: string;
  to: string;
}

/**
 * When two renders of a marked deck differ only in their slides' class directives, each keeping
 * its slide's mark, the changes; otherwise undefined. Marp turns a class directive into the
 * section's `class` and `data-class` attributes and its `--class` property, and into nothing else.
 */
export function classChanges(before: string, after: string): ClassChange[] | undefined {
  const [a, b] = [before.split("\n"), after.split("\n")];
  if (a.length !== b.length) return undefined;
  const changes: ClassChange[] = [];
  const markOf = (classes: string) => classes.split(/\s+/).find((c) => /^fit-[A-Za-z0-9]+-\d+$/.test(c));
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const [from, to] = [CLASS_LINE.exec(a[i]!)?.[1]?.trim(), CLASS_LINE.exec(b[i]!)?.[1]?.trim()];
    const mark = from === undefined ? undefined : markOf(from);
    if (from === undefined || to === undefined || !mark || markOf(to) !== mark) return undefined;
    changes.push({ mark, from, to });
  }
  return changes;
}

/** Gives the slides their new classes in the loaded page, waits for any font that brings, and measures again. */
async function restyleSlides(session: PageLease, changes: readonly ClassChange[]): Promise<SlideMeasure[]> {
  const { page } = session;
  await session.step("restyle the slides", () => page.evaluate(restyleInPage, changes as ClassChange[]));
  await session.step("load the deck's fonts", () => page.evaluate(() => document.fonts.ready.then(() => undefined)));
  return session.step("measure the slides", () => measurePage(page));
}

/** Runs in the browser: what Marp would write for the new class directives (see classChanges). Keep it self-contained. */
function restyleInPage(changes: { mark: string; from: string; to: string }[]): void {
  const words = (classes: string) => classes.split(/\s+/).filter(Boolean);
  for (const { mark, from, to } of changes) {
    for (const section of document.querySelectorAll<HTMLElement>(`section.${mark}`)) {
      section.classList.remove(...words(from));
      section.classList.add(...words(to));
      if (section.getAttribute("data-class") === from) section.setAttribute("data-class", to);
      if (section.style.getPropertyValue("--class")) section.style.setProperty("--class", to);
    }
  }
  // Laid out now, so that fonts the new classes use start loading before they are waited for.
  void document.body.offsetHeight;
}

/**
 * A slide that never continues: the next type step; for a chart slide past the last one, the list
 * of plotted figures moves to the notes; then nothing is left to try.
 */
function stepFixed(current: SlidePlan, key: string): SlidePlan | undefined {
  const density = DENSITIES.indexOf(current.densities[0] ?? "");
  if (density < DENSITIES.length - 1) return { ...current, densities: [DENSITIES[density + 1]!] };
  if (key.startsWith("chart") && !current.bare) return { ...current, bare: true };
  return undefined;
}

/**
 * A flowing slide's next step. One page: denser type first. Past the last type step, continuation
 * pages at normal type, each filled with what it holds (measured); a page holding a single unit
 * that still does not fit takes the type steps on its own; then nothing is left to try.
 */
function stepFlow(flow: Flow, current: SlidePlan, page: number, slide: SlideMeasure): SlidePlan | undefined {
  const density = DENSITIES.indexOf(current.densities[page] ?? "");
  const denser = (): SlidePlan | undefined => {
    if (density >= DENSITIES.length - 1) return undefined;
    const densities = [...current.densities];
    densities[page] = DENSITIES[density + 1]!;
    return { ...current, densities };
  };
  if (current.breaks.length === 0 && density < DENSITIES.length - 1) return denser();

  const units = flowUnits(flow);
  const starts = [0, ...current.breaks];
  const from = starts[page] ?? 0;
  const to = starts[page + 1] ?? units.length;
  const pageView = flowPages(flow, current)[page];
  // The unit elements on the page must be the page's blocks, one each, to be counted.
  const blocks = new Set(units.slice(from, to).map((u) => u.block));
  let cut: number | undefined;
  if (pageView && slide.firstOut >= 0 && slide.units === blocks.size) {
    const onPage = [...blocks];
    cut = from;
    for (let i = 0; i < slide.firstOut; i++) cut += units.slice(from, to).filter((u) => u.block === onPage[i]).length;
    const partial = onPage[slide.firstOut]!;
    if (flow.blocks[partial]!.prose !== undefined) cut += Math.min(slide.sentencesIn, units.slice(from, to).filter((u) => u.block === partial).length - 1);
    // Cards side by side all run out together, and fewer are each wider and shorter: the page keeps
    // half of them, not the first alone (which left one card on a slide of its own, the rest crowded
    // onto the next). Halving again in later rounds finds how many fit.
    const abreast = units.slice(from, to).filter((u) => flow.blocks[u.block]!.abreast).length;
    if (slide.firstOut === 0 && flow.blocks[partial]!.abreast && abreast > 1) cut = from + Math.ceil(abreast / 2);
  }
  // Every unit is inside the area, yet the slide runs over: what runs over is laid out under them
  // (a band of tiles under the text, theme.css). Its last unit makes room by starting the next page.
  if (cut === undefined && pageView && slide.firstOut < 0 && slide.units === blocks.size && density >= DENSITIES.length - 1) cut = to - 1;
  if (cut !== undefined && to - from > 1) {
    // Keep at least one unit on the page; what does not fit starts the next page.
    const at = Math.max(from + 1, Math.min(cut, to - 1));
    const breaks = [...current.breaks];
    if (page < breaks.length) breaks[page] = at;
    else breaks.push(at);
    // The first continuation resets the slide to its normal type: the pages hold the rest.
    const densities = current.breaks.length === 0 ? breaks.map(() => "" as Density).concat("") : [...current.densities.slice(0, breaks.length + 1)];
    while (densities.length < breaks.length + 1) densities.push("");
    // The next page's content changed: it starts again from the normal type.
    densities[page + 1] = "";
    return { densities, breaks };
  }
  // The overflow is not in the flowing units (a heading, tiles beside them), or one unit alone.
  return denser();
}

function misfit(ctx: CityContext, flows: Map<string, Flow>, pairs: Set<string>, current: SlidePlan, key: string, page: number, slide: SlideMeasure): Misfit {
  const flow = flows.get(key);
  let field: FieldRef | undefined;
  let candidates: FieldRef[];
  let templateNeedle: string;
  let templateFile = "deck.hbs";
  if (flow) {
    const units = flowUnits(flow);
    const starts = [0, ...current.breaks];
    const onPage = [...new Set(units.slice(starts[page] ?? 0, starts[page + 1] ?? units.length).map((u) => u.block))];
    // A page holding one block that does not fit names that block's field.
    if (slide.firstOut >= 0 && onPage.length === 1) field = flow.blocks[onPage[0]!]!.field;
    else if (slide.firstOut === 0 && onPage[0] !== undefined) field = flow.blocks[onPage[0]]!.field;
    candidates = [...flow.fixed, ...onPage.map((b) => flow.blocks[b]!.field)];
    templateNeedle = flow.template;
  } else {
    const fixed = fixedFields(ctx, key);
    candidates = fixed.fields;
    templateNeedle = fixed.template;
    if (key.startsWith("chart")) {
      templateFile = "_chartSlide.hbs";
      // A paired slide shows the next chart too; a single one only its own.
      const spec = ctx.city.charts[Number(key.slice(5))];
      if (spec && !pairs.has(spec.id)) candidates = candidates.filter((f) => f.field.startsWith(`charts[${key.slice(5)}]`));
    }
  }
  field ??= fieldRunningOver(slide.worst, candidates);
  field ??= [...candidates].sort((a, b) => b.text.length - a.text.length)[0];
  // A heading that takes much of the slide, or a running foot that wraps onto a third line, is a
  // field to shorten whatever the page holds; the page's own field is named too when it is much longer.
  const heading = slide.headingShare > HEADING_SHARE ? headingField(ctx, key, pairs) : undefined;
  const footer = slide.footerLines > FOOTER_LINES ? footerField(ctx) : undefined;
  const blamed = [footer, heading].filter((f): f is FieldRef => f !== undefined);
  const longest = Math.max(0, ...blamed.map((f) => f.text.length));
  const named = [...blamed, ...(field && (blamed.length === 0 || field.text.length > 2 * longest) ? [field] : [])].filter(
    (f, i, all) => all.findIndex((g) => g.field === f.field) === i,
  );
  return {
    key,
    page,
    slide,
    density: current.densities[page] ?? "",
    continued: current.breaks.length > 0,
    fields: named.map((f) => ({
      field: f,
      template:
        f === footer
          ? templateLine(ctx, "deck.hbs", "---", f.needle)
          : templateLine(ctx, f === heading && key.startsWith("chart") && pairs.size > 0 && f.needle === "md heading" ? "_chartSlide.hbs" : templateFile, templateNeedle, f.needle),
    })),
  };
}

/** What the measure found, in words: content past the safe area, text into other text, or text out of its box. */
export function howItRunsOver(slide: SlideMeasure): string {
  const px = Math.ceil(slide.overflow);
  const what = slide.worst.replace(/\s+/g, " ");
  if (/ runs into "/.test(what)) return `its text runs ${px} px into other text (${what})`;
  if (/ runs out of its box$/.test(what)) return `its text runs ${px} px out of the box it is set in (${what})`;
  return `its content runs ${px} px outside the slide's safe area (${what})`;
}

/**
 * The field whose text the measure found running over (`worst`: `"text" runs out of its box`, or
 * `"text" runs into "other text"`, each text its first 40 characters), however short: the text
 * quoted first, else the other; a field whose text is it, then one that starts with it, then one
 * that holds it.
 */
export function fieldRunningOver(worst: string, candidates: readonly FieldRef[]): FieldRef | undefined {
  if (!/ runs (out of its box|into )/.test(worst)) return undefined;
  for (const [, quoted] of worst.matchAll(/"([^"]*)"/g)) {
    const text = quoted!.trim();
    if (!text) continue;
    const found = candidates.find((c) => c.text.trim() === text) ?? candidates.find((c) => c.text.trim().startsWith(text)) ?? candidates.find((c) => c.text.includes(text));
    if (found) return found;
  }
  return undefined;
}

/** The running foot's longest field (the city's name or the edition's title). */
function footerField(ctx: CityContext): FieldRef {
  const { city } = ctx;
  const fields: FieldRef[] = [
    { field: "name.en", file: "city", text: city.name.en, needle: "footer:" },
    { field: "edition.title", file: "city", text: city.edition.title, needle: "footer:" },
  ];
  return fields.sort((a, b) => b.text.length - a.text.length)[0]!;
}

/** The data field in a slide's heading, where the heading holds one. */
function headingField(ctx: CityContext, key: string, pairs: Set<string>): FieldRef | undefined {
  const { city } = ctx;
  const ref = (field: string, text: string, needle: string): FieldRef => ({ field, file: "city", text, needle });
  if (["title", "kpi", "geography"].includes(key)) return ref("name.en", city.name.en, key === "geography" ? "md @root.name.en" : "md name.en");
  if (key === "closing") return ref("cta.headline", city.cta.headline, "md cta.headline");
  const chart = /^chart(\d+)$/.exec(key);
  const spec = chart ? city.charts[Number(chart[1])] : undefined;
  if (!spec) return undefined;
  if (!pairs.has(spec.id)) return ref(`charts[${chart![1]}].title`, spec.title, "md title");
  if (spec.section === "port") return ref("connectivity.port.name", city.connectivity.port.name, "md heading");
  if (spec.section === "air") return ref("connectivity.airport.name", city.connectivity.airport.name, "md heading");
  return undefined;
}

/** The line of templates/deck/<file> that writes `needle`, at or after the line holding `start`. */
function templateLine(ctx: CityContext, file: string, start: string, needle: string | undefined): { file: string; line?: number } {
  const abs = join(deckTemplatesDir(ctx.options.root), file);
  const shown = relative(ctx.options.root, abs);
  try {
    const lines = readFileSync(abs, "utf8").split("\n");
    const from = Math.max(
      0,
      lines.findIndex((l) => l.includes(start)),
    );
    const at = needle ? lines.findIndex((l, i) => i >= from && l.includes(needle)) : -1;
    return { file: shown, line: (at >= 0 ? at : from) + 1 };
  } catch {
    return { file: shown };
  }
}

function fitError(ctx: CityContext, misfits: readonly Misfit[]): CitypitchError {
  const { city, options } = ctx;
  const files = { city: join(options.dataDir, "cities", `${city.slug}.yaml`), brand: join(options.dataDir, "brand.yaml"), sources: join(options.dataDir, "sources.yaml") };
  // One problem per field, at the first slide it does not fit; the other slides are listed with it.
  const byField = new Map<string, { misfit: Misfit; field: FieldRef; template: { file: string; line?: number }; others: number[] }>();
  for (const m of [...misfits].sort((a, b) => a.slide.index - b.slide.index)) {
    for (const { field, template } of m.fields) {
      const seen = byField.get(`${field.file}:${field.field}`);
      if (seen && !seen.others.includes(m.slide.index) && seen.misfit.slide.index !== m.slide.index) seen.others.push(m.slide.index);
      else if (seen) continue;
      else byField.set(`${field.file}:${field.field}`, { misfit: m, field, template, others: [] });
    }
  }
  const problems: Problem[] = [...byField.values()].map(({ misfit: m, field, template, others }) => {
    const abs = files[field.file];
    const shown = relative(options.root, abs) || abs;
    const location = field.file !== "sources" ? locate(abs, shown, field.field) : { file: shown };
    const tried = `even with its smallest type step (${DENSITIES.at(-1)})${m.continued || flowable(m.key) ? " and continuation slides" : ""}`;
    const where = template.line ? `${template.file}:${template.line}` : template.file;
    const chars = field.text.length;
    const title = m.slide.title.length > 80 ? `${m.slide.title.slice(0, 77)}…` : m.slide.title || m.key;
    const also = others.length > 0 ? ` (so do slide${others.length > 1 ? "s" : ""} ${others.join(", ")})` : "";
    const message = `slide ${m.slide.index} "${title}" of the deck does not fit ${tried}${also}: ${howItRunsOver(m.slide)}; the field fills ${where}${chars ? ` and has ${chars.toLocaleString("en")} characters` : ""}`;
    return {
      severity: "error" as const,
      location,
      path: field.field,
      message,
      hint: `shorten ${field.field}; the deck never cuts text off, sets it smaller than its smallest step, or lets it run off the slide`,
    };
  });
  const first = [...byField.values()][0];
  const fields = [...byField.values()].map((f) => f.field.field);
  return new CitypitchError(
    EXIT.renderFailed,
    `the deck for ${city.slug} cannot be laid out: ${misfits.length === 1 ? `slide ${first?.misfit.slide.index} does not fit` : `${misfits.length} slides do not fit`}; too long: ${fields.join(", ")}`,
    problems,
  );
}

const flowable = (key: string) => key in UNIT_SELECTORS;

/** file:line:column of a field, read again from its YAML (only when reporting an error). */
function locate(abs: string, file: string, field: string): Location {
  try {
    const counter = new LineCounter();
    const doc = parseDocument(readFileSync(abs, "utf8"), { lineCounter: counter });
    const path = field
      .split(/\.|\[(\d+)\]/)
      .filter((k) => k !== undefined && k !== "")
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) return { file };
    const { line, col } = counter.linePos(node.range[0]);
    return { file, line, column: col };
  } catch {
    return { file };
  }
}
