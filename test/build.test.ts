/** The whole build through the CLI, as a user runs it: what lands in output/ and what the manifest says. */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, edit, runCli } from "./helpers/project.ts";

interface Manifest {
  slug: string;
  files: { name: string; size: number; sha256: string; carriedOver?: boolean }[];
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));

describe("citypitch build", () => {
  const out = mkdtempSync(join(tmpdir(), "citypitch-build-"));

  // Dalian declares editions: each builds into output/dalian/<id>/; the English one is built here.
  it("writes Dalian's charts and brochure, a manifest that matches the bytes, and no staging leftovers", () => {
    const run = runCli(["build", "--formats", "charts,brochure", "--edition", "en", "--out", out, "dalian"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/dalian\/en\/dalian-en-brochure\.pdf\s+\d/);
    expect(run.stdout).toMatch(/^built \d+ file\(s\)/m);
    expect(readdirSync(out).sort()).toEqual([".citypitch-cache", "dalian"]);

    const dir = join(out, "dalian");
    const manifest = readManifest(dir);
    const names = manifest.files.map((f) => f.name);
    expect(names).toContain("en/dalian-en-brochure.pdf");
    expect(names.filter((n) => n.startsWith("en/charts/") && n.endsWith(".png")).length).toBeGreaterThanOrEqual(5);
    expect(names.filter((n) => n.endsWith(".svg")).length).toBe(names.filter((n) => n.endsWith(".png")).length);
    for (const file of manifest.files) {
      const bytes = readFileSync(join(dir, file.name));
      expect(bytes.length, file.name).toBe(file.size);
      expect(createHash("sha256").update(bytes).digest("hex"), file.name).toBe(file.sha256);
    }
  });

  it("rebuilds only the formats asked for and keeps the rest", () => {
    const brochure = join(out, "dalian", "en", "dalian-en-brochure.pdf");
    const before = readFileSync(brochure);
    const run = runCli(["build", "--formats", "charts", "--edition", "en", "--out", out, "dalian"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("brochure.pdf");
    expect(readFileSync(brochure).equals(before)).toBe(true);
    const kept = readManifest(join(out, "dalian")).files.find((f) => f.name === "en/dalian-en-brochure.pdf");
    expect(kept?.carriedOver).toBe(true);
  });

  it("touches nothing under the output folder when the data is invalid", () => {
    const data = copyFixture();
    edit(data, "cities/testville.yaml", /value: 165\.44/, "value: lots");
    const target = mkdtempSync(join(tmpdir(), "citypitch-build-"));
    const first = runCli(["build", "--formats", "charts", "--data", data, "--out", target, "testville"]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/testville\.yaml:\d+:\d+ {2}\S+\.value: expected a number, got "lots"/);
    expect(readdirSync(target)).toEqual([]);
    const dalianBefore = statSync(join(out, "dalian", "manifest.json")).mtimeMs;
    const second = runCli(["build", "--data", data, "--out", out, "testville"]);
    expect(second.code).toBe(1);
    expect(readdirSync(out).sort()).toEqual([".citypitch-cache", "dalian"]);
    expect(statSync(join(out, "dalian", "manifest.json")).mtimeMs).toBe(dalianBefore);
  });
});
