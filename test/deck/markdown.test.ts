/** The deck Markdown, checked through marp-core (the engine marp-cli uses) without a browser. */
import { beforeAll, describe, expect, it } from "vitest";
import type { ChartArtifact, CityContext } from "../../src/context.ts";

import { chartsStage } from "../../src/charts/stage.ts";
import { Staging } from "../../src/output.ts";
import { BuildLog } from "../../src/log.ts";
import { imageAlt } from "../../src/deck/model.ts";
import { loadDeckTemplates, renderDeck } from "../../src/deck/render.ts";
import { INJECTED, injectionFixture, loadContexts, renderWithMarp, ROOT } from "./project.ts";
import { tmpdir } from "node:os";

type Rendered = Awaited<ReturnType<typeof renderWithMarp>>;

async function chartsFor(contexts: CityContext[]): Promise<ReadonlyMap<string, readonly ChartArtifact[]>> {
  const staging = await Staging.create(tmpdir());
  try {
    return await chartsStage({ contexts, staging, log: new BuildLog(() => {}), options: contexts[0]!.options });
  } finally {
    await staging.discard();
  }
}

describe("deck Markdown", () => {
  let clean: { ctx: CityContext; markdown: string; marp: Rendered };
  let hostile: { ctx: CityContext; markdown: string; marp: Rendered };

  beforeAll(async () => {
    const contexts = await loadContexts(injectionFixture(), ["testville", "injectville"], "md");
    const charts = await chartsFor(contexts);
    const templates = await loadDeckTemplates(ROOT);
    const [a, b] = await Promise.all(
      contexts.map(async (ctx) => {
        const markdown = renderDeck(templates, ctx, charts.get(ctx.city.slug) ?? []);
        return { ctx, markdown, marp: await renderWithMarp(markdown) };
      }),
    );
    clean = a!;
    hostile = b!;
  });

  it("has 10 to 16 slides, the first a title slide and the last the sources", () => {
    expect(clean.marp.sections.length).toBeGreaterThanOrEqual(10);
    expect(clean.marp.sections.length).toBeLessThanOrEqual(16);
    expect(clean.marp.classes[0]).toBe("title");
    expect(clean.marp.classes.at(-1)).toBe("sources");
    expect(clean.marp.classes).toEqual(expect.arrayContaining(["kpi", "divider", "chart", "table", "closing"]));
  });

  it("names the publisher on the title slide, as the brochure's back cover does: the brand's name and footer", () => {
    const title = /<section[^>]*class="[^"]*\btitle\b[\s\S]*?<\/section>/.exec(clean.marp.html)![0];
    const { name, footer } = clean.ctx.brand;
    // The default brand's footer ("citypitch investor profiles") names it already: said alone.
    expect(/<footer>([\s\S]*?)<\/footer>/.exec(title)?.[1]).toBe(footer.includes(name) ? footer : `${name} · ${footer}`);
  });

  it("says on every slide but the title how old its figures are, in the brochure's words", () => {
    // The title slide's foot names the publisher instead (above).
    const footers = [...clean.marp.html.matchAll(/<footer>([\s\S]*?)<\/footer>/g)].map((m) => m[1]!).slice(1);
    expect(footers.length).toBe(clean.marp.sections.length - 1);
    for (const footer of footers) expect(footer).toContain(`figures as of about ${clean.ctx.city.edition.dataAsOf}`);
  });

  it("gives every slide speaker notes in full sentences", () => {
    expect(clean.marp.comments).toHaveLength(clean.marp.sections.length);
    for (const notes of clean.marp.comments) {
      const text = notes.join("\n");
      expect(text.length).toBeGreaterThan(60);
      expect(text).toMatch(/[.!?]$/m);
      expect(text).not.toMatch(/\\[.\-'(]/);
    }
  });

  it("words every figure as the shared formatter does", () => {
    const notes = clean.marp.comments.flat().join("\n");
    for (const view of clean.ctx.city.highlights) {
      expect(notes).toContain(clean.ctx.words.figureWithYear(clean.ctx.figures.get(view)!));
    }
    expect(clean.marp.html).toContain('<span class="n">165.44</span>');
    expect(clean.marp.html).toContain('<span class="n">90</span><span class="u">%</span>');
  });

  it("marks a derived value as derived wherever it is listed, as its tile is", () => {
    // Flights to Capital City a week are its daily flights times seven: listed beside their chart.
    const fact = /<span class="fv">over[\s\u00A0]210[\s\u00A0]flights\/week<\/span><span class="fl">([^<]*)/.exec(clean.marp.html);
    expect(fact?.[1]).toMatch(/^Flights to Capital City a week, 2008 · derived/);
    // A published value beside it carries no mark.
    expect(clean.marp.html).toMatch(/<span class="fl">Flights to Fixturia a week, 2008(?! · derived)/);
  });

  it("embeds charts as data URIs with the source line beside them", () => {
    const images = clean.marp.html.match(/<img [^>]*>/g) ?? [];
    expect(images.length).toBe(clean.ctx.city.charts.length);
    for (const img of images) expect(img).toMatch(/src="data:image\/png;base64,/);
    expect(clean.marp.html.match(/class="source"/g)?.length).toBe(clean.ctx.city.charts.length);
  });

  it("tables only the port and airport figures no chart shows, and says the rest in the notes", () => {
    const index = clean.marp.classes.findIndex((c) => c.split(" ").includes("table"));
    const slide = clean.marp.html.split(/<section\b/)[index + 1]!;
    const notes = clean.marp.comments[index]!.join("\n");
    // Growth rates are in the port chart's derived 2006 bars; daily flights to the capital in its weekly bar.
    for (const label of ["Cargo throughput growth over 2006", "Container growth over 2006"]) {
      expect(slide).not.toContain(label);
      expect(notes).toContain(label);
    }
    for (const label of ["Destinations served by sea", "Ore terminal capacity"]) expect(slide).toContain(label);
    expect(slide).toContain('<span class="name">Terminals</span>');
  });

  it("lists every reference on the sources slide", () => {
    const sources = clean.marp.html.slice(clean.marp.html.lastIndexOf('class="sources"'));
    for (const entry of clean.ctx.references.entries) expect(sources).toContain(entry.title.split(" ")[0]);
    expect(sources.match(/<li>/g)?.length).toBe(clean.ctx.references.entries.length);
  });

  describe("hostile text", () => {
    it("adds no slide, heading, class or note", () => {
      expect(hostile.marp.sections.length).toBe(clean.marp.sections.length);
      // Longer text may make a slide dense (the model's own class); nothing else may differ.
      const layouts = (classes: string[]) =>
        classes.map((c) =>
          c
            .replace(/\bdenser?\b/g, "")
            .replace(/\s+/g, " ")
            .trim(),
        );
      expect(layouts(hostile.marp.classes)).toEqual(layouts(clean.marp.classes));
      const headings = (html: string) => (html.match(/<h[1-6]\b/g) ?? []).length;
      expect(headings(hostile.marp.html)).toBe(headings(clean.marp.html));
      expect(hostile.marp.comments.map((c) => c.length)).toEqual(clean.marp.comments.map((c) => c.length));
      expect((hostile.marp.html.match(/<table\b/g) ?? []).length).toBe((clean.marp.html.match(/<table\b/g) ?? []).length);
    });

    it("injects no CSS", () => {
      expect(hostile.marp.css).not.toContain("pwned");
      // marp-core's own inline script builds a <style> for its web components; the slides must have none.
      const slides = hostile.marp.html.replace(/<script>[\s\S]*?<\/script>/g, "");
      expect(slides).not.toMatch(/<style|<!--/);
    });

    it("shows the text literally, on the slide and in the notes", () => {
      expect(hostile.marp.html).toContain("Inject --- # Heading | pipe &lt;style&gt;section{--pwned-name:1}&lt;/style&gt;");
      expect(hostile.marp.html).toContain("Summary --&gt; spill &lt;!-- x --&gt;");
      const notes = hostile.marp.comments.flat().join("\n");
      expect(notes).toContain("Summary - -> spill <!- - x - ->");
      expect(notes).not.toContain("-->");
      expect(notes).toContain("class: evil style: section{- -pwned-document:1}");
    });

    it("keeps the Markdown body free of raw data", () => {
      const body = hostile.markdown.replace(/^---\n[\s\S]*?\n---\n/, "").replace(/<!--[\s\S]*?-->/g, "");
      expect(body).not.toContain(INJECTED.name);
      expect(body).not.toMatch(/^# Not a heading/m);
      expect(body).not.toMatch(/^## Injected heading/m);
    });
  });
});

describe("imageAlt", () => {
  it("keeps numbers, percentages and Markdown punctuation in the alt attribute Marp writes", async () => {
    const text = "Port 145.25 Mt in 2006, up 13.9% and 70% w:200 [a] `code` R&D &amp; <b> back\\slash \\. *bold* (2007)";
    const { html } = await renderWithMarp(`![${imageAlt(text)}](data:image/png;base64,AAAA)`);
    const img = /<img\b[^>]*>/.exec(html)![0];
    expect(img).not.toMatch(/style=/);
    const alt = /alt="([^"]*)"/
      .exec(img)![1]!
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/\u2060/g, "");
    for (const part of ["145.25 Mt", "13.9%", "70% w:200", "R&D &amp; <b>", "back\u2216slash \u2216.", "\u2217bold\u2217", "(2007)"]) expect(alt).toContain(part);
    // Brackets and backticks, which Marp would read as syntax, become parentheses and apostrophes.
    expect(alt).toContain("(a) 'code'");
  });

  it("keeps Marp image keywords as plain words", () => {
    const alt = imageAlt("bg chart fit w:200 70% sepia blur:4px of sales");
    for (const word of ["bg", "fit", "w:200", "70%", "sepia", "blur:4px"]) expect(alt).toContain(`\u2060${word}`);
    expect(alt).toContain(" chart ");
    expect(alt.replace(/\u2060/g, "")).toBe("bg chart fit w:200 70% sepia blur:4px of sales");
  });
});
