/**
 * The comparison deck as an editable PowerPoint, made with pptxgenjs from the portfolio's model and
 * the city decks' building blocks (src/pptx: brand masters, measured text boxes, native tables,
 * the finishing pass). Overview, a native table per group of measures (its rows continued on more
 * slides when they do not fit), a native bar chart per ranked measure, a summary per city, the
 * sources; every slide has speaker notes. No browser is needed.
 */
import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { locateFieldInFile, locateValue } from "../data/locate.ts";
import { CitypitchError, EXIT, type Location } from "../errors.ts";
import type { MessageValues } from "../content/messages.ts";
import { finish, newPatches, type Patches } from "../pptx/package.ts";
import { newPresentation, type PptxGenJS } from "../pptx/pptxgen.ts";
import { clean, TextMeasure, type FontFaces } from "../pptx/text.ts";
import { colours, defineMasters, pngAspect, schemeColours, type Colours } from "../pptx/theme.ts";
import { mostCommonLocalLanguage, buildPortfolioModel, type PortfolioBuild, type PortfolioModel } from "./model.ts";
import { buildComparisonSlides } from "./pptxSlides.ts";

export interface ComparisonPptx {
  pptx: PptxGenJS;
  build: PortfolioBuild;
  model: PortfolioModel;
  m: TextMeasure;
  col: Colours;
  faces: FontFaces;
  t: (id: string, values?: MessageValues) => string;
  patches: Patches;
  /** A content slide's title width, beside the corner logo (defineMasters). */
  titleWidth: number;
}

/** What a slide shows that can be too long for it: a city's field, an indicator's label, or a field of the portfolio file. */
export type Culprit = { city: string; field: string } | { indicator: string } | { portfolio: (string | number)[] };

export async function renderComparisonPptx(build: PortfolioBuild, measure?: TextMeasure): Promise<Buffer> {
  const { brand, options } = build;
  const { portfolio } = build.loaded;
  const localLanguage = mostCommonLocalLanguage(build);
  const m = measure ?? new TextMeasure(brand.fonts, options.root, localLanguage ? [build.language, localLanguage] : [build.language]);
  const model = buildPortfolioModel(build);
  const t = build.words.messages.t;
  const pptx = newPresentation();
  pptx.layout = "LAYOUT_WIDE";
  pptx.title = clean(portfolio.title);
  pptx.subject = clean(portfolio.subtitle ?? portfolio.title);
  pptx.author = clean(brand.name);
  pptx.company = clean(brand.name);
  pptx.theme = { headFontFace: m.faces.officeHeading, bodyFontFace: m.faces.officeBody };
  const col = colours(brand);
  const png = await readFile(resolve(options.root, brand.logo.png));
  const logo = { data: `image/png;base64,${png.toString("base64")}`, aspect: pngAspect(png), alt: brand.logo.alt };
  // The Marp comparison deck's running foot.
  const { titleWidth } = defineMasters(pptx, brand, col, m.faces, logo, `${portfolio.title} · ${model.portfolio.dateText}`);
  const deck: ComparisonPptx = { pptx, build, model, m, col, faces: { ...m.faces, lang: build.language }, t, patches: newPatches(), titleWidth };
  deck.patches.scheme = schemeColours(brand.name, col);
  deck.patches.logoAlt = logo.alt;
  // East Asian text (the cities' local names) in the script font it was measured in, not the Latin face.
  deck.patches.eastAsian = { typeface: m.faces.eastAsian, latin: [m.faces.heading, m.faces.body, m.faces.officeHeading, m.faces.officeBody] };
  buildComparisonSlides(deck);
  const raw = (await pptx.write({ outputType: "uint8array", compression: false })) as Uint8Array;
  return Buffer.from(finish(raw, deck.patches, build.buildDate));
}

/** Text that cannot fit its slide even at the densest step and alone on a continuation slide (exit 4, located). */
export function tooLong(deck: ComparisonPptx, slide: string, culprit: Culprit | undefined, what: string): CitypitchError {
  const { build } = deck;
  const { options } = build;
  const shown = (abs: string) => relative(options.root, abs) || abs;
  let location: Location;
  let path: string | undefined;
  if (culprit && "city" in culprit) {
    const abs = join(options.dataDir, "cities", `${culprit.city}.yaml`);
    location = locateFieldInFile(abs, shown(abs), culprit.field);
    path = culprit.field;
  } else if (culprit && "indicator" in culprit) {
    const abs = join(options.dataDir, "indicators.yaml");
    path = `indicators.${culprit.indicator}.label`;
    location = locateFieldInFile(abs, shown(abs), path);
  } else {
    location = culprit ? locateValue(build.loaded.source, culprit.portfolio) : { file: shown(join(options.dataDir, "portfolios", `${build.id}.yaml`)) };
    path = culprit?.portfolio
      .map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`))
      .join("")
      .replace(/^\./, "");
  }
  return new CitypitchError(
    EXIT.renderFailed,
    `portfolio ${build.id}: the comparison PowerPoint's slide "${clean(slide).slice(0, 80)}" cannot fit ${what}${path ? ` (${path})` : ""}, even at the smallest type size and on continuation slides`,
    [{ severity: "error", location, path, message: `too long for the comparison PowerPoint's slide "${clean(slide).slice(0, 80)}"` }],
    "shorten the text in the data file",
  );
}
