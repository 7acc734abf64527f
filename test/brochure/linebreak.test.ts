/**
 * Line breaking by the Unicode rules (UAX #14 through the linebreak package, plus the CJK kinsoku
 * rules it leaves out), set with the real brand fonts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import LineBreaker from "linebreak";
import PDFDocument from "pdfkit";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fontBook, fontFiles } from "../../src/brochure/fonts.ts";
import { breakOpportunities, Typesetter, type Line } from "../../src/brochure/text.ts";
import { createTheme } from "../../src/brochure/theme.ts";
import type { Brand } from "../../src/data/schema.ts";
import { ROOT } from "../helpers/project.ts";

const brand = parse(readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")) as Brand;
const theme = createTheme(brand, "a4");
const body = theme.text.body;
let ts: Typesetter;

beforeAll(() => {
  const files = fontFiles(brand, ROOT);
  const doc = new PDFDocument({ autoFirstPage: true, font: files.body });
  ts = new Typesetter(doc, fontBook(doc, files));
});

const textOf = (line: Line) => line.fragments.map((f) => f.text).join("");
const set = (text: string, width: number, style = body) => ts.set([{ text }], style, width);
/** Where lines may start, as the pieces between them. */
const pieces = (text: string) => {
  let last = 0;
  return breakOpportunities(text).map(({ position }) => text.slice(last, (last = position)));
};

describe("break opportunities (UAX #14 and kinsoku)", () => {
  it("never breaks at a no-break space", () => {
    expect(pieces("over 165.44\u00A0Mt in 2007")).toEqual(["over ", "165.44\u00A0Mt ", "in ", "2007"]);
  });

  it("never starts a CJK line with closing punctuation, nor ends one with opening punctuation", () => {
    const text = "大连港口。我们「欢迎」你（北方）、投资者！";
    const lines = pieces(text);
    expect(lines.join("")).toBe(text);
    for (const piece of lines) {
      expect(piece, piece).not.toMatch(/^[。、」）！]/);
      expect(piece, piece).not.toMatch(/[「（]$/);
    }
    expect(lines).toContain("口。");
    expect(lines).toContain("「欢");
  });

  it("adds what UAX #14 leaves out: no line starts with a fullwidth tilde", () => {
    const uax14 = new LineBreaker("港～口");
    const raw: number[] = [];
    for (let bk = uax14.nextBreak(); bk; bk = uax14.nextBreak()) raw.push(bk.position);
    expect(raw).toContain(1);
    expect(breakOpportunities("港～口").map((b) => b.position)).toEqual([2, 3]);
  });

  it("breaks after hyphens and slashes, and after the @ of an address", () => {
    expect(pieces("Testville-upon-Sea")).toEqual(["Testville-", "upon-", "Sea"]);
    expect(pieces("https://t.example/invest/desk")).toContain("invest/");
    expect(pieces("investors@citypitch.example")).toEqual(["investors@", "citypitch.example"]);
  });

  it("marks a hard line break as required", () => {
    expect(breakOpportunities("one\ntwo")).toEqual([
      { position: 4, required: true },
      { position: 7, required: false },
    ]);
  });
});

describe("line setting", () => {
  it("keeps a number and its unit joined by U+00A0 on one line, at any width", () => {
    const text = "Cargo through the port reached over 165.44\u00A0Mt in 2007, alongside 3.81\u00A0m containers.";
    for (let width = 60; width <= 300; width += 7) {
      const lines = set(text, width).map(textOf);
      const joined = lines.join("\n");
      expect(joined, `width ${width}`).not.toMatch(/165\.44\n|\nMt|3\.81\n/);
    }
  });

  it("sets CJK text without a closing mark at the start of a line or an opening one at the end", () => {
    const text = "大连是中国东北的港口城市。「软件和服务外包」是其重点产业（包括BPO、ITO）。欢迎投资！";
    for (let width = 40; width <= 200; width += 9) {
      const lines = set(text, width).map(textOf);
      expect(lines.join("")).toBe(text);
      for (const line of lines) {
        expect(line, `width ${width}`).not.toMatch(/^[。、」）！，]/);
        expect(line, `width ${width}`).not.toMatch(/[「（]$/);
      }
    }
  });

  it("breaks a long URL and a long word anywhere as a last resort, never wider than the line", () => {
    const url = "https://testville.example/investment-promotion/service-outsourcing/desk?lang=en&ref=brochure";
    const word = "Testvilleharbourfixture".repeat(6);
    for (const text of [url, word, `See ${word} now`]) {
      const lines = set(text, 90);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(line.width).toBeLessThanOrEqual(90.01);
      expect(lines.map(textOf).join("").replace(/\s+/g, "")).toBe(text.replace(/\s+/g, ""));
    }
  });

  it("keeps a short citation mark on one line, and lets a long one break after a comma", () => {
    const cell = (cite: string) => [{ text: "over 47.66 Mt 2007 · #40 " }, { text: cite, cite: true }];
    const width = ts.measure("over 47.66 Mt 2007 · #40 [1,", body.face, body.size) + 1;
    const short = ts.set(cell("[1, 246]"), body, width).map(textOf);
    expect(short.at(-1)).toBe("[1, 246]");
    const long = ts.set(cell("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]"), body, width).map(textOf);
    expect(long[0]).toMatch(/\[1,$/);
    for (const line of long) expect(line).not.toMatch(/\[$|^\]/);
    // A mark wider than the whole line breaks after its comma, not between its digits.
    const narrow = ts.set([{ text: "[1, 246]", cite: true }], body, ts.measure("[1, 24", body.face, body.size)).map(textOf);
    expect(narrow).toEqual(["[1,", "246]"]);
  });

  it("breaks display type between words only, in Japanese and Chinese too", () => {
    const title = "北テストランド沿岸六都市サービス産業投資環境比較";
    const heading = { ...body, face: "local" as const, size: 30, leading: 36 };
    const width = ts.measure("北テストランド沿岸六都市サー", "local", 30) + 1;
    const anywhere = ts.set([{ text: title }], heading, width).map(textOf);
    // Body text may break between any two characters (UAX #14): here inside "サービス".
    expect(anywhere[0]).toBe("北テストランド沿岸六都市サー");
    const phrased = ts.set([{ text: title }], heading, width, { phrases: true }).map(textOf);
    expect(phrased.join("")).toBe(title);
    expect(phrased[0]).toBe("北テストランド沿岸六都市");
    expect(ts.set([{ text: "大连港口吞吐量大连港口吞吐量" }], heading, ts.measure("大连港口吞吐量大连港", "local", 30) + 1, { phrases: true }).map(textOf)[0]).toBe(
      "大连港口吞吐量大连",
    );
  });

  it("collapses spaces, drops them at line ends, and obeys a hard line break", () => {
    const lines = set("one   two\nthree", 400).map(textOf);
    expect(lines).toEqual(["one two", "three"]);
    for (const line of set("alpha beta gamma delta epsilon zeta eta theta", 60).map(textOf)) expect(line).toBe(line.trim());
  });
});
