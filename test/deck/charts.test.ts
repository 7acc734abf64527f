/** Paired bar charts get images drawn for their half-slide width; every other chart keeps its print image. */
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { chartsStage } from "../../src/charts/stage.ts";
import { deckChartArtifacts, PAIRED_BAR_SIZE } from "../../src/deck/charts.ts";
import { pairedChartIds } from "../../src/deck/model.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { TESTVILLE } from "../helpers/project.ts";
import { loadContexts } from "./project.ts";

/** Width and height in pixels from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe("deck chart images", () => {
  it("redraws the two port bar charts on the smaller canvas and keeps the others", async () => {
    const [ctx] = await loadContexts(TESTVILLE, ["testville"], "md");
    const staging = await Staging.create(tmpdir());
    try {
      const print = (await chartsStage({ contexts: [ctx!], staging, log: new BuildLog(() => {}), options: ctx!.options })).get("testville")!;
      const paired = pairedChartIds(print);
      expect([...paired]).toEqual(["port-throughput", "port-containers"]);
      const deck = await deckChartArtifacts(ctx!, print);
      expect(deck.map((a) => a.id)).toEqual(print.map((a) => a.id));
      for (const [i, artifact] of deck.entries()) {
        if (!paired.has(artifact.id)) {
          expect(artifact).toBe(print[i]);
          continue;
        }
        expect({ widthPt: artifact.widthPt, heightPt: artifact.heightPt }).toEqual(PAIRED_BAR_SIZE);
        expect(pngSize(artifact.png)).toEqual({ width: Math.floor((PAIRED_BAR_SIZE.widthPt * 300) / 72), height: Math.floor((PAIRED_BAR_SIZE.heightPt * 300) / 72) });
        // Same shape as the print image within a percent, so the slide's layout does not move.
        const ratio = (a: { widthPt: number; heightPt: number }) => a.widthPt / a.heightPt;
        expect(Math.abs(ratio(artifact) / ratio(print[i]!) - 1)).toBeLessThan(0.01);
      }
    } finally {
      await staging.discard();
    }
  });
});
