/** Target charts of many targets: panels wrap onto further rows, and the picture grows to hold them. */
import { describe, expect, it } from "vitest";
import { panelColumns, panelRows } from "../../src/charts/plugins/panels.ts";
import { chartSize } from "../../src/charts/spec.ts";
import type { Chart } from "../../src/data/schema.ts";

const target = (n: number) =>
  ({
    id: "t",
    kind: "target",
    title: "Targets",
    caption: "Fictional targets.",
    figures: Array.from({ length: n }, (_, i) => `industry.targets.figures.t${i}`),
    section: "industry",
  }) as unknown as Chart;

describe("target panels", () => {
  it("keeps up to five abreast, then rows of three or four as even as they come", () => {
    expect([1, 2, 3, 4, 5].map(panelColumns)).toEqual([1, 2, 3, 4, 5]);
    expect([6, 7, 8, 9, 12].map((n) => [panelColumns(n), panelRows(n)])).toEqual([
      [3, 2],
      [4, 2],
      [4, 2],
      [3, 3],
      [4, 3],
    ]);
  });

  it("draws a chart of more than five targets taller, a row at a time, never narrower panels", () => {
    const one = chartSize(target(5));
    const two = chartSize(target(7));
    expect(two.widthPt).toBe(one.widthPt);
    expect(two.heightPt).toBeGreaterThan(one.heightPt * 1.8);
    expect(chartSize(target(9)).heightPt).toBeGreaterThan(two.heightPt);
  });
});
