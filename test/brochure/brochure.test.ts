import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createTheme } from "../../src/brochure/theme.ts";
import { figureView } from "../../src/content/model.ts";
import type { CityContext } from "../../src/context.ts";
import { runCli } from "../helpers/project.ts";
import { blankPages, pageFills, strandedHeadings, strandedIntroductions, textOutside } from "./layout.ts";
import { brochureFor, loadCity } from "./project.ts";
import { pageText, readPdf, structNodes, type ReadPdf } from "./readPdf.ts";
import { elements, skippedHeadings, structTree } from "./structTree.ts";

const tmp = mkdtempSync(join(tmpdir(), "citypitch-brochure-"));
let ctx: CityContext;
let bytes: Buffer;
let pdf: ReadPdf;
let file: string;
const tool = (cmd: string, ...args: string[]) => execFileSync(cmd, [...args, file], { encoding: "utf8" });

beforeAll(async () => {
  ctx = await loadCity("dalian");
  bytes = await brochureFor("dalian");
  file = join(tmp, "dalian-brochure.pdf");
  writeFileSync(file, bytes);
  pdf = await readPdf(bytes);
});

describe("Dalian brochure", () => {
  it("has the expected pages, under 3 MB, and a valid PDF structure", () => {
    expect(pdf.pages.length).toBeGreaterThanOrEqual(10);
    expect(pdf.pages.length).toBeLessThanOrEqual(16);
    expect(bytes.length).toBeLessThan(3 * 1024 * 1024);
    expect(tool("qpdf", "--check")).toMatch(/No syntax or stream encoding errors/);
    const info = tool("pdfinfo");
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
  });

  it("prints every headline figure as formatted for the deck", () => {
    const text = pdf.pages
      .map((p) => pageText(p))
      .join(" ")
      .replace(/\s+/g, "");
    for (const path of ctx.city.highlights) {
      const view = figureView(ctx, path);
      expect(text, view.short).toContain(view.short.replace(/\s+/g, ""));
    }
  });

  it("names the city in English and in its own script, with the CJK font embedded", () => {
    const cover = pageText(pdf.pages[0]!);
    expect(cover).toContain("Dalian");
    expect(cover).toContain("大连");
    const lang = structNodes(pdf.pages[0]!.tree).find((n) => n.lang === "zh-Hans");
    expect(lang?.role).toBe("P");
    expect(tool("pdffonts")).toMatch(/NotoSansSC-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it("prints every image at 300 dpi or more", () => {
    const rows = tool("pdfimages", "-list").trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(ctx.city.charts.length);
    for (const row of rows) {
      const [xPpi, yPpi] = row.trim().split(/\s+/).slice(12, 14).map(Number);
      expect(Math.min(xPpi!, yPpi!), row).toBeGreaterThanOrEqual(299);
    }
  });

  it("embeds every font it uses", () => {
    const rows = tool("pdffonts").trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row, row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
  });

  it("says how old its figures are, on the cover and on every inside page", () => {
    expect(pageText(pdf.pages[0]!)).toContain(`figures as of about ${ctx.city.edition.dataAsOf}`);
    const inside = pdf.pages.slice(1, -1);
    for (const page of inside) expect(pageText(page, true)).toContain(`figures as of about ${ctx.city.edition.dataAsOf}`);
  });

  it("numbers the inside pages N of M in the footer, as an artifact", () => {
    const count = pdf.pages.length;
    pdf.pages.slice(1, -1).forEach((page, i) => {
      const foot = page.items.find((item) => /PAGE \d+ OF \d+/.test(item.str));
      expect(foot?.str).toBe(`PAGE ${i + 2} OF ${count}`);
      expect(foot?.artifact).toBe(true);
    });
  });

  it("bookmarks every section, in order", () => {
    expect(pdf.outline.map((o) => o.title)).toEqual([
      "Dalian",
      "At a glance",
      "Geography & climate",
      "Economy",
      "Shipping & logistics hub",
      "Air connectivity",
      "The service-outsourcing industry",
      "Talent",
      "Policy support & incentives",
      "Sources & notes",
      "Put your next delivery centre in Dalian",
    ]);
  });

  it("carries title, author, subject, keywords and the edition's dates", () => {
    expect(pdf.info).toMatchObject({
      Title: "Dalian: Investor profile, service outsourcing",
      Author: "citypitch",
      Subject: ctx.city.tagline,
      Language: "en",
      CreationDate: "D:20261128000000Z",
      ModDate: "D:20261128000000Z",
    });
    expect(pdf.info.Keywords).toContain("service outsourcing");
  });

  it("gives every figure alt text: each chart and the logo", () => {
    const figures = pdf.pages.flatMap((p) => structNodes(p.tree)).filter((n) => n.role === "Figure");
    expect(figures.length).toBe(ctx.city.charts.length + 2);
    for (const figure of figures) expect(figure.alt?.length ?? 0).toBeGreaterThan(10);
    expect(figures.map((f) => f.alt)).toContain(ctx.brand.logo.alt);
  });

  it("lists every reference on the sources pages and cites them from the pages", () => {
    const all = pdf.pages.map((p) => pageText(p)).join(" ");
    for (const entry of ctx.references.entries) expect(all).toContain(`[${entry.n}]`);
    expect(all).toContain("How it was computed:");
    expect(all).toContain("Reading note:");
  });

  it("links the contacts: mailto and web addresses on the back cover", () => {
    const links = pdf.pages.at(-1)!.links;
    expect(links).toContain("mailto:investors@citypitch.example");
    expect(links).toContain("https://citypitch.example/");
  });

  it("tags headings without skipping a level, section by section (PDF/UA)", () => {
    const tree = structTree(file);
    expect(skippedHeadings(tree)).toEqual([]);
    const sections = elements(tree).filter((e) => e.role === "Sect");
    expect(sections.length).toBe(11);
    for (const sect of sections) expect(elements(sect).find((e) => /^H\d$/.test(e.role))?.role).toBe("H1");
    // "### Climate" under "# Geography & climate" is an H2; "### Terminals" under "## Dalian Port" an H3.
    const roles = elements(tree)
      .filter((e) => /^H\d$/.test(e.role))
      .map((e) => e.role);
    expect(roles).toContain("H3");
  });

  it("gives every table header cells with a scope: the header row by column, the first column by row", () => {
    const tables = elements(structTree(file)).filter((e) => e.role === "Table");
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const table of tables) {
      const cells = table.children.flatMap((tr) => tr.children);
      const headers = cells.filter((c) => c.role === "TH");
      expect(headers.length).toBeGreaterThan(0);
      for (const th of headers) expect(th.attributes).toContainEqual(expect.objectContaining({ O: "Table", Scope: expect.stringMatching(/^(Column|Row)$/) }));
      for (const tr of table.children) expect(tr.children[0]?.role).toBe("TH");
    }
    // The key/value table on the geography page has no header row: its keys head their rows.
    const keyValue = tables.find((t) => t.children.every((tr) => tr.children[0]?.attributes[0]?.Scope === "Row"))!;
    expect(keyValue.children.length).toBeGreaterThanOrEqual(4);
    expect(keyValue.children.every((tr) => tr.children.map((c) => c.role).join() === "TH,TD")).toBe(true);
    // A table with a header row heads its columns.
    const port = tables.find((t) => t.children[0]!.children.length === 4)!;
    expect(port.children[0]!.children.map((c) => c.attributes[0]?.Scope)).toEqual(["Column", "Column", "Column", "Column"]);
  });

  it("fills every inside page but the last to at least 60% of its content area", () => {
    const fills = pageFills(pdf, createTheme(ctx.brand, "a4").content);
    expect(fills.length).toBe(pdf.pages.length - 2);
    const low = fills.slice(0, -1).filter((p) => p.fill < 0.6);
    expect(low).toEqual([]);
  });

  it("keeps text inside the content box, with no blank page and no stranded heading", () => {
    expect(textOutside(pdf, createTheme(ctx.brand, "a4").content)).toEqual([]);
    expect(blankPages(pdf)).toEqual([]);
    expect(strandedHeadings(pdf)).toEqual([]);
    expect(strandedIntroductions(pdf, createTheme(ctx.brand, "a4").content)).toEqual([]);
  });
});

describe("brochure on US Letter", () => {
  it("lays out on Letter paper with --paper letter", async () => {
    const letter = await readPdf(await brochureFor("dalian", { paper: "letter" }));
    expect(letter.pages[0]!.width).toBeCloseTo(612);
    expect(letter.pages[0]!.height).toBeCloseTo(792);
    const city = await loadCity("dalian", { paper: "letter" });
    expect(textOutside(letter, createTheme(city.brand, "letter").content)).toEqual([]);
    expect(blankPages(letter)).toEqual([]);
    expect(strandedHeadings(letter)).toEqual([]);
    expect(strandedIntroductions(letter, createTheme(city.brand, "letter").content)).toEqual([]);
  });
});

describe("brochure stage", () => {
  it("writes <slug>-<edition>-brochure.pdf into the edition's folder through the build, with the real chart stage", () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-out-"));
    const run = runCli(["build", "--formats", "brochure", "--edition", "en", "--out", out, "dalian"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/dalian\/en\/dalian-en-brochure\.pdf/);
    expect(execFileSync("pdfinfo", [join(out, "dalian", "en", "dalian-en-brochure.pdf")], { encoding: "utf8" })).toMatch(/Tagged:\s+yes/);
  });
});
