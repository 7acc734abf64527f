/** Loads a city from a data folder into a CityContext, the way the build does, for brochure tests. */
import { join } from "node:path";
import { createCityContext } from "../../src/content/context.ts";
import { loadTemplates } from "../../src/content/templates.ts";
import type { CityContext } from "../../src/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { renderBrochure, TEMPLATE_DIR } from "../../src/brochure/render.ts";
import { options, ROOT } from "../helpers/project.ts";
import { fakeCharts } from "./fakeCharts.ts";

export async function loadCity(slug: string, flags: { data?: string; paper?: string } = {}): Promise<CityContext> {
  const opts = options(flags);
  const data = await loadAndValidate({ ...opts, slugs: [slug] });
  const { city } = data.cities[0]!;
  return createCityContext(city, data.brand, data.sources, opts);
}

export async function brochureFor(slug: string, flags: { data?: string; paper?: string } = {}): Promise<Buffer> {
  const ctx = await loadCity(slug, flags);
  const templates = await loadTemplates(join(ROOT, TEMPLATE_DIR), ROOT);
  return renderBrochure(ctx, fakeCharts(ctx), templates);
}
