/**
 * The second lane (a worker thread) makes exactly what the main thread would: the brochure it lays
 * out is byte for byte the one made here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { brochureStage } from "../../src/brochure/stage.ts";
import { chartsStage } from "../../src/charts/stage.ts";
import { brochureOnLane, runningLane, theLane } from "../../src/lanes/lane.ts";
import { TaskQueue } from "../../src/lanes/queue.ts";
import { registerBrandFonts, renderPng, renderSvg } from "../../src/charts/render.ts";
import { CLAIMED_BY_LANE, CLAIMED_BY_MAIN } from "../../src/charts/onLane.ts";
import { contextData } from "../../src/lanes/tasks.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { options, TESTVILLE } from "../helpers/project.ts";
import { loadContexts } from "../deck/project.ts";

async function stageInput(formats: string, data = TESTVILLE, slugs = ["testville"]) {
  const contexts = await loadContexts(data, slugs, formats);
  const outDir = mkdtempSync(join(tmpdir(), "citypitch-lane-"));
  const staging = await Staging.create(outDir);
  const lines: string[] = [];
  return { input: { contexts, staging, log: new BuildLog((l) => lines.push(l)), options: options({ data, formats, out: outDir }) }, lines };
}

describe("the second lane", () => {
  it("lays out the brochure byte for byte as this thread does, and logs it", async () => {
    const { input, lines } = await stageInput("brochure");
    const here = await stageInput("brochure");
    try {
      const charts = await chartsStage(input);
      expect(await brochureOnLane(input, charts)).toEqual([]);
      // A worker thread, not the fallback that runs the same tasks here.
      expect(theLane().onWorker).toBe(true);
      expect(await brochureStage(here.input, charts)).toEqual([]);
      const name = "testville-brochure.pdf";
      const lane = readFileSync(input.staging.pathFor("testville", name));
      const local = readFileSync(here.input.staging.pathFor("testville", name));
      expect(lane.subarray(0, 5).toString()).toBe("%PDF-");
      expect(Buffer.compare(lane, local)).toBe(0);
      expect(lines.some((l) => l.includes(`testville/${name}`))).toBe(true);
    } finally {
      await input.staging.discard();
      await here.input.staging.discard();
    }
  }, 120_000);

  it("draws the chart files' SVGs, when the charts stage leaves them for later, byte for byte as this thread does", async () => {
    const { input, lines } = await stageInput("charts,brochure");
    let finish: ((urgent: Promise<unknown>) => Promise<void>) | undefined;
    const memo = { get: () => undefined, put: () => {}, later: (f: typeof finish) => void (finish = f) };
    try {
      theLane();
      expect(runningLane()).toBeDefined();
      await chartsStage({ ...input, chartMemo: memo as never });
      await finish!(Promise.resolve());
      const [ctx] = input.contexts;
      registerBrandFonts(ctx!.brand, ctx!.options.root);
      for (const chart of ctx!.city.charts) {
        const here = await renderSvg(() => buildSpec(chart, ctx!.figures, ctx!.brand, ctx!.words), chartSize(chart));
        expect(readFileSync(input.staging.pathFor("testville", `charts/${chart.id}.svg`), "utf8"), chart.id).toBe(here);
      }
      expect(lines.filter((l) => /testville\/charts\/.*\.svg/.test(l))).toHaveLength(ctx!.city.charts.length);
    } finally {
      await input.staging.discard();
    }
  }, 120_000);

  it("draws the charts' PNGs it claims, from the end of the list, byte for byte as this thread does, and names a chart whose text does not fit", async () => {
    const { input } = await stageInput("charts,brochure");
    try {
      const lane = theLane();
      const [ctx] = input.contexts;
      // This thread loads node-canvas and registers the fonts first, as the charts stage does.
      registerBrandFonts(ctx!.brand, ctx!.options.root);
      const here = await Promise.all(ctx!.city.charts.map((chart) => renderPng(() => buildSpec(chart, ctx!.figures, ctx!.brand, ctx!.words), chartSize(chart))));
      const charts = ctx!.city.charts.map((chart, job) => ({ id: chart.id, job }));
      const claims = new Int32Array(new SharedArrayBuffer(4 * charts.length));
      // The first job is this thread's: the lane leaves it.
      claims[0] = CLAIMED_BY_MAIN;
      const [drawn] = await lane.run("drawPngs", [{ context: contextData(ctx!), charts }], claims);
      expect(drawn![0]).toBeUndefined();
      drawn!.slice(1).forEach((result, i) => {
        expect(result && "png" in result, charts[i + 1]!.id).toBe(true);
        expect(Buffer.compare(Buffer.from((result as { png: Uint8Array }).png), here[i + 1]!), charts[i + 1]!.id).toBe(0);
      });
      expect([...claims].slice(1).every((claim) => claim === CLAIMED_BY_LANE)).toBe(true);
      // A chart whose key is taller than its picture comes back as the texts, for this thread to locate.
      const long = Array.from({ length: 40 }, (_, i) => `goods of kind ${i + 1}`).join(", ");
      const city = { ...ctx!.city, charts: ctx!.city.charts.map((chart) => (chart.id === "port-share" ? { ...chart, labels: [long, "Foreign-trade containers"] } : chart)) };
      const [misfit] = await lane.run("drawPngs", [{ context: { ...contextData(ctx!), city }, charts: [{ id: "port-share", job: 0 }] }], new Int32Array(new SharedArrayBuffer(4)));
      expect(misfit![0] && "overflow" in misfit![0] ? misfit![0].overflow.length : 0).toBeGreaterThan(0);
    } finally {
      await input.staging.discard();
    }
  }, 120_000);

  it("makes each city's brochure as a task of its own, staged and logged in the cities' order, byte for byte as this thread does", async () => {
    const data = mkdtempSync(join(tmpdir(), "citypitch-lane-cities-"));
    const slugs = writeFictionalProject(data, 3, 7);
    const { input, lines } = await stageInput("brochure", data, slugs);
    const here = await stageInput("brochure", data, slugs);
    const run = vi.spyOn(theLane(), "run");
    try {
      const charts = await chartsStage(input);
      expect(await brochureOnLane(input, charts)).toEqual([]);
      // One city per task: the lane holds one city's brochure and charts at a time, and hands each
      // back as soon as it is made.
      const brochures = run.mock.calls.filter(([task]) => task === "brochure");
      expect(brochures.map(([, contexts]) => (contexts as readonly { city: { slug: string } }[]).map((c) => c.city.slug))).toEqual(slugs.map((s) => [s]));
      expect(await brochureStage(here.input, charts)).toEqual([]);
      for (const slug of slugs) {
        const name = `${slug}-brochure.pdf`;
        const lane = readFileSync(input.staging.pathFor(slug, name));
        expect(lane.subarray(0, 5).toString()).toBe("%PDF-");
        expect(Buffer.compare(lane, readFileSync(here.input.staging.pathFor(slug, name))), slug).toBe(0);
      }
      const logged = lines.flatMap((l) => slugs.filter((s) => l.includes(`${s}/${s}-brochure.pdf`)));
      expect(logged).toEqual(slugs);
    } finally {
      run.mockRestore();
      await input.staging.discard();
      await here.input.staging.discard();
      rmSync(data, { recursive: true, force: true });
    }
  }, 180_000);

  it("reports a task's error with its message", async () => {
    await expect(theLane().run("brochure", [{} as never], {} as never, [])).rejects.toThrow(/second lane|Cannot|undefined/);
  });
});

describe("the lane's queue", () => {
  it("runs tasks in the order sent, a background task once no other task waits", () => {
    const queue = new TaskQueue<{ name: string; background?: boolean }>();
    queue.push({ name: "brochure" });
    queue.push({ name: "svgs", background: true });
    queue.push({ name: "pptx" });
    expect(queue.next()?.name).toBe("brochure");
    queue.push({ name: "compendium" });
    expect([queue.next(), queue.next(), queue.next(), queue.next()].map((t) => t?.name)).toEqual(["pptx", "compendium", "svgs", undefined]);
  });
});
