/**
 * The deck's PDF as Chromium printed it, finished: the pictures put in for their stand-ins
 * (standIns.ts), the bookmarks titled as marp-cli titles them, the structure's element ids made
 * independent of the browser's history (the handout's too, src/handout/render.ts), and the
 * document information. Apart from print.ts, which loads Marp, so that the handout need not.
 */
import type { DeckInfo } from "./print.ts";
import { putPictures, type StandIn } from "./standIns.ts";
import { pdfLib } from "./pdfLib.ts";

/** What finishing a PDF takes of its deck. */
export interface FinishedDeck {
  info: DeckInfo;
  standIns: readonly StandIn[];
}

export async function finishDeckPdf(pdf: Uint8Array, { info, standIns }: FinishedDeck, headings: readonly string[], date: Date): Promise<Buffer> {
  const lib = pdfLib();
  const { PDFDocument, PDFDict, PDFHexString, PDFName } = lib;
  // pdf-lib yields to the event loop (a timer turn) every hundred objects it parses or fifty it
  // writes unless told not to: waits, not work, on the build's critical path.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: Infinity });
  const put = putPictures(lib, doc, standIns);
  // Every picture the page stood in for must be in the PDF: never a deck with a stand-in for a chart.
  if (put !== standIns.length) throw new Error(`${standIns.length - put} of the deck's ${standIns.length} pictures were not found in its PDF to be put in (src/deck/standIns.ts)`);
  // Chromium titles its bookmarks with the text as displayed: a heading set in capitals comes out
  // in capitals, and the words either side of a line break run together. The bookmarks are the
  // headings in document order, so each gets its heading's text back (when the counts agree).
  const items: import("pdf-lib").PDFDict[] = [];
  const walk = (first: unknown) => {
    for (let item = first; item instanceof PDFDict; item = doc.context.lookup(item.get(PDFName.of("Next")))) {
      items.push(item);
      walk(doc.context.lookup(item.get(PDFName.of("First"))));
    }
  };
  const outlines = doc.context.lookup(doc.catalog.get(PDFName.of("Outlines")));
  if (outlines instanceof PDFDict) walk(doc.context.lookup(outlines.get(PDFName.of("First"))));
  if (items.length === headings.length) items.forEach((item, i) => item.set(PDFName.of("Title"), PDFHexString.fromText(headings[i]!)));
  renumberElementIds(doc);
  // The build's date, not the clock's: the same data builds the same document information.
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setCreator("citypitch");
  if (info.title) doc.setTitle(info.title);
  if (info.description) doc.setSubject(info.description);
  if (info.author) doc.setAuthor(info.author);
  if (info.lang) doc.setLanguage(info.lang);
  // Object streams: the tagged PDF's structure is thousands of small objects, half the file when
  // each is written out on its own (marp-cli's PDF has them too).
  return Buffer.from(await doc.save({ useObjectStreams: true, objectsPerTick: Infinity }));
}

/**
 * Chromium names the structure elements that others point at (a table's header cells, which its
 * data cells list as their /Headers) after their DOM nodes, "node00001099": numbers counted across
 * every document the page's renderer has loaded, so the same deck printed after other decks, or in
 * another page, would differ in them. Counted from the deck's first such node instead, they depend
 * on the deck alone; the order, which the ID tree is sorted by, stays.
 */
export function renumberElementIds(doc: import("pdf-lib").PDFDocument): void {
  const { PDFArray, PDFDict, PDFHexString, PDFString } = pdfLib();
  const NODE = /^node(\d+)$/;
  const found: { holder: import("pdf-lib").PDFDict | import("pdf-lib").PDFArray; key: import("pdf-lib").PDFName | number; n: number; hex: boolean }[] = [];
  const visit = (value: unknown, holder: import("pdf-lib").PDFDict | import("pdf-lib").PDFArray, key: import("pdf-lib").PDFName | number, depth: number) => {
    if (value instanceof PDFString || value instanceof PDFHexString) {
      const id = NODE.exec(value.decodeText());
      if (id) found.push({ holder, key, n: Number(id[1]), hex: value instanceof PDFHexString });
    } else if (depth < 8) walk(value, depth + 1);
  };
  const walk = (value: unknown, depth: number) => {
    if (value instanceof PDFDict) for (const [key, entry] of value.entries()) visit(entry, value, key, depth);
    else if (value instanceof PDFArray) value.asArray().forEach((entry, i) => visit(entry, value, i, depth));
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) walk(object, 0);
  if (found.length === 0) return;
  const first = Math.min(...found.map((f) => f.n));
  for (const { holder, key, n, hex } of found) {
    const text = `node${String(n - first + 1).padStart(8, "0")}`;
    const value = hex ? PDFHexString.fromText(text) : PDFString.of(text);
    if (holder instanceof PDFArray) holder.set(key as number, value);
    else holder.set(key as import("pdf-lib").PDFName, value);
  }
}
