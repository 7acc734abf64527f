import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { chartsStage } from "../../src/charts/stage.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { options } from "../helpers/project.ts";
import { cityContext } from "./context.ts";

// One chart whose configuration Chart.js refuses, the way a broken spec would reach the renderer.
vi.mock("../../src/charts/spec.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/charts/spec.ts")>();
  return {
    ...real,
    buildSpec: (...args: Parameters<typeof real.buildSpec>) =>
      args[0].id === "port-share" ? { type: "no-such-chart", data: { datasets: [{ data: [1] }] } } : real.buildSpec(...args),
  };
});

describe("a chart that cannot be drawn", () => {
  it("stops the stage with the chart, the city and the renderer's reason, and leaves no failure unhandled", async () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-charts-"));
    const opts = options({ out, formats: "charts" });
    const ctx = await cityContext();
    // port-share is the third of five: the fourth starts before the third's result is awaited.
    expect(ctx.city.charts.map((c) => c.id).indexOf("port-share")).toBe(2);
    const run = chartsStage({ contexts: [ctx], staging: await Staging.create(out), log: new BuildLog(() => {}), options: opts });
    await expect(run).rejects.toThrow(/^chart "port-share" of testville could not be rendered: "no-such-chart" is not a registered controller/);
  });
});
