/**
 * Fitting restyles a loaded deck in place when a round only changes slides' type steps (fit.ts,
 * classChanges): the plan and Markdown come out as when every round is rendered and loaded afresh,
 * and the page left loaded (which the PDF is printed from) measures as the fitted deck loaded anew.
 * Dalian takes type steps only; Longville takes continuation slides too, which are rendered.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartsStage } from "../../src/charts/stage.ts";
import type { ChartArtifact, CityContext } from "../../src/context.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { deckChartArtifacts } from "../../src/deck/charts.ts";
import { classChanges, fitDeck, measurePage, measureSlides } from "../../src/deck/fit.ts";
import { printableDeck, printingEngine } from "../../src/deck/print.ts";
import { loadDeckTemplates, renderDeck } from "../../src/deck/render.ts";
import { openMeasureSession, type BrowserSession } from "../../src/deck/session.ts";
import { buildTheme } from "../../src/deck/theme.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { longTextFixture } from "./longText.ts";
import { loadContexts, ROOT } from "./project.ts";

const browser = findBrowser();

describe("class changes between two renders of a deck", () => {
  const deck = (dalian: string, geography: string) =>
    `---\ntheme: citypitch\n---\n\n<!-- _class: title ${dalian} -->\n\n## Dalian\n\n---\n\n<!-- _class: split ${geography} -->\n\n## Geography\n`;

  it("are the slides whose class directive alone changed, each found by its mark", () => {
    expect(classChanges(deck("fit-title-0", "fit-geography-0"), deck("dense fit-title-0", "denser fit-geography-0"))).toEqual([
      { mark: "fit-title-0", from: "title fit-title-0", to: "title dense fit-title-0" },
      { mark: "fit-geography-0", from: "split fit-geography-0", to: "split denser fit-geography-0" },
    ]);
  });

  it("are none to make in place when anything else changed, or a slide lost its mark", () => {
    expect(classChanges(deck("fit-title-0", "fit-geography-0"), deck("fit-title-0", "fit-geography-0").replace("## Geography", "## Geography (continued)"))).toBeUndefined();
    expect(classChanges(deck("fit-title-0", "fit-geography-0"), `${deck("fit-title-0", "fit-geography-0")}\n---\n\nmore\n`)).toBeUndefined();
    expect(classChanges(deck("fit-title-0", "fit-geography-0"), deck("fit-title-0", "fit-geography-1"))).toBeUndefined();
  });
});

describe.skipIf(!browser)("fitting with slides restyled in place", () => {
  let session: BrowserSession;
  const cities: { ctx: CityContext; charts: ChartArtifact[]; theme: string }[] = [];

  beforeAll(async () => {
    session = await openMeasureSession(browser!, mkdtempSync(join(tmpdir(), "citypitch-restyle-")), 2);
    const contexts = [...(await loadContexts(join(ROOT, "data"), ["dalian"], "md")).slice(0, 1), ...(await loadContexts(longTextFixture(), ["longville"], "md"))];
    const staging = await Staging.create(tmpdir());
    try {
      const templates = await loadDeckTemplates(ROOT);
      for (const ctx of contexts) {
        const rendered = (await chartsStage({ contexts: [ctx], staging, log: new BuildLog(() => {}), options: ctx.options })).values().next().value!;
        const charts = await deckChartArtifacts(ctx, rendered);
        cities.push({ ctx, charts, theme: await buildTheme(ctx.brand, ROOT, renderDeck(templates, ctx, charts), "truetype") });
      }
    } finally {
      await staging.discard();
    }
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  for (const [i, name] of ["dalian", "longville"].entries()) {
    it(`fits ${name} as rendering every round would, and leaves the fitted deck laid out in the page`, async () => {
      const { ctx, charts, theme } = cities[i]!;
      const templates = await loadDeckTemplates(ROOT);
      const engine = printingEngine(theme);
      let loads = 0;
      const render = (markdown: string) => {
        loads++;
        return printableDeck(engine, markdown);
      };
      const { fresh, freshLoads, restyled, restyledLoads, inPlace } = await session.use("test", async (lease) => {
        const fresh = await fitDeck(lease, render, templates, ctx, charts, { restyle: false });
        const freshLoads = loads;
        loads = 0;
        const restyled = await fitDeck(lease, render, templates, ctx, charts);
        return { fresh, freshLoads, restyled, restyledLoads: loads, inPlace: await measurePage(lease.page) };
      });
      expect(freshLoads).toBe(fresh.rounds);
      expect(restyled.markdown).toBe(fresh.markdown);
      expect([...restyled.plan]).toEqual([...fresh.plan]);
      expect(restyled.rounds).toBe(fresh.rounds);
      // Dalian steps some slides' type and nothing else: fitted in one load.
      if (name === "dalian") expect([restyled.rounds > 1, restyledLoads]).toEqual([true, 1]);
      if (name === "longville") expect([Object.keys(restyled.continued).length > 0, restyledLoads > 1, restyledLoads < restyled.rounds]).toEqual([true, true, true]);
      const loaded = await session.use("test", (lease) => measureSlides(lease, render(renderDeck(templates, ctx, charts, restyled.plan, { marks: true })).html));
      expect(inPlace).toEqual(loaded);
      expect(inPlace.every((slide) => slide.overflow <= 1)).toBe(true);
    });
  }
});
