/** Portfolio and catalogue problems reported where they are: characters the brand cannot draw, text too long for the compendium or the deck's title slide, and indicator tags with no catalogue to point at. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { runCli } from "../helpers/project.ts";

/** Three fictional cities and their portfolio in a folder of their own, and a way to edit one of its files. */
function project(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `citypitch-${name}-`));
  const data = join(dir, "data");
  const slugs = writeFictionalProject(data, 3, 4);
  const edit = (file: string, change: (text: string) => string) => writeFileSync(join(data, file), change(readFileSync(join(data, file), "utf8")));
  return { dir, data, slugs, out: join(dir, "out"), edit };
}

describe("text the brand's fonts cannot draw, in a portfolio or the indicator catalogue", () => {
  it("stops the portfolio with exit 1, naming each field's file and line, and writes nothing", () => {
    const { data, out, slugs, edit } = project("portfolio-glyphs");
    edit("portfolios/fictional.yaml", (text) => text.replace(/^title: .+$/m, "title: مقارنة المدن الخيالية"));
    const titled = runCli(["portfolio", "fictional", "--data", data, "--out", out]);
    expect(titled.code).toBe(1);
    expect(titled.stderr).toMatch(/portfolios\/fictional\.yaml:\d+:\d+ +title: the brand's fonts have no glyph for "م" \(U\+0645\)/);
    // The catalogue is the data's: checked with the cities, for a build as for a portfolio.
    edit("indicators.yaml", (text) => text.replace("label: Port cargo throughput", "label: Port cargo throughput 🚢"));
    const labelled = runCli(["portfolio", "fictional", "--data", data, "--out", out]);
    expect(labelled.code).toBe(1);
    expect(labelled.stderr).toMatch(/indicators\.yaml:\d+:\d+ +indicators\.port-cargo\.label: the brand's fonts have no glyph for "🚢" \(U\+1F6A2\)/);
    expect(existsSync(join(out, "portfolio"))).toBe(false);
    expect(slugs).toHaveLength(3);
  }, 60_000);
});

describe("a city's text too long for a page of the compendium", () => {
  it("stops with exit 4 naming the city's file, line and field, not the portfolio's title", () => {
    const { data, out, slugs, edit } = project("portfolio-tall");
    const tagline = Array.from({ length: 700 }, (_, i) => `word${i}`).join(" ");
    edit(`cities/${slugs[1]}.yaml`, (text) => text.replace(/^tagline:[^\n]*(\n +[^\n]*)*/m, `tagline: ${tagline}`));
    const result = runCli(["portfolio", "fictional", "--data", data, "--out", out, "--formats", "brochure"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`cities/${slugs[1]}\\.yaml:\\d+:\\d+ +tagline: too long for a page`));
    expect(result.stderr).toContain(`${slugs[1]}'s tagline is too long`);
    expect(result.stderr).not.toMatch(/portfolios\/fictional\.yaml/);
  }, 60_000);
});

describe("a portfolio's words too long for the comparison deck's title slide", () => {
  it("stops the deck with exit 4 at the longest of them, said once for all its formats", () => {
    const { data, out, edit } = project("portfolio-title");
    const organisation = Array.from({ length: 120 }, (_, i) => `Board${i}`).join(" ");
    edit("portfolios/fictional.yaml", (text) => text.replace(/^maxYearSpread:/m, `audience:\n  organisation: ${organisation}\nmaxYearSpread:`));
    const result = runCli(["portfolio", "fictional", "--data", data, "--out", out, "--formats", "md,html"]);
    expect(result.code).toBe(4);
    const located = result.stderr.match(/portfolios\/fictional\.yaml:\d+:\d+ +audience\.organisation: slide 1 /g) ?? [];
    expect(located).toHaveLength(1);
    expect(result.stderr).not.toMatch(/fictional\.yaml:\d+:\d+ +title:/);
  }, 60_000);
});

describe("a long portfolio title on the comparison deck's title slide", () => {
  it("is set smaller, as a city deck's is, rather than refused", async () => {
    const { data, out, edit } = project("portfolio-long-title");
    const title = "Six Coastal Service Destinations Compared Side by Side";
    edit("portfolios/fictional.yaml", (text) => text.replace(/^title: .+$/m, `title: ${title}`));
    const result = runCli(["portfolio", "fictional", "--data", data, "--out", out, "--formats", "md,html"]);
    expect(result.stderr).not.toMatch(/slide 1/);
    expect(result.code).toBe(0);
    const markdown = readFileSync(join(out, "portfolio", "fictional", "fictional-comparison.md"), "utf8");
    expect(markdown).toMatch(/<!-- _class: title overview dense(r)? -->/);
    expect(markdown).toContain(`## ${title}`);
  }, 60_000);
});

describe("a city's highlight of many decimals on the comparison deck", () => {
  it("steps the city slide's type down, as the city's own deck does, rather than refuse the deck; each tile cites its source", () => {
    const { data, out, slugs, edit } = project("portfolio-decimals");
    edit(`cities/${slugs[0]}.yaml`, (text) => text.replace(/(population:\n\s+label: Population\n\s+value: )[\d.]+/, "$15.81234567891"));
    expect(readFileSync(join(data, "cities", `${slugs[0]}.yaml`), "utf8")).toContain("5.81234567891");
    const result = runCli(["portfolio", "fictional", "--data", data, "--out", out, "--formats", "md,html"]);
    expect(result.stderr).not.toMatch(/does not fit/);
    expect(result.code).toBe(0);
    const markdown = readFileSync(join(out, "portfolio", "fictional", "fictional-comparison.md"), "utf8");
    const slide = markdown.split(/^---$/m).find((s) => s.includes("_class: kpi") && s.includes("81234567891"))!;
    expect(slide).toMatch(/<!-- _class: kpi dense(r)? -->/);
    expect(slide).toMatch(/<span class="r">\\\[\d+(, \d+)*\\\]<\/span>/);
  }, 60_000);
});

describe("a portfolio of cities with Japanese local names", () => {
  it("sets them in the Japanese font, in the compendium and in the comparison PowerPoint", () => {
    const { data, out, slugs, edit } = project("portfolio-japanese");
    const names = ["模擬町", "試験港", "架空市"];
    slugs.forEach((slug, i) => edit(`cities/${slug}.yaml`, (text) => text.replace(/^ {2}local: .*\n {2}localLanguage: en$/m, `  local: ${names[i]}\n  localLanguage: ja`)));
    const result = runCli(["portfolio", "fictional", "--data", data, "--out", out, "--formats", "brochure,pptx"]);
    expect(result.code, result.stderr).toBe(0);
    const folder = join(out, "portfolio", "fictional");
    const fonts = execFileSync("pdffonts", [join(folder, "fictional-compendium.pdf")], { encoding: "utf8" });
    expect(fonts).toMatch(/NotoSansJP/);
    expect(fonts).not.toMatch(/NotoSansSC/);
    const slides = Object.entries(unzipSync(readFileSync(join(folder, "fictional-comparison.pptx"))))
      .filter(([name]) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
      .map(([, bytes]) => strFromU8(bytes))
      .join("\n");
    expect(slides).toContain(names[0]);
    expect(slides).toContain('<a:ea typeface="Noto Sans JP"');
    expect(slides).not.toMatch(/<a:ea typeface="Inter"/);
  }, 60_000);
});

describe("cities that point at indicators in a project without a catalogue", () => {
  it("are refused once per city file, at its first tagged figure, with how many more there are", () => {
    const { data, slugs } = project("no-catalogue");
    rmSync(join(data, "indicators.yaml"));
    const result = runCli(["check", "--data", data]);
    expect(result.code).toBe(1);
    const problems = result.stderr.match(/^.*but the project has no indicator catalogue$/gm) ?? [];
    expect(problems).toHaveLength(slugs.length);
    for (const slug of slugs)
      expect(result.stderr).toMatch(
        new RegExp(`cities/${slug}\\.yaml:\\d+:\\d+ +[\\w.]+\\.indicator: figure points at indicator "[\\w-]+", as \\d+ other figure\\(s\\) of this file do`),
      );
  }, 60_000);
});
