/** Editions and texts per language in the city file: every mistake reported with file:line and field path. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAndValidate } from "../../src/data/validate.ts";
import { CitypitchError, type Problem } from "../../src/errors.ts";
import { edit, options, positionOf } from "../helpers/project.ts";
import { editionsFixture } from "./fixture.ts";

const FILE = "cities/testville.yaml";

async function problemsOf(data: string): Promise<readonly Problem[]> {
  try {
    await loadAndValidate({ ...options({ data }), slugs: ["testville"] });
  } catch (error) {
    if (error instanceof CitypitchError) return error.problems;
    throw error;
  }
  return [];
}

const errorsOf = async (data: string) => (await problemsOf(data)).filter((p) => p.severity === "error");
const lineOf = (data: string, needle: string) => positionOf(readFileSync(join(data, FILE), "utf8"), needle).line;

describe("editions in the city file", () => {
  it("accepts the fixture's editions, translations and texts per language", async () => {
    expect(await errorsOf(editionsFixture())).toEqual([]);
  });

  it("reports a wrong edition field at its line, with its path, all at once", async () => {
    const data = editionsFixture();
    edit(data, FILE, "    language: zh-Hans\n    formats: [charts, brochure]", "    language: fr\n    formats: [charts, leaflet]");
    edit(
      data,
      FILE,
      "    sections: { order: [industry, port], exclude: [talent, air] }",
      "    sections: { order: [industry, port, industry], exclude: [talent], include: [port] }\n    colour: red",
    );
    const errors = await errorsOf(data);
    const at = (path: string) => errors.find((p) => p.path === path);
    expect(at("editions[0].language")).toMatchObject({ location: { file: expect.stringMatching(/testville\.yaml$/), line: lineOf(data, "language: fr") } });
    expect(at("editions[0].language")!.message).toMatch(/"en", "ja", "zh-Hans", "ko"/);
    expect(at("editions[0].formats[1]")!.location.line).toBe(lineOf(data, "formats: [charts, leaflet]"));
    expect(at("editions[1].colour")!.message).toBe('unknown field "colour"');
    expect(at("editions[1].sections.exclude")!.message).toMatch(/either include or exclude/);
    expect(at("editions[1].sections.order[2]")!.message).toMatch(/"industry" is named twice/);
  });

  it("refuses an edition id used twice, at the second", async () => {
    const data = editionsFixture();
    edit(data, FILE, "  - id: acme\n", "  - id: zh\n");
    const errors = await errorsOf(data);
    expect(errors.map((p) => p.path)).toContain("editions[1].id");
    expect(errors.find((p) => p.path === "editions[1].id")!.location.line).toBe(lineOf(data, "  - id: zh\n    language: en"));
  });

  it("says what a prose field may be, and where an empty translation is", async () => {
    const data = editionsFixture();
    edit(data, FILE, "  climate: >-", "  climate: 42\n  climateWas: >-");
    edit(data, FILE, "  zh-Hans: 测试兰北部", "  zh-Hans: ''\n  zz-Hans: 测试兰北部");
    const errors = await errorsOf(data);
    const climate = errors.find((p) => p.path === "geography.climate");
    expect(climate?.message).toBe("expected text, or one text per language such as { en: …, ja: … }, got 42");
    expect(climate?.location.line).toBe(lineOf(data, "climate: 42"));
    expect(errors.find((p) => p.path === "tagline.zh-Hans")?.message).toBe("must not be empty");
  });

  it("refuses a text per language that lacks the base language", async () => {
    const data = editionsFixture();
    edit(data, FILE, "    en: Investor profile, service outsourcing\n", "");
    const errors = await errorsOf(data);
    const title = errors.find((p) => p.path === "edition.title");
    expect(title?.message).toMatch(/texts for zh-Hans but none in the base language en/);
    expect(title?.location.line).toBe(lineOf(data, "  title:\n"));
  });
});
