/** The portfolio's model without rendering: one reference list for all cities, converted values to their stated precision. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { convert } from "../../src/portfolio/compare.ts";
import { loadPortfolio } from "../../src/portfolio/load.ts";
import { buildPortfolioModel, preparePortfolio, rankings } from "../../src/portfolio/model.ts";
import { options } from "../helpers/project.ts";

describe("converting a value to the indicator's unit", () => {
  it("keeps the precision the value was stated in, without floating-point tails", () => {
    expect(convert(232460000, 1e-6)).toBe(232.46);
    expect(convert(1.5, 1e6)).toBe(1500000);
    expect(convert(15, 1 / 7)).toBe(2.1);
    expect(convert(42, 1)).toBe(42);
  });
});

describe("a portfolio's model", async () => {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-portfolio-model-"));
  const slugs = writeFictionalProject(dir, 4, 3);
  const build = preparePortfolio(await loadPortfolio("fictional", options({ data: dir })), options({ data: dir }));

  it("numbers a source shared by every city once, and each city's notes after the sources", () => {
    const { references } = build;
    const titles = references.sources.map((r) => r.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(references.notes.map((n) => n.slug)).toEqual(slugs);
    const firstNote = references.notes.flatMap((n) => n.entries)[0]!;
    expect(firstNote.n).toBe(references.sources.length + 1);
    expect(references.entries.map((e) => e.n)).toEqual(references.entries.map((_, i) => i + 1));
  });

  it("points each city's figures at the compendium's numbers", () => {
    for (const ctx of build.cities) {
      const own = build.references.notes.find((n) => n.slug === ctx.city.slug)!.entries.map((e) => e.n);
      const cited = ctx.references.forFigures([...ctx.figures.keys()]);
      const sources = new Set(build.references.sources.map((s) => s.n));
      expect(cited.every((n) => sources.has(n) || own.includes(n))).toBe(true);
      expect(own.every((n) => cited.includes(n))).toBe(true);
    }
  });

  it("gives every city a cell for every indicator, and no number for a figure it does not publish", () => {
    const model = buildPortfolioModel(build);
    for (const group of model.groups) {
      for (const row of group.rows) for (const cell of row.cells) if (!cell.published) expect(cell.value).toBeUndefined();
      for (const table of group.tables) {
        expect(table.columns.length).toBeLessThanOrEqual(3);
        for (const row of table.rows) expect(row.cells).toHaveLength(table.columns.length);
      }
      expect(group.tables.flatMap((t) => t.columns)).toHaveLength(group.rows[0]!.cells.length);
    }
    expect(model.cities.every((c) => c.standing.length === model.indicators.length)).toBe(true);
  });
});

describe("the leading results that open the rankings", async () => {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-portfolio-leaders-"));
  writeFictionalProject(dir, 15, 1);
  const build = preparePortfolio(await loadPortfolio("fictional", options({ data: dir })), options({ data: dir }));
  const model = buildPortfolioModel(build);
  const ranked = rankings(build);

  it("holds, for every ranked measure, every city at each of the first three places, and no other", () => {
    expect(model.leaders.map((l) => l.id)).toEqual(ranked.map((r) => r.id));
    for (const [i, leaders] of model.leaders.entries()) {
      const ranking = ranked[i]!;
      expect(leaders.places.map((p) => p.place)).toEqual([1, 2, 3]);
      for (const { place, holders, more, tiedAbove } of leaders.places) {
        const expected = ranking.ranked.filter((r) => r.cell.rank === place);
        // Three named at most; the rest of a large tie counted.
        expect(holders.map((h) => h.name)).toEqual(expected.slice(0, 3).map((r) => r.name));
        expect(more).toBe(Math.max(0, expected.length - 3));
        expect(holders.every((h) => h.published && h.value && h.year && h.refs.length > 0)).toBe(true);
        expect(tiedAbove).toBe(expected.length === 0 && ranking.ranked.length >= place);
      }
    }
  });

  it("lets cities with equal values share a place, and says the place after them was taken up", () => {
    // The fixture has ties: otherwise this test would prove nothing about them.
    const shared = model.leaders.flatMap((l) => l.places.filter((p) => p.holders.length > 1).map((p) => ({ leaders: l, place: p.place })));
    expect(shared.length).toBeGreaterThan(0);
    for (const { leaders, place } of shared) {
      const holders = leaders.places[place - 1]!.holders;
      const values = ranked
        .find((r) => r.id === leaders.id)!
        .ranked.filter((r) => holders.some((h) => h.name === r.name))
        .map((r) => r.cell.value);
      expect(values).toHaveLength(holders.length);
      expect(new Set(values).size).toBe(1);
      const next = leaders.places[place];
      if (next) expect(next.tiedAbove).toBe(true);
    }
  });
});

describe("the leading results of a measure on which every city ties", async () => {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-portfolio-tie-"));
  const slugs = writeFictionalProject(dir, 8, 2);
  // Every city publishes the same number of port destinations, in the same year.
  for (const slug of slugs) {
    const file = join(dir, "cities", `${slug}.yaml`);
    writeFileSync(file, readFileSync(file, "utf8").replace(/(destinations:\n\s+label: [^\n]+\n\s+value: )\d+(\n\s+unit: destinations\n\s+year: )\d+/, "$1200$22008"));
  }
  const build = preparePortfolio(await loadPortfolio("fictional", options({ data: dir })), options({ data: dir }));
  const leaders = buildPortfolioModel(build).leaders.find((l) => l.id === "port-destinations")!;

  it("names three of them at the first place, counts the rest, and leaves the next places to the tie", () => {
    const ranked = rankings(build).find((r) => r.id === "port-destinations")!;
    expect(ranked.ranked.length).toBeGreaterThan(3);
    expect(ranked.ranked.every((r) => r.cell.rank === 1)).toBe(true);
    const [first, second, third] = leaders.places;
    expect(first!.holders).toHaveLength(3);
    expect(first!.more).toBe(ranked.ranked.length - 3);
    expect(second!.tiedAbove && third!.tiedAbove).toBe(true);
  });
});
