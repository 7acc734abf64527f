import type { ChartsBySlug, StageInput } from "../stage.ts";
/** PLACEHOLDER until the charts module lands. */
export async function chartsStage(_input: StageInput): Promise<ChartsBySlug> {
  throw new Error("charts stage not implemented yet");
}
