/**
 * The handout's bookmarks: one per slide, titled as the slide, opening its page at the slide.
 * Written here rather than taken from Chromium's outline (page.pdf `outline`), which builds titles
 * from laid-out lines and drops the space where a heading wraps ("delivery centre" becomes
 * "deliverycentre"), and nests every sub-heading of a slide. pdf-lib has no outline API, so the
 * few dictionaries (PDF 1.7, 12.3.3) are written by hand.
 */
import type { PDFDocument, PDFRef } from "pdf-lib";
import { pdfLib } from "../deck/pdfLib.ts";

export interface Bookmark {
  title: string;
  /** 0-based page index. */
  page: number;
  /** Distance from the top of the page to the slide, in pt. */
  top: number;
}

export function addOutline(doc: PDFDocument, bookmarks: readonly Bookmark[]): void {
  if (bookmarks.length === 0) return;
  const { PDFHexString, PDFName, PDFNumber, PDFNull } = pdfLib();
  const { context } = doc;
  const pages = doc.getPages();
  const root = context.nextRef();
  const refs: PDFRef[] = bookmarks.map(() => context.nextRef());
  bookmarks.forEach((bookmark, i) => {
    const page = pages[bookmark.page]!;
    const y = page.getHeight() - bookmark.top;
    const item = context.obj({
      Title: PDFHexString.fromText(bookmark.title),
      Parent: root,
      Dest: [page.ref, PDFName.of("XYZ"), PDFNull, PDFNumber.of(Math.round(y * 100) / 100), PDFNull],
      ...(i > 0 ? { Prev: refs[i - 1]! } : {}),
      ...(i < refs.length - 1 ? { Next: refs[i + 1]! } : {}),
    });
    context.assign(refs[i]!, item);
  });
  context.assign(root, context.obj({ Type: "Outlines", First: refs[0]!, Last: refs.at(-1)!, Count: refs.length }));
  doc.catalog.set(PDFName.of("Outlines"), root);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}
