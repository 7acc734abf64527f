/**
 * Loads a deck's page into a browser page, keeping the theme's fonts loaded from one deck to the next.
 *
 * Every deck of a build (of one language) is measured and printed with the same fonts: a third of
 * a megabyte of TrueType, inline. Loaded anew with each deck, Chromium decoded and checked them
 * again (OTS) each time, some 25 ms of its CPU a deck, besides sending them over the DevTools
 * socket as JSON and building the page's string around them. So the page a deck is loaded into
 * keeps its head, fonts and all, when the deck before had the same fonts: only the deck's own part
 * (its language, title, CSS and slides) is put in. The page says which fonts it holds (an
 * attribute of its root element, checked in the page itself), so a page that held anything else in
 * between (a handout, the comparison deck, another language) is loaded whole.
 */
import { createHash } from "node:crypto";
import type { PageLease } from "./session.ts";
import { trace } from "../trace.ts";

/** A deck's page, whole, and in the parts a page holding its fonts takes instead. */
export interface SwappablePage {
  readonly html: string;
  swap?: PageParts;
}

/** The deck's own part of its page: everything but the fonts and the fixed head around them. */
export interface PageParts {
  /** Names the fonts (fontsKey): the page must hold these for the parts to go in. */
  fonts: string;
  lang?: string;
  title?: string;
  css: string;
  body: string;
}

/**
 * Run in a page before a function of this code is: a TypeScript loader (tsx, from a checkout) may
 * wrap named functions in a `__name` helper the page does not have.
 */
export const NAME_HELPER = "globalThis.__name = globalThis.__name || ((f) => f); undefined";

/** The attribute of the page's root that names the fonts it holds. */
export const FONTS_ATTRIBUTE = "data-cp-fonts";
/** The id of the style element that holds the deck's own CSS. */
export const CSS_ID = "cp-deck-css";

const keys = new Map<string, string>();

/** A short name for a set of @font-face rules (their hash). */
export function fontsKey(faces: string): string {
  let key = keys.get(faces);
  if (key === undefined) {
    key = createHash("sha256").update(faces).digest("hex").slice(0, 24);
    if (keys.size > 16) keys.clear();
    keys.set(faces, key);
  }
  return key;
}

/**
 * Loads `deck` into the lease's page and waits for what it draws with (its fonts and pictures,
 * all inline), and for one frame when `frame` (before printing).
 */
export async function loadDeckPage({ page, step }: PageLease, deck: SwappablePage, what: string, frame = false): Promise<"swapped" | "loaded"> {
  const swapped = deck.swap ? await step(what, () => page.evaluate(swapInPage, deck.swap!)) : false;
  if (!swapped) await step(what, () => page.setContent(deck.html, { waitUntil: "load" }));
  trace(`browser: ${what}: ${swapped ? "its own part put into a page holding its fonts" : "loaded whole"}`);
  await step(`${what}: its fonts and pictures`, () => page.evaluate(drawn, { pictures: swapped, frame }));
  return swapped ? "swapped" : "loaded";
}

/** Runs in the browser: waits for the page's pictures (a swapped page's are not waited for by a load) and fonts. */
async function drawn({ pictures, frame }: { pictures: boolean; frame: boolean }): Promise<void> {
  if (pictures) await Promise.all([...document.images].map((image) => (image.complete ? undefined : image.decode().catch(() => undefined))));
  await document.fonts.ready;
  if (frame) await new Promise<void>((done) => requestAnimationFrame(() => done()));
}

/** Runs in the browser: the deck's parts in place of the last one's, if the page holds its fonts. Keep it self-contained. */
function swapInPage(parts: { fonts: string; lang?: string; title?: string; css: string; body: string }): boolean {
  const root = document.documentElement;
  const css = document.getElementById("cp-deck-css");
  if (root.getAttribute("data-cp-fonts") !== parts.fonts || !css) return false;
  if (parts.lang) root.setAttribute("lang", parts.lang);
  else root.removeAttribute("lang");
  let title = document.querySelector("head > title");
  if (parts.title === undefined) title?.remove();
  else {
    if (!title) document.head.prepend((title = document.createElement("title")));
    title.textContent = parts.title;
  }
  css.textContent = parts.css;
  document.body.innerHTML = parts.body;
  return true;
}
