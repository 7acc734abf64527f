import { contrast } from "../../src/brochure/colour.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { plainSpaces } from "../helpers/words.ts";
import type { CityContext } from "../../src/context.ts";
import type { Chart } from "../../src/data/schema.ts";
import { barSpec, crowdedColumns, growthSteps } from "../../src/charts/specs/bar.ts";
import { hbarSpec } from "../../src/charts/specs/hbar.ts";
import { shareSpec } from "../../src/charts/specs/share.ts";
import { targetSpec } from "../../src/charts/specs/target.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import { resolvePoints } from "../../src/charts/points.ts";
import { brandFonts, palette, tint } from "../../src/charts/theme.ts";
import { chartById, cityContext } from "./context.ts";

let ctx: CityContext;
beforeAll(async () => {
  ctx = await cityContext();
});

const pluginIds = (config: { plugins?: { id: string }[] }) => (config.plugins ?? []).map((p) => p.id);

describe("bar spec", () => {
  it("plots a figure over its years, from zero, with the derived year lighter and marked", () => {
    const config = barSpec(chartById(ctx, "port-throughput"), ctx.figures, ctx.brand, ctx.words);
    const p = palette(ctx.brand);
    const dataset = config.data.datasets[0]!;
    expect(config.type).toBe("bar");
    expect(config.data.labels).toEqual(["2006", "2007"]);
    expect(dataset.data).toEqual([145.25, 165.44]);
    expect(dataset.backgroundColor).toEqual([tint(p.primary, 0.78), p.primary]);
    expect(dataset.borderWidth).toEqual([1.25, 0]);
    expect(config.options?.scales?.y).toMatchObject({ beginAtZero: true });
    const bars = config.options!.plugins!.cpBars!;
    expect(bars.marks!.map((m) => ({ ...m, text: plainSpaces(m.text ?? "") }))).toEqual([
      { text: "145.25 Mt", derived: true, colour: p.primary },
      { text: "over 165.44 Mt", derived: false, colour: p.primary },
    ]);
    expect(bars.marker).toBe(ctx.words.messages.t("chart.derivedMarker"));
    expect(config.options!.plugins!.cpNotes).toMatchObject({ unit: "Million tonnes", derived: expect.stringContaining("derived") });
    expect(config.options!.plugins!.cpGrowth!.steps).toEqual([{ from: 0, to: 1, text: "+13.9%" }]);
  });

  it("formats axis ticks with the shared formatter", () => {
    const config = barSpec(chartById(ctx, "port-throughput"), ctx.figures, ctx.brand, ctx.words);
    const callback = (config.options!.scales!.y!.ticks as { callback: (v: number) => string }).callback;
    expect(callback(140000)).toBe("140,000");
    expect(callback(2.5)).toBe("2.5");
  });

  it("draws the background first and the notes last, and nothing from system fonts", () => {
    const config = barSpec(chartById(ctx, "port-throughput"), ctx.figures, ctx.brand, ctx.words);
    expect(pluginIds(config)).toEqual(["cpBackground", "cpBars", "cpGrowth", "cpNotes"]);
    expect(config.options!.plugins!.cpBackground).toEqual({ colour: "#FFFFFF" });
    const x = config.options!.scales!.x!.ticks as { font: { family: string; weight: string } };
    expect(x.font.family).toBe("citypitch-body, citypitch-local");
    expect(x.font.weight).toBe("bold");
  });

  it("labels side-by-side figures by the chart's labels and shows no growth between them", () => {
    const chart: Chart = { ...chartById(ctx, "port-throughput"), labelBy: "label", labels: ["Earlier", "Later"] };
    const config = barSpec(chart, ctx.figures, ctx.brand, ctx.words);
    expect(config.data.labels).toEqual(["Earlier", "Later"]);
    expect(config.options!.plugins!.cpGrowth!.steps).toEqual([]);
  });

  it("signs a fall as negative", () => {
    const points = resolvePoints(chartById(ctx, "port-throughput"), ctx.figures, ctx.words).reverse();
    expect(growthSteps(points, ctx.words)[0]!.text).toBe("−12.2%");
  });

  it("says the published growth between a year and the one worked back from it, not the growth recomputed from the rounded value", () => {
    // Testville publishes 13.9 %, and last year's 145.25 Mt is worked back from it: 165.44 / 145.25 is 13.9 % too.
    const figures = new Map(ctx.figures);
    const growth = figures.get("connectivity.port.figures.throughputGrowth")!;
    // Published as 14.2 %, the same 145.25 Mt recomputes to 13.9 %: the pill must say 14.2 %.
    figures.set("connectivity.port.figures.throughputGrowth", { ...growth, value: 14.2 });
    const points = resolvePoints(chartById(ctx, "port-throughput"), figures, ctx.words);
    expect(points[0]!.priorOf).toEqual({ later: "connectivity.port.figures.throughput", growth: 14.2 });
    expect(growthSteps(points, ctx.words).map((s) => s.text)).toEqual(["+14.2%"]);
    // Read the other way round, the step is recomputed from the values, as for any two figures.
    expect(growthSteps([...points].reverse(), ctx.words)[0]!.text).toBe("−12.2%");
  });

  it("leaves out the derived key when every value is published", () => {
    const chart: Chart = { ...chartById(ctx, "port-throughput"), figures: ["connectivity.port.figures.throughput"] };
    const config = barSpec(chart, ctx.figures, ctx.brand, ctx.words);
    expect(config.options!.plugins!.cpNotes!.derived).toBe("");
    expect(config.data.datasets[0]!.backgroundColor).toEqual([palette(ctx.brand).primary]);
  });
});

describe("bar spec with many columns", () => {
  it("turns columns too narrow for their value labels across, in the data's order, each label on its own row", () => {
    const labels = Array.from({ length: 10 }, (_, i) => `Place ${i + 1}`);
    const figures = labels.map((_, i) => (i % 2 === 0 ? "connectivity.port.figures.throughput" : "connectivity.port.figures.throughput2006"));
    const chart: Chart = { ...chartById(ctx, "port-throughput"), labelBy: "label", labels, figures };
    const config = barSpec(chart, ctx.figures, ctx.brand, ctx.words);
    expect(config.options!.indexAxis).toBe("y");
    // Not ranked: a bar chart's order is the data's (years, or places as listed).
    expect(config.data.labels).toEqual(labels);
    expect(config.data.datasets[0]!.data).toEqual(figures.map((f) => (f.endsWith("2006") ? 145.25 : 165.44)));
    // Two columns keep their place upright.
    expect(barSpec(chartById(ctx, "port-throughput"), ctx.figures, ctx.brand, ctx.words).options!.indexAxis).toBeUndefined();
  });

  it("calls columns crowded when the widest label is wider than a column's share of the width", () => {
    expect(crowdedColumns(["over 165.44 Mt", "145.25 Mt"], 444, 9.5)).toBe(false);
    expect(crowdedColumns(Array(11).fill("at least 66,729"), 444, 9.5)).toBe(true);
    expect(crowdedColumns(Array(6).fill("12"), 444, 9.5)).toBe(false);
    expect(crowdedColumns([], 444, 9.5)).toBe(false);
  });
});

describe("hbar spec", () => {
  it("ranks the bars largest first, keeps qualifiers, and puts the unit and year in the caption", () => {
    const config = hbarSpec(chartById(ctx, "weekly-flights"), ctx.figures, ctx.brand, ctx.words);
    expect(config.options!.indexAxis).toBe("y");
    expect(config.data.labels).toEqual(["Capital City", "Fixturia", "Mockonia"]);
    expect(config.data.datasets[0]!.data).toEqual([210, 70, 40]);
    const marks = config.options!.plugins!.cpBars!.marks!;
    expect(marks.map((m) => plainSpaces(m.text ?? ""))).toEqual(["over 210", "over 70", "over 40"]);
    expect(marks.map((m) => m.derived)).toEqual([true, false, false]);
    expect(config.options!.plugins!.cpNotes!.unit).toBe("Flights a week, 2008");
  });

  it("leaves room past the longest bar for its label", () => {
    const config = hbarSpec(chartById(ctx, "weekly-flights"), ctx.figures, ctx.brand, ctx.words);
    const x = config.options!.scales!.x as { max: number; display: boolean; beginAtZero: boolean };
    expect(x.beginAtZero).toBe(true);
    expect(x.max).toBeGreaterThan(210 * 1.3);
  });

  it("ranks against the data's order", () => {
    const chart = chartById(ctx, "weekly-flights");
    const reversed: Chart = { ...chart, figures: [...chart.figures].reverse(), labels: [...chart.labels!].reverse() };
    const config = hbarSpec(reversed, ctx.figures, ctx.brand, ctx.words);
    expect(config.data.labels).toEqual(["Capital City", "Fixturia", "Mockonia"]);
  });
});

describe("share spec", () => {
  it("draws one ring per share, each against the rest of the whole, apart by a clear spacer", () => {
    const config = shareSpec(chartById(ctx, "port-share"), ctx.figures, ctx.brand, ctx.words);
    const p = palette(ctx.brand);
    expect(config.type).toBe("doughnut");
    const rings = config.data.datasets;
    expect(rings).toHaveLength(3);
    expect(rings[0]).toMatchObject({ data: [70, 30], backgroundColor: [p.series[0], p.surface] });
    expect(rings[1]).toMatchObject({ data: [100], backgroundColor: ["rgba(0,0,0,0)"] });
    expect(rings[2]).toMatchObject({ data: [90, 10], backgroundColor: [p.series[1], p.surface] });
  });

  it("keeps each share's qualifier in the key", () => {
    const config = shareSpec(chartById(ctx, "port-share"), ctx.figures, ctx.brand, ctx.words);
    expect(config.options!.plugins!.cpRings!.items).toEqual([
      { qualifier: "over", number: "70%", label: "Seaborne goods", detail: "Share of northeast Testland's seaborne goods", colour: "#0B3954", text: "#0B3954" },
      { qualifier: "over", number: "90%", label: "Foreign-trade containers", detail: "Share of northeast Testland's foreign-trade containers", colour: "#087E8B", text: "#087E8B" },
    ]);
    // A pale ring colour stays the ring's, and its number is set darker, to 3:1 on the paper.
    const pale = { ...ctx.brand, colours: { ...ctx.brand.colours, chart: ["#FFF3B0", "#D8F3DC", ...ctx.brand.colours.chart.slice(2)] } };
    const items = shareSpec(chartById(ctx, "port-share"), ctx.figures, pale, ctx.words).options!.plugins!.cpRings!.items!;
    expect(items.map((i) => i.colour)).toEqual(["#FFF3B0", "#D8F3DC"]);
    for (const item of items) expect(contrast(item.text!, pale.colours.paper)).toBeGreaterThanOrEqual(3);
    expect(config.options!.plugins!.cpNotes!.unit).toBe("Per cent, 2008, as published");
  });
});

describe("target spec", () => {
  it("gives each target its own panel, badged as a target, and no shared axis", () => {
    const config = targetSpec(chartById(ctx, "outsourcing-targets"), ctx.figures, ctx.brand, ctx.words);
    expect(config.data.datasets).toEqual([]);
    expect(config.options!.scales).toEqual({ x: { display: false }, y: { display: false } });
    expect(config.options!.plugins!.cpPanels!.items).toEqual([
      { badge: "2010 TARGET", qualifier: "", number: "140,000", unit: "people", label: "Service-outsourcing employees" },
      { badge: "2010 TARGET", qualifier: "", number: "50", unit: "brands", label: "Well-known Testville software brands" },
      { badge: "2010 TARGET", qualifier: "", number: "4–6", unit: "firms", label: "Outsourcing firms with turnover above RMB 1 billion" },
    ]);
    expect(config.options!.plugins!.cpPanels!.accent).toBe(ctx.brand.colours.accent);
  });
});

describe("sizes and fonts", () => {
  it("sizes every chart to print at 300 dpi in whole pixels", () => {
    for (const chart of ctx.city.charts) {
      const { widthPt, heightPt } = chartSize(chart);
      expect(widthPt).toBeLessThanOrEqual(495);
      expect((widthPt * 300) / 72).toBeGreaterThanOrEqual(2000);
      expect(Number.isInteger((heightPt * 300) / 72)).toBe(true);
      expect(buildSpec(chart, ctx.figures, ctx.brand, ctx.words).plugins?.[0]?.id).toBe("cpBackground");
    }
  });

  it("registers a font file shared by two roles only once", () => {
    const { files, fonts } = brandFonts(ctx.brand);
    expect(new Set(files.map((f) => f.file)).size).toBe(files.length);
    // Inter SemiBold is both body bold and heading regular in the brand.
    expect(files.filter((f) => f.file.includes("SemiBold"))).toHaveLength(1);
    expect(fonts.heading).toEqual({ family: "citypitch-heading, citypitch-local", weight: "bold", style: "normal" });
  });
});
