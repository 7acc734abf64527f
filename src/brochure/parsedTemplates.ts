/**
 * A city edition's brochure templates as the template dry run parsed them (src/content/dryRun.ts),
 * kept for the brochure, which would otherwise render and parse the same templates over the same
 * model again: about a sixth of the CPU a brochure takes. When the brochure is made on the lane
 * (src/lanes/), they travel with its task. Taken once, and only for the very template files they
 * were parsed from (the set's fingerprint); anything else is rendered as before.
 */
import type { CityContext } from "../context.ts";
import type { TemplateSet } from "../content/templates.ts";
import type { Block } from "./markdown/blocks.ts";

export interface ParsedTemplates {
  fingerprint: string;
  /** Each template's blocks over the city's brochure model, by template name. */
  blocks: [string, Block[]][];
}

/** By city and edition: the stages are handed copies of the contexts the dry run saw. */
const kept = new Map<string, ParsedTemplates>();
const keyOf = (ctx: Pick<CityContext, "city" | "edition">) => `${ctx.city.slug}\0${ctx.edition.id}`;

export function keepParsedTemplates(ctx: Pick<CityContext, "city" | "edition">, parsed: ParsedTemplates): void {
  kept.set(keyOf(ctx), parsed);
}

export function takeParsedTemplates(ctx: Pick<CityContext, "city" | "edition">): ParsedTemplates | undefined {
  const parsed = kept.get(keyOf(ctx));
  kept.delete(keyOf(ctx));
  return parsed;
}

/** Drops every kept parse: each run keeps only what its own dry run parsed (`dev` builds again and again in one process). */
export function forgetParsedTemplates(): void {
  kept.clear();
}

/** The blocks by template name, when they were parsed from `templates`' very files. */
export function parsedBlocks(parsed: ParsedTemplates | undefined, templates: TemplateSet): Map<string, Block[]> | undefined {
  return parsed && templates.fingerprint !== undefined && parsed.fingerprint === templates.fingerprint ? new Map(parsed.blocks) : undefined;
}
