/** The Marp deck of an edition (its Markdown, before any browser): audience, sections and the draft disclosure. */
import { describe, expect, it } from "vitest";
import { chartArtifact } from "../../src/charts/stage.ts";
import { editionContexts } from "../../src/content/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { loadDeckTemplates, renderDeck } from "../../src/deck/render.ts";
import { options, ROOT } from "../helpers/project.ts";
import { AUDIENCE, editionsFixture } from "./fixture.ts";

async function decks() {
  const opts = options({ data: editionsFixture() });
  const data = await loadAndValidate({ ...opts, slugs: ["testville"] });
  const templates = await loadDeckTemplates(ROOT);
  const contexts = editionContexts(data.cities[0]!.localised, data.brand, data.sources, opts);
  // Stand-in charts: the Markdown needs only their ids and words, not their pictures.
  return new Map(
    contexts.map((ctx) => [
      ctx.edition.id,
      renderDeck(
        templates,
        ctx,
        ctx.city.charts.map((c) => chartArtifact(ctx, c, Buffer.from(`chart:${c.id}`), "")),
      ),
    ]),
  );
}

/** Each slide's class directive and heading, in order. */
const slides = (markdown: string) =>
  markdown
    .split(/^---$/m)
    .slice(2)
    .map((slide) => ({ cls: /<!-- _class: ([^\n]*?) ?-->/.exec(slide)?.[1] ?? "", heading: /^## (.*)$/m.exec(slide)?.[1] ?? "", text: slide }));

describe("an edition's Marp deck", () => {
  it("names the audience on the closing slide and in the description marp writes as the PDF's Subject", async () => {
    const acme = (await decks()).get("acme")!;
    const prepared = `Prepared for ${AUDIENCE.organisation}, ${AUDIENCE.person}`;
    const closing = slides(acme).find((s) => /^closing\b/.test(s.cls));
    expect(closing?.text).toContain(prepared);
    expect(closing?.text).toContain("Fixture Desk");
    expect(acme).toMatch(new RegExp(`^description: "?${prepared} · North Testland`, "m"));
    expect((await decks()).get("zh")).not.toContain(AUDIENCE.organisation);
  });

  it("puts the slides in the edition's section order, leaves out excluded sections, and closes with the call to action and the sources", async () => {
    const acme = slides((await decks()).get("acme")!);
    const first = (cls: RegExp) => acme.findIndex((s) => cls.test(s.cls));
    expect(first(/^title\b/)).toBe(0);
    expect(first(/^cards\b/)).toBeLessThan(first(/^table\b/));
    expect(first(/^table\b/)).toBeLessThan(first(/^kpi\b/));
    expect(acme.some((s) => s.heading.includes("Flights a week"))).toBe(false);
    expect(acme.at(-1)!.cls).toMatch(/^sources\b/);
    expect(acme.findIndex((s) => /^closing\b/.test(s.cls))).toBe(acme.findIndex((s) => /^sources\b/.test(s.cls)) - 1);
  });

  it("discloses a draft translation at the head of the sources slide, in the edition's language", async () => {
    const zh = slides((await decks()).get("zh")!);
    const sources = zh.filter((s) => /^sources\b/.test(s.cls));
    expect(sources[0]!.text).toMatch(/<span class="draft">[^<]*Fixture Translator[^<]*<\/span>/);
    expect(sources.slice(1).some((s) => s.text.includes("draft"))).toBe(false);
    expect(slides((await decks()).get("acme")!).some((s) => s.text.includes('class="draft"'))).toBe(false);
  });
});
