/**
 * Numbered references shared by the brochure and the deck: one entry per source actually cited,
 * then one per derived figure (how it was computed) and per figure with a reading note. Pages cite
 * the numbers; the sources page lists the entries.
 */
import type { FigureIndex } from "../data/figures.ts";
import type { Figure, SourceRegistry } from "../data/schema.ts";
import { formatFigure, formatYear } from "./format.ts";

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

export function describeSource(id: string, registry: SourceRegistry): string {
  const s = registry.sources[id];
  if (!s) return id;
  const year = s.yearBasis === "inferred" ? `${s.year}, date inferred` : String(s.year);
  return `${s.publisher}, “${s.title}” (${year})`;
}

export function buildReferences(figures: FigureIndex, registry: SourceRegistry): References {
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
      const s = registry.sources[id];
      sourceNumber.set(id, add({ kind: "source", title: s?.title ?? id, text: describeSource(id, registry) + (s?.note ? `. ${s.note}` : ""), url: s?.url }));
    }
  }
  for (const [path, figure] of figures) {
    const numbers = sourceIdsOf(path, figures).map((id) => sourceNumber.get(id)!);
    if (figure.derived) {
      numbers.push(add({ kind: "derived", title: `${figure.label}, ${figure.year} (derived)`, text: `${formatFigure(figure, "long")}: ${figure.derived.explain}` }));
    }
    const note = readingNote(figure);
    if (note) numbers.push(add({ kind: "note", title: `${figure.label}, ${formatYear(figure)}`, text: note }));
    figureNumbers.set(path, numbers);
  }
  const forFigure = (path: string) => figureNumbers.get(path) ?? [];
  return {
    entries,
    forFigure,
    forFigures: (paths) => [...new Set(paths.flatMap(forFigure))].sort((a, b) => a - b),
  };
}

function readingNote(figure: Figure): string | undefined {
  const parts = [figure.note?.trim()].filter(Boolean) as string[];
  for (const alt of figure.alternatives ?? []) {
    parts.push(`Alternative reading: ${formatFigure({ ...figure, value: alt.value, upper: undefined }, "long")}${alt.year ? ` for ${alt.year}` : ""}. ${alt.note}`);
  }
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/** "[1, 3]" style marks for running text. */
export function citeMarks(numbers: readonly number[]): string {
  return numbers.length > 0 ? `[${numbers.join(", ")}]` : "";
}

/** A caption's source line: "Source: Devott Publications, “Model Cities: Dalian” (2008). Derived by citypitch (see notes): Port cargo throughput, 2006." */
export function sourceLine(paths: readonly string[], figures: FigureIndex, registry: SourceRegistry): string {
  const ids = [...new Set(paths.flatMap((p) => sourceIdsOf(p, figures)))];
  const derived = paths.map((p) => figures.get(p)).filter((f): f is Figure => f?.derived !== undefined);
  const sources = ids.map((id) => describeSource(id, registry)).join("; ");
  const derivedText =
    derived.length > 0 ? ` Derived by citypitch (see notes): ${derived.map((f) => `${f.label}, ${f.year}`).join("; ")}.` : "";
  return `Source${ids.length > 1 ? "s" : ""}: ${sources}.${derivedText}`;
}
