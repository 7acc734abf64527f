/** What every stage after validation works from: one city, fully typed, with its derived indexes. */
import type { FigureIndex } from "./data/figures.ts";
import type { Audience, Brand, City, Edition, SourceRegistry, Translation } from "./data/schema.ts";
import type { References } from "./content/references.ts";
import type { Options } from "./options.ts";
import type { Wording } from "./content/format.ts";

export interface CityContext {
  city: City;
  brand: Brand;
  sources: SourceRegistry;
  figures: FigureIndex;
  references: References;
  options: Options;
  /** Fixed per edition (or SOURCE_DATE_EPOCH), so every artifact built from the same data is byte-identical. */
  buildDate: Date;
  /** Every word citypitch writes around the data, in the edition's language. */
  words: Wording;
  /** Which edition of the city this context builds: language, folder, file names, print and audience. */
  edition: EditionContext;
}

/** One edition of a city's material. A city that declares no editions builds one default edition. */
export interface EditionContext {
  /** "default" when the city declares no editions. */
  id: string;
  /** BCP 47 tag every word, number, font and `lang`/`/Lang` of this edition follows. */
  language: string;
  /** Folder inside output/<slug>/ that holds this edition's files ("" for the default edition). */
  folder: string;
  /** Stem every file name of this edition starts with: "dalian", or "dalian-ja" for an edition. */
  fileStem: string;
  /** A print-shop edition: bleed, crop marks, TrimBox and BleedBox. */
  print: boolean;
  /** Who this edition was prepared for, shown on the cover, the closing slide and in the PDF metadata. */
  audience?: Audience;
  /** Sections included, left out or reordered (brochure pages and deck slides); all, in order, when absent. */
  sections?: Edition["sections"];
  /** The status of the translation this edition shows (none for the base language): a draft is disclosed in the colophon. */
  translation?: Translation;
}

/** A rendered chart and the words that travel with it into the brochure and the deck. */
export interface ChartArtifact {
  id: string;
  kind: City["charts"][number]["kind"];
  section: City["charts"][number]["section"];
  title: string;
  caption: string;
  /** Generated from the plotted data: what a screen reader says, and the PDF's /Alt. */
  alt: string;
  /** "Source: …" line printed under the chart. */
  sourceLine: string;
  /** Reference numbers (see content/references.ts) for the plotted figures. */
  refs: number[];
  /** RGB PNG (no alpha), sized to print at 300 dpi at `widthPt` × `heightPt`. */
  png: Buffer;
  svg: string;
  widthPt: number;
  heightPt: number;
}

/** A file a stage produced, relative to output/<slug>/. */
export interface Artifact {
  name: string;
  bytes: Buffer | string;
}
