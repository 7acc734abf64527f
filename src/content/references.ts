/**
 * Numbered references shared by the brochure and the deck: one entry per source actually cited,
 * then one per derived figure (how it was computed) and per figure with a reading note. Pages cite
 * the numbers; the sources page lists the entries.
 */
import type { FigureIndex } from "../data/figures.ts";
import type { Figure, SourceRegistry } from "../data/schema.ts";
import { joinSentences } from "./sentences.ts";
import type { Wording } from "./format.ts";

export interface Reference {
  n: number;
  kind: "source" | "derived" | "note";
  /** Short heading: the source title, or the figure's label and year. */
  title: string;
  text: string;
  url?: string;
}

export interface References {
  entries: Reference[];
  /** Reference numbers for a figure: its source (or its inputs' sources), its derivation, its note. */
  forFigure(path: string): number[];
  /** Every number cited by a set of figures, deduplicated and sorted. */
  forFigures(paths: readonly string[]): number[];
}

export function sourceIdsOf(path: string, figures: FigureIndex, seen = new Set<string>()): string[] {
  const figure = figures.get(path);
  if (!figure || seen.has(path)) return [];
  seen.add(path);
  if (figure.source) return [figure.source];
  return [...new Set((figure.derived?.inputs ?? []).flatMap((p) => sourceIdsOf(p, figures, seen)))];
}

export function describeSource(id: string, registry: SourceRegistry, words: Wording): string {
  const s = Object.hasOwn(registry.sources, id) ? registry.sources[id] : undefined;
  if (!s) return id;
  const year = s.yearBasis === "inferred" ? words.messages.t("source.yearInferred", { year: String(s.year) }) : String(s.year);
  return words.messages.t("source.describe", { publisher: s.publisher, title: s.title, year });
}

export function buildReferences(figures: FigureIndex, registry: SourceRegistry, words: Wording): References {
  const t = words.messages.t;
  const entries: Reference[] = [];
  const sourceNumber = new Map<string, number>();
  const figureNumbers = new Map<string, number[]>();
  const add = (entry: Omit<Reference, "n">) => {
    const n = entries.length + 1;
    entries.push({ n, ...entry });
    return n;
  };
  // Sources come first and in order of first use, so [1] is the main source.
  for (const path of figures.keys()) {
    for (const id of sourceIdsOf(path, figures)) {
      if (sourceNumber.has(id)) continue;
      const s = Object.hasOwn(registry.sources, id) ? registry.sources[id] : undefined;
      sourceNumber.set(
        id,
        add({
          kind: "source",
          title: s?.title ?? id,
          text: s?.note ? words.messages.t("source.withNote", { source: describeSource(id, registry, words), note: s.note }) : describeSource(id, registry, words),
          url: s?.url,
        }),
      );
    }
  }
  for (const [path, figure] of figures) {
    const numbers = sourceIdsOf(path, figures).map((id) => sourceNumber.get(id)!);
    if (figure.derived) {
      numbers.push(
        add({
          kind: "derived",
          title: t("reference.derivedTitle", { label: figure.label, year: String(figure.year) }),
          text: t("reference.derivedText", { figure: words.figure(figure, "long"), explain: figure.derived.explain }),
        }),
      );
    }
    const note = readingNote(figure, words);
    if (note) numbers.push(add({ kind: "note", title: t("reference.noteTitle", { label: figure.label, year: words.year(figure) }), text: note }));
    figureNumbers.set(path, numbers);
  }
  const forFigure = (path: string) => figureNumbers.get(path) ?? [];
  return {
    entries,
    forFigure,
    forFigures: (paths) => [...new Set(paths.flatMap(forFigure))].sort((a, b) => a - b),
  };
}

function readingNote(figure: Figure, words: Wording): string | undefined {
  const parts = [figure.note?.trim()].filter(Boolean) as string[];
  for (const alt of figure.alternatives ?? []) {
    const reading = words.figure({ ...figure, value: alt.value, upper: undefined }, "long");
    parts.push(words.messages.t("reference.alternative", { figure: reading, year: alt.year ? String(alt.year) : "none", note: alt.note }));
  }
  return parts.length > 0 ? joinSentences(parts) : undefined;
}

/** "[1, 3]" style marks for running text. */
export function citeMarks(numbers: readonly number[]): string {
  return numbers.length > 0 ? `[${numbers.join(", ")}]` : "";
}

/** A caption's source line: "Source: Devott Publications, “Model Cities: Dalian” (2008). Derived from published figures (see notes): Port cargo throughput, 2006." */
export function sourceLine(paths: readonly string[], figures: FigureIndex, registry: SourceRegistry, words: Wording): string {
  const t = words.messages.t;
  const ids = [...new Set(paths.flatMap((p) => sourceIdsOf(p, figures)))];
  const derived = paths.map((p) => figures.get(p)).filter((f): f is Figure => f?.derived !== undefined);
  const sources = ids.map((id) => describeSource(id, registry, words)).join("; ");
  const line = t("source.line", { count: ids.length, sources });
  if (derived.length === 0) return line;
  const list = derived.map((f) => t("source.derivedFigure", { label: f.label, year: String(f.year) })).join("; ");
  return joinSentences([line, t("source.derivedBy", { figures: list })]);
}
