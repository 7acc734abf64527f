/**
 * An edition's sections applied to the deck's slides, found by their measuring marks
 * (`fit-<key>-<page>`): each slide key shows one or two sections of the brochure. The title slide
 * stays first; the call to action and then the sources (when the edition keeps them) close the
 * deck, whatever the order, as they do the PowerPoint (src/pptx/slides.ts).
 */
import type { CityContext } from "../context.ts";
import type { SectionName } from "../data/schema.ts";
import { arrangeSections, sectionIncluded } from "../content/sections.ts";

const SLIDE_SECTIONS: Record<string, readonly SectionName[]> = {
  kpi: ["at-a-glance"],
  geography: ["geography", "economy"],
  connectivity: ["port", "air"],
  gateway: ["port", "air"],
  industry: ["industry"],
  cards: ["industry"],
  strategy: ["industry"],
  columns: ["talent", "policy"],
};

/** The deck's Markdown (with its measuring marks) with the edition's sections chosen and ordered. */
export function arrangeSlides(markdown: string, ctx: CityContext): string {
  const sections = ctx.edition.sections;
  if (!sections) return markdown;
  // Before the first `---` nothing, then the front matter, then one part per slide.
  const [before = "", front = "", ...slides] = markdown.split(/^---$/m);
  const keyOf = (slide: string) => /^<!-- _class: [^\n]*\bfit-([A-Za-z0-9]+)-\d+\b/m.exec(slide)?.[1] ?? "";
  const sectionsOf = (slide: string): readonly SectionName[] => {
    const key = keyOf(slide);
    const chart = /^chart(\d+)$/.exec(key);
    if (chart) return [ctx.city.charts[Number(chart[1])]!.section];
    return SLIDE_SECTIONS[key] ?? [];
  };
  const closing = slides.filter((s) => keyOf(s) === "closing");
  const sources = sectionIncluded(sections, "sources") ? slides.filter((s) => keyOf(s) === "sources") : [];
  const body = arrangeSections(
    slides.filter((s) => keyOf(s) !== "closing" && keyOf(s) !== "sources"),
    sectionsOf,
    sections,
  );
  const ordered = [...body, ...closing, ...sources].map((s) => (s.endsWith("\n") ? s : `${s}\n`));
  return [before, front, ...ordered].join("---");
}
