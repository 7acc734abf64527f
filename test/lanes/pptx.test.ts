/**
 * The PPTX made on the second lane (begun beside the charts, as a build with other formats does)
 * is byte for byte the one made in this thread, and a city whose PPTX fails there fails as here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it, vi } from "vitest";
import { chartsStage } from "../../src/charts/stage.ts";
import { EXIT } from "../../src/errors.ts";
import { beginPptxEarly, preparePptx, pptxOnLane, theLane, warmLane } from "../../src/lanes/lane.ts";
import { BuildLog } from "../../src/log.ts";
import { contextData, tasks } from "../../src/lanes/tasks.ts";
import { Staging } from "../../src/output.ts";
import { pptxStage } from "../../src/pptx/stage.ts";
import { loadContexts } from "../deck/project.ts";
import { copyFixture, edit, options, TESTVILLE } from "../helpers/project.ts";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

async function stageInput(data: string, formats: string) {
  const contexts = await loadContexts(data, ["testville"], formats);
  const outDir = mkdtempSync(join(tmpdir(), "citypitch-lane-pptx-"));
  cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
  const staging = await Staging.create(outDir);
  cleanups.push(() => void staging.discard());
  const lines: string[] = [];
  return { input: { contexts, staging, log: new BuildLog((l) => lines.push(l)), options: options({ data, formats, out: outDir }) }, lines };
}

describe("the PPTX on the second lane", () => {
  it("is begun beside the charts and comes back byte for byte as this thread makes it, and logged", async () => {
    // A build that also makes other formats sends the PPTX to the lane.
    warmLane(new Set(["pptx", "html"]));
    const { input, lines } = await stageInput(TESTVILLE, "pptx");
    const here = await stageInput(TESTVILLE, "pptx");
    await preparePptx(input);
    const charts = await chartsStage(input);
    expect(await pptxOnLane(input, charts)).toEqual([]);
    expect(theLane().onWorker).toBe(true);
    expect(await pptxStage(here.input, charts)).toEqual([]);
    const name = "testville-deck.pptx";
    const lane = readFileSync(input.staging.pathFor("testville", name));
    const local = readFileSync(here.input.staging.pathFor("testville", name));
    const parts = unzipSync(lane);
    expect(strFromU8(parts["ppt/slides/slide1.xml"]!)).toContain("Testville");
    expect(Buffer.compare(lane, local)).toBe(0);
    expect(lines.some((l) => l.includes(`testville/${name}`))).toBe(true);
    // Without a worker, the lane runs the same task in this thread: the same bytes again.
    const fallback = await tasks.pptx(here.input.contexts.map(contextData), here.input.options, []);
    expect(fallback.files.map((f) => f.name)).toEqual([name]);
    expect(Buffer.compare(Buffer.from(fallback.files[0]!.bytes), local)).toBe(0);
  }, 120_000);

  it("begun as soon as the editions are known, is the one the stage takes; an earlier build's is never taken for other data", async () => {
    warmLane(new Set(["pptx", "html"]));
    const sent = vi.spyOn(theLane(), "run");
    const pptxTasks = () => sent.mock.calls.filter(([task]) => task === "pptx").length;
    try {
      // A build's PPTX begun early (build.ts, once the contexts are made): the stage sends no second one.
      const { input } = await stageInput(TESTVILLE, "pptx,html");
      beginPptxEarly(input.contexts, input.options);
      expect(pptxTasks()).toBe(1);
      await preparePptx(input);
      expect(await pptxOnLane(input, new Map())).toEqual([]);
      expect(pptxTasks()).toBe(1);
      const here = await stageInput(TESTVILLE, "pptx");
      await pptxStage(here.input, new Map());
      const name = "testville-deck.pptx";
      expect(Buffer.compare(readFileSync(input.staging.pathFor("testville", name)), readFileSync(here.input.staging.pathFor("testville", name)))).toBe(0);

      // A build that began its PPTX and then stopped (a template error), then a rebuild of the
      // same city from changed data that reuses the cache (so begins nothing early): the rebuild
      // makes its own PPTX from its own data.
      const stale = await stageInput(TESTVILLE, "pptx,html");
      beginPptxEarly(stale.input.contexts, stale.input.options);
      const data = copyFixture();
      cleanups.push(() => rmSync(data, { recursive: true, force: true }));
      edit(data, "cities/testville.yaml", "  headline: Put your next delivery centre in Testville", "  headline: Put your next hub in Testville");
      const rebuilt = await stageInput(data, "pptx");
      await preparePptx(rebuilt.input);
      expect(await pptxOnLane(rebuilt.input, new Map())).toEqual([]);
      expect(pptxTasks()).toBe(3);
      const xml = Object.entries(unzipSync(readFileSync(rebuilt.input.staging.pathFor("testville", name))))
        .filter(([part]) => part.startsWith("ppt/slides/slide"))
        .map(([, bytes]) => strFromU8(bytes))
        .join("");
      expect(xml).toContain("Put your next hub in Testville");
    } finally {
      sent.mockRestore();
    }
  }, 120_000);

  it("reports a city whose title cannot fit as this thread does: the format, the city, exit 4, the field", async () => {
    const data = copyFixture();
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));
    const long = "delivery centre ".repeat(30).trim();
    edit(data, "cities/testville.yaml", "  headline: Put your next delivery centre in Testville", `  headline: Put your next ${long} in Testville`);
    const { input } = await stageInput(data, "pptx");
    const here = await stageInput(data, "pptx");
    const onLane = await pptxOnLane(input, new Map(), true);
    expect(theLane().onWorker).toBe(true);
    const local = await pptxStage(here.input, new Map());
    expect(onLane).toHaveLength(1);
    expect(onLane[0]!.error.exitCode).toBe(EXIT.renderFailed);
    expect(onLane[0]!.error.problems[0]?.path).toBe("cta.headline");
    const plain = (failures: typeof onLane) => failures.map((f) => ({ format: f.format, slugs: f.slugs, ...f.error, message: f.error.message, hint: f.error.hint }));
    expect(plain(onLane)).toEqual(plain(local));
  }, 120_000);
});
