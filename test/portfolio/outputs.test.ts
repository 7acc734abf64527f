/**
 * A portfolio's outputs, built once through the CLI from 15 fictional cities (never Dalian):
 * the compendium's bookmarks and pages, its comparison tables, each city's profile against the
 * city's own brochure, the comparison deck's slides, and a portfolio naming an unknown city.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocument, type PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { marpCliHtml } from "../helpers/marp.ts";
import { runCli } from "../helpers/project.ts";
import { allText, convertWithLibreOffice, decodeXml, pdfPages, readParts, slideOrder, slideTitle, text, type Parts } from "../pptx/project.ts";
import { pptxOverflow } from "./slides.ts";
import { createTheme } from "../../src/brochure/theme.ts";
import { strandedIntroductions } from "../brochure/layout.ts";
import { loadCity } from "../brochure/project.ts";
import { readPdf } from "../brochure/readPdf.ts";

const dir = mkdtempSync(join(tmpdir(), "citypitch-portfolio-"));
const data = join(dir, "data");
const out = join(dir, "out");
const folder = join(out, "portfolio", "fictional");
let slugs: string[] = [];
let pdf: PDFDocumentProxy;
let outline: { title: string; dest: unknown; items: { title: string }[] }[];
/** Cities whose own brochures the profiles are checked against: the first, one with a converted figure, the last. */
const CHECKED = [0, 2, 14];

beforeAll(async () => {
  slugs = writeFictionalProject(data, 15, 1);
  const built = runCli(["portfolio", "fictional", "--data", data, "--out", out, "--formats", "brochure,md,html,pptx"]);
  if (built.code !== 0) throw new Error(`portfolio build failed (${built.code}):\n${built.stderr}`);
  const brochures = runCli(["build", ...CHECKED.map((i) => slugs[i]!), "--data", data, "--out", out, "--formats", "brochure"]);
  if (brochures.code !== 0) throw new Error(`brochure build failed (${brochures.code}):\n${brochures.stderr}`);
  pdf = await getDocument({ data: new Uint8Array(readFileSync(join(folder, "fictional-compendium.pdf"))), verbosity: 0, isEvalSupported: false }).promise;
  outline = ((await pdf.getOutline()) ?? []) as typeof outline;
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Page number (1-based) a bookmark points at. */
async function pageOf(item: { dest: unknown }): Promise<number> {
  const dest = (typeof item.dest === "string" ? await pdf.getDestination(item.dest) : item.dest) as [unknown, ...unknown[]];
  return (await pdf.getPageIndex(dest[0] as Parameters<PDFDocumentProxy["getPageIndex"]>[0])) + 1;
}

/** The text a reader gets from pages (page furniture, marked as artifacts, left out), without spaces or reference marks. */
async function bodyText(doc: PDFDocumentProxy, from: number, to: number): Promise<string> {
  let text = "";
  for (let n = from; n <= to; n++) {
    const content = await (await doc.getPage(n)).getTextContent({ includeMarkedContent: true });
    const stack: boolean[] = [];
    for (const item of content.items as unknown as Record<string, unknown>[]) {
      if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") stack.push(item.tag === "Artifact");
      else if (item.type === "endMarkedContent") stack.pop();
      else if (!stack.includes(true) && typeof item.str === "string") text += item.str;
    }
  }
  // Reference numbers differ by design: the compendium numbers one list for all its cities.
  return text.replace(/\s+/g, "").replace(/\[\d+(,\d+)*\]/g, "");
}

function pdftotext(file: string, first: number, last: number, layout = false): string {
  return execFileSync("pdftotext", [...(layout ? ["-layout"] : []), "-f", String(first), "-l", String(last), file, "-"], { encoding: "utf8" });
}

describe("the compendium", () => {
  it("has a bookmark per chapter and per city, each city's sections beneath it", () => {
    const titles = outline.map((o) => o.title);
    expect(titles).toEqual([
      "Fictional destinations compared",
      "How to read this compendium",
      "The cities side by side",
      "Rankings",
      ...slugs.map((slug) =>
        readFileSync(join(data, "cities", `${slug}.yaml`), "utf8")
          .match(/^  en: (.+)$/m)![1]!
          .replace(/^"|"$/g, ""),
      ),
      "Sources & notes",
    ]);
    expect(outline.find((o) => o.title === "The cities side by side")!.items.map((i) => i.title)).toEqual(["City", "Port", "Air", "Outsourcing plans"]);
    for (const city of outline.slice(4, 19)) {
      expect(city.items.map((i) => i.title)).toEqual(expect.arrayContaining([`${city.title} in the comparison`, "At a glance", "Geography & climate", "Talent"]));
    }
  });

  it("tags each city as a Part: its name the H1, where it stands an H2 beneath", async () => {
    const page = await pdf.getPage(await pageOf(outline[4]!));
    const roles = (node: { role?: string; children?: unknown[] }): string[] => [node.role ?? "", ...(node.children ?? []).flatMap((k) => roles(k as typeof node))];
    const tree = (await page.getStructTree()) as { children?: unknown[] };
    const part = roles(tree).filter(Boolean).join(" ");
    expect(part).toMatch(/Document Part P H1 P H2/);
    expect(part).toContain("Table");
  });

  it("numbers its pages through the whole document, the cities in order after the rankings", async () => {
    expect(pdf.numPages).toBeGreaterThan(15 * 8);
    const last = pdftotext(join(folder, "fictional-compendium.pdf"), pdf.numPages, pdf.numPages);
    expect(last).toContain(`PAGE ${pdf.numPages} OF ${pdf.numPages}`);
    const starts = await Promise.all(outline.slice(3).map(pageOf));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(starts.length);
  });

  it("shows each value with its year, rank and marks: not published, not comparable, converted", async () => {
    const chapter = outline.find((o) => o.title === "The cities side by side")!;
    const first = await pageOf(chapter);
    const text = pdftotext(join(folder, "fictional-compendium.pdf"), first, first + 3).replace(/\s+/g, " ");
    expect(text).toContain("not published");
    expect(text).toContain("not comparable");
    expect(text).toContain("converted from t");
    expect(text).toMatch(/2008, as published/);
    expect(text).toMatch(/2010 target/);
    expect(text).toContain("derived");
    // The qualifier travels with the number; a target is shown but never ranked.
    expect(text).toMatch(/over [\d,.]+ Mt 2007 · #\d+/);
    expect(text).not.toMatch(/target · #\d/);
    expect(text).not.toMatch(/\d\.\d{5,}/);
  });

  it("says which ranked measures have no result to rank: the outsourcing plans, all targets", async () => {
    const chapter = outline.find((o) => o.title === "How to read this compendium")!;
    const text = await bodyText(pdf, await pageOf(chapter), (await pageOf(chapter)) + 1);
    expect(text.match(/higherranksfirst\(noneranked:nocomparableresults\)/g)).toHaveLength(2);
    expect(text).toMatch(/Service-outsourcingemployees[^()]*higherranksfirst\(noneranked/);
  });

  it("ranks port cargo in the order of the values, best first", async () => {
    const chapter = outline.find((o) => o.title === "The cities side by side")!;
    const page = (await pageOf(chapter)) + 1;
    const text = pdftotext(join(folder, "fictional-compendium.pdf"), page, page, true);
    expect(text).toMatch(/^\s*Port\s*$/m);
    const rows = [...text.matchAll(/^(\S.*?)\s{2,}(?:over |about )?([\d,.]+) Mt 200[67] · #(\d+)/gm)].map((m) => ({
      city: m[1]!.trim(),
      value: Number(m[2]!.replace(/,/g, "")),
      rank: Number(m[3]),
    }));
    expect(rows.length).toBeGreaterThanOrEqual(13);
    const byValue = [...rows].sort((a, b) => b.value - a.value);
    expect(byValue.map((r) => r.rank)).toEqual([...byValue.map((r) => r.rank)].sort((a, b) => a - b));
    expect(byValue[0]!.rank).toBe(1);
  });

  it("opens the rankings with each ranked measure's first three places, the leader the one its ranking puts first", async () => {
    const chapter = outline.find((o) => o.title === "Rankings")!;
    const page = await pageOf(chapter);
    const text = await bodyText(pdf, page, page);
    expect(text).toContain("Theleadingresults");
    // The fixture has a tie, so a place is taken up by it.
    expect(text).toContain("sharedabove");
    // Port cargo's leader, as the comparison table ranks it.
    const cargo = (await pageOf(outline.find((o) => o.title === "The cities side by side")!)) + 1;
    const table = pdftotext(join(folder, "fictional-compendium.pdf"), cargo, cargo, true);
    const leader = /^(\S.*?)\s{2,}(?:over |about )?([\d,.]+) Mt 200[67] · #1\b/m.exec(table)!;
    expect(leader).not.toBeNull();
    expect(text).toMatch(new RegExp(`Portcargothroughput${leader[1]!.replace(/\s/g, "")}:(over|about)?${leader[2]!.replace(/[.]/g, "\\.")}Mt`));
    for (const measure of ["Containershandled", "Flightsaday", "FlightstoFixturia"]) expect(text).toContain(measure);
  });

  it("says in each city's profile what the city's own brochure says", async () => {
    for (const i of CHECKED) {
      const slug = slugs[i]!;
      const brochure = await getDocument({ data: new Uint8Array(readFileSync(join(out, slug, `${slug}-brochure.pdf`))), verbosity: 0, isEvalSupported: false }).promise;
      // The brochure's inside pages, up to its own sources page (the compendium has one for all cities).
      const own = await bodyText(brochure, 2, brochure.numPages - 1);
      const body = own.slice(0, own.indexOf("Sources&notes"));
      expect(body.length).toBeGreaterThan(2000);
      const city = outline[4 + i]!;
      const next = outline[5 + i]!;
      const section = await bodyText(pdf, await pageOf(city), (await pageOf(next)) - 1);
      expect(section).toContain(body);
    }
  });

  it("never parts a heading and its introduction from what they introduce, in the cities' brochures", async () => {
    const theme = createTheme((await loadCity(slugs[0]!, { data })).brand, "a4");
    for (const i of CHECKED) {
      const brochure = await readPdf(readFileSync(join(out, slugs[i]!, `${slugs[i]}-brochure.pdf`)));
      expect(strandedIntroductions(brochure, theme.content)).toEqual([]);
    }
  });
});

describe("the comparison deck", () => {
  it("has an overview slide, one slide per group followed by its rankings, one per city with its places, and the sources, as the PowerPoint has", () => {
    const html = readFileSync(join(folder, "fictional-comparison.html"), "utf8");
    // Port and Air rank three measures each.
    expect(html.match(/<svg data-marpit-svg/g)?.length).toBe(1 + 4 + 6 + 15 + 1);
    const slides = html.split("<svg data-marpit-svg").slice(1);
    const headings = slides.map((slide) => /<h2[^>]*>([^<]+)</.exec(slide)?.[1]);
    expect(headings.slice(1, 11)).toEqual([
      "City",
      "Port",
      "Port cargo throughput",
      "Containers handled",
      "Port destinations",
      "Air",
      "Flights a day",
      "Flights to Fixturia",
      "Flights to Mockonia",
      "Outsourcing plans",
    ]);
    // A ranking lists the cities it ranks in order, each value with its place, and says who is left out.
    const cargo = slides[3]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    // The places in the table, before the caption beneath it (whose marks explain "#1").
    const places = [...cargo.split("cities are ranked")[0]!.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
    expect(places.length).toBeGreaterThanOrEqual(10);
    expect(places).toEqual([...places].sort((a, b) => a - b));
    expect(places[0]).toBe(1);
    expect(cargo).toMatch(/cities are ranked, highest first/);
    const cities = slides.slice(11, 26);
    // Every city's slide gives its places, each out of the cities the measure ranks.
    for (const slide of cities) expect(slide).toMatch(/Places in the rankings: [^<]*#\d+ of \d+/);
    const sources = slides.at(-1)!;
    expect(sources).toContain("<h2");
    expect(sources).toMatch(/>Sources</);
    expect(sources).toContain("The Testville Almanac (fictional)");
    // Each source said once: its citation names its title (it was once set before it in bold too).
    expect(sources.split("The Testville Almanac (fictional)")).toHaveLength(2);
    const md = readFileSync(join(folder, "fictional-comparison.md"), "utf8");
    expect(md).toContain("not published");
    expect(md).toContain("not comparable");
    expect(md).toContain("converted from t");
    const manifest = JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8"));
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual([
      ".marprc.yml",
      ".vscode/settings.json",
      "fictional-comparison.html",
      "fictional-comparison.md",
      "fictional-comparison.pptx",
      "fictional-comparison.theme.css",
      "fictional-compendium.pdf",
    ]);
  });

  it("ships the Markdown with its theme and settings: the plain Marp CLI, run in its folder, draws it branded, its rankings' bars included", () => {
    expect(readFileSync(join(folder, ".marprc.yml"), "utf8")).toContain("./fictional-comparison.theme.css");
    const html = marpCliHtml(folder, "fictional-comparison.md");
    expect(html).toContain("--cp-primary");
    // The ranking's bars: a class per row, and the rule that gives it its length.
    const bars = [...html.matchAll(/class="rbar w(\d+)/g)].map((m) => Number(m[1]));
    expect(bars.length).toBeGreaterThanOrEqual(6 * 10);
    expect(bars).toContain(100);
    expect(html).toMatch(/\.rbar\.w100\{width:55\.00%\}/);
  });
});

/** The city names, in the portfolio's order, as the data files spell them. */
const cityNames = () =>
  slugs.map((slug) =>
    readFileSync(join(data, "cities", `${slug}.yaml`), "utf8")
      .match(/^  en: (.+)$/m)![1]!
      .replace(/^"|"$/g, ""),
  );

describe("the comparison PowerPoint", () => {
  let parts: Parts;
  let order: string[];
  let titles: string[];
  beforeAll(() => {
    parts = readParts(join(folder, "fictional-comparison.pptx"));
    order = slideOrder(parts);
    titles = order.map((name) => slideTitle(text(parts, name)));
  });
  const slideText = (title: string) =>
    order
      .filter((_, i) => titles[i] === title || titles[i]!.startsWith(`${title}: cities`))
      .map((name) => allText(text(parts, name)))
      .join(" ");

  it("has the overview, the groups' tables in order with their rankings, a slide per city, then the sources", () => {
    expect(titles[0]).toBe("Fictional destinations compared");
    const groups = ["City", "Port", "Air", "Outsourcing plans"].map((g) => titles.findIndex((t) => t === g || t.startsWith(`${g}: cities`)));
    expect(groups.every((i) => i > 0)).toBe(true);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    // The port's and the air's three measures are ranked; the city's are not, and the outsourcing plans are all targets.
    // A group's table may go on over more slides ("Air: cities 9–15 of 15") before its rankings.
    const rankings = (from: number, to: number, group: string) => titles.slice(from + 1, to).filter((t) => !t.startsWith(`${group}: cities`));
    expect(rankings(groups[1]!, groups[2]!, "Port")).toEqual(["Port cargo throughput", "Containers handled", "Port destinations"]);
    expect(rankings(groups[2]!, groups[3]!, "Air")).toEqual(["Flights a day", "Flights to Fixturia", "Flights to Mockonia"]);
    expect(titles.slice(-16, -1)).toEqual(cityNames());
    expect(titles.at(-1)).toBe("Sources");
  });

  it("sets every comparison as a native table, each value with its year, place and marks", () => {
    for (const group of ["City", "Port", "Air", "Outsourcing plans"]) {
      const tables = order.filter((_, i) => titles[i] === group || titles[i]!.startsWith(`${group}: cities`));
      expect(tables.length).toBeGreaterThan(0);
      for (const name of tables) expect(text(parts, name)).toContain("<a:tbl>");
    }
    const port = slideText("Port");
    expect(port).toMatch(/over\s[\d,.]+\sMt\s+2007\s+#\d+/);
    expect(port).toContain("converted from t");
    expect(port).toMatch(/Mt\s+2006\s+#\d+\s+·\s+derived/);
    expect(port).toContain("not published");
    expect(slideText("Air")).toMatch(/2003\s+·\s+not comparable/);
    const plans = slideText("Outsourcing plans");
    expect(plans).toContain("2010 target");
    expect(plans).toMatch(/RMB\s[\d,.]+\sbn\s+2010 target/);
    expect(plans).not.toMatch(/target\s+#\d/);
    // The marks beneath a table explain places only where the table has them.
    expect(port).toContain("#1 is the best comparable result");
    for (const unranked of [slideText("City"), plans]) {
      expect(unranked).toContain("These measures are not ranked");
      expect(unranked).not.toContain("#1 is the best");
    }
  });

  it("names the cities on the title slide, and gives each city's places out of the cities each measure ranks", () => {
    const title = allText(text(parts, order[0]!));
    for (const name of cityNames()) expect(title).toContain(name);
    const places = cityNames().flatMap((name) => {
      const city = allText(text(parts, order[titles.indexOf(name)]!));
      expect(city).toContain("Places in the rankings:");
      return [...city.matchAll(/(Port cargo throughput|Containers handled|Port destinations|Flights a day|Flights to Fixturia|Flights to Mockonia) #(\d+) of (\d+)/g)];
    });
    expect(places.length).toBeGreaterThan(15);
    for (const [, , place, count] of places) expect(Number(place)).toBeLessThanOrEqual(Number(count));
    // Some measures leave cities out (not published, too old): they rank fewer than the fifteen.
    expect(places.some((p) => Number(p[3]) < 15)).toBe(true);
    // A city ranked on its derived prior-year cargo (every fifth fictional city) says so beside its
    // place: its highlights show the published year's figure, not the one that holds the place.
    const derived = cityNames().filter((name) => /Port cargo throughput #\d+ of \d+ \(2006, derived\)/.test(allText(text(parts, order[titles.indexOf(name)]!))));
    expect(derived).toHaveLength(3);
    expect(places.filter((p) => p[1] === "Containers handled").every((p) => !/derived/.test(p.input!.slice(p.index! + p[0].length, p.index! + p[0].length + 12)))).toBe(true);
    // Each city tile's year line cites its sources, numbered as the sources slide lists them.
    // The last sources slide ends with the last entry: its number is how many sources there are.
    const sourcesCount = Math.max(0, ...[...allText(text(parts, order.at(-1)!)).matchAll(/(?:^|\s)(\d+)\. /g)].map((m) => Number(m[1])));
    for (const name of cityNames()) {
      const cites = [...allText(text(parts, order[titles.indexOf(name)]!)).matchAll(/(?:as published|target|\d{4}(?: \(or \d{4}\))?) \[(\d+(?:, \d+)*)\]/g)];
      expect(cites.length, name).toBeGreaterThan(3);
      for (const [, list] of cites) for (const n of list!.split(", ").map(Number)) expect(n).toBeLessThanOrEqual(sourcesCount);
    }
  });

  it("draws each ranking as a native bar chart, best first, with the tables' value texts, derived bars hatched and alt text", () => {
    const charts = Object.keys(parts)
      .filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    expect(charts).toHaveLength(6);
    const names = new Set(cityNames());
    for (const name of charts) {
      const xml = text(parts, name);
      expect(xml).toContain("<c:barChart>");
      const values = [...xml.split("<c:val>")[1]!.matchAll(/<c:v>([^<]+)<\/c:v>/g)].map((m) => Number(m[1]));
      const cities = [
        ...xml
          .split("<c:cat>")[1]!
          .split("</c:cat>")[0]!
          .matchAll(/<c:v>([^<]+)<\/c:v>/g),
      ].map((m) => decodeXml(m[1]!));
      expect(values.length).toBeGreaterThanOrEqual(2);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      expect(cities.every((c) => names.has(c))).toBe(true);
    }
    const cargo = text(parts, charts[0]!);
    expect(cargo).toMatch(/<a:t>over\s[\d,.]+\sMt<\/a:t>/);
    expect(cargo).toContain("<a:pattFill");
    const cargoSlide = text(parts, order[titles.indexOf("Port cargo throughput")]!);
    expect(decodeXml(/descr="([^"]+)"/.exec(cargoSlide)?.[1] ?? "")).toMatch(/Port cargo throughput/);
  });

  it("gives every slide speaker notes, explains derived values in them, and links its sources", () => {
    for (const name of order) expect(text(parts, name.replace("slides/slide", "slides/_rels/slide") + ".rels")).toMatch(/notesSlide/);
    const portNotes = text(
      parts,
      text(parts, order[titles.indexOf("Port")]!.replace("slides/slide", "slides/_rels/slide") + ".rels")
        .match(/Target="\.\.\/(notesSlides\/notesSlide\d+\.xml)"/)![1]!
        .replace(/^/, "ppt/"),
    );
    expect(allText(portNotes)).toMatch(/derived\. .*divided by/);
    const sources = order[titles.indexOf("Sources")]!;
    expect(text(parts, sources)).toContain("hlinkClick");
    expect(allText(text(parts, sources)).split("Fictional Port Yearbook")).toHaveLength(2);
    expect(text(parts, sources.replace("slides/slide", "slides/_rels/slide") + ".rels")).toContain('Target="https://example.org/fictional-port-yearbook"');
  });

  it("opens in LibreOffice Impress with every slide, and no text runs off its slide or into the footer", () => {
    const [pdf] = convertWithLibreOffice(join(folder, "fictional-comparison.pptx"));
    expect(pdfPages(pdf!)).toHaveLength(order.length);
    expect(pptxOverflow(pdf!, "Fictional destinations compared · November 2026")).toEqual([]);
  });
});

describe("a city that fails validation", () => {
  it("stops the portfolio with its errors, located in its file, and writes nothing", () => {
    const broken = join(dir, "broken");
    writeFictionalProject(broken, 15, 1);
    const file = join(broken, "cities", `${slugs[3]}.yaml`);
    writeFileSync(file, readFileSync(file, "utf8").replace(/(throughput:\n(?:.*\n)*?\s+value: )[\d.]+/, "$1lots"));
    const target = join(dir, "out-broken");
    const result = runCli(["portfolio", "fictional", "--data", broken, "--out", target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`cities/${slugs[3]}\\.yaml:\\d+:\\d+ +connectivity\\.port\\.figures\\.throughput\\.value: expected a number`));
    expect(existsSync(target)).toBe(false);
  });
});

describe("a portfolio that names a city without a file", () => {
  it("fails with the file and line, exit 1, and writes nothing", () => {
    writeFileSync(
      join(data, "portfolios", "bad.yaml"),
      `title: Bad\ncities:\n  - ${slugs[0]}\n  - atlantis\ngroups:\n  - title: Port\n    indicators:\n      - { id: port-cargo }\n`,
    );
    const result = runCli(["portfolio", "bad", "--data", data, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/portfolios\/bad\.yaml:4:5 .*no city file for "atlantis"/);
    expect(existsSync(join(out, "portfolio", "bad"))).toBe(false);
  });
});
