/** The brochure stage: one tagged, branded PDF per city, `<slug>-brochure.pdf`. */
import { join } from "node:path";
import { loadTemplates } from "../content/templates.ts";
import type { ChartsBySlug, StageInput } from "../stage.ts";
import { renderBrochure, TEMPLATE_DIR } from "./render.ts";

export async function brochureStage(input: StageInput, charts: ChartsBySlug): Promise<void> {
  const templates = await loadTemplates(join(input.options.root, TEMPLATE_DIR), input.options.root);
  for (const ctx of input.contexts) {
    const slug = ctx.city.slug;
    const start = performance.now();
    const pdf = await renderBrochure(ctx, charts.get(slug) ?? [], templates);
    const file = await input.staging.write(slug, `${slug}-brochure.pdf`, pdf);
    input.log.artifact(file, performance.now() - start);
  }
}
