/**
 * The PowerPoint's parts are taken from pptxgenjs before jszip zips them (src/pptx/package.ts,
 * partsOf): they must be, name for name and byte for byte and in the same order, what unzipping
 * the file pptxgenjs writes gives, including text long enough for jszip to encode in pieces with
 * characters outside the BMP at the seams, and pictures.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { finish, newPatches, partsOf } from "../../src/pptx/package.ts";
import { newPresentation } from "../../src/pptx/pptxgen.ts";
import { ROOT } from "../helpers/project.ts";

function presentation() {
  const pptx = newPresentation();
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

describe("the PowerPoint's parts taken before zipping", () => {
  it("are the parts of the file pptxgenjs writes, in its order (charts renumbered, as finish does)", async () => {
    // pptxgenjs numbers charts across every presentation of the process: compared as finish() numbers them.
    const renumber = (name: string) => name.replace(/(chart|Worksheet)(\d+)/, (_, word: string, n: string) => `${word}${((Number(n) - 1) % 3) + 1}`);
    const written = unzipSync((await presentation().write({ outputType: "uint8array" })) as Uint8Array);
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
    const fromZip = finish((await presentation().write({ outputType: "uint8array" })) as Uint8Array, newPatches(), date);
    const fromParts = finish(await partsOf(presentation()), newPatches(), date);
    expect(Buffer.from(fromParts).equals(Buffer.from(fromZip))).toBe(true);
  });

  it("leave pptxgenjs writing a zip as before", async () => {
    await partsOf(presentation());
    const bytes = (await presentation().write({ outputType: "uint8array" })) as Uint8Array;
    expect(Buffer.from(bytes.subarray(0, 4)).toString("latin1")).toBe("PK\x03\x04");
  });
});
