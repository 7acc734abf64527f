import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatOfArtifact, Staging } from "../src/output.ts";
import { FORMATS } from "../src/options.ts";

const ALL = new Set(FORMATS);

describe("atomic output", () => {
  it("replaces a city's folder only on commit, with a manifest of what was written", async () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-stage-"));
    mkdirSync(join(out, "testville"));
    writeFileSync(join(out, "testville", "old.pdf"), "old");
    writeFileSync(join(out, "testville", "manifest.json"), JSON.stringify({ slug: "testville", files: [] }));
    const staging = await Staging.create(out);
    await staging.write("testville", "charts/a.svg", "<svg/>");
    expect(readdirSync(join(out, "testville")).sort()).toEqual(["manifest.json", "old.pdf"]);
    await staging.commit(["testville"], ALL);
    await staging.discard();
    expect(readdirSync(out)).toEqual(["testville"]);
    expect(readdirSync(join(out, "testville")).sort()).toEqual(["charts", "manifest.json"]);
    const manifest = JSON.parse(readFileSync(join(out, "testville", "manifest.json"), "utf8"));
    expect(manifest.files).toEqual([{ name: "charts/a.svg", size: 6, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it("leaves the previous build untouched when a build is abandoned", async () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-stage-"));
    mkdirSync(join(out, "testville"));
    writeFileSync(join(out, "testville", "old.pdf"), "old");
    const staging = await Staging.create(out);
    await staging.write("testville", "new.pdf", "half");
    await staging.discard();
    expect(readdirSync(out)).toEqual(["testville"]);
    expect(readFileSync(join(out, "testville", "old.pdf"), "utf8")).toBe("old");
    expect(existsSync(staging.dir)).toBe(false);
  });

  it("keeps the previous build's files of formats this build did not make, and drops stale ones it did", async () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-stage-"));
    const first = await Staging.create(out);
    await first.write("testville", "testville-brochure.pdf", "brochure v1");
    await first.write("testville", "charts/dropped.svg", "<svg/>");
    await first.write("testville", "testville-deck.pdf", "deck v1");
    await first.commit(["testville"], ALL);
    await first.discard();

    const second = await Staging.create(out);
    await second.write("testville", "charts/kept.svg", "<svg>2</svg>");
    await second.write("testville", "testville-deck.pdf", "deck v2");
    await second.commit(["testville"], new Set(["charts", "pdf"] as const));
    await second.discard();

    const dir = join(out, "testville");
    expect(readFileSync(join(dir, "testville-brochure.pdf"), "utf8")).toBe("brochure v1");
    expect(readFileSync(join(dir, "testville-deck.pdf"), "utf8")).toBe("deck v2");
    expect(readdirSync(join(dir, "charts"))).toEqual(["kept.svg"]);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.files.map((f: { name: string; carriedOver?: boolean }) => [f.name, f.carriedOver ?? false])).toEqual([
      ["charts/kept.svg", false],
      ["testville-brochure.pdf", true],
      ["testville-deck.pdf", false],
    ]);
  });

  it("knows which format makes each artifact", () => {
    expect(["charts/a.png", "x-brochure.pdf", "x-deck.md", "x-deck.html", "x-deck.pdf", "x-deck.pptx", "notes.txt"].map(formatOfArtifact)).toEqual([
      "charts",
      "brochure",
      "md",
      "html",
      "pdf",
      "pptx",
      undefined,
    ]);
  });
});

describe("a format that failed", () => {
  it("ships none of its staged files and keeps the previous build's, for the cities it failed", async () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-stage-"));
    const first = await Staging.create(out);
    await first.write("testville", "testville-deck.pdf", "deck v1");
    await first.write("testville", "testville-deck.md", "md v1");
    await first.commit(["testville"], ALL);
    await first.discard();

    const second = await Staging.create(out);
    await second.write("testville", "testville-deck.md", "md v2");
    // A tool left a half-written file behind, and the stage reported the format as failed.
    await second.write("testville", "testville-deck.pdf", "half");
    const { CitypitchError } = await import("../src/errors.ts");
    await second.commit(["testville"], ALL, [{ format: "pdf", slugs: ["testville"], error: new CitypitchError(3, "no browser") }]);
    await second.discard();

    const dir = join(out, "testville");
    expect(readFileSync(join(dir, "testville-deck.pdf"), "utf8")).toBe("deck v1");
    expect(readFileSync(join(dir, "testville-deck.md"), "utf8")).toBe("md v2");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.generator).toBe("citypitch");
    expect(manifest.files.find((f: { name: string }) => f.name === "testville-deck.pdf").carriedOver).toBe(true);
  });
});
