/**
 * One numbered reference list for a whole compendium. Each city's own list (content/references.ts)
 * is kept as it is, and renumbered: a source cited by several cities gets one number (sources are
 * deduplicated by their registry entry), followed by each city's notes on derived figures and
 * readings, listed under the city's name. Each city gets a References view that answers with the
 * compendium's numbers, so its pages, tiles, charts and table cells all point into the one list.
 */
import type { CityContext } from "../context.ts";
import type { Reference, References } from "../content/references.ts";

export interface PortfolioReferences {
  entries: Reference[];
  /** The sources (the first entries), and then each city's notes. */
  sources: Reference[];
  notes: { slug: string; name: string; entries: Reference[] }[];
  /** A city's references, numbered in the compendium's list. */
  forCity(slug: string): References;
}

export function mergeReferences(contexts: readonly CityContext[]): PortfolioReferences {
  const entries: Reference[] = [];
  const numbering = new Map<string, Map<number, number>>();
  const bySource = new Map<string, number>();
  const add = (entry: Omit<Reference, "n">) => {
    const n = entries.length + 1;
    entries.push({ ...entry, n });
    return n;
  };
  for (const ctx of contexts) {
    const map = new Map<number, number>();
    numbering.set(ctx.city.slug, map);
    for (const entry of ctx.references.entries) {
      if (entry.kind !== "source") continue;
      const key = `${entry.title}\u0000${entry.text}\u0000${entry.url ?? ""}`;
      if (!bySource.has(key)) bySource.set(key, add({ kind: entry.kind, title: entry.title, text: entry.text, url: entry.url }));
      map.set(entry.n, bySource.get(key)!);
    }
  }
  const sources = [...entries];
  const notes: PortfolioReferences["notes"] = [];
  for (const ctx of contexts) {
    const map = numbering.get(ctx.city.slug)!;
    const own: Reference[] = [];
    for (const entry of ctx.references.entries) {
      if (entry.kind === "source") continue;
      const n = add({ kind: entry.kind, title: entry.title, text: entry.text, url: entry.url });
      map.set(entry.n, n);
      own.push(entries[n - 1]!);
    }
    notes.push({ slug: ctx.city.slug, name: ctx.city.name.en, entries: own });
  }
  return {
    entries,
    sources,
    notes,
    forCity(slug) {
      const ctx = contexts.find((c) => c.city.slug === slug);
      const map = numbering.get(slug);
      if (!ctx || !map) throw new Error(`no references for ${slug}`);
      const forFigure = (path: string) => ctx.references.forFigure(path).map((n) => map.get(n)!);
      return {
        entries,
        forFigure,
        forFigures: (paths) => [...new Set(paths.flatMap(forFigure))].sort((a, b) => a - b),
      };
    },
  };
}
