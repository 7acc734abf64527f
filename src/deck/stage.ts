import type { CitypitchError } from "../errors.ts";
import type { ChartsBySlug, StageInput } from "../stage.ts";
/**
 * PLACEHOLDER until the deck module lands. Returns a CitypitchError (not thrown) when a browser is
 * missing, so Markdown and HTML are still committed before the run fails.
 */
export async function deckStage(_input: StageInput, _charts: ChartsBySlug): Promise<CitypitchError | undefined> {
  throw new Error("deck stage not implemented yet");
}
