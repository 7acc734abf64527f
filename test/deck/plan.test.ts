/** Fit plans without a browser: how a plan cuts a slide's content into pages, and what the Markdown says. */
import { beforeAll, describe, expect, it } from "vitest";
import type { CityContext } from "../../src/context.ts";
import { deckFlows, flowPages, flowUnits, sentences, type FitPlan } from "../../src/deck/model.ts";
import { loadDeckTemplates, renderDeck, withoutMarks } from "../../src/deck/render.ts";
import type { TemplateSet } from "../../src/content/templates.ts";
import { TESTVILLE } from "../helpers/project.ts";
import { loadContexts, renderWithMarp, ROOT } from "./project.ts";

describe("sentences", () => {
  it("cuts after . ! ? and CJK full stops, never inside a number", () => {
    expect(sentences("One. Up 13.9% in 2007! Why? “Quoted.” 大连很好。大连很大！End")).toEqual([
      "One.",
      "Up 13.9% in 2007!",
      "Why?",
      "“Quoted.”",
      "大连很好。",
      "大连很大！",
      "End",
    ]);
  });
});

describe("fit plans", () => {
  let ctx: CityContext;
  let templates: TemplateSet;
  beforeAll(async () => {
    [ctx] = (await loadContexts(TESTVILLE, ["testville"], "md")) as [CityContext];
    templates = await loadDeckTemplates(ROOT);
  });

  it("cuts prose between sentences and loses nothing", () => {
    const flow = deckFlows(ctx, []).get("geography")!;
    const units = flowUnits(flow);
    // Page 2 starts at the second sentence of the summary.
    const at = units.findIndex((u) => u.block === 1 && u.sentence === 1);
    const pages = flowPages(flow, { densities: ["", ""], breaks: [at] });
    expect(pages.map((p) => [p.first, p.last, p.continued])).toEqual([
      [true, false, false],
      [false, true, true],
    ]);
    const summary = pages.flatMap((p) => p.items.filter((i) => i.kind === "summary"));
    expect(summary.map((i) => i.resumed)).toEqual([false, true]);
    expect(summary.map((i) => i.text).join(" ")).toBe(ctx.city.geography.summary.replace(/\s+/g, " ").trim());
    expect(pages[1]!.fit).toBe("continued fit-geography-1");
  });

  it("writes continuation slides with the message's heading, the aside on the first page only, and marks only when measuring", async () => {
    const flow = deckFlows(ctx, []).get("geography")!;
    const plan: FitPlan = new Map([["geography", { densities: ["", "dense"], breaks: [flowUnits(flow).length - 2] }]]);
    const measured = renderDeck(templates, ctx, [], plan, { marks: true });
    expect(measured).toMatch(/<!-- _class: split fit-geography-0 -->/);
    expect(measured).toMatch(/<!-- _class: split dense continued fit-geography-1 -->/);
    const shipped = withoutMarks(measured);
    expect(shipped).not.toMatch(/fit-/);
    expect(shipped).toBe(renderDeck(templates, ctx, [], plan));
    const marp = await renderWithMarp(shipped);
    const index = marp.classes.indexOf("split dense continued");
    expect(index).toBeGreaterThan(0);
    const slide = marp.html.split(/<section\b/)[index + 1]!;
    expect(slide).toContain("Where Testville sits (continued)</h2>");
    expect(slide).not.toContain('class="aside"');
    expect(marp.comments[index]!.join(" ")).toMatch(/continues the previous one/);
    expect(marp.html.split(/<section\b/)[index]!).toContain('class="aside"');
  });
});
