/**
 * `check` skips the template dry run only when it passed on exactly these inputs (src/cache/checked.ts),
 * and learns a font's facts once per file stamp (src/cache/fontFacts.ts): any edit to a template,
 * a message or a font is seen at once.
 */
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FontFacts } from "../../src/cache/fontFacts.ts";
import { layoutDir } from "../../src/cache/store.ts";
import { runCheck } from "../../src/commands/check.ts";
import { CitypitchError, EXIT } from "../../src/errors.ts";
import { copyFixture, options, ROOT } from "../helpers/project.ts";

const temps: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project of Testville with its own copy of the templates, built once (its output folder is there). */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-proof-"));
  temps.push(dir);
  cpSync(copyFixture(), join(dir, "data"), { recursive: true });
  // The default brand, whose fonts lie inside citypitch's own folder.
  rmSync(join(dir, "data", "brand.yaml"));
  cpSync(join(ROOT, "templates"), join(dir, "templates"), { recursive: true });
  mkdirSync(join(dir, "output"));
  return dir;
}

async function check(dir: string, noCache = false): Promise<CitypitchError | undefined> {
  vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    expect(await runCheck([], options({ project: dir, "no-cache": noCache }))).toBe(EXIT.ok);
    return undefined;
  } catch (error) {
    if (error instanceof CitypitchError) return error;
    throw error;
  }
}

const proofs = (dir: string) => readdirSync(join(layoutDir(join(dir, "output")), "entries")).filter((name) => name.startsWith("check_"));

describe("check's dry-run proof", () => {
  it("is recorded after a passing check and never hides a template or message broken since", async () => {
    const dir = project();
    expect(await check(dir)).toBeUndefined();
    expect(proofs(dir)).toHaveLength(1);
    expect(await check(dir)).toBeUndefined();

    appendFileSync(join(dir, "templates", "brochure", "cover.hbs"), "\n{{md noSuchField}}\n");
    const template = await check(dir);
    expect(template?.exitCode).toBe(EXIT.renderFailed);
    expect(template?.problems.some((p) => p.location.file.endsWith("cover.hbs") && p.message.includes("noSuchField"))).toBe(true);

    copyFileSync(join(ROOT, "templates", "brochure", "cover.hbs"), join(dir, "templates", "brochure", "cover.hbs"));
    expect(await check(dir)).toBeUndefined();
    appendFileSync(join(dir, "templates", "messages", "en.yaml"), '\nbrokenByTest: "{unclosed"\n');
    const message = await check(dir);
    expect(message?.problems.some((p) => p.location.file.endsWith("en.yaml") && p.path === "brokenByTest")).toBe(true);
  });

  it("is not used once a brand font is changed in place: the PowerPoint's and the charts' text is measured with it", async () => {
    const dir = project();
    mkdirSync(join(dir, "fonts"));
    const font = join(dir, "fonts", "body.ttf");
    copyFileSync(join(ROOT, "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf"), font);
    cpSync(join(ROOT, "data", "brand"), join(dir, "data", "brand"), { recursive: true });
    writeFileSync(
      join(dir, "data", "brand.yaml"),
      readFileSync(join(ROOT, "test/fixtures/testville/brand.yaml"), "utf8").replace("node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf", "fonts/body.ttf"),
    );
    const dryRun = await import("../../src/content/dryRun.ts");
    const spy = vi.spyOn(dryRun, "dryRunTemplates");
    expect(await check(dir)).toBeUndefined();
    expect(await check(dir)).toBeUndefined();
    expect(spy).toHaveBeenCalledTimes(1);
    // Another face under the same name: checked again.
    copyFileSync(join(ROOT, "node_modules/@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf"), font);
    expect(await check(dir)).toBeUndefined();
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("is not used under --no-cache", async () => {
    const dir = project();
    expect(await check(dir)).toBeUndefined();
    const dryRun = await import("../../src/content/dryRun.ts");
    const spy = vi.spyOn(dryRun, "dryRunTemplates");
    expect(await check(dir)).toBeUndefined();
    expect(spy).not.toHaveBeenCalled();
    expect(await check(dir, true)).toBeUndefined();
    expect(spy).toHaveBeenCalledTimes(1);
  });
});

describe("font facts", () => {
  it("answer from the memo for an unchanged file and read the file again once it is rewritten", () => {
    const dir = mkdtempSync(join(tmpdir(), "citypitch-fonts-"));
    temps.push(dir);
    const font = join(dir, "font.ttf");
    copyFileSync(join(ROOT, "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf"), font);
    const memo = join(dir, "fonts.json");
    const first = new FontFacts(memo);
    expect(first.problem(font, () => undefined)).toBe("");
    expect(first.hasGlyph(font, 0x41)).toBe(true);
    expect(first.hasGlyph(font, 0x4e00)).toBe(false);
    first.save();

    const unchanged = new FontFacts(memo);
    const never = vi.fn(() => "read again");
    expect(unchanged.problem(font, never)).toBe("");
    expect(never).not.toHaveBeenCalled();
    expect(unchanged.hasGlyph(font, 0x41)).toBe(true);

    writeFileSync(font, "not a font at all");
    const rewritten = new FontFacts(memo);
    expect(rewritten.problem(font, (bytes) => (bytes.toString() === "not a font at all" ? "not a font" : undefined))).toBe("not a font");
  });
});
