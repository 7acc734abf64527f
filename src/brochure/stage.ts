import type { ChartsBySlug, StageInput } from "../stage.ts";
/** PLACEHOLDER until the brochure module lands. */
export async function brochureStage(_input: StageInput, _charts: ChartsBySlug): Promise<void> {
  throw new Error("brochure stage not implemented yet");
}
