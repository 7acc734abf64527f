/**
 * The comparison deck never lets text run off a slide: long city names, long measure labels and a
 * group of ten measures (several tables) on fifteen fictional cities. Both the Marp deck (measured
 * in Chromium) and the PowerPoint (measured with the fonts' metrics) continue a table that does
 * not fit on further slides, checked in the PDFs a reader gets; a row that cannot fit even alone
 * stops the PowerPoint, naming the field where it is written.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { runCli } from "../helpers/project.ts";
import { allText, convertWithLibreOffice, pdfPages, readParts, slideOrder, slideTitle, text } from "../pptx/project.ts";
import { marpOverflow, pptxOverflow } from "./slides.ts";

const dir = mkdtempSync(join(tmpdir(), "citypitch-portfolio-fit-"));
const data = join(dir, "data");
const out = join(dir, "out");
const folder = join(out, "portfolio", "fictional");
const LONG_NAME = "Saint Stubport-upon-the-Very-Long-Estuary of the Northern Fictional Marches";
const UNBROKEN = "Loremburgerhavenstadtfictionalgemeinde";
const LONG_LABEL = "Port cargo throughput in all terminals of the municipal port authority, liquid and dry bulk included";
const FOOTER = "Fictional destinations compared · November 2026";
let slugs: string[] = [];
let built: ReturnType<typeof runCli>;

function setName(slug: string, name: string): void {
  const file = join(data, "cities", `${slug}.yaml`);
  writeFileSync(file, readFileSync(file, "utf8").replace(/^  en: .+$/m, `  en: ${name}`));
}

beforeAll(() => {
  slugs = writeFictionalProject(data, 15, 1);
  setName(slugs[1]!, LONG_NAME);
  setName(slugs[6]!, UNBROKEN);
  const indicators = join(data, "indicators.yaml");
  writeFileSync(indicators, readFileSync(indicators, "utf8").replace("label: Port cargo throughput", `label: ${LONG_LABEL}`));
  // Every measure in one group: ten columns, set as four tables of at most three.
  const portfolio = join(data, "portfolios", "fictional.yaml");
  const ids = [...readFileSync(portfolio, "utf8").matchAll(/- \{ id: [a-z-]+, rank: \w+ \}/g)].map((m) => `      ${m[0]}`);
  writeFileSync(
    portfolio,
    readFileSync(portfolio, "utf8").replace(
      /groups:[\s\S]*$/,
      `groups:\n  - title: Every measure of the fictional destinations side by side, under one long group title\n    indicators:\n${ids.join("\n")}\n`,
    ),
  );
  // A source of its own for each city, each with a long note: more sources than one slide holds.
  const note = "A made-up yearbook for test fixtures, kept by a fictional harbour board that counts every berth, crane and quay twice a year.";
  const extra = slugs
    .map(
      (_, i) =>
        `  fictional-yearbook-${i}:\n    title: "Fictional Port Yearbook, volume ${i + 1}"\n    publisher: Nowhere Harbour Board (fictional)\n    year: 2008\n    note: ${note}\n`,
    )
    .join("");
  writeFileSync(join(data, "sources.yaml"), `${readFileSync(join(data, "sources.yaml"), "utf8").trimEnd()}\n${extra}`);
  slugs.forEach((slug, i) => {
    const file = join(data, "cities", `${slug}.yaml`);
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("source: testville-almanac\n", `source: fictional-yearbook-${i}\n`));
  });
  built = runCli(["portfolio", "fictional", "--data", data, "--out", out, "--formats", "md,pdf,pptx"], { CITYPITCH_TRACE: "1" });
  if (built.code !== 0) throw new Error(`portfolio build failed (${built.code}):\n${built.stderr}`);
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a comparison of long names and many measures", () => {
  it("keeps every word of the Marp deck's slides above the running foot, its tables continued", () => {
    const pdf = join(folder, "fictional-comparison.pdf");
    expect(marpOverflow(pdf, FOOTER)).toEqual([]);
    const pages = pdfPages(pdf).map((p) => p.replace(/\s+/g, " "));
    const tables = pages.filter((p) => p.includes("long group title"));
    expect(tables.length).toBeGreaterThan(4);
    expect(tables.some((p) => /cities 1–\d+ of 15/.test(p))).toBe(true);
    // Every city is in the first table, on one of its slides.
    const first = tables.filter((p) => p.includes("(1 of 4)")).join(" ");
    for (const name of ["Mockbury", "Benchmouth", "Estuary"]) expect(first).toContain(name);
    const md = readFileSync(join(folder, "fictional-comparison.md"), "utf8");
    expect(md).not.toMatch(/fit-[a-z]\d*-\d+/);
  });

  it("goes on over more slides for sources that one slide cannot hold, naming every source once", () => {
    const pages = pdfPages(join(folder, "fictional-comparison.pdf")).map((p) => p.replace(/\s+/g, " "));
    const sources = pages.filter((p) => /Sources \(\d+ of \d+\)/.test(p));
    expect(sources.length).toBeGreaterThan(1);
    const text = sources.join(" ");
    for (let i = 1; i <= 15; i++) expect(text.match(new RegExp(`Fictional Port Yearbook, volume ${i}\\D`, "g")) ?? [], `volume ${i}`).toHaveLength(1);
  });

  it("measures the Marp deck in the page it prints from: its fonts loaded once, each later round only its own part, no load to print", () => {
    const steps = built.stderr
      .split("\n")
      .filter((line) => /\] browser: /.test(line))
      .map((line) => line.replace(/^.*\] browser: /, ""));
    const deck = steps.slice(steps.indexOf("fit the comparison deck"));
    expect(deck[0]).toBe("fit the comparison deck");
    // Its tables were continued: more than one round of measuring.
    expect(deck.filter((s) => s === "load the deck: its own part put into a page holding its fonts").length).toBeGreaterThan(0);
    expect(deck.filter((s) => s === "load the deck: loaded whole")).toHaveLength(1);
    expect(steps.filter((s) => s.includes("to print"))).toEqual([]);
  });

  it("prints the Marp deck as the city decks are printed: tagged, a slide a page, its information from the portfolio and dated by the data", () => {
    const info = execFileSync("pdfinfo", ["-isodates", join(folder, "fictional-comparison.pdf")], { encoding: "utf8" });
    const field = (key: string) => new RegExp(`^${key}:\\s+(.*)$`, "m").exec(info)?.[1];
    expect(field("Tagged")).toBe("yes");
    expect(field("Page size")).toBe("960 x 540 pts");
    expect(field("Title")).toBe("Fictional destinations compared");
    expect(field("Creator")).toBe("citypitch");
    // The build's date, not the clock's: the newest edition date among the cities.
    const dates = slugs.map((slug) => /^edition:\n(?: .*\n)*?  date: (\d{4}-\d{2}-\d{2})/m.exec(readFileSync(join(data, "cities", `${slug}.yaml`), "utf8"))![1]!);
    expect(field("CreationDate")).toBe(`${dates.sort().at(-1)}T00:00:00Z`);
    expect(field("ModDate")).toBe(field("CreationDate"));
  });

  it("keeps every word of the PowerPoint's slides inside them, its tables continued with every city", () => {
    const file = join(folder, "fictional-comparison.pptx");
    const parts = readParts(file);
    const order = slideOrder(parts);
    const titles = order.map((n) => slideTitle(text(parts, n)));
    const first = order.filter((_, i) => titles[i]!.includes("(1 of 4)"));
    expect(first.length).toBeGreaterThan(1);
    expect(titles.filter((t) => t.includes("(1 of 4)")).every((t) => /: cities \d+–\d+ of 15$/.test(t))).toBe(true);
    const cells = first.map((n) => allText(text(parts, n))).join(" ");
    for (const name of [LONG_NAME, UNBROKEN, "Mockbury", "Benchmouth"]) expect(cells).toContain(name);
    expect(cells).toContain(LONG_LABEL);
    const [pdf] = convertWithLibreOffice(file);
    expect(pptxOverflow(pdf!, FOOTER)).toEqual([]);
  });
});

describe("a city name too long for any slide", () => {
  it("stops the PowerPoint with exit 4, naming the city file's line and the field", () => {
    const slug = slugs[2]!;
    setName(slug, Array.from({ length: 60 }, (_, i) => `Fictionalword${i}`).join(" "));
    const result = runCli(["portfolio", "fictional", "--data", data, "--out", join(dir, "out-long"), "--formats", "pptx"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`cities/${slug}\\.yaml:\\d+:\\d+ +name\\.en: too long for the comparison PowerPoint's slide`));
  });
});

describe("a portfolio title too long for the compendium's cover", () => {
  it("stops with exit 4, naming the portfolio file's line and the field, and leaves no folder behind", () => {
    const portfolio = join(data, "portfolios", "fictional.yaml");
    writeFileSync(portfolio, readFileSync(portfolio, "utf8").replace(/^title: .+$/m, `title: ${Array.from({ length: 80 }, (_, i) => `Fictionalword${i}`).join(" ")}`));
    const target = join(dir, "out-cover", "nested");
    const result = runCli(["portfolio", "fictional", "--data", data, "--out", target, "--formats", "brochure,md"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/portfolios\/fictional\.yaml:\d+:\d+ +title: too long for the cover/);
    expect(existsSync(join(dir, "out-cover"))).toBe(false);
  });
});
