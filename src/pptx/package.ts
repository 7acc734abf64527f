/**
 * The finishing pass over the file pptxgenjs writes. pptxgenjs has no per-point label text, no
 * pattern fill and no alt text on tables, and it stamps the clock and a process-wide chart counter
 * into the package; this pass adds the first three and makes the last two fixed, then zips the
 * parts again in the same order with a fixed time, so the same data gives the same bytes.
 */
import { deflateRawSync, crc32 } from "node:zlib";
import { strFromU8, strToU8, unzipSync } from "fflate";
import JSZip from "jszip";
import type { PptxGenJS } from "./pptxgen.ts";
import { clean } from "./text.ts";

/** The output type pptxgenjs passes on to jszip's generateAsync, for which partsOf takes the parts. */
const PARTS = "citypitch:parts";
type Part = [name: string, data: Uint8Array];

/**
 * The parts pptxgenjs would zip, in the order it would zip them (folders as empty parts, as they
 * come out of its zip), without zipping them: finish() zips them again anyway, so jszip's pass (a
 * JavaScript CRC-32 over every part) and reading that zip back would be work thrown away, a fifth
 * of a `--formats pptx` build. pptxgenjs hands its output type to jszip unread; jszip's
 * generateAsync answers this one type with the parts and every other as it always does.
 */
export async function partsOf(pptx: PptxGenJS): Promise<Part[]> {
  const proto = JSZip.prototype as unknown as {
    generateAsync(this: JSZip, options?: { type?: string; compression?: string }, onUpdate?: unknown): Promise<unknown>;
    file(this: JSZip, name: string, data?: unknown, options?: { base64?: boolean; binary?: boolean }): unknown;
    citypitchParts?: true;
  };
  if (!proto.citypitchParts) {
    const generate = proto.generateAsync;
    const file = proto.file;
    // pptxgenjs hands pictures and workbooks over in base64, which jszip decodes in JavaScript:
    // Node's decoder gives the same bytes (of pptxgenjs's well-formed base64) in a fraction of it.
    proto.file = function (name, data, options) {
      if (typeof data === "string" && options?.base64) return file.call(this, name, Buffer.from(data, "base64"), { ...options, base64: false, binary: true });
      return arguments.length > 1 ? file.call(this, name, data, options) : file.call(this, name);
    };
    const parts = (zip: JSZip) => Promise.all(Object.entries(zip.files).map(async ([name, file]): Promise<Part> => [name, file.dir ? new Uint8Array(0) : await partBytes(file)]));
    proto.generateAsync = function (options, onUpdate) {
      if (options?.type === PARTS) return parts(this);
      // pptxgenjs asks for each chart's workbook as an uncompressed zip in base64, which finish()
      // unzips and zips again (finishWorkbook): the same parts stored by zip() skip jszip's
      // JavaScript CRC-32 and base64 passes, and come out of finish() as the same bytes.
      if (options?.type === "base64" && (options.compression ?? "STORE") === "STORE")
        return parts(this).then((list) => Buffer.from(zip(list.map(([name, data]) => ({ name, data, store: true })))).toString("base64"));
      return generate.call(this, options, onUpdate);
    };
    proto.citypitchParts = true;
  }
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
  /** The edition's language ("ja-JP") for the runs and paragraph ends pptxgenjs leaves at its "en-US". */
  language?: string;
}

export function newPatches(): Patches {
  return { charts: [], alts: new Map() };
}

interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** Already compressed (pictures, workbooks): stored as is. */
  store?: boolean;
}

/** DOS date and time of every entry: 2000-01-01 00:00, so the bytes do not depend on the clock. */
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;

/**
 * A plain ZIP writer over Node's native deflate: fflate's JavaScript deflate costs a cold process
 * a couple of hundred milliseconds on a deck, zlib a few.
 */
export function zip(entries: readonly ZipEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const raw = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    // An empty part (a folder) is stored either way: deflating it would only set up a zlib stream.
    const deflated = entry.store || raw.length === 0 ? undefined : deflateRawSync(raw, { level: 6 });
    const method = deflated && deflated.length < raw.length ? 8 : 0;
    const body = method === 8 ? deflated! : raw;
    const crc = crc32(raw) >>> 0;
    // DataViews rather than Buffer's write methods, whose argument checks cost a cold process more than the deflating.
    // The fields the local header and the central directory's record share, in the same order.
    const shared = (view: DataView, at: number) => {
      view.setUint16(at, 20, true);
      view.setUint16(at + 2, 0x0800, true);
      view.setUint16(at + 4, method, true);
      view.setUint16(at + 6, DOS_TIME, true);
      view.setUint16(at + 8, DOS_DATE, true);
      view.setUint32(at + 10, crc, true);
      view.setUint32(at + 14, body.length, true);
      view.setUint32(at + 18, raw.length, true);
      view.setUint16(at + 22, name.length, true);
    };
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    shared(local, 4);
    const head = new DataView(new ArrayBuffer(46));
    head.setUint32(0, 0x02014b50, true);
    head.setUint16(4, 20, true);
    shared(head, 6);
    head.setUint32(42, offset, true);
    central.push(new Uint8Array(head.buffer), name);
    chunks.push(new Uint8Array(local.buffer), name, body);
    offset += 30 + name.length + body.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...chunks, ...central, new Uint8Array(end.buffer)]);
}

/**
 * A part's bytes as jszip would zip them. Its own reading goes through a chain of stream workers,
 * 16 K characters per tick; the content it holds (jszip 3.10's `_data`: text, or bytes once
 * decoded from base64) is taken directly where it is plainly one or the other, and text is encoded
 * as jszip encodes it, UTF-8 16 K UTF-16 units at a time (a pair split at the seam becomes two
 * replacement characters there too). Anything else is read the way jszip reads it.
 */
async function partBytes(file: JSZip.JSZipObject): Promise<Uint8Array> {
  const held = file as unknown as { _data?: unknown; _dataBinary?: boolean };
  const data = await held._data;
  if (typeof data === "string" && held._dataBinary === false) {
    if (data.length <= JSZIP_BLOCK) return Buffer.from(data, "utf8");
    const pieces: Buffer[] = [];
    for (let at = 0; at < data.length; at += JSZIP_BLOCK) pieces.push(Buffer.from(data.substring(at, at + JSZIP_BLOCK), "utf8"));
    return Buffer.concat(pieces);
  }
  return data instanceof Uint8Array ? data : file.async("uint8array");
}
const JSZIP_BLOCK = 16 * 1024;

/** `written`: the zip pptxgenjs wrote, or its parts (partsOf). */
export function finish(written: Uint8Array | readonly Part[], patches: Patches, date: Date): Uint8Array {
  const files: Record<string, Uint8Array> = written instanceof Uint8Array ? unzipSync(written) : Object.fromEntries(written);
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
      if (patches.eastAsian && /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters|charts|theme)\/[^/]+\.xml$/.test(name))
        text = eastAsianFont(text, patches.eastAsian);
      data = strToU8(text);
    } else if (name.endsWith(".xlsx")) {
      data = finishWorkbook(data, stamp);
    }
    out.push({ name: newName, data, store: /\.(png|jpe?g|xlsx)$/.test(name) });
  }
  return zip(out);
}

function eastAsianFont(xml: string, { typeface, latin }: NonNullable<Patches["eastAsian"]>): string {
  const name = escapeXml(clean(typeface));
  const brand = new Set(latin.map((f) => escapeXml(clean(f))));
  return xml.replace(/<a:ea typeface="([^"]*)"/g, (all, face: string) => (face === "" || brand.has(face) ? `<a:ea typeface="${name}"` : all));
}

function fixDates(xml: string, stamp: string): string {
  return xml.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${stamp}$2`);
}

/** The workbook behind a chart carries its own creation time. */
function finishWorkbook(bytes: Uint8Array, stamp: string): Uint8Array {
  const files = unzipSync(bytes);
  return zip(Object.entries(files).map(([name, data]) => ({ name, data: name === "docProps/core.xml" ? strToU8(fixDates(strFromU8(data), stamp)) : data })));
}

export const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function richLabel(lines: readonly string[], p: ChartPatch): string {
  const paragraphs = lines
    .map((line, i) => {
      const colour = i === 0 ? p.ink : p.muted;
      const size = Math.round((i === 0 ? p.size : p.size * 0.8) * 100);
      return `<a:p><a:pPr><a:defRPr sz="${size}" b="${i === 0 ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="${escapeXml(p.lang)}" sz="${size}" b="${i === 0 ? 1 : 0}"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill><a:latin typeface="${escapeXml(p.font)}"/><a:cs typeface="${escapeXml(p.font)}"/></a:rPr><a:t>${escapeXml(clean(line))}</a:t></a:r></a:p>`;
    })
    .join("");
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
