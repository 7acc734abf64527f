/**
 * The PowerPoint's parts are taken from pptxgenjs without zipping them, through the stand-in for
 * jszip it is loaded with (src/pptx/pptxgen.ts, partsZip.ts): they must be, name for name and byte
 * for byte and in the same order, what unzipping the file pptxgenjs writes with jszip itself gives,
 * including text long enough for jszip to encode in pieces with characters outside the BMP at the
 * seams, pictures and the charts' workbooks; and the files it writes for the picture PPTX and the
 * portfolio's must be zips of those parts.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { finish, newPatches, partsOf } from "../../src/pptx/package.ts";
import { newPresentation, type PptxGenJS } from "../../src/pptx/pptxgen.ts";
import { ROOT } from "../helpers/project.ts";

/** pptxgenjs's ES build, which imports jszip itself: what pptxgenjs writes when left alone. */
const withJszip = async (): Promise<PptxGenJS> => {
  const loaded = (await import("pptxgenjs")) as unknown as { default: (new () => PptxGenJS) | { default: new () => PptxGenJS } };
  const Ctor = "default" in loaded.default ? loaded.default.default : loaded.default;
  return new Ctor();
};

function fill(pptx: PptxGenJS): PptxGenJS {
  const logo = readFileSync(join(ROOT, "data", "brand", "logo.png"));
  // Three offsets: a surrogate pair (two units, then "b") falls across jszip's 16 K seam in one of them.
  for (const lead of ["", "x", "xx"]) {
    const slide = pptx.addSlide();
    slide.addText(`${lead}${"𝒜b".repeat(9000)}`, { x: 0.5, y: 0.5, w: 9, h: 1 });
    slide.addImage({ data: `image/png;base64,${logo.toString("base64")}`, x: 1, y: 2, w: 1, h: 1 });
    slide.addChart("bar", [{ name: "s", labels: ["a", "b"], values: [1, 2] }], { x: 1, y: 3, w: 4, h: 2 });
    slide.addNotes("大连 notes");
  }
  return pptx;
}
const presentation = () => fill(newPresentation());
const jszipWritten = async () => (await fill(await withJszip()).write({ outputType: "uint8array" })) as Uint8Array;

describe("the PowerPoint's parts taken before zipping", () => {
  it("are the parts of the file pptxgenjs writes, in its order (charts renumbered, as finish does)", async () => {
    // pptxgenjs numbers charts across every presentation of the process: compared as finish() numbers them.
    const renumber = (name: string) => name.replace(/(chart|Worksheet)(\d+)/, (_, word: string, n: string) => `${word}${((Number(n) - 1) % 3) + 1}`);
    const written = unzipSync(await jszipWritten());
    const parts = await partsOf(presentation());
    expect(parts.map(([name]) => renumber(name))).toEqual(Object.keys(written).map(renumber));
    const slides = parts.filter(([name]) => /^ppt\/slides\/slide\d\.xml$/.test(name)).map(([, data]) => new TextDecoder().decode(data));
    // The test means something only if a pair of UTF-16 units stood across jszip's 16 K seam, which
    // jszip writes as two replacement characters (and so must the parts).
    expect(slides.filter((xml) => xml.includes("\ufffd"))).toHaveLength(1);
    // pptxgenjs stamps the clock, to the second, into core.xml (finish() fixes it): the two writes may straddle a second.
    const unstamped = (name: string, bytes: Uint8Array) =>
      name === "docProps/core.xml" ? Buffer.from(new TextDecoder().decode(bytes).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, "")) : Buffer.from(bytes);
    for (const [name, data] of parts) {
      if (/\.(xml|rels|png)$/.test(name) && !/chart|slide\d\.xml\.rels|Content_Types/.test(name)) {
        expect(unstamped(name, data).equals(unstamped(name, written[renumber(name)] ?? written[name]!)), name).toBe(true);
      }
    }
  });

  it("make the same file as the zip pptxgenjs writes", async () => {
    const date = new Date("2020-01-01T00:00:00Z");
    const fromZip = finish(await jszipWritten(), newPatches(), date);
    const fromParts = finish(await partsOf(presentation()), newPatches(), date);
    expect(Buffer.from(fromParts).equals(Buffer.from(fromZip))).toBe(true);
  });

  it("are what the zip pptxgenjs writes through the stand-in holds, and jszip is never loaded", async () => {
    const parts = await partsOf(presentation());
    const bytes = (await presentation().write({ outputType: "uint8array" })) as Uint8Array;
    expect(Buffer.from(bytes.subarray(0, 4)).toString("latin1")).toBe("PK\x03\x04");
    const written = unzipSync(bytes);
    const renumber = (name: string) => name.replace(/(chart|Worksheet)(\d+)/, (_, word: string, n: string) => `${word}${((Number(n) - 1) % 3) + 1}`);
    expect(Object.keys(written).map(renumber)).toEqual(parts.map(([name]) => renumber(name)));
    const slide = parts.find(([name]) => name === "ppt/slides/slide1.xml")![1];
    expect(Buffer.from(written["ppt/slides/slide1.xml"]!).equals(Buffer.from(slide))).toBe(true);
    // The workbook of a chart is itself a zip of the parts a spreadsheet needs.
    const workbook = Object.entries(written).find(([name]) => name.endsWith(".xlsx"))![1];
    expect(Object.keys(unzipSync(workbook))).toContain("xl/worksheets/sheet1.xml");
  });

  it("are made without loading jszip, which any other reader of it still gets (a fresh process)", () => {
    const script = `
      import { createRequire } from "node:module";
      import { partsOf } from "./src/pptx/package.ts";
      import { newPresentation } from "./src/pptx/pptxgen.ts";
      const require = createRequire(import.meta.url);
      const pptx = newPresentation();
      pptx.addSlide().addChart("bar", [{ name: "s", labels: ["a"], values: [1] }], { x: 1, y: 1, w: 4, h: 2 });
      const parts = await partsOf(pptx);
      const loaded = Object.keys(require.cache).filter((path) => path.includes("/node_modules/jszip/"));
      const JSZip = require("jszip");
      console.log(JSON.stringify({ parts: parts.length, loaded, real: typeof JSZip.loadAsync }));
    `;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    const out = JSON.parse(result.stdout) as { parts: number; loaded: string[]; real: string };
    expect(out.parts).toBeGreaterThan(10);
    expect(out.loaded).toEqual([]);
    expect(out.real).toBe("function");
  });
});
