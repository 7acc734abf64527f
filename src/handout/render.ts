/**
 * Prints the handout document (layout.ts) in an already-open Chromium page: loads it, fits each
 * slide's notes into its half page (the slide shrinks and the notes' type steps down, STEPS), and
 * prints a tagged PDF with one bookmark per slide (outline.ts). Takes the page rather than a browser so that the
 * build's one browser session (deck/session.ts) can lend it.
 */
import type { Page } from "puppeteer-core";
import { CitypitchError, EXIT } from "../errors.ts";
import { VERSION } from "../version.ts";
import { MARGIN, STEPS } from "./layout.ts";
import { addOutline, type Bookmark } from "./outline.ts";
import { pdfLib } from "../deck/pdfLib.ts";
import { renumberElementIds } from "../deck/pdfInfo.ts";
import { NAME_HELPER } from "../deck/pageLoad.ts";

/** Runs one browser step under the session's time limit (PageLease.step). */
export type Step = <T>(what: string, run: () => Promise<T>) => Promise<T>;

export interface HandoutInfo {
  title: string;
  subject?: string;
  author: string;
  lang: string;
  date: Date;
  /** Slide titles, for naming a slide whose notes cannot fit. */
  slideTitles: readonly string[];
  /** Whose notes these are, for the error: "dalian", or "dalian/ja"; and its data file, as the user would type it. */
  city: string;
  cityFile: string;
}

export async function printHandout(page: Page, step: Step, html: string, info: HandoutInfo): Promise<Buffer> {
  await step("load the handout", () => page.setContent(html, { waitUntil: "load" }));
  await step("load the handout's fonts", () => page.evaluate(() => document.fonts.ready.then(() => undefined)));
  await page.evaluate(NAME_HELPER);
  const fitted = await step("fit the handout's notes", () => page.evaluate(fitNotes, STEPS as { slide: number; notes: number; beside: boolean }[]));
  if (fitted.misfits.length > 0) throw notesTooLong(fitted.misfits, info);
  const raw = await step("print the handout", () => page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true }));
  const mm = 72 / 25.4;
  const bookmarks: Bookmark[] = fitted.tops.map((px, i) => ({ title: info.slideTitles[i] || String(i + 1), page: Math.floor(i / 2), top: MARGIN.y * mm + px * 0.75 }));
  return withInfo(raw, info, bookmarks);
}

/**
 * Runs in the page: for every slide, the first step at which it and its notes fit their half page
 * (the body is set at the printed width, so this is how it prints). Returns the slides that fit
 * at no step, and where each slide sits on its page.
 */
function fitNotes(steps: { slide: number; notes: number; beside: boolean }[]): { misfits: number[]; tops: number[] } {
  const misfits: number[] = [];
  const tops: number[] = [];
  document.querySelectorAll<HTMLElement>("body > .ho-sheet > .ho-item").forEach((item) => {
    // Where the slide sits on its page, in CSS px below the page's top margin.
    tops.push(item.getBoundingClientRect().top - item.parentElement!.getBoundingClientRect().top);
    for (const s of steps) {
      item.style.setProperty("--slide", `${s.slide}mm`);
      item.style.setProperty("--notes", `${s.notes}pt`);
      item.classList.toggle("ho-below", !s.beside);
      if (item.scrollHeight <= item.clientHeight + 1) return;
    }
    misfits.push(Number(item.dataset.slide));
  });
  return { misfits, tops };
}

/** Names the slides and the city file behind them: a problem of that city, not of the browser. */
function notesTooLong(slides: number[], info: HandoutInfo): CitypitchError {
  const named = slides.map((n) => `slide ${n} ("${info.slideTitles[n - 1] ?? ""}")`).join(", ");
  const message = `the handout for ${info.city} cannot fit the speaker notes of ${named} on half a page, even with the slide at its smallest and the notes at ${STEPS.at(-1)!.notes} pt`;
  const hint = "shorten the data behind those notes (the descriptions and summaries on those slides), or build this edition without the handout";
  return new CitypitchError(
    EXIT.renderFailed,
    message,
    [{ severity: "error", location: { file: info.cityFile }, message: `speaker notes too long for the handout: ${named}`, hint }],
    hint,
  );
}

async function withInfo(pdf: Uint8Array, info: HandoutInfo, bookmarks: readonly Bookmark[]): Promise<Buffer> {
  const { PDFDocument } = pdfLib();
  // No turn of the event loop every hundred objects (pdf-lib's default): waits, not work.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: Infinity });
  // The build's date, not the clock's: the same data gives the same document information.
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
  doc.setCreator(`citypitch ${VERSION}`);
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  if (info.subject) doc.setSubject(info.subject);
  doc.setAuthor(info.author);
  doc.setLanguage(info.lang);
  addOutline(doc, bookmarks);
  // Its structure's element ids as the deck's are: counted from its own first, not the browser's.
  renumberElementIds(doc);
  return Buffer.from(await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }));
}
