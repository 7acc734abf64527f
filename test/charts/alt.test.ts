import { beforeAll, describe, expect, it } from "vitest";
import type { CityContext } from "../../src/context.ts";
import type { Chart } from "../../src/data/schema.ts";
import { altText } from "../../src/charts/alt.ts";
import { chartById, cityContext, dalianContext } from "./context.ts";
import { plainSpaces } from "../helpers/words.ts";

let ctx: CityContext;
beforeAll(async () => {
  ctx = await cityContext();
});

const alt = (chart: Chart, c = ctx) => plainSpaces(altText(chart, c.figures, c.city.name.en, c.words));

describe("alt text", () => {
  it("tells a year-on-year bar chart as a change, with the derived year marked", async () => {
    const dalian = await dalianContext();
    expect(alt(chartById(dalian, "port-throughput"), dalian)).toBe(
      "Bar chart: Port cargo throughput in Dalian rose from about 145.3 million tonnes in 2006 (derived) to over 165.44 million tonnes in 2007, up 13.9%.",
    );
  });

  it("says a fall is a fall", () => {
    const chart = chartById(ctx, "port-containers");
    expect(alt({ ...chart, figures: [...chart.figures].reverse() })).toContain(
      "fell from 3.81 million containers in 2007 (or 2006) to 3.21 million containers in 2006 (derived), down 15.7%",
    );
  });

  it("lists ranked bars largest first with every qualifier and the shared year", () => {
    const text = alt(chartById(ctx, "weekly-flights"));
    expect(text).toContain("in Testville (2008):");
    expect(text).toContain("Capital City, over 210 flights a week (derived); Fixturia, over 70 flights a week; Mockonia, over 40 flights a week.");
  });

  it("keeps 'over' with each share", () => {
    const text = alt(chartById(ctx, "port-share"));
    expect(text).toMatch(/^Ring chart of shares: /);
    expect(text).toContain("Seaborne goods, over 70 per cent; Foreign-trade containers, over 90 per cent.");
  });

  it("calls targets targets, with their years and ranges", () => {
    const text = alt(chartById(ctx, "outsourcing-targets"));
    expect(text).toContain("Targets, not results");
    expect(text).toContain("Service-outsourcing employees, 140,000 people by 2010");
    expect(text).toContain("4–6 enterprises by 2010");
  });

  it("names the city once, even when the title already does", () => {
    const chart = { ...chartById(ctx, "port-share"), title: "Sea trade through Testville" };
    expect(alt(chart)).toMatch(/^Ring chart of shares: Sea trade through Testville \(/);
  });

  it("contains every plotted value of every chart", () => {
    for (const chart of ctx.city.charts) {
      const text = alt(chart);
      for (const path of chart.figures) {
        const value = new Intl.NumberFormat("en-GB").format(ctx.figures.get(path)!.value);
        expect(text, chart.id).toContain(value);
      }
    }
  });
});
