/** A portfolio's own words, and the indicators' labels, are checked for glyphs as a city's are: none prints as an empty box. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { runCli } from "../helpers/project.ts";

describe("text the brand's fonts cannot draw, in a portfolio or the indicator catalogue", () => {
  it("stops the portfolio with exit 1, naming each field's file and line, and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "citypitch-portfolio-glyphs-"));
    const data = join(dir, "data");
    const out = join(dir, "out");
    const slugs = writeFictionalProject(data, 3, 4);
    const portfolio = join(data, "portfolios", "fictional.yaml");
    writeFileSync(portfolio, readFileSync(portfolio, "utf8").replace(/^title: .+$/m, "title: مقارنة المدن الخيالية"));
    const titled = runCli(["portfolio", "fictional", "--data", data, "--out", out]);
    expect(titled.code).toBe(1);
    expect(titled.stderr).toMatch(/portfolios\/fictional\.yaml:\d+:\d+ +title: the brand's fonts have no glyph for "م" \(U\+0645\)/);
    // The catalogue is the data's: checked with the cities, for a build as for a portfolio.
    const indicators = join(data, "indicators.yaml");
    writeFileSync(indicators, readFileSync(indicators, "utf8").replace("label: Port cargo throughput", "label: Port cargo throughput 🚢"));
    const labelled = runCli(["portfolio", "fictional", "--data", data, "--out", out]);
    expect(labelled.code).toBe(1);
    expect(labelled.stderr).toMatch(/indicators\.yaml:\d+:\d+ +indicators\.port-cargo\.label: the brand's fonts have no glyph for "🚢" \(U\+1F6A2\)/);
    expect(existsSync(join(out, "portfolio"))).toBe(false);
    expect(slugs).toHaveLength(3);
  }, 60_000);
});
