/** One language out of a city file: fallback to the base language with a warning, --strict, and numbers that must not change. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localizeCity, numbersIn } from "../../src/data/localize.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { CitypitchError } from "../../src/errors.ts";
import { edit, options, positionOf, runCli } from "../helpers/project.ts";
import { editionsFixture } from "./fixture.ts";

const FILE = "cities/testville.yaml";
const load = (data: string) => loadAndValidate({ ...options({ data }), slugs: ["testville"] });

describe("localizeCity", () => {
  it("takes each field in the edition's language, else the base language, and the edition's name", async () => {
    const { cities } = await load(editionsFixture());
    const file = cities[0]!.localised;
    const zh = localizeCity(file, "zh-Hans");
    expect(zh.tagline).toBe("测试兰北部的海港，通往菲克斯图里亚和莫科尼亚的门户，软件与服务基地");
    expect(zh.edition.title).toBe("投资概况：服务外包");
    expect(zh.name.en).toBe("测试城");
    expect(zh.edition.language).toBe("zh-Hans");
    // No Chinese text: the English one, as written.
    expect(zh.geography.summary).toBe(file.geography.summary);
    expect(typeof file.geography.summary).toBe("string");
    const en = localizeCity(file, "en");
    expect(en.tagline).toMatch(/^North Testland's seaport/);
    expect(en.name.en).toBe("Testville");
    // The validated city every check sees is the base language's.
    expect(cities[0]!.city).toEqual(en);
  });

  it("is pure: the city file is left as it was", async () => {
    const file = (await load(editionsFixture())).cities[0]!.localised;
    const before = structuredClone(file);
    localizeCity(file, "zh-Hans");
    expect(file).toEqual(before);
  });
});

describe("missing translations", () => {
  it("are warnings naming the field, the language and the line", async () => {
    const data = editionsFixture();
    const { warnings } = await load(data);
    const summary = warnings.find((w) => w.path === "geography.summary");
    expect(summary?.message).toBe("no zh-Hans text: the zh-Hans edition shows the en text here");
    const text = readFileSync(join(data, FILE), "utf8");
    expect(summary?.location.line).toBe(positionOf(text, "  summary: >-\n    Testville sits").line);
    // Translated fields and the English edition's language are not warned about.
    const inCity = warnings.filter((w) => w.location.file.endsWith(FILE));
    expect(inCity.some((w) => w.path === "tagline" || w.path === "edition.title")).toBe(false);
    expect(warnings.filter((w) => /no en text/.test(w.message))).toEqual([]);
  });

  it("fail the check under --strict (exit 1), and not without it", () => {
    const data = editionsFixture();
    const lax = runCli(["check", "--data", data, "testville"]);
    expect(lax.code).toBe(0);
    expect(lax.stderr).toMatch(/geography\.summary: no zh-Hans text/);
    const strict = runCli(["check", "--strict", "--data", data, "testville"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/testville\.yaml:\d+:\d+ {2}warning: geography\.summary: no zh-Hans text/);
    expect(strict.stderr).toMatch(/--strict makes them errors/);
  });

  it("warn when an edition's language has no translation status", async () => {
    const data = editionsFixture();
    edit(data, FILE, "  zh-Hans: { status: draft, by: Fixture Translator }\n", "  ko: { status: reviewed }\n");
    const { warnings } = await load(data);
    expect(warnings.find((w) => w.path === "translations")?.message).toMatch(/an edition is in zh-Hans, but the file gives no translation status for zh-Hans/);
  });
});

describe("numbers stay in figures", () => {
  it("reads numbers with their scale words, in figures of any width", () => {
    expect(numbersIn("RMB 1 bn")).toEqual([1e9]);
    expect(numbersIn("10億元")).toEqual([1e9]);
    expect(numbersIn("10亿元")).toEqual([1e9]);
    expect(numbersIn("over 1,200 firms and 5.4 million people")).toEqual([1200, 5.4e6]);
    expect(numbersIn("５４０万人")).toEqual([5.4e6]);
    expect(numbersIn("2007年")).toEqual([2007]);
    // A number written in parts is one number; parts that are not in descending scale are two.
    expect(numbersIn("1億6544万トン")).toEqual(numbersIn("over 165.44 Mt"));
    expect(numbersIn("2万5千人")).toEqual([25000]);
    expect(numbersIn("5万、3万")).toEqual([3e4, 5e4]);
  });

  it("refuses a translation whose numbers differ from the base text's, naming field and language", async () => {
    const data = editionsFixture();
    edit(data, FILE, "        label: Cargo throughput growth over 2006\n", "        label: { en: Cargo throughput growth over 2006, zh-Hans: 2007年货物吞吐量增长 }\n");
    let error: CitypitchError | undefined;
    try {
      await load(data);
    } catch (caught) {
      error = caught as CitypitchError;
    }
    expect(error).toBeInstanceOf(CitypitchError);
    const problem = error!.problems.find((p) => p.severity === "error");
    expect(problem?.path).toBe("connectivity.port.figures.throughputGrowth.label.zh-Hans");
    expect(problem?.message).toBe("the zh-Hans text's numbers (2007) are not the en text's (2006)");
    expect(problem?.location.line).toBe(positionOf(readFileSync(join(data, FILE), "utf8"), "label: { en: Cargo throughput growth").line);
  });

  it("accepts the same numbers written the language's way", async () => {
    const data = editionsFixture();
    edit(data, FILE, "        label: Cargo throughput growth over 2006\n", "        label: { en: Cargo throughput growth over 2006, zh-Hans: 较２００６年的货物吞吐量增长 }\n");
    const { cities } = await load(data);
    expect(localizeCity(cities[0]!.localised, "zh-Hans").connectivity.port.figures.throughputGrowth!.label).toBe("较２００６年的货物吞吐量增长");
  });
});
