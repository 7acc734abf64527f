/**
 * What the slide measure counts as not fitting inside the safe area: text running into other text
 * (a side caption grown up into the title and down over the source line), and text running out of
 * the box it is drawn in (a long number past its tile's edge). Set in plain slides in Chromium.
 */
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { measurePage } from "../../src/deck/fit.ts";

const executablePath = findBrowser();

const page = (sections: string[]) =>
  `<!DOCTYPE html><html><head><style>
  body { margin: 0; font: 22px/1.4 sans-serif; }
  section { position: relative; width: 1280px; height: 720px; padding: 60px; box-sizing: border-box; overflow: hidden; }
  .side { position: absolute; right: 60px; top: 40px; width: 380px; }
  .tile { width: 200px; padding: 10px; background: #EEF2F4; }
  .n { white-space: nowrap; font-size: 44px; }
  td { padding: 4px 8px; } tr:nth-child(even) td { background: #EEF2F4; }
  .clip { width: 120px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; background: #EEF2F4; }
  </style></head><body>${sections.map((s) => `<section>${s}</section>`).join("")}</body></html>`;

describe.skipIf(!executablePath)("the slide measure", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath: executablePath!, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("counts text running into other text, and text running out of its box; not text that keeps to itself", async () => {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 720 });
    await tab.setContent(
      page([
        // A heading and a paragraph, a list beside them: nothing meets.
        `<h2>Port and airport in figures</h2><p style="width: 600px">Destinations served by sea, and the port's terminals.</p><ul class="side" style="top: 200px"><li>Ore terminal</li><li>Oil terminal</li></ul>`,
        // A caption beside the chart, grown up into the title.
        `<h2>North Testland's sea trade through Loremburg at Saint-Pierre-et-Miquelon-sur-Testmer-les-Bains</h2><p class="side">Most of the region's seaborne goods and nearly all of its foreign-trade containers pass through the port.</p>`,
        // A number too long for its tile.
        `<div class="tile"><span class="n">5.81234567891</span> million</div>`,
      ]),
      { waitUntil: "load" },
    );
    const [clean, overlapping, escaping] = await measurePage(tab);
    await tab.close();
    expect(clean!.overflow, clean!.worst).toBe(0);
    expect(overlapping!.overflow).toBeGreaterThan(10);
    expect(overlapping!.worst).toMatch(/runs into/);
    expect(escaping!.overflow).toBeGreaterThan(10);
    expect(escaping!.worst).toMatch(/5\.81234567891" runs out of its box/);
  });

  it("leaves alone what only looks like running over: hidden text, text a box clips on purpose, a striped table's cells", async () => {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 720 });
    await tab.setContent(
      page([
        `<h2>Port and airport in figures</h2><p class="side" style="visibility: hidden">A hidden caption laid over the title.</p>`,
        `<div class="clip">A very long label that the tile cuts with an ellipsis</div>`,
        // The second row's first cell sets its words a little past its stripe, into the padding before the next cell's.
        `<table style="table-layout: fixed; width: 600px"><col style="width: 200px"><col><tr><td>Destinations</td><td style="padding-left: 80px">over 160</td></tr><tr><td style="white-space: nowrap">Countries and regions</td><td style="padding-left: 80px">over 160</td></tr></table>`,
      ]),
      { waitUntil: "load" },
    );
    const slides = await measurePage(tab);
    await tab.close();
    for (const slide of slides) expect(slide.overflow, slide.worst).toBe(0);
  });
});
