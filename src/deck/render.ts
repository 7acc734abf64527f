/** City data → Marp Markdown, through the shared strict template engine and templates/deck/. */
import { join } from "node:path";
import type { ChartArtifact, CityContext } from "../context.ts";
import { loadTemplates, type TemplateSet } from "../content/templates.ts";
import { buildDeckModel } from "./model.ts";

export function deckTemplatesDir(root: string): string {
  return join(root, "templates", "deck");
}

export async function loadDeckTemplates(root: string): Promise<TemplateSet> {
  return loadTemplates(deckTemplatesDir(root), root);
}

export function renderDeck(templates: TemplateSet, ctx: CityContext, charts: readonly ChartArtifact[]): string {
  const markdown = templates.render("deck", buildDeckModel(ctx, charts));
  // Template logic leaves runs of blank lines; one is all Markdown needs.
  return markdown.replace(/\n{3,}/g, "\n\n");
}
