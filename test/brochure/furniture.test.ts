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

describe("the running head", () => {
  it("shortens a long city name, not the section after it", async () => {
    const files = fontFiles(brand, ROOT);
    const doc = new PDFDocument({ size: "A4", margin: 0, font: files.body });
    const bytes = collect(doc);
    const ts = new Typesetter(doc, fontBook(doc, files));
    const theme = createTheme(brand, "a4");
    const city = "Saint-Pierre-et-Miquelon-sur-Testmer-les-Bains-et-Environs-Fictifs";
    drawFurniture(doc, ts, theme, { brand: brand.name, section: `${city} · The service-outsourcing industry`, footLeft: [], footRight: [], logo: join(ROOT, brand.logo.png) });
    doc.end();
    const text = pageText((await readPdf(await bytes)).pages[0]!, true);
    expect(text).toContain("THE SERVICE-OUTSOURCING INDUSTRY");
    expect(text).toContain("SAINT-PIERRE");
    expect(text).not.toContain(city.toUpperCase());
  });
});
