/** What every slide builder shares while one city's PowerPoint is made. */
import { join, relative } from "node:path";
import { locateFieldInFile } from "../data/locate.ts";
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
  /** A content slide's title width, beside the corner logo (defineMasters). */
  titleWidth: number;
}

/** Text that cannot fit its slide even at the densest step and alone on a continuation slide. */
export function tooLong(deck: PptxDeck, slide: string, field: string | undefined, what: string): CitypitchError {
  const { city, options } = deck.ctx;
  const abs = join(options.dataDir, "cities", `${city.slug}.yaml`);
  const shown = relative(options.root, abs) || abs;
  const location = field ? locateFieldInFile(abs, shown, field) : { file: shown };
  return new CitypitchError(
    EXIT.renderFailed,
    `${city.slug}: the PowerPoint slide "${slide}" cannot fit ${what}${field ? ` (${field})` : ""}, even at the smallest type size`,
    [{ severity: "error", location, path: field, message: `too long for the PowerPoint slide "${slide}"` }],
    "shorten the text in the data file",
  );
}
