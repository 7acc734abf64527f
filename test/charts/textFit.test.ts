/**
 * Text a chart cannot fit in its picture (src/charts/plugins/fit.ts) stops the build with the
 * chart located in the city's file, every such chart at once, instead of a picture cut at its
 * edge and an "ok". Text that can wrap (a key's label of several words) wraps instead, a word too
 * long for a line between its letters, as the brochure does.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/errors.ts";
import { copyFixture, runCli } from "../helpers/project.ts";

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The Testville fixture with its charts' `labels` lines replaced, built into a fresh folder. */
function buildWithLabels(replace: Record<string, string>): { code: number | null; stderr: string; out: string; file: string } {
  const data = copyFixture();
  const out = join(mkdtempSync(join(tmpdir(), "citypitch-chart-text-")), "out");
  temps.push(data, out);
  const file = join(data, "cities", "testville.yaml");
  let yaml = readFileSync(file, "utf8");
  for (const [from, to] of Object.entries(replace)) {
    expect(yaml).toContain(from);
    yaml = yaml.replace(from, to);
  }
  writeFileSync(file, yaml);
  const run = runCli(["build", "testville", "--data", data, "--out", out, "--formats", "charts,brochure"]);
  return { code: run.code, stderr: run.stderr, out, file: readFileSync(file, "utf8") };
}

/** A fresh copy of the fixture, removed after the tests. */
function copyFixtureTracked(): string {
  const dir = copyFixture();
  temps.push(dir);
  return dir;
}

/**
 * The x of every point an SVG chart inks: the outlines drawn where they stand, and each letter
 * placed by reference (`<use x=…>` of a glyph defined once), at its x plus its glyph's own extent.
 */
function inkedXs(svg: string): number[] {
  const xsOf = (d: string) => [...d.matchAll(/(-?[\d.]+) -?[\d.]+/g)].map((m) => Number(m[1]));
  const pathXs = (text: string) => [...text.matchAll(/ d="([^"]*)"/g)].flatMap((d) => xsOf(d[1]!));
  const glyphs = new Map([...svg.matchAll(/<symbol[^>]* id="([^"]+)">([\s\S]*?)<\/symbol>/g)].map((m) => [m[1]!, Math.max(0, ...pathXs(m[2]!))]));
  const drawn = svg.replace(/<symbol[\s\S]*?<\/symbol>/g, "");
  const letters = [...drawn.matchAll(/<use xlink:href="#([^"]+)" x="(-?[\d.]+)"/g)].map((m) => Number(m[2]) + (glyphs.get(m[1]!) ?? 0));
  return [...pathXs(drawn), ...letters];
}

const lineOf = (yaml: string, text: string) => yaml.split("\n").findIndex((line) => line.includes(text)) + 1;
const WORD = "Supercalifragilisticexpialidociousportlogisticsconsolidationhub";
const LONG = Array.from({ length: 40 }, (_, i) => `goods of kind ${i + 1}`).join(", ");

describe("chart text that cannot fit", () => {
  it("names every chart whose text runs off its picture, at its line in the city file, and writes nothing", () => {
    const run = buildWithLabels({
      "labels: [Seaborne goods, Foreign-trade containers]": `labels: ["${LONG}", Foreign-trade containers]`,
      "labels: [Capital City, Fixturia, Mockonia]": `labels: [Capital City, ${WORD}, Mockonia]`,
    });
    expect(run.code).toBe(EXIT.renderFailed);
    const share = lineOf(run.file, "  - id: port-share");
    const flights = lineOf(run.file, "  - id: weekly-flights");
    expect(run.stderr).toMatch(
      new RegExp(`testville\\.yaml:${share}:\\d+\\s+charts\\[2\\]: text too long for the chart "port-share": the key beside the rings, taller than the picture`),
    );
    expect(run.stderr).toMatch(new RegExp(`testville\\.yaml:${flights}:\\d+\\s+charts\\[3\\]: text too long for the chart "weekly-flights": the bar's name "Supercali`));
    expect(run.stderr).toContain("2 charts cannot fit their text");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // No file of the city's, half made or whole.
    expect(existsSync(run.out) ? readdirSync(run.out, { recursive: true }) : []).toEqual([]);
  }, 120_000);

  it("is found by `check` too, every chart's at once, located as the build locates it; a fitting chart, or a check of the PowerPoint alone, passes", () => {
    const data = copyFixture();
    temps.push(data);
    const file = join(data, "cities", "testville.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("labels: [Seaborne goods, Foreign-trade containers]", `labels: ["${LONG}", Foreign-trade containers]`)
        .replace("labels: [Capital City, Fixturia, Mockonia]", `labels: [Capital City, ${WORD}, Mockonia]`),
    );
    const yaml = readFileSync(file, "utf8");
    const run = runCli(["check", "testville", "--data", data]);
    expect(run.code).toBe(EXIT.invalidData);
    expect(run.stderr).toMatch(new RegExp(`testville\\.yaml:${lineOf(yaml, "  - id: port-share")}:\\d+\\s+charts\\[2\\]: text too long for the chart "port-share"`));
    expect(run.stderr).toMatch(new RegExp(`testville\\.yaml:${lineOf(yaml, "  - id: weekly-flights")}:\\d+\\s+charts\\[3\\]: text too long for the chart "weekly-flights"`));
    expect(run.stderr).toContain("2 problem(s)");
    expect(run.stdout).not.toContain("ok  ");
    // A build of the PowerPoint alone draws no chart picture: neither does its check.
    expect(runCli(["check", "testville", "--data", data, "--formats", "pptx"]).code).toBe(0);
    expect(runCli(["check", "testville", "--data", copyFixtureTracked()]).code).toBe(0);
  }, 120_000);

  it("wraps a key's label of many words, and a word too long for a line between its letters, rather than cut them, and builds", () => {
    const run = buildWithLabels({
      "labels: [Seaborne goods, Foreign-trade containers]": `labels: [Seaborne goods shipped through the harbour and its outer anchorages, ${WORD}]`,
    });
    expect(run.stderr).not.toContain("cannot fit");
    expect(run.code).toBe(0);
    // Every point the picture inks, outlines and letters alike, lies inside its width.
    const svg = readFileSync(join(run.out, "testville", "charts", "port-share.svg"), "utf8");
    const width = Number(/<svg[^>]* viewBox="0 0 ([\d.]+) /.exec(svg)![1]);
    const xs = inkedXs(svg);
    expect(xs.length).toBeGreaterThan(100);
    expect(Math.max(...xs)).toBeLessThanOrEqual(width);
  }, 120_000);

  it("wraps a target too wide for its panel, after a group separator or its range's dash, and builds", () => {
    const run = buildWithLabels({
      // The last of the three panels: a number running past its panel would leave the picture.
      "        value: 4\n        upper: 6\n": "        value: 999999999\n        upper: 999999999.5\n",
    });
    expect(run.stderr).not.toContain("cannot fit");
    expect(run.code).toBe(0);
    const svg = readFileSync(join(run.out, "testville", "charts", "outsourcing-targets.svg"), "utf8");
    const width = Number(/<svg[^>]* viewBox="0 0 ([\d.]+) /.exec(svg)![1]);
    expect(Math.max(...inkedXs(svg))).toBeLessThanOrEqual(width);
  }, 120_000);
});
