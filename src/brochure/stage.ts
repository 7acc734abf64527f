/** The brochure stage: one tagged, branded PDF per city edition, `<slug>-brochure.pdf` or `<id>/<slug>-<id>-brochure.pdf`. */
import { compiledTemplates } from "../content/templates.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import { contextKey, editionFile, wants, type ChartsBySlug, type FormatFailure, type StageInput } from "../stage.ts";
import { renderBrochure } from "./render.ts";
import { templateDir } from "../project.ts";
import { trace } from "../trace.ts";

/** A city whose brochure cannot be made (text that cannot fit) is reported; the other cities still get theirs. */
export async function brochureStage(input: StageInput, charts: ChartsBySlug): Promise<FormatFailure[]> {
  if (!input.options.formats.has("brochure")) return [];
  const templates = await compiledTemplates(templateDir(input.options.root, "brochure"), input.options.root);
  const failures: FormatFailure[] = [];
  for (const ctx of input.contexts) {
    if (!wants(input, ctx, "brochure")) continue;
    const slug = ctx.city.slug;
    const start = performance.now();
    try {
      const pdf = await renderBrochure(ctx, charts.get(contextKey(ctx)) ?? [], templates);
      const file = await input.staging.write(slug, editionFile(ctx, `${ctx.edition.fileStem}-brochure.pdf`), pdf);
      input.log.artifact(file, performance.now() - start);
      trace(`brochure: ${contextKey(ctx)} written`);
    } catch (error) {
      // A full disk or a lost output folder ends the build; only this city's brochure failing does not.
      if (!(error instanceof CitypitchError) || error.exitCode === EXIT.output) throw error;
      failures.push({ format: "brochure", slugs: [contextKey(ctx)], error });
    }
  }
  return failures;
}
