import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderBrochure, TEMPLATE_DIR } from "../../src/brochure/render.ts";
import { loadTemplates } from "../../src/content/templates.ts";
import { CitypitchError } from "../../src/errors.ts";
import { ROOT } from "../helpers/project.ts";
import { fakeCharts } from "./fakeCharts.ts";
import { loadCity } from "./project.ts";

/** Renders Dalian with a copy of the brochure templates in which `file` had `find` replaced. */
async function renderWith(file: string, find: string, replace: string): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-templates-"));
  cpSync(join(ROOT, TEMPLATE_DIR), dir, { recursive: true });
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(find);
  writeFileSync(path, text.replace(find, replace));
  const ctx = await loadCity("dalian");
  return renderBrochure(ctx, fakeCharts(ctx), await loadTemplates(dir, ROOT)).catch((error: unknown) => error);
}

describe("brochure template errors", () => {
  it("names the template, line and field when the data lacks a field", async () => {
    const error = (await renderWith("50-air.hbs", "{{md airport.summary}}", "{{md airport.summry}}")) as CitypitchError;
    expect(error).toBeInstanceOf(CitypitchError);
    expect(error.problems[0]).toMatchObject({ location: { file: expect.stringMatching(/50-air\.hbs$/), line: 4 }, path: "summry" });
  });

  it("names a chart id that does not exist, and lists the ones that do", async () => {
    const error = (await renderWith("50-air.hbs", "::charts air", "::chart flights")) as CitypitchError;
    expect(error).toBeInstanceOf(CitypitchError);
    expect(error.problems[0]!.message).toContain('no chart with id "flights"');
    expect(error.problems[0]!.hint).toContain("weekly-flights");
  });

  it("refuses to leave a chart out", async () => {
    const error = (await renderWith("50-air.hbs", "::charts air", "")) as CitypitchError;
    expect(error).toBeInstanceOf(CitypitchError);
    expect(error.message).toContain('"weekly-flights"');
  });
});
