/** City contexts for chart tests, built the way the build builds them. */
import { createCityContext } from "../../src/content/context.ts";
import type { CityContext } from "../../src/context.ts";
import type { Chart } from "../../src/data/schema.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { options, ROOT, TESTVILLE } from "../helpers/project.ts";

export async function cityContext(dataDir = TESTVILLE, slug = "testville"): Promise<CityContext> {
  const opts = options({ data: dataDir });
  const data = await loadAndValidate({ root: ROOT, dataDir: opts.dataDir, slugs: [slug], maxFigureAgeYears: 100 });
  return createCityContext(data.cities[0]!.city, data.brand, data.sources, opts);
}

export const dalianContext = () => cityContext("data", "dalian");

export function chartById(ctx: CityContext, id: string): Chart {
  const chart = ctx.city.charts.find((c) => c.id === id);
  if (!chart) throw new Error(`no chart ${id} in ${ctx.city.slug}`);
  return chart;
}
