/**
 * A build dry-runs the templates of the formats it makes, and only those (src/commands/check.ts):
 * a broken brochure template stops a build of the brochure, and `check`, exactly as before, but
 * not a build of the editable PowerPoint alone, which renders no template. The same for the deck's.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateForRun } from "../../src/commands/check.ts";
import { CitypitchError, EXIT } from "../../src/errors.ts";
import { copyFixture, options, ROOT } from "../helpers/project.ts";

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project of Testville whose own template folder `kind` has `broken` appended to `file`. */
function project(kind: "brochure" | "deck", file: string, broken: string): string {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-scope-"));
  temps.push(dir);
  cpSync(copyFixture(), join(dir, "data"), { recursive: true });
  // The default brand, whose fonts lie inside citypitch's own folder.
  rmSync(join(dir, "data", "brand.yaml"));
  cpSync(join(ROOT, "templates", kind), join(dir, "templates", kind), { recursive: true });
  appendFileSync(join(dir, "templates", kind, file), broken);
  return dir;
}

async function problem(dir: string, formats?: string): Promise<CitypitchError | undefined> {
  try {
    await validateForRun([], options({ project: dir, out: join(dir, "output"), ...(formats ? { formats } : {}) }));
    return undefined;
  } catch (error) {
    if (error instanceof CitypitchError) return error;
    throw error;
  }
}

describe("the template dry run of a build", () => {
  it("renders the brochure's templates when the brochure is made, and when everything is checked", async () => {
    const dir = project("brochure", "cover.hbs", "\n{{md noSuchField}}\n");
    for (const formats of [undefined, "brochure", "charts,brochure,pptx"]) {
      const error = await problem(dir, formats);
      expect(error?.exitCode, `--formats ${formats}`).toBe(EXIT.renderFailed);
      expect(error?.problems.some((p) => p.location.file.endsWith("cover.hbs") && p.message.includes("noSuchField"))).toBe(true);
    }
  });

  it("leaves them alone for formats no template makes (the editable PowerPoint, the chart files)", async () => {
    const dir = project("brochure", "cover.hbs", "\n{{md noSuchField}}\n");
    expect(await problem(dir, "pptx")).toBeUndefined();
    expect(await problem(dir, "charts,pptx")).toBeUndefined();
    // The deck's formats render the deck's templates, not the brochure's.
    expect(await problem(dir, "md")).toBeUndefined();
  });

  it("renders the deck's templates for every format made from the deck's Markdown", async () => {
    const dir = project("deck", "deck.hbs", "\n{{#each}}\n");
    for (const formats of ["md", "html", "pdf", "pptx-images", undefined]) {
      const error = await problem(dir, formats);
      expect(error?.exitCode, `--formats ${formats}`).toBe(EXIT.renderFailed);
      expect(error?.problems.some((p) => p.location.file.endsWith("deck.hbs"))).toBe(true);
    }
    expect(await problem(dir, "brochure,pptx")).toBeUndefined();
  });
});
