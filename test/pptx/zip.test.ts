/**
 * The PowerPoint's zip (src/pptx/zip.ts) reads back the zips it stores without fflate: what it
 * reads must be what fflate's unzipSync reads, entry for entry and in order, and a zip it does not
 * know (a deflated entry, a cut file) must go to fflate. Its text conversions must be fflate's.
 */
import { strFromU8 as fflateFrom, strToU8 as fflateTo, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { storedEntries, strFromU8, strToU8, unzip, zip } from "../../src/pptx/zip.ts";

const text = (s: string) => Buffer.from(s, "utf8");
const entries = [
  { name: "[Content_Types].xml", data: text("<Types/>".repeat(200)), store: true },
  { name: "xl/", data: new Uint8Array(0), store: true },
  { name: "xl/worksheets/sheet1.xml", data: text("<sheet>大连 𝒜</sheet>"), store: true },
  { name: "docProps/核心.xml", data: text("<core/>"), store: true },
];

describe("reading back a stored zip", () => {
  it("gives fflate's entries, names and bytes, in order", () => {
    const bytes = zip(entries);
    const mine = storedEntries(bytes);
    expect(mine).toBeDefined();
    const theirs = unzipSync(bytes);
    expect(Object.keys(mine!)).toEqual(Object.keys(theirs));
    for (const name of Object.keys(theirs)) expect(Buffer.from(mine![name]!).equals(Buffer.from(theirs[name]!)), name).toBe(true);
    expect(Object.keys(mine!)).toEqual(entries.map((e) => e.name));
  });

  it("reads an empty zip", () => {
    expect(storedEntries(zip([]))).toEqual({});
  });

  it("leaves to fflate a zip with a deflated entry, and a zip of another writer's with one", () => {
    const deflatable = [{ name: "a.xml", data: text("<a/>".repeat(1000)) }];
    const ours = zip(deflatable);
    expect(storedEntries(ours)).toBeUndefined();
    expect(Buffer.from(unzip(ours)["a.xml"]!).equals(Buffer.from(deflatable[0]!.data))).toBe(true);
    const theirs = zipSync({ "b.xml": text("<b/>".repeat(1000)), "c.txt": [text("plain"), { level: 0 }] });
    expect(storedEntries(theirs)).toBeUndefined();
    expect(Object.keys(unzip(theirs))).toEqual(["b.xml", "c.txt"]);
  });

  it("leaves a cut zip to fflate, which refuses it as before", () => {
    const bytes = zip(entries);
    const cut = bytes.subarray(0, bytes.length - 30);
    expect(storedEntries(cut)).toBeUndefined();
    expect(() => unzip(cut)).toThrow();
    expect(storedEntries(bytes.subarray(0, 40))).toBeUndefined();
  });
});

describe("text to bytes and back", () => {
  it("as fflate converts it, lone surrogates and all", () => {
    for (const s of ["", "plain", "大连 𝒜 é", "lone \ud800 high", "lone \udc00 low"]) expect(Buffer.from(strToU8(s)).equals(Buffer.from(fflateTo(s)))).toBe(true);
    for (const bytes of [text("大连"), Buffer.from([0xe5, 0xa4]), Buffer.from([0xff, 0x41, 0xc0, 0x80])]) expect(strFromU8(bytes)).toBe(fflateFrom(bytes));
  });
});
