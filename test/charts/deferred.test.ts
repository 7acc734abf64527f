/**
 * The charts stage hands the PNGs over before it draws the SVGs when the layer takes the rest
 * (ChartMemo.later): the pictures then reach the brochure and the deck without waiting for a file
 * only the chart folder needs, and the files come out as they did when drawn in one go.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { idleMoment } from "../../src/charts/idle.ts";
import { registerBrandFonts, renderPng, renderSvg } from "../../src/charts/render.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import { chartsStage } from "../../src/charts/stage.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { options } from "../helpers/project.ts";
import { cityContext } from "./context.ts";

describe("chart files finished later", () => {
  it("hands over PNGs first; the SVG files, the memo and the log follow, the same as drawn at once", async () => {
    const ctx = await cityContext();
    const out = mkdtempSync(join(tmpdir(), "citypitch-deferred-"));
    const staging = await Staging.create(out);
    const lines: string[] = [];
    const put: string[] = [];
    let finish: ((urgent: Promise<unknown>) => Promise<void>) | undefined;
    const memo = {
      get: () => undefined,
      put: (_: unknown, chart: { id: string }, __: Buffer, svg: string) => void put.push(`${chart.id}:${svg.length > 0}`),
      later: (f: typeof finish) => void (finish = f),
    };
    try {
      const charts = (
        await chartsStage({ contexts: [ctx], staging, log: new BuildLog((l) => lines.push(l)), options: options({ out, formats: "charts" }), chartMemo: memo as never })
      ).get("testville")!;
      expect(finish).toBeDefined();
      // Handed over: every PNG, no SVG yet, nothing written or remembered.
      expect(charts.map((c) => [c.png.subarray(1, 4).toString(), c.svg])).toEqual(ctx.city.charts.map(() => ["PNG", ""]));
      expect(lines).toEqual([]);
      expect(put).toEqual([]);
      expect(existsSync(staging.pathFor("testville", "charts/port-throughput.svg"))).toBe(false);

      await finish!(Promise.resolve());
      registerBrandFonts(ctx.brand, ctx.options.root);
      for (const [i, chart] of ctx.city.charts.entries()) {
        const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
        expect(readFileSync(staging.pathFor("testville", `charts/${chart.id}.svg`), "utf8"), chart.id).toBe(await renderSvg(build, chartSize(chart)));
        const png = readFileSync(staging.pathFor("testville", `charts/${chart.id}.png`));
        expect(png.equals(charts[i]!.png), `${chart.id} handed over`).toBe(true);
        expect(png.equals(await renderPng(build, chartSize(chart))), `${chart.id} fresh`).toBe(true);
      }
      expect(put).toEqual(ctx.city.charts.map((c) => `${c.id}:true`));
      expect(lines.filter((l) => /testville\/charts\/.*\.(png|svg)/.test(l))).toHaveLength(ctx.city.charts.length * 2);
    } finally {
      await staging.discard();
    }
  });
});

describe("idleMoment", () => {
  it("waits while the event loop is busy, and not once it is idle", async () => {
    // Busy: 20 ms of work in every turn of the loop, for 150 ms.
    const end = performance.now() + 150;
    const spin = () => {
      const until = performance.now() + 20;
      while (performance.now() < until);
      if (performance.now() < end) setImmediate(spin);
    };
    const start = performance.now();
    setImmediate(spin);
    await idleMoment(new Promise(() => {}));
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
    const idle = performance.now();
    await idleMoment(new Promise(() => {}));
    expect(performance.now() - idle).toBeLessThan(100);
  });

  it("stops waiting once the work is urgent", async () => {
    let stop = false;
    const spin = () => {
      const until = performance.now() + 20;
      while (performance.now() < until);
      if (!stop) setImmediate(spin);
    };
    setImmediate(spin);
    const start = performance.now();
    await idleMoment(new Promise((resolve) => setTimeout(resolve, 60)));
    stop = true;
    const waited = performance.now() - start;
    expect(waited).toBeGreaterThanOrEqual(55);
    expect(waited).toBeLessThan(1000);
  });
});
