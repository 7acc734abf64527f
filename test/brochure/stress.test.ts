import { beforeAll, describe, expect, it } from "vitest";
import { createTheme } from "../../src/brochure/theme.ts";
import { blankPages, overlappingText, strandedHeadings, textOutside } from "./layout.ts";
import { brochureFor, loadCity } from "./project.ts";
import { pageText, readPdf, type ReadPdf } from "./readPdf.ts";
import { LONG_CONTACT, LONG_WORD, stressFixture } from "./stress.ts";

describe("layout under stress: five times the text, very long names", () => {
  let pdf: ReadPdf;
  let data: string;
  beforeAll(async () => {
    data = stressFixture();
    pdf = await readPdf(await brochureFor("testville", { data }));
  });

  it("keeps every line inside the content box (and cover text on the page)", async () => {
    const ctx = await loadCity("testville", { data });
    expect(textOutside(pdf, createTheme(ctx.brand, "a4").content)).toEqual([]);
  });

  it("makes no blank page and strands no heading at the foot of a page", () => {
    expect(blankPages(pdf)).toEqual([]);
    expect(strandedHeadings(pdf)).toEqual([]);
  });

  it("flows onto more pages rather than dropping text", () => {
    expect(pdf.pages.length).toBeGreaterThan(14);
    const text = pdf.pages.map((p) => pageText(p)).join(" ");
    expect(text).toContain("Testvilleinternationaldeepwater");
    expect(text.match(/A northern temperate climate/g)?.length).toBe(5);
  });

  it("cuts a 200-character word between letters inside its tile, table cell and card, losing none of it", () => {
    expect(overlappingText(pdf)).toEqual([]);
    const pages = pdf.pages.map((p) => pageText(p).replace(/\s+/g, ""));
    expect(pages[1]).toContain(LONG_WORD); // the KPI tile on the at-a-glance page
    // The port table and the sources; a source entry may run over a page break, so the pages' text is read as one.
    expect(pages.join("").split(`Ore${LONG_WORD}`).length - 1).toBeGreaterThanOrEqual(2);
    expect(pages.at(-1)).toContain(LONG_CONTACT.replace(/\s+/g, "")); // the contact card
  });

  it("keeps the back cover to one page", () => {
    expect(pageText(pdf.pages.at(-1)!)).toContain("Put your next delivery centre in");
    expect(pageText(pdf.pages.at(-2)!)).not.toContain("Put your next delivery centre in");
  });
});
