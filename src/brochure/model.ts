/**
 * What the brochure templates see: the shared content model plus a few views only the brochure
 * needs: reference numbers per section, whether any highlight is derived, and the figures and
 * targets no chart shows (a table beside a chart repeats nothing the chart already says). (The footer's
 * template also gets `page.number` and `page.count`, set per page by render.ts.)
 */
import type { CityContext } from "../context.ts";
import { contentModelOf } from "../content/model.ts";

const SECTIONS = {
  geography: ["coordinates.", "geography."],
  economy: ["economy."],
  port: ["connectivity.port."],
  air: ["connectivity.airport."],
  industry: ["industry."],
  talent: ["talent."],
  policy: ["policy."],
} as const;

export function buildBrochureModel(ctx: CityContext) {
  const model = contentModelOf(ctx);
  const paths = [...ctx.figures.keys()];
  const refsFor = (prefixes: readonly string[]) => ctx.references.forFigures(paths.filter((p) => prefixes.some((prefix) => p.startsWith(prefix))));
  const sectionRefs = Object.fromEntries(Object.entries(SECTIONS).map(([name, prefixes]) => [name, refsFor(prefixes)])) as Record<keyof typeof SECTIONS, number[]>;
  const charted = new Set(ctx.city.charts.flatMap((c) => c.figures));
  return {
    ...model,
    unchartedTargets: model.industry.targetList.filter((t) => !charted.has(t.path)),
    uncharted: {
      port: model.port.figureList.filter((f) => !charted.has(f.path)),
      airport: model.airport.figureList.filter((f) => !charted.has(f.path)),
    },
    sectionRefs: { ...sectionRefs, highlights: ctx.references.forFigures(ctx.city.highlights) },
    anyDerivedHighlight: model.highlights.some((h) => h.derived),
    /** Whether an air figure is a daily count scaled to a week, which the air section's source line explains. */
    weeklyFromDaily: [...ctx.figures].some(([path, figure]) => path.startsWith("connectivity.airport.") && figure.derived?.method === "scale" && figure.derived.factor === 7),
  };
}

export type BrochureModel = ReturnType<typeof buildBrochureModel>;
