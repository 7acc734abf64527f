/** What every slide builder shares while one city's PowerPoint is made. */
import type { PptxGenJS } from "./pptxgen.ts";
import type { ChartArtifact, CityContext } from "../context.ts";
import type { DeckModel } from "../deck/model.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import type { MessageValues } from "../content/messages.ts";
import type { Patches } from "./package.ts";
import type { Colours } from "./theme.ts";
import type { FontFaces, TextMeasure } from "./text.ts";

export interface PptxDeck {
  pptx: PptxGenJS;
  ctx: CityContext;
  model: DeckModel;
  m: TextMeasure;
  col: Colours;
  faces: FontFaces;
  t: (id: string, values?: MessageValues) => string;
  artifacts: ReadonlyMap<string, ChartArtifact>;
  patches: Patches;
}

/** Text that cannot fit its slide even at the densest step and alone on a continuation slide. */
export function tooLong(deck: PptxDeck, slide: string, field: string | undefined, what: string): CitypitchError {
  const { city } = deck.ctx;
  const file = `data/cities/${city.slug}.yaml`;
  return new CitypitchError(
    EXIT.renderFailed,
    `${city.slug}: the PowerPoint slide "${slide}" cannot fit ${what}${field ? ` (${field})` : ""}, even at the smallest type size`,
    [{ severity: "error", location: { file }, path: field, message: `too long for the PowerPoint slide "${slide}"` }],
    "shorten the text in the data file",
  );
}
