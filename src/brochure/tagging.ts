/**
 * Tagged-PDF plumbing. Everything drawn is either structure (headings, paragraphs, figures, links,
 * each with its marked content) or an artifact (furniture and decoration), so a screen reader reads
 * the brochure in order and skips the page decoration. pdfkit closes every open marking when a new
 * one starts, so markings are always sequential, never nested.
 */
import { linkTarget } from "./links.ts";
import type { Marker, Rect } from "./text.ts";

export type Struct = PDFKit.PDFStructureElement;

/** Options pdfkit 0.20 accepts that @types/pdfkit does not list yet. */
export interface StructOptions {
  title?: string;
  lang?: string;
  alt?: string;
  actual?: string;
  /** Bounding box (left, top, right, bottom in pdfkit's top-down coordinates) for Figures. */
  bbox?: [number, number, number, number];
  placement?: "Block" | "Inline";
  /** Table header cells: the cells they head (written as the attribute /A << /O /Table /Scope … >>). */
  scope?: "Column" | "Row" | "Both";
}

export function struct(doc: PDFKit.PDFDocument, type: string, options: StructOptions = {}): Struct {
  return doc.struct(type, onSheet(doc, options) as PDFKit.Mixins.StructureElementOptions);
}

/**
 * pdfkit turns a bbox into PDF coordinates with the page height alone; a print sheet's origin is
 * moved to the trim (print.ts), so that move is added here. Elsewhere the origin is not moved.
 */
function onSheet(doc: PDFKit.PDFDocument, options: StructOptions): StructOptions {
  if (!options.bbox) return options;
  const [, , , , e, f] = (doc as unknown as { _ctm: number[] })._ctm;
  const dx = e!;
  const dy = doc.page.height - f!;
  if (dx === 0 && dy === 0) return options;
  const [left, top, right, bottom] = options.bbox;
  return { ...options, bbox: [left + dx, top + dy, right + dx, bottom + dy] };
}

/**
 * Decoration and page furniture: drawn, but not read aloud. "Page" is for production aids such as
 * crop marks (PDF 1.7, 14.8.2.2).
 */
export function artifact(doc: PDFKit.PDFDocument, draw: () => void, type: "Pagination" | "Layout" | "Page" = "Layout"): void {
  doc.markContent("Artifact", { type });
  draw();
  doc.endMarkedContent();
}

/** A new element under `parent`, for content added later (text through a marker, or pieces). */
export function child(doc: PDFKit.PDFDocument, parent: Struct, type: string, options: StructOptions = {}): Struct {
  const element = struct(doc, type, options);
  parent.add(element);
  return element;
}

/** A child element of `parent` whose content is whatever `draw` puts on the current page. */
export function tagged(doc: PDFKit.PDFDocument, parent: Struct, type: string, draw: () => void, options: StructOptions = {}): Struct {
  const element = struct(doc, type, options);
  parent.add(element);
  element.add(doc.markStructureContent(type));
  draw();
  doc.endMarkedContent();
  return element;
}

/**
 * Marks text runs as content of `element`, and each linked run as a Link element holding both the
 * text and its annotation, as PDF/UA asks. Only https, http and mailto targets are ever annotated
 * (see links.ts): a run with any other target is marked as plain text.
 */
export function textMarker(doc: PDFKit.PDFDocument, element: Struct, tag: string): Marker {
  let link: Struct | undefined;
  return {
    open(target) {
      const url = linkTarget(target);
      if (url) {
        link = struct(doc, "Link");
        element.add(link);
        link.add(doc.markStructureContent("Link"));
      } else {
        element.add(doc.markStructureContent(tag));
      }
    },
    close(target, rects: Rect[]) {
      doc.endMarkedContent();
      const url = linkTarget(target);
      if (url && link) {
        const described = url.replace(/^mailto:/, "");
        for (const r of rects) {
          doc.link(r.x, r.y, r.width, r.height, url, { structParent: link, Contents: new String(described) } as unknown as PDFKit.Mixins.AnnotationOption);
        }
        // Ended on the page that holds its annotations: pdfkit records the page at flush time.
        link.end();
        link = undefined;
      }
    },
  };
}
