/**
 * Cache keys, computed in-process from the fictional Testville: each artifact's key moves with
 * exactly what it is made from (a prose edit moves the brochure and the deck but no chart, a figure
 * moves only the charts that plot it, a brochure template only the brochure, a font file's bytes
 * the charts, the edition everything), and stays put when nothing changed.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileHasher } from "../../src/cache/hash.ts";
import { ContextKeys } from "../../src/cache/keys.ts";
import { createCityContext } from "../../src/content/context.ts";
import type { CityContext } from "../../src/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import type { CliFlags } from "../../src/options.ts";
import { edit, options } from "../helpers/project.ts";
import { snapshot } from "../helpers/snapshot.ts";

const FORMATS = ["charts", "brochure", "md", "html", "pdf", "pptx"] as const;
const snap = snapshot();
afterAll(() => rmSync(snap.dir, { recursive: true, force: true }));

async function context(flags: Partial<CliFlags> = {}): Promise<CityContext> {
  const opts = options({ project: snap.dir, data: snap.data, ...flags });
  const data = await loadAndValidate({ ...opts, slugs: ["testville"] });
  return createCityContext(data.cities[0]!.city, data.brand, data.sources, opts);
}

function keysOf(ctx: CityContext) {
  const keys = new ContextKeys(ctx, { tool: "tool", files: new FileHasher() });
  return { charts: Object.fromEntries(keys.charts), artifacts: Object.fromEntries(FORMATS.map((f) => [f, keys.artifact(f)])) };
}

const changed = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a)
    .filter((k) => a[k] !== b[k])
    .sort();

describe("cache keys", () => {
  it("are the same for the same inputs", async () => {
    expect(keysOf(await context())).toEqual(keysOf(await context()));
  });

  it("move the brochure and the deck but no chart when a prose word changes", async () => {
    const before = keysOf(await context());
    edit(snap.data, "cities/testville.yaml", "carries most of the\n      region's seaborne trade", "carries most of the\n      region's maritime trade");
    const after = keysOf(await context());
    expect(changed(before.charts, after.charts)).toEqual([]);
    expect(changed(before.artifacts, after.artifacts)).toEqual(["brochure", "html", "md", "pdf", "pptx"]);
  });

  it("move only the charts that plot a changed figure", async () => {
    const before = keysOf(await context());
    edit(snap.data, "cities/testville.yaml", /Flights to Fixturia a week\n(\s+)value: 70/, "Flights to Fixturia a week\n$1value: 77");
    const after = keysOf(await context());
    expect(changed(before.charts, after.charts)).toEqual(["weekly-flights"]);
    expect(changed(before.artifacts, after.artifacts)).toContain("charts");
  });

  it("move only the brochure when a brochure template of the project changes", async () => {
    const before = keysOf(await context());
    mkdirSync(join(snap.dir, "templates", "brochure"), { recursive: true });
    writeFileSync(join(snap.dir, "templates", "brochure", "README.md"), "a note beside the templates\n");
    const after = keysOf(await context());
    expect(changed(before.charts, after.charts)).toEqual([]);
    expect(changed(before.artifacts, after.artifacts)).toEqual(["brochure"]);
  });

  it("move with the paper for the brochure, never for a chart", async () => {
    const a4 = keysOf(await context());
    const letter = keysOf(await context({ paper: "letter" }));
    expect(changed(a4.charts, letter.charts)).toEqual([]);
    expect(changed(a4.artifacts, letter.artifacts)).toContain("brochure");
  });

  it("move the charts when the bytes of a brand font change, though its name does not", async () => {
    const font = join(snap.data, "brand", "body.ttf");
    copyFileSync(join(snap.dir, "node_modules", "@expo-google-fonts", "inter", "400Regular", "Inter_400Regular.ttf"), font);
    edit(snap.data, "brand.yaml", /(body:\n\s+regular: )\S+/, "$1data/brand/body.ttf");
    const ctx = await context();
    const before = keysOf(ctx);
    appendFileSync(font, Buffer.from([0]));
    const after = keysOf(ctx);
    expect(changed(before.charts, after.charts).length).toBe(Object.keys(before.charts).length);
    expect(changed(before.artifacts, after.artifacts)).toEqual([...FORMATS].sort());
  });

  it("carry the edition", async () => {
    const ctx = await context();
    const other = { ...ctx, edition: { ...ctx.edition, id: "print", folder: "print", fileStem: "testville-print", print: true } };
    const [a, b] = [keysOf(ctx), keysOf(other)];
    expect(changed(a.charts, b.charts).length).toBe(Object.keys(a.charts).length);
    expect(changed(a.artifacts, b.artifacts)).toEqual([...FORMATS].sort());
  });
});
