/**
 * A deck put into a page that holds its fonts already (src/deck/pageLoad.ts) prints exactly as the
 * same deck loaded whole into a fresh page; a page that held anything else is loaded whole.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartsStage } from "../../src/charts/stage.ts";
import type { CityContext } from "../../src/context.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { deckChartArtifacts } from "../../src/deck/charts.ts";
import type { FitPlan } from "../../src/deck/model.ts";
import { loadDeckPage } from "../../src/deck/pageLoad.ts";
import { printableDeck, printingEngine, printLoaded, type PrintableDeck } from "../../src/deck/print.ts";
import { loadDeckTemplates, renderDeck } from "../../src/deck/render.ts";
import { openMeasureSession, type BrowserSession } from "../../src/deck/session.ts";
import { buildTheme } from "../../src/deck/theme.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { TESTVILLE } from "../helpers/project.ts";
import { loadContexts, ROOT } from "./project.ts";

const browser = findBrowser();
const DATE = new Date("2020-01-02T03:04:05Z");

describe.skipIf(!browser)("a deck put into a page holding its fonts", () => {
  let session: BrowserSession;
  let first: PrintableDeck;
  let second: PrintableDeck;
  const dir = mkdtempSync(join(tmpdir(), "citypitch-pageload-"));

  beforeAll(async () => {
    session = await openMeasureSession(browser!, dir, 1);
    const [ctx] = (await loadContexts(TESTVILLE, ["testville"], "md")) as [CityContext];
    const staging = await Staging.create(tmpdir());
    try {
      const templates = await loadDeckTemplates(ROOT);
      const printed = (await chartsStage({ contexts: [ctx], staging, log: new BuildLog(() => {}), options: ctx.options })).values().next().value!;
      const charts = await deckChartArtifacts(ctx, printed);
      // Two decks with the same fonts and different slides: the same city at two type steps.
      const dense: FitPlan = new Map([
        ["title", { densities: ["dense"], breaks: [] }],
        ["geography", { densities: ["denser"], breaks: [] }],
      ]);
      const [a, b] = [undefined, dense].map((plan) => renderDeck(templates, ctx, charts, plan, { byReference: true }));
      const theme = await buildTheme(ctx.brand, ROOT, `${a} ${b}`, "truetype");
      const engine = printingEngine(theme);
      first = printableDeck(engine, a!, charts);
      second = printableDeck(engine, b!, charts);
    } finally {
      await staging.discard();
    }
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const print = (deck: PrintableDeck, setUp: (lease: Parameters<Parameters<BrowserSession["use"]>[1]>[0]) => Promise<void>) =>
    session.use("test", async (lease) => {
      await setUp(lease);
      const loaded = await loadDeckPage(lease, deck, "load the deck", true);
      const printing = printLoaded(lease, deck, DATE);
      await printing.printed;
      return { loaded, pdf: await printing.pdf };
    });

  const pixels = (pdf: Buffer, name: string) => {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, pdf);
    execFileSync("pdftoppm", ["-r", "40", "-png", file, join(dir, name)]);
    return readdirSync(dir)
      .filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png"))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  };

  it("prints as the deck loaded whole into a fresh page: the same pages, pixels and text", async () => {
    expect(first.swap?.fonts).toBe(second.swap?.fonts);
    const swapped = await print(second, async (lease) => {
      expect(await loadDeckPage(lease, first, "load the deck")).toBe("loaded");
    });
    expect(swapped.loaded).toBe("swapped");
    const whole = await print(second, (lease) => lease.page.setContent("<p>something else</p>"));
    expect(whole.loaded).toBe("loaded");
    const [a, b] = [pixels(swapped.pdf, "swapped"), pixels(whole.pdf, "whole")];
    expect(a.length).toBeGreaterThan(5);
    expect(a.length).toBe(b.length);
    a.forEach((png, i) => expect(png.equals(b[i]!), `page ${i + 1}`).toBe(true));
    const text = (pdf: Buffer, name: string) => {
      writeFileSync(join(dir, `${name}.pdf`), pdf);
      return execFileSync("pdftotext", ["-layout", join(dir, `${name}.pdf`), "-"], { encoding: "utf8" });
    };
    expect(text(swapped.pdf, "swapped")).toBe(text(whole.pdf, "whole"));
    // The denser deck really is another: its first page differs from the first deck's.
    const other = await print(first, async () => {});
    expect(pixels(other.pdf, "other")[0]!.equals(a[0]!)).toBe(false);
  }, 120_000);
});
