/** The unit of page layout: a block measured at the content width, drawn at a position. */
import type { FontBook } from "./fonts.ts";
import type { Struct } from "./tagging.ts";
import type { Typesetter } from "./text.ts";
import type { Theme } from "./theme.ts";

export interface Flowable {
  kind: string;
  height: number;
  spaceBefore: number;
  spaceAfter: number;
  /** Section title for the running head of a page that opens with this block. */
  section: string;
  /** Headings: never the last thing on a page. */
  keepWithNext?: boolean;
  /**
   * The keep-with-next of a set that reads better together (a group of KPI tile rows) but may part
   * when keeping it whole would leave the page more than 40% empty.
   */
  softKeep?: boolean;
  /** Notes that belong to the block before them: that block moves with them to a new page. */
  keepWithPrevious?: boolean;
  /** Start on a fresh page (no effect at the top of a page, so no blank pages). */
  breakBefore?: boolean;
  /** Start on a fresh page when less room than this is left (section openers). */
  minRoom?: number;
  /** Figures: when it does not fit, later blocks that fit may fill the hole before it. */
  float?: boolean;
  /** Smallest first piece this block leaves on a page when split (orphan control). */
  minHead?: number;
  /** Cut so the first part is at most `room` tall; undefined when no good cut exists. */
  split?(room: number): [Flowable, Flowable] | undefined;
  draw(env: DrawEnv, x: number, y: number): void;
  /** Where its text comes from, for an error when it cannot fit a page: the data field, or the template and rendered line. */
  origin?: Origin;
}

export interface Origin {
  field?: string;
  template?: string;
  line?: number;
  /** The start of the text that makes the block tall (a table row), to find it in the data. */
  excerpt?: string;
  /** In a document of several cities (a portfolio's compendium): the slug of the city whose file `field` is in. */
  owner?: string;
}

/** What a block sees while drawing: the document, the current structure parent and the outline. */
export interface DrawEnv {
  doc: PDFKit.PDFDocument;
  ts: Typesetter;
  fonts: FontBook;
  theme: Theme;
  /** The structure element new content belongs to (the current section). */
  parent(): Struct;
  /** Opens a section: a Sect element and a bookmark (level 1), or a nested bookmark (level 2). */
  openSection(title: string, level: 1 | 2, y: number): void;
  /** Maps a brand colour to the one to draw: identity on white pages, light tones on the back cover. */
  tone(colour: string): string;
  /** Print edition: how far backgrounds that touch the trim run past it (print.ts); 0 or absent otherwise. */
  bleed?: number;
}
