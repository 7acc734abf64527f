/** The running head of a compendium page: a long city name gives way before the section it names. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fontBook, fontFiles } from "../../src/brochure/fonts.ts";
import { drawFurniture } from "../../src/brochure/furniture.ts";
import { collect } from "../../src/brochure/render.ts";
import { Typesetter } from "../../src/brochure/text.ts";
import { createTheme } from "../../src/brochure/theme.ts";
import type { Brand } from "../../src/data/schema.ts";
import { ROOT } from "../helpers/project.ts";
import { pageText, readPdf } from "./readPdf.ts";

const brand = parse(readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")) as Brand;

/** The text of an A4 page holding only the running head and foot drawn from `text`, with the default brand's logo. */
async function furnitureText(text: Omit<Parameters<typeof drawFurniture>[3], "logo">): Promise<string> {
  const files = fontFiles(brand, ROOT);
  const doc = new PDFDocument({ size: "A4", margin: 0, font: files.body });
  const bytes = collect(doc);
  drawFurniture(doc, new Typesetter(doc, fontBook(doc, files)), createTheme(brand, "a4"), { ...text, logo: join(ROOT, brand.logo.png) });
  doc.end();
  return pageText((await readPdf(await bytes)).pages[0]!, true);
}

describe("the running head", () => {
  it("shortens a long city name, not the section after it", async () => {
    const city = "Saint-Pierre-et-Miquelon-sur-Testmer-les-Bains-et-Environs-Fictifs";
    const text = await furnitureText({ brand: brand.name, section: `${city} · The service-outsourcing industry`, footLeft: [], footRight: [] });
    expect(text).toContain("THE SERVICE-OUTSOURCING INDUSTRY");
    expect(text).toContain("SAINT-PIERRE");
    expect(text).not.toContain(city.toUpperCase());
  });

  it("gives a long agency name the room a short section leaves, and shortens a long foot at a word's end", async () => {
    const agency = "Obsidian Meridian Investment Promotion Partners (fictional)";
    const title = "Comprehensive investor profile for business process, IT and knowledge process outsourcing investors";
    const foot = `Port Saint-Fictionnaire-sur-Mer-des-Exemples-Imaginaires · ${title} · November 2026 edition · figures as of about 2008`;
    const text = (await furnitureText({ brand: agency, section: "At a glance", footLeft: [{ text: foot }], footRight: [{ text: "Page 2 of 12" }] })).replace(/\s+/g, " ");
    expect(text).toContain(agency);
    expect(text).toContain("November 2026 edition · figures as of about 2008");
    // Shortened, the title ends with a whole word and an ellipsis.
    const shown = /· (Comprehensive[^·]*?)… ·/.exec(text)?.[1];
    expect(shown).toBeDefined();
    expect(title.startsWith(shown!)).toBe(true);
    expect(title[shown!.length]).toBe(" ");
  });
});
