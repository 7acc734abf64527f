/**
 * An edition's choice of sections (`sections: { include, exclude, order }` in the city file),
 * applied the same way to the brochure's body pages and to the deck's slides: parts that show no
 * included section are left out, and the rest are put in the edition's order, stably, so parts of
 * one section keep their own order. Parts that belong to no section (the cover, the closing call to
 * action, a template added to the project) always stay.
 */
import { SECTION_NAMES, type Edition, type SectionName } from "../data/schema.ts";

export type Sections = Edition["sections"];

/** Every section in the edition's order: those `order` names first, the others as the templates have them. */
function orderOf(sections: Sections): SectionName[] {
  const named = sections?.order ?? [];
  return [...named, ...SECTION_NAMES.filter((name) => !named.includes(name))];
}

export function sectionIncluded(sections: Sections, name: SectionName): boolean {
  if (sections?.include) return sections.include.includes(name);
  return !(sections?.exclude ?? []).includes(name);
}

export function isSectionName(name: string): name is SectionName {
  return (SECTION_NAMES as readonly string[]).includes(name);
}

/**
 * `parts` filtered and ordered for the edition. `sectionsOf` says which sections a part shows (a
 * slide may show two, such as talent and policy); an empty list is a part of no section, which
 * stays, keeping its place after the part before it. Unchanged when the edition chooses nothing.
 */
export function arrangeSections<T>(parts: readonly T[], sectionsOf: (part: T) => readonly SectionName[], sections: Sections): T[] {
  if (!sections) return [...parts];
  const order = orderOf(sections);
  let previous = -1;
  const ranked: { part: T; rank: number }[] = [];
  for (const part of parts) {
    const names = sectionsOf(part);
    if (names.length > 0 && !names.some((name) => sectionIncluded(sections, name))) continue;
    const ranks = names.filter((name) => sectionIncluded(sections, name)).map((name) => order.indexOf(name));
    // A part of no section keeps its place after the part before it.
    const rank = ranks.length > 0 ? Math.min(...ranks) : previous;
    previous = rank;
    ranked.push({ part, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.part);
}
