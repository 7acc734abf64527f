/**
 * The PPTX made on the second lane (begun beside the charts, as a build with other formats does)
 * is byte for byte the one made in this thread, and a city whose PPTX fails there fails as here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { chartsStage } from "../../src/charts/stage.ts";
import { EXIT } from "../../src/errors.ts";
import { preparePptx, pptxOnLane, theLane, warmLane } from "../../src/lanes/lane.ts";
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
