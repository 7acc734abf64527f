/** The brochure stage: one tagged, branded PDF per city, `<slug>-brochure.pdf`. */
import { join } from "node:path";
import { loadTemplates } from "../content/templates.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import type { ChartsBySlug, FormatFailure, StageInput } from "../stage.ts";
import { renderBrochure, TEMPLATE_DIR } from "./render.ts";

/** A city whose brochure cannot be made (text that cannot fit) is reported; the other cities still get theirs. */
export async function brochureStage(input: StageInput, charts: ChartsBySlug): Promise<FormatFailure[]> {
  if (!input.options.formats.has("brochure")) return [];
  const templates = await loadTemplates(join(input.options.root, TEMPLATE_DIR), input.options.root);
  const failures: FormatFailure[] = [];
  for (const ctx of input.contexts) {
    const slug = ctx.city.slug;
    const start = performance.now();
    try {
      const pdf = await renderBrochure(ctx, charts.get(slug) ?? [], templates);
      const file = await input.staging.write(slug, `${slug}-brochure.pdf`, pdf);
      input.log.artifact(file, performance.now() - start);
    } catch (error) {
      // A full disk or a lost output folder ends the build; only this city's brochure failing does not.
      if (!(error instanceof CitypitchError) || error.exitCode === EXIT.output) throw error;
      failures.push({ format: "brochure", slugs: [slug], error });
    }
  }
  return failures;
}
