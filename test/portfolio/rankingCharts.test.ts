/**
 * The portfolio's ranking charts are drawn on the second lane (a worker thread), off the thread
 * that drives the browser; each picture is byte for byte the one drawn on this thread.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { readPngHeader } from "../../src/charts/png.ts";
import { registerBrandFonts, renderPng } from "../../src/charts/render.ts";
import { buildSpec, chartSize, rankedSpec } from "../../src/charts/spec.ts";
import { theLane } from "../../src/lanes/lane.ts";
import { rankingCharts, rankingView } from "../../src/portfolio/charts.ts";
import { loadPortfolio } from "../../src/portfolio/load.ts";
import { compendiumRankings, preparePortfolio, rankings } from "../../src/portfolio/model.ts";
import { renderComparisonPptx } from "../../src/portfolio/pptx.ts";
import { edit, options } from "../helpers/project.ts";

/** A portfolio of `cities` fictional cities (scripts/fictional-cities.ts), prepared as a build prepares it. */
async function fictionalPortfolio(name: string, cities: number, seed: number) {
  const dir = mkdtempSync(join(tmpdir(), `citypitch-${name}-`));
  writeFictionalProject(dir, cities, seed);
  return preparePortfolio(await loadPortfolio("fictional", options({ data: dir })), options({ data: dir }));
}
describe("ranking charts", () => {
  it("are painted on the lane, the same bytes as drawn here, best on top either way", async () => {
    const dir = mkdtempSync(join(tmpdir(), "citypitch-ranking-charts-"));
    writeFictionalProject(dir, 5, 2);
    // One ranking where lower is better: its axis turns over, on the lane as here.
    edit(dir, "portfolios/fictional.yaml", "{ id: flights-korea, rank: higher }", "{ id: flights-korea, rank: lower }");
    const build = preparePortfolio(await loadPortfolio("fictional", options({ data: dir })), options({ data: dir }));
    const { charts, paint } = rankingCharts(build);
    expect(charts.length).toBeGreaterThan(1);
    expect(charts.every((c) => c.png.length === 0)).toBe(true);
    await paint();
    const ranked = rankings(build);
    // What the worker thread itself returns (not the fallback that runs the same task here).
    const jobs = ranked.map((r) => ({ chart: rankingView(build, r).chart, figures: rankingView(build, r).index, reversed: r.row.rank === "lower" }));
    const fromLane = await theLane().run("drawCharts", jobs, build.brand, build.options.root, build.language);
    expect(theLane().onWorker).toBe(true);
    expect(ranked.some((r) => r.row.rank === "lower")).toBe(true);
    registerBrandFonts(build.brand, build.options.root);
    for (const [i, ranking] of ranked.entries()) {
      const { chart, index } = rankingView(build, ranking);
      const here = await renderPng(() => {
        const spec = buildSpec(chart, index, build.brand, build.words);
        if (ranking.row.rank === "lower") Object.assign(spec.options?.scales?.y ?? {}, { reverse: true });
        return spec;
      }, chartSize(chart));
      expect(readPngHeader(charts[i]!.png).colourType, chart.id).toBe(2);
      expect(Buffer.compare(charts[i]!.png, here), chart.id).toBe(0);
      expect(Buffer.compare(Buffer.from(fromLane[i]!), here), chart.id).toBe(0);
    }
  }, 60_000);

  it("give a ranking of forty cities a row each, tall enough that every city keeps its name on the axis", async () => {
    const build = await fictionalPortfolio("ranking-many", 40, 3);
    const ranking = rankings(build).find((r) => r.ranked.length >= 35)!;
    expect(ranking).toBeDefined();
    const { chart, index } = rankingView(build, ranking);
    const size = chartSize(chart);
    // 16 pt a row, beside the notes above and below: far taller than the 324 pt of a short list.
    expect(size.heightPt).toBeGreaterThanOrEqual(ranking.ranked.length * 16);
    registerBrandFonts(build.brand, build.options.root);
    // Laid out by Chart.js as the renderer lays it out, at the chart's size in points.
    const { createCanvas } = await import("canvas");
    const { Chart } = await import("chart.js/auto");
    const spec = buildSpec(chart, index, build.brand, build.words);
    spec.options = { ...spec.options, responsive: false, animation: false };
    const canvas = createCanvas(size.widthPt, size.heightPt);
    const drawn = new Chart(canvas.getContext("2d") as unknown as CanvasRenderingContext2D, spec);
    try {
      const names = drawn.scales.y!.ticks.map((tick) => [tick.label].flat().join(" "));
      expect(names).toHaveLength(ranking.ranked.length);
      expect(new Set(names)).toEqual(new Set(ranking.ranked.map((r) => r.name)));
    } finally {
      drawn.destroy();
    }
  }, 60_000);

  it("go on over more PowerPoint slides for forty cities, twenty bars at most on each, every city named once, on one value axis", async () => {
    const build = await fictionalPortfolio("ranking-pptx", 40, 3);
    const ranking = rankings(build).find((r) => r.ranked.length >= 35)!;
    const parts = unzipSync(await renderComparisonPptx(build));
    const chartXml = Object.keys(parts)
      .filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
      .map((n) => strFromU8(parts[n]!));
    // The charts of that ranking, by the series name they carry.
    const mine = chartXml.filter((xml) => xml.includes(`<c:v>${ranking.label} (`));
    expect(mine.length).toBe(2);
    const cities = mine.flatMap((xml) =>
      [
        ...xml
          .split("<c:cat>")[1]!
          .split("</c:cat>")[0]!
          .matchAll(/<c:v>([^<]+)<\/c:v>/g),
      ].map((m) => m[1]!),
    );
    for (const xml of mine)
      expect(
        [
          ...xml
            .split("<c:cat>")[1]!
            .split("</c:cat>")[0]!
            .matchAll(/<c:pt idx=/g),
        ].length,
      ).toBeLessThanOrEqual(20);
    expect(cities).toEqual(ranking.ranked.map((r) => r.name));
    // Bars this close take a derived value's mark on the value's line, not on a line under it.
    const marks = mine.flatMap((xml) => [...xml.matchAll(/<a:t>([^<]*derived)<\/a:t>/g)].map((m) => m[1]));
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark).toBe(" · derived");
    for (const xml of mine) expect(xml).not.toMatch(/<\/a:p><a:p><a:pPr><a:defRPr[^>]*\/><\/a:pPr><a:r><a:rPr[^>]*>(?:(?!<a:t>).)*<a:t>derived</);
    const maxima = mine.map((xml) => /<c:max val="([^"]+)"/.exec(xml)?.[1]);
    expect(new Set(maxima).size).toBe(1);
    // Forty names would shrink past reading on the title slide: its notes name them instead.
    const overview = strFromU8(parts["ppt/slides/slide1.xml"]!);
    expect(build.cities.filter((c) => overview.includes(`${c.city.name.en.replace(/&/g, "&amp;")} · `)).length).toBe(0);
    const titles = Object.keys(parts)
      .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
      .map((n) => strFromU8(parts[n]!))
      .filter((xml) => xml.includes(`${ranking.label}: `) && xml.includes(`of the ${ranking.ranked.length} ranked cities`));
    expect(titles).toHaveLength(2);
    // The cities a ranking leaves out are named once, on its last part (or, many, counted on each and named in the notes).
    const partial = rankings(build).find((r) => r.ranked.length > 20 && r.leftOut.length > 0)!;
    expect(partial).toBeDefined();
    const leftOut = partial.leftOut.map((l) => l.name.replace(/&/g, "&amp;"));
    const [first, last] = Object.keys(parts)
      .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
      .map((n) => strFromU8(parts[n]!))
      .filter((xml) => xml.includes(`${partial.label}: `) && xml.includes(`of the ${partial.ranked.length} ranked cities`)) as [string, string];
    expect(last).toBeDefined();
    if (leftOut.length <= 8) {
      expect(first).toContain("the last part of this ranking names them");
      for (const name of leftOut) expect(first).not.toContain(`${name} (`);
      for (const name of leftOut) expect(last).toContain(`${name} (`);
    } else for (const slide of [first, last]) expect(slide).toContain("The speaker notes name them");
  }, 60_000);

  it("split a ranking of ninety cities into compendium charts of forty at most, evenly, in rank order, on one axis, each fitting a page", async () => {
    const build = await fictionalPortfolio("ranking-parts", 90, 5);
    const whole = rankings(build).find((r) => r.ranked.length > 80)!;
    expect(whole).toBeDefined();
    const parts = compendiumRankings(build).filter((r) => r.id === whole.id);
    expect(parts).toHaveLength(3);
    expect(parts.flatMap((p) => p.ranked.map((r) => r.slug))).toEqual(whole.ranked.map((r) => r.slug));
    const sizes = parts.map((p) => p.ranked.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(new Set(parts.map((p) => p.chartId)).size).toBe(3);
    expect(parts[1]!.label).toBe(`${whole.label}: ${sizes[0]! + 1}–${sizes[0]! + sizes[1]!} of the ${whole.ranked.length} ranked cities`);
    const views = parts.map((p) => rankingView(build, p));
    // Only the last part of a ranking names the cities it leaves out; the others say where they are named.
    const partial = rankings(build).find((r) => r.ranked.length > 40 && r.leftOut.length > 0)!;
    expect(partial).toBeDefined();
    const leftOut = partial.leftOut.map((l) => l.name);
    const partViews = compendiumRankings(build)
      .filter((r) => r.id === partial.id)
      .map((p) => rankingView(build, p));
    expect(partViews.length).toBeGreaterThan(1);
    for (const view of partViews.slice(0, -1)) {
      expect(view.chart.caption).toContain(`${leftOut.length === 1 ? "One city is" : `${leftOut.length} cities are`} left out; the last part of this ranking names them.`);
      for (const name of leftOut) expect(view.chart.caption).not.toContain(`${name} (`);
    }
    for (const name of leftOut) expect(partViews.at(-1)!.chart.caption).toContain(`${name} (`);
    // Each says how many the whole ranking ranks, and reaches the same axis end.
    for (const view of views) expect(view.chart.caption).toContain(`${whole.ranked.length} cities are ranked`);
    expect(new Set(parts.map((p) => p.whole?.axisMax)).size).toBe(1);
    registerBrandFonts(build.brand, build.options.root);
    const ends = views.map(
      (view, i) => rankedSpec(view.chart, view.index, build.brand, build.words, { reversed: false, axisMax: parts[i]!.whole?.axisMax }).options?.scales?.x?.max,
    );
    expect(new Set(ends).size).toBe(1);
    // Forty rows of 16 pt and the notes: within a page at full size (A4's content is some 690 pt).
    for (const view of views) expect(chartSize(view.chart).heightPt).toBeLessThanOrEqual(680);
  }, 60_000);
});
