/**
 * Hostile text: the brochure fits it (shrinking type within limits) or stops with exit 4 naming the
 * city file's field that is too long. It never cuts text off, never draws it outside its box or
 * under the back cover's sign-off, and never links anything but https, http and mailto.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { renderBrochure, TEMPLATE_DIR } from "../../src/brochure/render.ts";
import { createTheme } from "../../src/brochure/theme.ts";
import { loadTemplates } from "../../src/content/templates.ts";
import { CitypitchError, EXIT } from "../../src/errors.ts";
import { copyFixture, ROOT } from "../helpers/project.ts";
import { fakeCharts } from "./fakeCharts.ts";
import { overlappingText, textOutside } from "./layout.ts";
import { loadCity } from "./project.ts";
import { pageText, readPdf, type ReadPdf } from "./readPdf.ts";

type City = Record<string, any>;

/** A Testville copy with `change` applied to its city file; returns the data folder. */
function testville(change: (city: City) => void): string {
  const dir = copyFixture();
  const path = join(dir, "cities", "testville.yaml");
  const city = parse(readFileSync(path, "utf8")) as City;
  change(city);
  writeFileSync(path, stringify(city));
  return dir;
}

/** Renders Testville from `data`, with the brochure templates (optionally edited by `edit`). */
async function render(data: string, edit?: (file: string, text: string) => string): Promise<Buffer> {
  let dir = join(ROOT, TEMPLATE_DIR);
  if (edit) {
    const copy = mkdtempSync(join(tmpdir(), "citypitch-templates-"));
    cpSync(dir, copy, { recursive: true });
    for (const file of ["back-cover.hbs", "cover.hbs"]) writeFileSync(join(copy, file), edit(file, readFileSync(join(copy, file), "utf8")));
    dir = copy;
  }
  const ctx = await loadCity("testville", { data });
  return renderBrochure(ctx, fakeCharts(ctx), await loadTemplates(dir, ROOT));
}

async function failure(data: string): Promise<CitypitchError> {
  const error = await render(data).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CitypitchError);
  return error as CitypitchError;
}

const SENTENCES = Array.from({ length: 20 }, (_, i) => `Sentence ${i + 1} of twenty: Testville offers sites, talent and incentives for your delivery centre.`);
/** Twelve: two-digit numbers must fit their gutter. */
const ACTIONS = Array.from({ length: 12 }, (_, i) => `Next step ${i + 1}: ask Testville for a briefing`);
/** 299 characters, 30 words. */
const LONG_NAME = Array(30).fill("Testville").join(" ");
const CONTACT_URL = "https://testville.example/invest_(north)/desk";
const UNSAFE = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,hi", "file:///etc/passwd", "vbscript:msgbox(1)"];
/** Added to the back cover's template: links a template (or a future helper) should never make. */
const LINKS = [
  ...UNSAFE.map((url, i) => `[unsafe${i}](${url})`),
  "[wiki](https://testville.example/wiki/Harbour_(north))",
  "[escaped](https://testville.example/a\\_\\(b\\))",
].join(" ");

describe("hostile but fitting text: a 20-sentence call to action, a 300-character name, odd links", () => {
  let pdf: ReadPdf;
  let file: string;
  beforeAll(async () => {
    const data = testville((city) => {
      city.cta.body = SENTENCES.join(" ");
      city.cta.actions = ACTIONS;
      city.name.en = LONG_NAME;
      city.cta.contacts = [{ name: "Testville Investment Office", email: "invest@testville.example", url: CONTACT_URL }];
    });
    const bytes = await render(data, (name, text) => (name === "back-cover.hbs" ? text.replace(":::meta", `${LINKS}\n\n:::meta`) : text));
    file = join(mkdtempSync(join(tmpdir(), "citypitch-fit-")), "testville.pdf");
    writeFileSync(file, bytes);
    pdf = await readPdf(bytes);
  });

  it("keeps the back cover to one page holding every sentence of cta.body", () => {
    const last = pdf.pages.length;
    const text = execFileSync("pdftotext", ["-f", String(last), "-l", String(last), file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    for (const sentence of SENTENCES) expect(text).toContain(sentence);
    expect(text).toContain("Put your next delivery centre in Testville");
    ACTIONS.forEach((action, i) => expect(text).toContain(`${i + 1}. ${action}`));
    expect(text).toContain("invest@testville.example");
    expect(text).toContain("Figures as of about 2008");
    expect(pageText(pdf.pages.at(-2)!)).not.toContain("Sentence 1 of twenty");
  });

  it("draws nothing under the sign-off or off the page, and no text over other text", async () => {
    const back = pdf.pages.at(-1)!;
    const signOff = Math.min(...back.items.filter((i) => i.str.includes("citypitch investor profiles")).map((i) => i.top));
    expect(signOff).toBeLessThan(back.height);
    const under = back.items.filter((i) => i.top < signOff - 1 && i.bottom > signOff - 16);
    expect(under.map((i) => i.str)).toEqual([]);
    const ctx = await loadCity("testville", { data: copyFixture() });
    expect(textOutside(pdf, createTheme(ctx.brand, "a4").content)).toEqual([]);
    expect(overlappingText(pdf)).toEqual([]);
  });

  it("sets the whole 300-character name on the cover", () => {
    expect(pageText(pdf.pages[0]!).replace(/\s+/g, "")).toContain(LONG_NAME.replace(/\s+/g, ""));
  });

  it("links only https, http and mailto targets: javascript:, data:, file: stay plain text", () => {
    const back = pdf.pages.at(-1)!;
    for (const link of pdf.pages.flatMap((p) => p.links)) expect(link).toMatch(/^(https?|mailto):/);
    for (const url of UNSAFE) expect(back.links).not.toContain(url);
    const text = pageText(back);
    UNSAFE.forEach((_, i) => expect(text).toContain(`unsafe${i}`));
  });

  it("links a URL with parentheses to the whole URL", () => {
    const links = pdf.pages.at(-1)!.links;
    expect(links).toContain("https://testville.example/wiki/Harbour_(north)");
    expect(links).toContain("https://testville.example/a_(b)");
    // The contact goes through the template's {{url}} helper, which may percent-encode "(" and ")".
    expect(links.map((l) => decodeURI(l))).toContain(CONTACT_URL);
    expect(links).toContain("mailto:invest@testville.example");
  });
});

describe("text too long to fit stops the build with exit 4, naming the field", () => {
  it("names cta.body, and by how much, for a 9,900-character call to action (the most a field may hold is 10,000)", async () => {
    const error = await failure(testville((city) => (city.cta.body = "Testville welcomes you. ".repeat(420).slice(0, 9_900).trim())));
    expect(error.exitCode).toBe(EXIT.renderFailed);
    const [problem] = error.problems;
    expect(problem).toMatchObject({ path: "cta.body", location: { file: expect.stringMatching(/cities\/testville\.yaml$/), line: expect.any(Number) } });
    expect(problem!.message).toMatch(/back cover.*needs [\d,]+ pt where there are [\d,]+ pt, [\d,]+ pt too many/);
    expect(problem!.hint).toMatch(/^shorten cta\.body by about [\d,]+ of its 9,900 characters/);
  });

  it("names cta.actions for sixty next steps", async () => {
    const error = await failure(testville((city) => (city.cta.actions = Array.from({ length: 60 }, (_, i) => `Next step number ${i + 1}: ask Testville for a briefing`))));
    expect(error.exitCode).toBe(EXIT.renderFailed);
    expect(error.problems[0]).toMatchObject({ path: "cta.actions" });
  });

  it("breaks a Japanese tagline on the cover between words, never inside one", async () => {
    const tagline = "ソフトウェアとサービスとアウトソーシングのテストヴィル".repeat(4);
    const pdf = await readPdf(await render(testville((city) => (city.tagline = tagline))));
    // The cover's lines, top to bottom, as drawn.
    const lines: string[] = [];
    let top: number | undefined;
    for (const item of pdf.pages[0]!.items) {
      if (top === undefined || Math.abs(item.top - top) > 1) lines.push(item.str);
      else lines[lines.length - 1] += item.str;
      top = item.top;
    }
    const taglineLines = lines.filter((l) => /\p{Script=Katakana}/u.test(l));
    expect(taglineLines.length).toBeGreaterThan(2);
    expect(taglineLines.join("")).toBe(tagline);
    // Where each line ends, in the tagline; no word of it may straddle one.
    const ends = taglineLines.slice(0, -1).map((_, i) => taglineLines.slice(0, i + 1).join("").length);
    for (const word of ["ソフトウェア", "サービス", "アウトソーシング", "テストヴィル"])
      for (let at = tagline.indexOf(word); at >= 0; at = tagline.indexOf(word, at + 1))
        for (const end of ends) expect(end > at && end < at + word.length, `${word} broken at ${end}: ${taglineLines.join(" / ")}`).toBe(false);
  });

  it("names tagline for a 5,000-character tagline", async () => {
    const error = await failure(testville((city) => (city.tagline = "A fictional seaport for fictional investors. ".repeat(112).slice(0, 5000).trim())));
    expect(error.exitCode).toBe(EXIT.renderFailed);
    expect(error.problems[0]).toMatchObject({ path: "tagline", location: { file: expect.stringMatching(/testville\.yaml$/) } });
    expect(error.problems[0]!.message).toMatch(/too long for the cover/);
  });

  it("names a figure's label when its KPI tile would be taller than a page", async () => {
    const error = await failure(testville((city) => (city.geography.figures.population.label = "People living in Testville. ".repeat(180).trim())));
    expect(error.exitCode).toBe(EXIT.renderFailed);
    expect(error.problems[0]).toMatchObject({ path: "geography.figures.population.label" });
  });
});
