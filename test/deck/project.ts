/**
 * Deck test plumbing: Testville plus "Injectville", a copy whose words try to break out of the
 * Markdown (slide breaks, headings, tables, CSS, comments, directives); building decks through
 * the real stages; and rendering Markdown with marp-core the way marp-cli will.
 */
import { Marp } from "@marp-team/marp-core";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chartsStage } from "../../src/charts/stage.ts";
import { createCityContext } from "../../src/content/context.ts";
import type { CityContext } from "../../src/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { MARP_CONFIG } from "../../src/deck/convert.ts";
import { deckStage } from "../../src/deck/stage.ts";
import { buildTheme } from "../../src/deck/theme.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { copyFixture, options, ROOT } from "../helpers/project.ts";

export const INJECTED = {
  name: "Inject --- # Heading | pipe <style>section{--pwned-name:1}</style> <!-- _class: title --> -->",
  tagline: "--- \n\n# Not a heading\n\n<style>section{--pwned-tagline:1}</style>\n\n---\n",
  summary: "Summary --> spill <!-- x --> <style>section{--pwned-summary:1}</style> | a | b |\n---\n## Injected heading",
  headline: "<!-- _class: title --> style: section{--pwned-headline:1}",
  note: "Reading note --> <style>section{--pwned-note:1}</style> --- # | <!-- -->",
  document: "class: evil\nstyle: section{--pwned-document:1}",
} as const;

/** A Testville copy holding a second city, injectville, whose text is hostile (see INJECTED). */
export function injectionFixture(): string {
  const dir = copyFixture();
  const source = readFileSync(join(dir, "cities", "testville.yaml"), "utf8");
  const replaceOnce = (text: string, find: string, replace: string) => {
    if (text.split(find).length !== 2) throw new Error(`fixture: expected one "${find}"`);
    return text.replace(find, replace);
  };
  const y = (value: string) => JSON.stringify(value);
  let text = replaceOnce(source, "slug: testville", "slug: injectville");
  text = replaceOnce(text, "  en: Testville", `  en: ${y(INJECTED.name)}`);
  text = replaceOnce(text, /^tagline: .*$/m.exec(text)![0], `tagline: ${y(INJECTED.tagline)}`);
  const summary = /^ {2}summary: >-\n {4}Testville sits.*\n(?: {4}.*\n)*/m.exec(text)![0];
  text = replaceOnce(text, summary, `  summary: ${y(INJECTED.summary)}\n`);
  text = replaceOnce(text, "  headline: Put your next delivery centre in Testville", `  headline: ${y(INJECTED.headline)}`);
  text = replaceOnce(text, "note: An annual average; the profile calls it the sunniest of all Testlandic cities.", `note: ${y(INJECTED.note)}`);
  text = replaceOnce(text, `title: "Stipulations on Introducing Software Talents of Testville"`, `title: ${y(INJECTED.document)}`);
  writeFileSync(join(dir, "cities", "injectville.yaml"), text);
  return dir;
}

export async function loadContexts(dataDir: string, slugs: readonly string[], formats: string): Promise<CityContext[]> {
  const opts = options({ data: dataDir, formats });
  const data = await loadAndValidate({ ...opts, slugs });
  return data.cities.map(({ city }) => createCityContext(city, data.brand, data.sources, opts));
}

export interface DeckBuild {
  outDir: string;
  failures: Awaited<ReturnType<typeof deckStage>>;
  lines: string[];
}

/** Charts, then decks, committed into a fresh output folder, as `citypitch build` would. */
export async function buildDecks(dataDir: string, slugs: readonly string[], formats: string): Promise<DeckBuild> {
  const outDir = mkdtempSync(join(tmpdir(), "citypitch-deck-"));
  const opts = { ...options({ data: dataDir, formats, out: outDir }) };
  const data = await loadAndValidate({ ...opts, slugs });
  const contexts = data.cities.map(({ city }) => createCityContext(city, data.brand, data.sources, opts));
  const staging = await Staging.create(outDir);
  const lines: string[] = [];
  const input = { contexts, staging, log: new BuildLog((line) => lines.push(line)), options: opts };
  try {
    const charts = await chartsStage(input);
    const failures = await deckStage(input, charts);
    await staging.commit(
      contexts.map((c) => c.city.slug),
      opts.formats,
    );
    return { outDir, failures, lines };
  } finally {
    await staging.discard();
  }
}

/** What marp-cli's engine makes of a deck: one entry per slide, with its notes. */
export async function renderWithMarp(markdown: string, brand = "") {
  const marp = new Marp({ ...MARP_CONFIG.options, html: MARP_CONFIG.html } as ConstructorParameters<typeof Marp>[0]);
  marp.themeSet.add(brand || "/* @theme citypitch */ section { width: 1280px; height: 720px; }");
  const { html, css, comments } = marp.render(markdown);
  const sections = html.match(/<section\b[^>]*>/g) ?? [];
  return { html, css, comments, sections, classes: sections.map((s) => /class="([^"]*)"/.exec(s)?.[1] ?? "") };
}

export async function themeFor(ctx: CityContext, markdown: string): Promise<string> {
  return buildTheme(ctx.brand, ROOT, markdown);
}

export { ROOT };
