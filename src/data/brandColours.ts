/**
 * The brand's colours made readable where the outputs need them to be. The primary colour is both
 * the headings' colour on the paper and the covers' ground under paper-coloured text: one contrast
 * ratio (against the paper) decides both. A brand whose primary is a pale tint (a light blue on a
 * white paper) would print headings and covers no one can read, so its primary is taken darker in
 * the same hue and saturation until it reads, and the build says so; the body text's ink alike.
 * Every output (brochure, decks, PowerPoint, charts) takes the adjusted colours, from here.
 */
import { contrast, luminance, shadeFor } from "../brochure/colour.ts";
import type { Problem } from "../errors.ts";
import type { LoadedYaml } from "./load.ts";
import { locateValue } from "./locate.ts";
import type { BrandFile } from "./schema.ts";

/**
 * Contrast with the paper each colour needs: the ink 4.5:1, WCAG AA's ratio for body text; the
 * primary and the secondary 3:1, AA's ratio for large text and graphics. They set headings and
 * grounds, and a brand's own mid-tone blue (3.7:1 on white) is its identity, kept as it is; a pale
 * tint that no one can read (1.3:1) is not. Small text on those grounds is taken further by each
 * output's own palette.
 */
const NEEDED = {
  ink: { ratio: 4.5, role: "body text" },
  // Source lines, footers, captions and the charts' axes and keys: small text, on the paper and on
  // the tiles' surface, in every output (the brochure's own palette once took it further alone, and
  // the decks and the charts printed a pale grey no one could read).
  muted: { ratio: 4.5, role: "source lines, footers, captions and chart labels, on the paper and on tiles" },
  primary: { ratio: 3, role: "headings, and the covers' ground under paper-coloured text" },
  secondary: { ratio: 3, role: "labels, and the section dividers' ground under paper-coloured text" },
} as const;

export function readableBrandColours<B extends Pick<BrandFile, "colours">>(brand: B, source: LoadedYaml): { brand: B; problems: Problem[] } {
  const { paper, surface } = brand.colours;
  const darker = luminance(paper) > 0.18;
  const colours = { ...brand.colours };
  const problems: Problem[] = [];
  for (const key of ["ink", "primary", "secondary", "muted"] as const) {
    const { ratio, role } = NEEDED[key];
    const given = colours[key];
    // Muted text also sits on the tiles' surface, when that is on the paper's side of the scale.
    const grounds = key === "muted" && luminance(surface) > 0.18 === darker ? [paper, surface] : [paper];
    const have = Math.min(...grounds.map((ground) => contrast(given, ground)));
    if (have >= ratio) continue;
    const used = grounds.reduce((colour, ground) => shadeFor(colour, ground, ratio), given);
    colours[key] = used;
    problems.push({
      severity: "warning",
      location: locateValue(source, ["colours", key]),
      path: `colours.${key}`,
      message: `${given} has ${have.toFixed(1)}:1 contrast with ${grounds.length > 1 ? `the paper ${paper} or the surface ${surface}` : `the paper ${paper}`}, too little for ${role}: the outputs use ${used} instead, the same hue taken ${darker ? "darker" : "lighter"} to ${ratio}:1`,
      hint: `choose a ${darker ? "darker" : "lighter"} colours.${key} (at least ${ratio}:1 against colours.paper) to set the shade yourself`,
    });
  }
  return { brand: problems.length > 0 ? { ...brand, colours } : brand, problems };
}
