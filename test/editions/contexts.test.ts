/** One context per edition: where its files go, its language, its formats and paper, its contact. */
import { describe, expect, it } from "vitest";
import { editionContexts } from "../../src/content/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { copyFixture, edit, options } from "../helpers/project.ts";
import { editionsFixture } from "./fixture.ts";

async function contexts(data: string, flags: Parameters<typeof options>[0] = {}) {
  const opts = options({ data, ...flags });
  const { cities, brand, sources } = await loadAndValidate({ ...opts, slugs: ["testville"] });
  return editionContexts(cities[0]!.localised, brand, sources, opts, opts.edition);
}

describe("edition contexts", () => {
  it("are one default edition, as before, for a city that declares none", async () => {
    const [only, ...rest] = await contexts(copyFixture());
    expect(rest).toEqual([]);
    expect(only!.edition).toEqual({ id: "default", language: "en", folder: "", fileStem: "testville", print: false });
    expect(await contexts(copyFixture(), { edition: "zh" })).toEqual([]);
  });

  it("say the folder, file stem, language, audience and draft status of each declared edition", async () => {
    const [zh, acme] = await contexts(editionsFixture());
    expect(zh!.edition).toMatchObject({ id: "zh", language: "zh-Hans", folder: "zh", fileStem: "testville-zh", print: false, translation: { status: "draft" } });
    expect(zh!.words.messages.language).toBe("zh-Hans");
    expect(acme!.edition).toMatchObject({ id: "acme", language: "en", folder: "acme", fileStem: "testville-acme", audience: { organisation: "Acme Fixture Holdings" } });
    expect(acme!.edition.translation).toBeUndefined();
    // The edition's contact replaces the city's; its left-out sections take their charts with them.
    expect(acme!.city.cta.contacts.map((c) => c.name)).toEqual(["Fixture Desk"]);
    expect(acme!.city.charts.map((c) => c.section)).not.toContain("air");
    expect(zh!.city.charts.map((c) => c.section)).toContain("air");
  });

  it("make an edition's formats those it names among --formats, and let it opt into formats only when --formats is not given", async () => {
    const data = editionsFixture();
    edit(data, "cities/testville.yaml", "    formats: [charts, brochure, pptx]\n", "    formats: [brochure, pptx-images]\n    paper: letter\n");
    const [zh, acme] = await contexts(data);
    expect([...acme!.options.formats].sort()).toEqual(["brochure", "pptx-images"]);
    expect(acme!.options.paper).toBe("letter");
    expect(zh!.options.paper).toBe("a4");
    const [, bounded] = await contexts(data, { formats: "brochure,md" });
    expect([...bounded!.options.formats]).toEqual(["brochure"]);
    const [only] = await contexts(data, { edition: "acme" });
    expect(only!.edition.id).toBe("acme");
  });
});
