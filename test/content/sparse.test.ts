/**
 * A city with the least the schema allows (test/fixtures/sparseville: empty lists, one figure, no
 * charts) builds every format with nothing left empty: no heading over nothing, no "Seas:" with
 * nothing after it, no table slide without a table, no source line without a reference, no section
 * divider with nothing after it (its port and airport by name and summary follow it). Its six
 * highlights are one figure six times, which the build warns about at the second one.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageText, readPdf } from "../brochure/readPdf.ts";
import { ROOT, runCli } from "../helpers/project.ts";
import { allText, readParts, slideOrder, slideTitle, text } from "../pptx/project.ts";

const DATA = join(ROOT, "test", "fixtures", "sparseville");
let out = "";
let run: ReturnType<typeof runCli>;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "citypitch-sparse-"));
  run = runCli(["build", "sparseville", "--data", DATA, "--out", out, "--formats", "brochure,md,pptx"]);
  if (run.code !== 0) throw new Error(`the build failed (${run.code}):\n${run.stderr}`);
}, 180_000);
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});
const file = (name: string) => join(out, "sparseville", `sparseville-${name}`);

describe("a city with the least the schema allows", () => {
  it("warns, at the second one, that the highlights repeat a figure", () => {
    expect(run.stderr).toMatch(/sparseville\.yaml:\d+:\d+\s+warning: highlights\[1\]: highlight repeats highlights\[0\] \(coordinates\.latitude\)/);
  });

  it("prints no heading, table row or source line over nothing in the brochure", async () => {
    const pdf = await readPdf(readFileSync(file("brochure.pdf")));
    const words = pdf.pages.map((page) => pageText(page)).join("\n");
    expect(words).toContain("A few software firms.");
    for (const empty of ["Coasts", "Neighbours across the sea", "Markets served", "How the city plans", "Measures the profile reports", "Incentives for investors", "Next steps"])
      expect(words.toLowerCase(), empty).not.toContain(empty.toLowerCase());
    expect(words).not.toMatch(/References for this section: ?\./);
    // The weekly-counts line speaks of derived flights, which this city has none of.
    expect(words).not.toContain("multiplied by seven");
  });

  it("leaves out the deck's empty facts and its port and airport table", () => {
    const markdown = readFileSync(file("deck.md"), "utf8");
    // Markdown escapes the colon: "**Climate\:**".
    expect(markdown).toMatch(/\*\*Climate\\?:\*\*/);
    expect(markdown).not.toMatch(/\*\*(Seas|Across the water)\\?:\*\*/);
    expect(markdown).not.toContain("## Port and airport in figures");
  });

  it("follows the deck's gateway divider with the port and airport by name and summary, not with the next divider", () => {
    const slides = readFileSync(file("deck.md"), "utf8").split(/^---$/m);
    const divider = slides.findIndex((slide) => slide.includes("## Gateway by sea and air"));
    const next = slides[divider + 1]!;
    expect(next).toContain("## Port and airport\n");
    expect(next).not.toContain("_class: divider");
    expect(next).toContain('<span class="name">Sparseville Harbour</span> A harbour');
    expect(next).toContain('<span class="name">None nearby</span> The nearest airport is two hours away');
  });

  it("leaves out the PowerPoint's empty facts and table slide, and says what the policy is under its heading", () => {
    const parts = readParts(file("deck.pptx"));
    const slides = slideOrder(parts).map((n) => text(parts, n));
    const titles = slides.map(slideTitle);
    expect(titles).not.toContain("Port and airport in figures");
    // The gateway divider is followed by the port and airport, as in the Marp deck.
    const places = titles.indexOf("Port and airport");
    expect(titles[places - 1]).toBe("Gateway by sea and air");
    expect(allText(slides[places]!)).toMatch(/Sparseville Harbour:?\s+A harbour\..*None nearby:?\s+The nearest airport is two hours away\./s);
    const where = allText(slides[titles.indexOf("Where Sparseville sits")]!);
    expect(where).toContain("Climate:");
    expect(where).not.toMatch(/Seas:|Across the water:/);
    expect(allText(slides[titles.indexOf("Talent and policy support")]!)).toContain("Standard national rules apply.");
  });
});
