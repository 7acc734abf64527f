/**
 * Every slide's content stays on its slide: nothing runs into the footer or off the edge. Laid out
 * by Chromium from the same engine, theme and charts marp-cli uses, for Dalian and for Testville.
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartsStage } from "../../src/charts/stage.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { deckChartArtifacts } from "../../src/deck/charts.ts";
import { loadDeckTemplates, renderDeck } from "../../src/deck/render.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { loadContexts, renderWithMarp, ROOT, themeFor } from "./project.ts";
import { TESTVILLE } from "../helpers/project.ts";

const executablePath = findBrowser();

interface Overflow {
  slide: number;
  element: string;
  text: string;
  by: number;
}

async function deckPage(dataDir: string, slug: string): Promise<string> {
  const [ctx] = await loadContexts(dataDir, [slug], "md");
  const staging = await Staging.create(tmpdir());
  try {
    const charts = await chartsStage({ contexts: [ctx!], staging, log: new BuildLog(() => {}), options: ctx!.options });
    const slideCharts = await deckChartArtifacts(ctx!, charts.get(slug) ?? []);
    const markdown = renderDeck(await loadDeckTemplates(ROOT), ctx!, slideCharts);
    const { html, css } = await renderWithMarp(markdown, await themeFor(ctx!, markdown));
    return `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${html}</body></html>`;
  } finally {
    await staging.discard();
  }
}

/** Elements whose box ends below the top of the slide's footer, or past its right edge. */
async function overflows(browser: Browser, html: string): Promise<Overflow[]> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 720 });
    await page.setContent(html, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    return await page.evaluate(() => {
      const found: { slide: number; element: string; text: string; by: number }[] = [];
      document.querySelectorAll("section").forEach((section, index) => {
        const box = section.getBoundingClientRect();
        const footer = section.querySelector(":scope > footer");
        const footerText = footer?.textContent?.trim();
        const floor = footer && footerText ? footer.getBoundingClientRect().top - 4 : box.bottom;
        for (const el of section.querySelectorAll("*")) {
          if (el.closest("footer, header") || el.tagName === "BR") continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          const by = Math.max(r.bottom - floor, r.right - box.right);
          if (by > 1) found.push({ slide: index + 1, element: el.tagName.toLowerCase(), text: (el.textContent ?? "").trim().slice(0, 60), by: Math.round(by) });
        }
      });
      return found;
    });
  } finally {
    await page.close();
  }
}

interface SmallText {
  slide: number;
  text: string;
  px: number;
}

/** Text set smaller than `minimum` px at the slide's 1280 × 720 size. */
async function smallText(browser: Browser, html: string, minimum: number): Promise<SmallText[]> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 720 });
    await page.setContent(html, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    return await page.evaluate((min) => {
      const found: { slide: number; text: string; px: number }[] = [];
      document.querySelectorAll("section").forEach((section, index) => {
        const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const el = node.parentElement;
          if (!el || !node.textContent?.trim() || el.getBoundingClientRect().width === 0) continue;
          const px = parseFloat(getComputedStyle(el).fontSize);
          if (px < min) found.push({ slide: index + 1, text: node.textContent.trim().slice(0, 40), px });
        }
      });
      return found;
    }, minimum);
  } finally {
    await page.close();
  }
}

/** Supporting text (source lines, years, footers, sources slide) stays readable when projected. */
const MIN_TEXT_PX = 12;

describe.skipIf(!executablePath)("deck layout", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath: executablePath!, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("keeps every element of Dalian's deck above the footer and inside the slide", async () => {
    expect(await overflows(browser, await deckPage(join(ROOT, "data"), "dalian"))).toEqual([]);
  });

  it(`sets no text of Dalian's deck below ${MIN_TEXT_PX} px`, async () => {
    expect(await smallText(browser, await deckPage(join(ROOT, "data"), "dalian"), MIN_TEXT_PX)).toEqual([]);
  });

  it("keeps every element of Testville's deck above the footer and inside the slide", async () => {
    expect(await overflows(browser, await deckPage(TESTVILLE, "testville"))).toEqual([]);
  });
});
