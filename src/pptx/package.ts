/**
 * The finishing pass over the file pptxgenjs writes. pptxgenjs has no per-point label text, no
 * pattern fill and no alt text on tables, and it stamps the clock and a process-wide chart counter
 * into the package; this pass adds the first three and makes the last two fixed, then zips the
 * parts again in the same order with a fixed time, so the same data gives the same bytes.
 */
import type { PptxGenJS } from "./pptxgen.ts";
import { PARTS, type Part } from "./partsZip.ts";
import { clean } from "./text.ts";
import { strFromU8, strToU8, unzip, zip, type ZipEntry } from "./zip.ts";

/**
 * The parts pptxgenjs would zip, in the order it would zip them (folders as empty parts), without
 * zipping them: finish() zips them anyway. pptxgenjs hands its output type to jszip's stand-in
 * (partsZip.ts), which answers this one with the parts.
 */
export async function partsOf(pptx: PptxGenJS): Promise<Part[]> {
  return (await pptx.write({ outputType: PARTS as "uint8array" })) as unknown as Part[];
}

export interface ChartPatch {
  /** Label lines per point (undefined: the point keeps no label). */
  labels: (string[] | undefined)[];
  /** Points drawn hatched: derived values. */
  derived: number[];
  colour: string;
  derivedFill: string;
  font: string;
  size: number;
  ink: string;
  muted: string;
  lang: string;
  /** A label's lines run on one line ("over 258.87 Mt · derived"): bars too close for a second line under each. */
  oneLine?: boolean;
}

/** The brand's colours by role for the theme's colour scheme (what PowerPoint offers a new shape or chart). */
export interface SchemeColours {
  name: string;
  dark1: string;
  light1: string;
  dark2: string;
  light2: string;
  accents: string[];
  link: string;
  followedLink: string;
}

export interface Patches {
  /** By chart, in the order the charts were added (pptxgenjs numbers them in that order). */
  charts: (ChartPatch | undefined)[];
  /** Alt text for objects pptxgenjs cannot describe (tables), by object name. */
  alts: Map<string, string>;
  scheme?: SchemeColours;
  /**
   * East Asian text: pptxgenjs names one font for Latin, East Asian and complex scripts alike, so
   * kanji in a run set in the brand's Latin face would be drawn in whatever font Office picks.
   * `typeface` replaces `a:ea` wherever it names one of the `latin` faces, and fills the theme's.
   */
  eastAsian?: { typeface: string; latin: string[] };
  /** As `eastAsian`, for `a:cs`: the font Office draws complex scripts (Arabic, Devanagari, Thai…) from. */
  complexScript?: { typeface: string; latin: string[] };
  /** The edition's language ("ja-JP") for the runs and paragraph ends pptxgenjs leaves at its "en-US". */
  language?: string;
  /**
   * The logo's alt text: its pictures get rounded corners, as the brochure clips it, so a square
   * logo's white corners do not show as notches on the primary-coloured slides.
   */
  logoAlt?: string;
}

export function newPatches(): Patches {
  return { charts: [], alts: new Map() };
}

/** `written`: the zip pptxgenjs wrote, or its parts (partsOf). */
export function finish(written: Uint8Array | readonly Part[], patches: Patches, date: Date): Uint8Array {
  const files: Record<string, Uint8Array> = written instanceof Uint8Array ? unzip(written) : Object.fromEntries(written);
  const names = Object.keys(files);
  // pptxgenjs counts charts across every presentation of the process: number them from 1 here.
  const chartNumbers = [
    ...new Set(
      names
        .map((n) => /^ppt\/charts\/chart(\d+)\.xml$/.exec(n)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
  const renumber = new Map(chartNumbers.map((n, i) => [n, i + 1]));
  const rename = (text: string) =>
    text
      .replace(/chart(\d+)\.xml/g, (all, n: string) => (renumber.has(Number(n)) ? `chart${renumber.get(Number(n))}.xml` : all))
      .replace(/Microsoft_Excel_Worksheet(\d+)\.xlsx/g, (all, n: string) => (renumber.has(Number(n)) ? `Microsoft_Excel_Worksheet${renumber.get(Number(n))}.xlsx` : all));
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  const out: ZipEntry[] = [];
  for (const name of names) {
    let data: Uint8Array = files[name]!;
    const newName = rename(name);
    if (/\.(xml|rels)$/.test(name)) {
      let text = rename(strFromU8(data));
      if (name === "docProps/core.xml") text = fixDates(text, stamp);
      if (name === "ppt/theme/theme1.xml" && patches.scheme) text = colourScheme(text, patches.scheme);
      const chart = /^ppt\/charts\/chart(\d+)\.xml$/.exec(name);
      if (chart) {
        const patch = patches.charts[chartNumbers.indexOf(Number(chart[1]))];
        if (patch) text = patchChart(text, patch);
      }
      if (/^ppt\/slides\/slide\d+\.xml$/.test(name)) text = patchHatches(patchAlts(text, patches.alts));
      if (patches.language && patches.language !== "en-US" && /^ppt\/(slides|slideLayouts|slideMasters|notesSlides)\/[^/]+\.xml$/.test(name)) {
        // Tag by tag: one pattern running lazily to the attribute from every run start backtracks
        // over each tag, a tenth of a --formats pptx build.
        const lang = ` lang="${escapeXml(patches.language)}"`;
        text = text.replace(/<a:(?:rPr|endParaRPr|defRPr)\b[^>]*>/g, (tag) => tag.replace(/\slang="en-US"/, lang));
      }
      if (patches.logoAlt && /^ppt\/(slides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(name)) text = roundLogo(text, patches.logoAlt);
      if (/^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters|charts|theme)\/[^/]+\.xml$/.test(name)) {
        if (patches.eastAsian) text = scriptFont(text, "ea", patches.eastAsian);
        if (patches.complexScript) text = scriptFont(text, "cs", patches.complexScript);
      }
      data = strToU8(text);
    } else if (name.endsWith(".xlsx")) {
      data = finishWorkbook(data, stamp);
    }
    out.push({ name: newName, data, store: /\.(png|jpe?g|xlsx)$/.test(name) });
  }
  return zip(out);
}

/** Rounded corners (15 % of the shorter side, the brochure's) on every picture described as the logo. */
function roundLogo(xml: string, alt: string): string {
  const descr = `descr="${escapeXml(clean(alt))}"`;
  return xml.replace(/<p:pic>[\s\S]*?<\/p:pic>/g, (pic) =>
    pic.includes(descr)
      ? pic.replace(
          /<a:prstGeom prst="rect">\s*<a:avLst\s*\/>\s*<\/a:prstGeom>/,
          '<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val 15000"/></a:avLst></a:prstGeom>',
        )
      : pic,
  );
}

/** `typeface` for the `a:ea` or `a:cs` font of every run (and the theme) that names one of the brand's `latin` faces there. */
function scriptFont(xml: string, slot: "ea" | "cs", { typeface, latin }: { typeface: string; latin: string[] }): string {
  const name = escapeXml(clean(typeface));
  const brand = new Set(latin.map((f) => escapeXml(clean(f))));
  const pattern = slot === "ea" ? /<a:ea typeface="([^"]*)"/g : /<a:cs typeface="([^"]*)"/g;
  return xml.replace(pattern, (all, face: string) => (face === "" || brand.has(face) ? `<a:${slot} typeface="${name}"` : all));
}

function fixDates(xml: string, stamp: string): string {
  return xml.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${stamp}$2`);
}

/** The workbook behind a chart carries its own creation time. */
function finishWorkbook(bytes: Uint8Array, stamp: string): Uint8Array {
  const files = unzip(bytes);
  return zip(Object.entries(files).map(([name, data]) => ({ name, data: name === "docProps/core.xml" ? strToU8(fixDates(strFromU8(data), stamp)) : data })));
}

export const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function richLabel(lines: readonly string[], p: ChartPatch): string {
  const run = (line: string, i: number) => {
    const colour = i === 0 ? p.ink : p.muted;
    const size = Math.round((i === 0 ? p.size : p.size * 0.8) * 100);
    return `<a:r><a:rPr lang="${escapeXml(p.lang)}" sz="${size}" b="${i === 0 ? 1 : 0}"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill><a:latin typeface="${escapeXml(p.font)}"/><a:cs typeface="${escapeXml(p.font)}"/></a:rPr><a:t>${escapeXml(clean(i > 0 && p.oneLine ? ` · ${line}` : line))}</a:t></a:r>`;
  };
  const paragraph = (runs: string, i: number) => `<a:p><a:pPr><a:defRPr sz="${Math.round((i === 0 ? p.size : p.size * 0.8) * 100)}" b="${i === 0 ? 1 : 0}"/></a:pPr>${runs}</a:p>`;
  const paragraphs = p.oneLine ? paragraph(lines.map(run).join(""), 0) : lines.map((line, i) => paragraph(run(line, i), i)).join("");
  return `<c:tx><c:rich><a:bodyPr wrap="none" anchor="ctr"/><a:lstStyle/>${paragraphs}</c:rich></c:tx>`;
}

/** Per-point label text ("over 165.44 Mt", "derived") and hatching for derived points. */
function patchChart(xml: string, p: ChartPatch): string {
  let out = xml;
  const labels = p.labels
    .map((lines, i) =>
      lines
        ? `<c:dLbl><c:idx val="${i}"/>${richLabel(lines, p)}<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbl>`
        : `<c:dLbl><c:idx val="${i}"/><c:delete val="1"/></c:dLbl>`,
    )
    .join("");
  // The series itself in the brand colour (pptxgenjs gives it the first point's).
  out = out.replace(/(<\/c:tx>\s*<c:spPr><a:solidFill><a:srgbClr val=")[0-9A-Fa-f]{6}/, `$1${p.colour}`);
  // The schema wants a series' data points before its labels; pptxgenjs writes them after.
  const points = out.match(/<c:dPt>[\s\S]*?<\/c:dPt>/g) ?? [];
  out = out.replace(/\s*<c:dPt>[\s\S]*?<\/c:dPt>/g, "");
  // The series' own label block comes right after its invertIfNegative (and its points).
  out = out.replace(/(<c:invertIfNegative val="0"\/>)\s*<c:dLbls>/, `$1${points.join("")}<c:dLbls>${labels}`);
  for (const i of p.derived) {
    const dPt = new RegExp(`(<c:dPt>\\s*<c:idx val="${i}"/>[\\s\\S]*?<c:spPr>)\\s*<a:solidFill>[\\s\\S]*?</a:solidFill>`);
    out = out.replace(
      dPt,
      `$1<a:pattFill prst="wdUpDiag"><a:fgClr><a:srgbClr val="${p.colour}"/></a:fgClr><a:bgClr><a:srgbClr val="${p.derivedFill}"/></a:bgClr></a:pattFill><a:ln w="15875"><a:solidFill><a:srgbClr val="${p.colour}"/></a:solidFill></a:ln>`,
    );
  }
  return out;
}

function colourScheme(xml: string, c: SchemeColours): string {
  const rgb = (hex: string) => `<a:srgbClr val="${hex}"/>`;
  const accents = [0, 1, 2, 3, 4, 5].map((i) => `<a:accent${i + 1}>${rgb(c.accents[i % c.accents.length]!)}</a:accent${i + 1}>`).join("");
  const scheme = `<a:clrScheme name="${escapeXml(clean(c.name))}"><a:dk1>${rgb(c.dark1)}</a:dk1><a:lt1>${rgb(c.light1)}</a:lt1><a:dk2>${rgb(c.dark2)}</a:dk2><a:lt2>${rgb(c.light2)}</a:lt2>${accents}<a:hlink>${rgb(c.link)}</a:hlink><a:folHlink>${rgb(c.followedLink)}</a:folHlink></a:clrScheme>`;
  return xml.replace(/<a:clrScheme [\s\S]*?<\/a:clrScheme>/, scheme);
}

/** Shapes named cp-hatch-<colour>: their light fill becomes the derived values' hatching in that colour. */
function patchHatches(xml: string): string {
  return xml.replace(
    /(name="cp-hatch-([0-9A-F]{6})"[\s\S]*?<p:spPr>[\s\S]*?)<a:solidFill><a:srgbClr val="([0-9A-F]{6})"\/><\/a:solidFill>/g,
    (_all, head: string, fg: string, bg: string) =>
      `${head}<a:pattFill prst="wdUpDiag"><a:fgClr><a:srgbClr val="${fg}"/></a:fgClr><a:bgClr><a:srgbClr val="${bg}"/></a:bgClr></a:pattFill>`,
  );
}

function patchAlts(xml: string, alts: ReadonlyMap<string, string>): string {
  if (alts.size === 0) return xml;
  // pptxgenjs numbers a table's frame from the slide number, which can repeat a shape's id: give it its own.
  let next = 900;
  return xml.replace(/<p:cNvPr id="(\d+)" name="(cp-alt-\d+)"\/>/g, (all, _id: string, name: string) => {
    const alt = alts.get(name);
    return alt === undefined ? all : `<p:cNvPr id="${next++}" name="${name}" descr="${escapeXml(clean(alt))}"/>`;
  });
}
