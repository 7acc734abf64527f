/** Comparing cities: ranking and ties, comparability marks, "not published", conversions, targets. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { indexFigures } from "../../src/data/figures.ts";
import type { Figure, IndicatorCatalogue, Portfolio } from "../../src/data/schema.ts";
import { CitypitchError, EXIT, formatProblems } from "../../src/errors.ts";
import { compareCities, type Cell, type ComparedCity } from "../../src/portfolio/compare.ts";
import { loadPortfolio } from "../../src/portfolio/load.ts";
import { options } from "../helpers/project.ts";

const catalogue: IndicatorCatalogue = {
  indicators: {
    "port-cargo": { label: "Port cargo", unit: "million-tonnes", meaning: "Cargo a year." },
    "flights-japan": { label: "Flights to Japan", unit: "flights-per-week", meaning: "Flights a week." },
  },
};
const figure = (over: Partial<Figure>): Figure => ({ label: "X", value: 1, unit: "million-tonnes", year: 2007, yearBasis: "stated", ...over });
const city = (slug: string, figures: Record<string, Figure>): ComparedCity => ({ slug, name: slug, figures: new Map(Object.entries(figures)) });
const portfolio = (rank: "higher" | "lower" | "none" = "higher", maxYearSpread = 2): Portfolio => ({
  title: "T",
  cities: ["a", "b"],
  maxYearSpread,
  groups: [{ title: "Port", indicators: [{ id: "port-cargo", rank }] }],
});
const cells = (cities: ComparedCity[], p = portfolio()) => compareCities(p, catalogue, cities).groups[0]!.rows[0]!.cells;
const rankOf = (cell: Cell | undefined) => (cell?.status === "value" ? cell.rank : "none");

describe("comparing cities on an indicator", () => {
  it("ranks higher-is-better largest first, with ties sharing a rank and the next one skipped", () => {
    const result = cells([
      city("a", { p: figure({ value: 10, indicator: "port-cargo" }) }),
      city("b", { p: figure({ value: 30, indicator: "port-cargo" }) }),
      city("c", { p: figure({ value: 10, indicator: "port-cargo" }) }),
      city("d", { p: figure({ value: 5, indicator: "port-cargo" }) }),
    ]);
    expect(["a", "b", "c", "d"].map((s) => rankOf(result.get(s)))).toEqual([2, 1, 2, 4]);
  });

  it("ranks lower-is-better smallest first, and leaves 'none' unranked", () => {
    const list = [city("a", { p: figure({ value: 10, indicator: "port-cargo" }) }), city("b", { p: figure({ value: 30, indicator: "port-cargo" }) })];
    expect(rankOf(cells(list, portfolio("lower")).get("a"))).toBe(1);
    expect(rankOf(cells(list, portfolio("none")).get("a"))).toBeUndefined();
  });

  it("reads a missing figure as not published, never zero", () => {
    const result = cells([city("a", { p: figure({ value: 10, indicator: "port-cargo" }) }), city("b", {}), city("c", { p: figure({ value: 5, indicator: "port-cargo" }) })]);
    expect(result.get("b")).toEqual({ status: "not-published" });
    expect(rankOf(result.get("a"))).toBe(1);
    expect(rankOf(result.get("c"))).toBe(2);
  });

  it("marks a figure older than the allowed spread as not comparable and leaves it out of the ranking", () => {
    const result = cells([
      city("a", { p: figure({ value: 10, year: 2008, indicator: "port-cargo" }) }),
      city("b", { p: figure({ value: 99, year: 2004, indicator: "port-cargo" }) }),
      city("c", { p: figure({ value: 5, year: 2007, indicator: "port-cargo" }) }),
    ]);
    const old = result.get("b")!;
    expect(old.status === "value" && old.comparable).toBe(false);
    expect(rankOf(old)).toBeUndefined();
    expect(rankOf(result.get("a"))).toBe(1);
  });

  it("ranks no lone comparable result: first of one is no place", () => {
    const result = cells([
      city("a", { p: figure({ value: 10, year: 2008, indicator: "port-cargo" }) }),
      city("b", { p: figure({ value: 99, year: 2004, indicator: "port-cargo" }) }),
    ]);
    expect(rankOf(result.get("a"))).toBeUndefined();
    expect(rankOf(result.get("b"))).toBeUndefined();
  });

  it("takes the allowed spread of years from the portfolio", () => {
    const list = [city("a", { p: figure({ value: 10, year: 2008, indicator: "port-cargo" }) }), city("b", { p: figure({ value: 99, year: 2004, indicator: "port-cargo" }) })];
    const narrow = cells(list, portfolio("higher", 3)).get("b")!;
    const wide = cells(list, portfolio("higher", 4)).get("b")!;
    expect(narrow.status === "value" && [narrow.comparable, narrow.rank]).toEqual([false, undefined]);
    expect(wide.status === "value" && [wide.comparable, wide.rank]).toEqual([true, 1]);
  });

  it("measures the spread against results only: a newer target does not make results incomparable", () => {
    const result = cells([
      city("a", { p: figure({ value: 10, year: 2007, indicator: "port-cargo" }) }),
      city("b", { p: figure({ value: 20, year: 2007, indicator: "port-cargo" }) }),
      city("c", { p: figure({ value: 99, year: 2015, indicator: "port-cargo", qualifier: "target" }) }),
    ]);
    expect(["a", "b", "c"].map((s) => rankOf(result.get(s)))).toEqual([2, 1, undefined]);
  });

  it("never ranks a target against results, and keeps its qualifier and derived mark", () => {
    const result = cells([
      city("a", { p: figure({ value: 10, indicator: "port-cargo", qualifier: "over" }) }),
      city("b", { p: figure({ value: 99, year: 2010, indicator: "port-cargo", qualifier: "target" }) }),
      city("c", { p: figure({ value: 5, indicator: "port-cargo", derived: { method: "scale", factor: 1, inputs: ["x.y"], explain: "e" } }) }),
    ]);
    const target = result.get("b")!;
    expect(target.status === "value" && target.target).toBe(true);
    expect(rankOf(target)).toBeUndefined();
    const a = result.get("a")!;
    expect(a.status === "value" && a.figure.qualifier).toBe("over");
    const c = result.get("c")!;
    expect(c.status === "value" && c.figure.derived !== undefined).toBe(true);
    expect(rankOf(a)).toBe(1);
  });

  it("converts a figure in a convertible unit, and says so", () => {
    const result = cells([
      city("a", { p: figure({ value: 2_500_000, unit: "tonnes", indicator: "port-cargo" }) }),
      city("b", { p: figure({ value: 3, indicator: "port-cargo" }) }),
    ]);
    const a = result.get("a")!;
    expect(a.status === "value" && [a.value, a.converted]).toEqual([2.5, { from: "tonnes", factor: 1e-6 }]);
    expect(rankOf(a)).toBe(2);
  });
});

describe("a portfolio of fifteen fictional cities", () => {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-portfolio-"));
  const slugs = writeFictionalProject(dir, 15, 1);

  it("loads, and compares every indicator for every city", async () => {
    const loaded = await loadPortfolio("fictional", options({ data: dir, "max-age": "10" }));
    expect(loaded.data.cities.map((c) => c.city.slug).sort()).toEqual([...slugs].sort());
    const cities = loaded.data.cities.map(({ city }) => ({ slug: city.slug, name: city.name.en, figures: indexFigures(city) }));
    const comparison = compareCities(loaded.portfolio, loaded.data.indicators, cities);
    const rows = comparison.groups.flatMap((g) => g.rows);
    expect(rows.map((r) => r.id)).toContain("port-cargo");
    for (const row of rows) expect(row.cells.size).toBe(15);
    const all = rows.flatMap((r) => [...r.cells.values()]);
    expect(all.some((c) => c.status === "not-published")).toBe(true);
    expect(all.some((c) => c.status === "value" && !c.comparable)).toBe(true);
    expect(all.some((c) => c.status === "value" && c.converted)).toBe(true);
    expect(all.some((c) => c.status === "value" && c.target)).toBe(true);
  });

  it("refuses a portfolio naming an unknown city or indicator, with file:line", async () => {
    const file = join(dir, "portfolios", "broken.yaml");
    const text = readFileSync(join(dir, "portfolios", "fictional.yaml"), "utf8")
      .replace("cities: [", "cities: [atlantis, ")
      .replace("{ id: port-cargo,", "{ id: port-krago,");
    writeFileSync(file, text);
    let report = "";
    try {
      await loadPortfolio("broken", options({ data: dir, "max-age": "10" }));
    } catch (error) {
      if (!(error instanceof CitypitchError)) throw error;
      expect(error.exitCode).toBe(EXIT.invalidData);
      report = formatProblems(error.problems);
    }
    expect(report).toMatch(/portfolios\/broken\.yaml:\d+:\d+ {2}cities\[0\]: no city file for "atlantis"/);
    expect(report).toMatch(/portfolios\/broken\.yaml:\d+:\d+ {2}groups\[1\]\.indicators\[0\]\.id: unknown indicator "port-krago"/);
  });
});

/** The located report of loading the fictional portfolio of `dir`, refused ("" when it loads). */
async function refusal(dir: string): Promise<string> {
  try {
    await loadPortfolio("fictional", options({ data: dir, "max-age": "10" }));
  } catch (error) {
    if (!(error instanceof CitypitchError)) throw error;
    return formatProblems(error.problems);
  }
  return "";
}

describe("figures that point at indicators", () => {
  it.each([
    ["an unknown indicator", "indicator: port-krago", /connectivity\.port\.figures\.throughput\.indicator: unknown indicator "port-krago"/],
    [
      "a unit that cannot be converted",
      "indicator: flights-japan",
      /connectivity\.port\.figures\.throughput\.unit: unit million-tonnes cannot be compared with indicator "flights-japan"/,
    ],
  ])("refuses %s, located", async (_, line, expected) => {
    const dir = mkdtempSync(join(tmpdir(), "citypitch-indicators-"));
    writeFictionalProject(dir, 2, 1);
    const file = join(dir, "cities", "mockbury.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("indicator: port-cargo", line));
    const report = await refusal(dir);
    expect(report).toMatch(expected);
    expect(report).toMatch(/mockbury\.yaml:\d+:\d+ /);
  });

  it("are not checked against a catalogue with errors of its own: its error is reported, not the figures'", async () => {
    const dir = mkdtempSync(join(tmpdir(), "citypitch-indicators-"));
    writeFictionalProject(dir, 2, 1);
    const file = join(dir, "indicators.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("unit: million-tonnes", "unit: miles"));
    const report = await refusal(dir);
    expect(report).toMatch(/indicators\.yaml:\d+:\d+ {2}indicators\.[a-z-]+\.unit: /);
    expect(report).not.toMatch(/no indicator catalogue|unknown indicator/);
    expect(report).not.toMatch(/\.yaml:\d+:\d+ {2}connectivity/);
  });
});

describe("a comparison taking a derived value when the file publishes a newer one", () => {
  it("warns at the tag, naming the newer figure to point at the indicator instead", async () => {
    const dir = mkdtempSync(join(tmpdir(), "citypitch-indicators-"));
    // The fifth fictional city tags last year's throughput, worked back from this year's and its growth.
    const slugs = writeFictionalProject(dir, 5, 1);
    const loaded = await loadPortfolio("fictional", options({ data: dir, "max-age": "10" }));
    const report = formatProblems(loaded.data.warnings);
    expect(report).toMatch(
      new RegExp(
        `${slugs[4]}\\.yaml:\\d+:\\d+ {2}warning: connectivity\\.port\\.figures\\.throughput2006\\.indicator: the comparison of "port-cargo" takes this 2006 value, derived from connectivity\\.port\\.figures\\.throughput \\(2007\\)`,
      ),
    );
    // The cities that tag their published value are not warned about.
    expect(report).not.toMatch(new RegExp(`${slugs[0]}\\.yaml:\\d+:\\d+ {2}[^\\n]*takes this`));
  });
});
