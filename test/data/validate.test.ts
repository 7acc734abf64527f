import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CitypitchError, formatProblems } from "../../src/errors.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { copyFixture, edit, options, positionOf, ROOT } from "../helpers/project.ts";

const CITY = "cities/testville.yaml";

async function reportFor(dataDir: string): Promise<string> {
  try {
    await loadAndValidate({ ...options(), dataDir, slugs: [] });
  } catch (error) {
    if (error instanceof CitypitchError) return formatProblems(error.problems);
    throw error;
  }
  throw new Error("expected the data to be invalid");
}

/** The file name as the report shows it: relative to the project root. */
const shown = (dataDir: string, file: string) => relative(ROOT, join(dataDir, file));

describe("the real data", () => {
  it("validates Dalian with no errors and no warnings", async () => {
    const data = await loadAndValidate({ ...options(), dataDir: join(ROOT, "data"), slugs: ["dalian"] });
    expect(data.cities.map((c) => c.city.slug)).toEqual(["dalian"]);
    expect(formatProblems(data.warnings)).toBe("");
  });

  it("validates the fictional Testville fixture", async () => {
    const data = await loadAndValidate({ ...options(), dataDir: copyFixture(), slugs: [] });
    expect(data.cities[0]!.city.name.en).toBe("Testville");
  });
});

describe("error report: exact text, one line per problem, with file:line:column and field path", () => {
  it("wrong type", async () => {
    const dir = copyFixture();
    const text = edit(dir, CITY, "value: 165.44", 'value: "lots"');
    const at = positionOf(text, '"lots"');
    expect(await reportFor(dir)).toBe(
      `${shown(dir, CITY)}:${at.line}:${at.column}  connectivity.port.figures.throughput.value: expected a number, got "lots"\n` +
        "    hint: write the number without quotes, units or words; the unit goes in `unit`, words in `note`",
    );
  });

  it("missing required field", async () => {
    const dir = copyFixture();
    const text = edit(dir, CITY, "      label: Coastline\n", "");
    const at = positionOf(text, "    coastline:");
    expect(await reportFor(dir)).toBe(`${shown(dir, CITY)}:${at.line}:5  geography.figures.coastline.label: required field is missing (expected text)`);
  });

  it("unknown source id", async () => {
    const dir = copyFixture();
    const text = edit(
      dir,
      CITY,
      /source: testville-almanac\n      locator: Geographic Background\n      note: An annual/,
      "source: testvile-almanac\n      locator: Geographic Background\n      note: An annual",
    );
    const at = positionOf(text, "testvile-almanac");
    expect(await reportFor(dir)).toBe(
      `${shown(dir, CITY)}:${at.line}:${at.column}  geography.figures.sunshine.source: unknown source id "testvile-almanac"\n` +
        "    hint: known sources: testville-almanac; add new ones to data/sources.yaml",
    );
  });

  it("YAML syntax error", async () => {
    const dir = copyFixture();
    const text = edit(dir, CITY, "  seas: [North Sea of Testland, Eastern Test Sea]", "  seas: [North Sea of Testland, Eastern Test Sea");
    const at = positionOf(text, "  climate:");
    const report = await reportFor(dir);
    expect(report.split("\n")[0]).toMatch(new RegExp(`^${shown(dir, CITY)}:\\d+:\\d+  YAML syntax error: `));
    // The parser notices the unclosed list at the next key, which is where the report points.
    expect(Number(report.split(":")[1])).toBeGreaterThan(at.line);
    expect(report).toContain("hint: check the indentation and quoting");
  });

  it("duplicate key", async () => {
    const dir = copyFixture();
    const text = edit(dir, CITY, "province: Example Province\n", "province: Example Province\nprovince: Other Province\n");
    const at = positionOf(text, "province: Other");
    expect(await reportFor(dir)).toBe(
      `${shown(dir, CITY)}:${at.line}:1  province: duplicate key "province"\n` + "    hint: each key may appear once in a mapping; merge the two entries or rename one",
    );
  });

  it("share above 100 %", async () => {
    const dir = copyFixture();
    const text = edit(dir, CITY, "value: 90\n", "value: 190\n");
    const at = positionOf(text, "value: 190\n");
    expect(await reportFor(dir)).toBe(
      `${shown(dir, CITY)}:${at.line}:${at.column + "value: ".length}  connectivity.port.figures.foreignContainerShare.value: a share must lie between 0 and 100 %, got 190\n` +
        "    hint: use change-percent for growth rates",
    );
  });

  it("missing font file", async () => {
    const dir = copyFixture();
    const text = edit(dir, "brand.yaml", "Inter_400Regular.ttf", "Inter_400Regulr.ttf");
    const at = positionOf(text, "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regulr.ttf");
    expect(await reportFor(dir)).toBe(
      `${shown(dir, "brand.yaml")}:${at.line}:${at.column}  fonts.body.regular: file not found: node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regulr.ttf\n` +
        "    hint: run `npm run setup` (or `npm ci`) to install the font packages",
    );
  });

  it("font outside the project", async () => {
    const dir = copyFixture();
    edit(dir, "brand.yaml", "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf", "/usr/share/fonts/truetype/x.ttf");
    expect(await reportFor(dir)).toContain("fonts.body.regular: file lies outside the project: /usr/share/fonts/truetype/x.ttf");
  });

  it("derived value that contradicts its inputs", async () => {
    const dir = copyFixture();
    edit(dir, CITY, "value: 145.25", "value: 150");
    expect(await reportFor(dir)).toContain("connectivity.port.figures.throughput2006.value: derived value 150 does not match its inputs: prior-from-growth gives 145.2502");
  });

  it("chart naming a figure that does not exist, with a suggestion", async () => {
    const dir = copyFixture();
    edit(dir, CITY, "connectivity.airport.figures.koreaWeekly]", "connectivity.airport.figures.koreaWeekl]");
    const report = await reportFor(dir);
    expect(report).toContain('charts[3].figures[2]: chart "weekly-flights" names a figure that does not exist: connectivity.airport.figures.koreaWeekl');
    expect(report).toContain("hint: did you mean connectivity.airport.figures.koreaWeekly?");
  });

  it("a bar chart of a negative value, refused at the figure it names", async () => {
    const dir = copyFixture();
    edit(dir, CITY, "        value: 13.9\n", "        value: -13.9\n");
    const text = edit(
      dir,
      CITY,
      "    figures: [connectivity.port.figures.throughput2006, connectivity.port.figures.throughput]\n",
      "    figures: [connectivity.port.figures.throughput2006, connectivity.port.figures.throughputGrowth]\n",
    );
    const list = positionOf(text, "[connectivity.port.figures.throughput2006, connectivity.port.figures.throughputGrowth]");
    const at = { line: list.line, column: list.column + "[connectivity.port.figures.throughput2006, ".length };
    const report = await reportFor(dir);
    expect(report).toContain(
      `${shown(dir, CITY)}:${at.line}:${at.column}  charts[0].figures[1]: chart "port-throughput" plots a negative value (connectivity.port.figures.throughputGrowth: -13.9)`,
    );
  });

  it("reports every problem in every file at once, errors sorted by file and line", async () => {
    const dir = copyFixture();
    edit(dir, CITY, "value: 165.44", "value: lots");
    edit(dir, CITY, "value: 90\n", "value: 190\n");
    edit(dir, CITY, "unit: km", "unit: miles");
    edit(dir, CITY, "      label: Population\n", "      labl: Population\n");
    edit(dir, "brand.yaml", "Inter_400Regular.ttf", "Inter_400Regulr.ttf");
    const lines = (await reportFor(dir)).split("\n").filter((l) => !l.startsWith("    hint:"));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toContain("brand.yaml");
    expect(lines.slice(1).map((l) => l.split("  ")[1]!.split(":")[0])).toEqual([
      "geography.figures.population.label",
      "geography.figures.population.labl",
      "geography.figures.coastline.unit",
      "connectivity.port.figures.throughput.value",
      "connectivity.port.figures.foreignContainerShare.value",
    ]);
  });
});

describe("warnings", () => {
  it("flags unsourced figures and stale figures, measured from the edition's data year", async () => {
    const dir = copyFixture();
    edit(dir, CITY, /      source: testville-almanac\n      locator: Geographic Background\n      note: An annual/, "      note: An annual");
    edit(dir, CITY, "  dataAsOf: 2008", "  dataAsOf: 2015");
    const data = await loadAndValidate({ ...options(), dataDir: dir, slugs: [] });
    const messages = data.warnings.map((w) => `${w.path}: ${w.message}`);
    expect(messages).toContain("geography.figures.sunshine: figure has no source");
    expect(messages).toContain("connectivity.port.figures.throughput.year: figure is from 2007, more than 3 years before the edition's data year 2015");
    // Targets are about the future, so they are never stale.
    expect(messages.some((m) => m.startsWith("industry.targets"))).toBe(false);
  });
});
