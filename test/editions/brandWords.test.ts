/**
 * The brand's words (tagline, footer, logo text, contact) and the sources' notes in an edition's
 * language: written once per language as a city's prose is, checked as it is (a missing text warns,
 * a text without its base language or with other numbers is refused), shown in the edition's
 * language, and a draft disclosed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { editionContexts } from "../../src/content/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { CitypitchError } from "../../src/errors.ts";
import { edit, options, positionOf, runCli } from "../helpers/project.ts";
import { editionsFixture } from "./fixture.ts";

const ZH = {
  tagline: "服务外包目的地投资概况（测试品牌）",
  footer: "测试品牌投资者概况",
  role: "本概况发布方（测试）",
  note: "为测试夹具编造的来源。",
};

/** The editions fixture (a zh-Hans and an English edition) with the brand's and the sources' words in Chinese too. */
function translatedFixture(status: "draft" | "reviewed" = "reviewed"): string {
  const data = editionsFixture();
  edit(
    data,
    "brand.yaml",
    "tagline: Investment profiles for service-outsourcing destinations\n",
    `translations: { zh-Hans: { status: ${status}, by: Brand Translator } }\ntagline: { en: Investment profiles for service-outsourcing destinations, zh-Hans: ${ZH.tagline} }\n`,
  );
  edit(data, "brand.yaml", 'footer: "citypitch investor profiles"\n', `footer: { en: citypitch investor profiles, zh-Hans: ${ZH.footer} }\n`);
  edit(data, "brand.yaml", "  alt: citypitch logo, a stylised map pin over three rising bars\n", "  alt: { en: citypitch logo, zh-Hans: citypitch 标志 }\n");
  edit(
    data,
    "brand.yaml",
    "  name: citypitch investor desk\n  role: Publisher of this profile\n",
    `  name: { en: citypitch investor desk, zh-Hans: citypitch 投资者服务台 }\n  role: { en: Publisher of this profile, zh-Hans: ${ZH.role} }\n`,
  );
  edit(data, "sources.yaml", "    note: A made-up source for test fixtures.\n", `    note: { en: A made-up source for test fixtures., zh-Hans: ${ZH.note} }\n`);
  edit(data, "sources.yaml", "sources:\n", `translations: { zh-Hans: { status: ${status} } }\nsources:\n`);
  // The city's own translation reviewed: a draft of the brand's alone must still be disclosed.
  edit(data, "cities/testville.yaml", "zh-Hans: { status: draft, by: Fixture Translator }", "zh-Hans: { status: reviewed, by: Fixture Translator }");
  return data;
}

const load = (data: string) => loadAndValidate({ ...options({ data }), slugs: ["testville"] });
const refused = async (data: string): Promise<CitypitchError> => {
  const error = await load(data).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CitypitchError);
  return error as CitypitchError;
};

describe("the brand's and the sources' words in an edition's language", () => {
  it("warn, located in brand.yaml and sources.yaml, for each text an edition's language lacks", async () => {
    const data = editionsFixture();
    const { warnings } = await load(data);
    const brand = warnings.filter((w) => w.location.file.endsWith("brand.yaml"));
    expect(brand.map((w) => w.path).sort()).toEqual(["contact.name", "contact.role", "footer", "logo.alt", "tagline"]);
    expect(brand.every((w) => w.message === "no zh-Hans text: the zh-Hans edition shows the en text here")).toBe(true);
    const text = readFileSync(join(data, "brand.yaml"), "utf8");
    expect(brand.find((w) => w.path === "footer")!.location.line).toBe(positionOf(text, "footer:").line);
    const note = warnings.find((w) => w.location.file.endsWith("sources.yaml"));
    expect(note?.path).toBe("sources.testville-almanac.note");
  });

  it("are shown in each edition's language, with the English edition's in English", async () => {
    const data = translatedFixture();
    const opts = options({ data });
    const loaded = await load(data);
    expect(loaded.warnings.filter((w) => !w.location.file.endsWith("testville.yaml"))).toEqual([]);
    const [zh, acme] = editionContexts(loaded.cities[0]!.localised, loaded.brandFile, loaded.sourcesFile, opts);
    expect(zh!.brand).toMatchObject({ tagline: ZH.tagline, footer: ZH.footer, contact: { role: ZH.role } });
    expect(zh!.sources.sources["testville-almanac"]!.note).toBe(ZH.note);
    expect(acme!.brand.tagline).toBe("Investment profiles for service-outsourcing destinations");
    expect(acme!.sources.sources["testville-almanac"]!.note).toBe("A made-up source for test fixtures.");
    // What a portfolio and `check` show: the files' own language.
    expect(loaded.brand.footer).toBe("citypitch investor profiles");
    expect(zh!.edition.translation).toEqual({ status: "reviewed", by: "Fixture Translator" });
  });

  it("make the edition's translation a draft when the brand's is one, naming every translator", async () => {
    const data = translatedFixture("draft");
    const loaded = await load(data);
    const [zh, acme] = editionContexts(loaded.cities[0]!.localised, loaded.brandFile, loaded.sourcesFile, options({ data }));
    expect(zh!.edition.translation).toEqual({ status: "draft", by: "Brand Translator" });
    expect(acme!.edition.translation).toBeUndefined();
  });

  it("refuse a text per language without the file's own language, and a translation with other numbers", async () => {
    const data = translatedFixture();
    edit(data, "brand.yaml", `footer: { en: citypitch investor profiles, zh-Hans: ${ZH.footer} }`, `footer: { zh-Hans: ${ZH.footer} }`);
    edit(data, "brand.yaml", `zh-Hans: ${ZH.role} }`, "zh-Hans: 本概况发布方，成立于2009年 }");
    const error = await refused(data);
    const text = readFileSync(join(data, "brand.yaml"), "utf8");
    const footer = error.problems.find((p) => p.path === "footer");
    expect(footer?.message).toBe("has texts for zh-Hans but none in the base language en");
    expect(footer?.location).toMatchObject({ line: positionOf(text, "footer:").line });
    expect(footer?.hint).toMatch(/\(language\)/);
    const role = error.problems.find((p) => p.path === "contact.role.zh-Hans");
    expect(role?.message).toBe("the zh-Hans text's numbers (2009) are not the en text's (none)");
  });

  it("warn when the file has texts in a language but no translation status for it", async () => {
    const data = translatedFixture();
    edit(data, "sources.yaml", "translations: { zh-Hans: { status: reviewed } }\n", "");
    const { warnings } = await load(data);
    const status = warnings.find((w) => w.location.file.endsWith("sources.yaml"));
    expect(status?.path).toBe("translations");
    expect(status?.message).toBe("the file has zh-Hans texts, but gives no translation status for zh-Hans");
  });
});

describe("a build of an edition with the brand's words translated", () => {
  const data = translatedFixture("draft");
  const out = mkdtempSync(join(tmpdir(), "citypitch-brand-words-"));
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = runCli(["build", "--formats", "brochure,md", "--data", data, "--out", out, "testville"]);
  });
  const pdfText = (file: string) => execFileSync("pdftotext", [join(out, "testville", file), "-"], { encoding: "utf8" }).replace(/\s+/g, "");

  it("prints the Chinese tagline, footer, contact role and source note in the Chinese brochure, and discloses the draft", () => {
    expect(run.code, run.stderr).toBe(0);
    const zh = pdfText("zh/testville-zh-brochure.pdf");
    for (const words of Object.values(ZH)) expect(zh).toContain(words);
    expect(zh).not.toContain("Publisherofthisprofile");
    expect(zh).toContain("BrandTranslator");
    const acme = pdfText("acme/testville-acme-brochure.pdf");
    expect(acme).toContain("Publisherofthisprofile");
    expect(acme).not.toContain(ZH.role);
  });
});
