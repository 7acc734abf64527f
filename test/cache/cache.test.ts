/**
 * Incremental builds through the CLI, on a snapshot of the tool and the fictional Testville: what
 * the manifest says was reused, that reused files are the same bytes, that a prose edit reuses the
 * charts but not the brochure or the deck text, and that a damaged cache, another version's cache
 * or --no-cache never hands back a stale file.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layoutDir } from "../../src/cache/store.ts";
import { edit } from "../helpers/project.ts";
import { runSnapshot, snapshot, type Snapshot } from "../helpers/snapshot.ts";

interface Manifest {
  files: { name: string; size: number; sha256: string; reused?: boolean; carriedOver?: boolean }[];
}

const FORMATS = ["--formats", "charts,brochure,md"];
const RENDERERS = ["chartjs-node-canvas", "canvas", "chart.js", "puppeteer-core", "@marp-team/marp-core", "@marp-team/marp-cli", "pptxgenjs"];

// Each case is one to three full builds: minutes on a loaded machine.
describe("incremental builds", { timeout: 300_000 }, () => {
  let snap: Snapshot;
  const manifest = (): Manifest => JSON.parse(readFileSync(join(snap.out, "testville", "manifest.json"), "utf8"));
  const reused = (m: Manifest) => m.files.filter((f) => f.reused).map((f) => f.name);
  const build = (...extra: string[]) => {
    const run = runSnapshot(snap, ["build", "--out", "out", ...FORMATS, ...extra, "testville"]);
    expect(run.stderr, run.stdout).toBe("");
    expect(run.code).toBe(0);
    return run;
  };
  const brochureText = () => execFileSync("pdftotext", [join(snap.out, "testville", "testville-brochure.pdf"), "-"], { encoding: "utf8" });

  beforeAll(() => {
    snap = snapshot();
  });
  afterAll(() => rmSync(snap.dir, { recursive: true, force: true }));

  it("reuses every artifact of a build with nothing changed, byte for byte, without loading a renderer", () => {
    build();
    const first = manifest();
    expect(reused(first)).toEqual([]);
    const imports = join(snap.dir, "imports.txt");
    writeFileSync(imports, "");
    const run = runSnapshot(snap, ["build", "--out", "out", ...FORMATS, "testville"], { CITYPITCH_TEST_IMPORTS: imports }, [
      "--import",
      join(import.meta.dirname, "record-imports.mjs"),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const second = manifest();
    expect(second.files.map((f) => f.name)).toEqual(first.files.map((f) => f.name));
    expect(second.files.every((f) => f.reused)).toBe(true);
    expect(second.files.map((f) => f.sha256)).toEqual(first.files.map((f) => f.sha256));
    expect(run.stdout).toMatch(/testville-brochure\.pdf\s+\S+ \S+\s+reused/);
    const loaded = new Set(readFileSync(imports, "utf8").split("\n"));
    // zod: imported by every build (the data's schema); yaml is required lazily, out of the hook's sight.
    expect(loaded.has("zod"), "the hook saw the build's imports").toBe(true);
    expect(RENDERERS.filter((name) => loaded.has(name))).toEqual([]);
  });

  it("rebuilds the brochure and the deck text but no chart after a one-word prose edit", () => {
    edit(snap.data, "cities/testville.yaml", "carries most of the\n      region's seaborne trade", "carries most of the\n      region's maritime trade");
    build();
    const m = manifest();
    const charts = m.files.filter((f) => f.name.startsWith("charts/"));
    expect(charts.length).toBeGreaterThanOrEqual(10);
    expect(charts.every((f) => f.reused)).toBe(true);
    expect(reused(m)).not.toContain("testville-brochure.pdf");
    expect(reused(m)).not.toContain("testville-deck.md");
    expect(brochureText()).toMatch(/region's maritime/);
    expect(readFileSync(join(snap.out, "testville", "testville-deck.md"), "utf8")).toContain("maritime trade");
  });

  it("re-renders only the chart whose figure changed", () => {
    const svg = () => readFileSync(join(snap.out, "testville", "charts", "weekly-flights.svg"), "utf8");
    const before = svg();
    edit(snap.data, "cities/testville.yaml", /Flights to Fixturia a week\n(\s+)value: 70/, "Flights to Fixturia a week\n$1value: 77");
    build();
    const m = manifest();
    const fresh = m.files.filter((f) => f.name.startsWith("charts/") && !f.reused).map((f) => f.name);
    expect(fresh.sort()).toEqual(["charts/weekly-flights.png", "charts/weekly-flights.svg"]);
    expect(svg()).not.toEqual(before);
    expect(brochureText()).toContain("77 flights/week");
  });

  it("ignores a damaged cache entry and rebuilds it", () => {
    const before = manifest().files.find((f) => f.name === "testville-brochure.pdf")!;
    const blob = join(layoutDir(snap.out), "blobs", before.sha256);
    expect(existsSync(blob)).toBe(true);
    const damaged = readFileSync(blob);
    damaged.write("garbage", 2000);
    writeFileSync(blob, damaged);
    build();
    const after = manifest().files.find((f) => f.name === "testville-brochure.pdf")!;
    expect(after.reused).toBeUndefined();
    expect(after.sha256).toBe(before.sha256);
    expect(readFileSync(blob).equals(readFileSync(join(snap.out, "testville", "testville-brochure.pdf")))).toBe(true);
  });

  it("rebuilds everything under --no-cache, and refreshes the cache", () => {
    build("--no-cache");
    expect(reused(manifest())).toEqual([]);
    build();
    expect(reused(manifest()).length).toBe(manifest().files.length);
  });

  it("never follows a link in the cache's place: it builds without the cache and writes nothing there", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "citypitch-elsewhere-"));
    const cache = join(snap.out, ".citypitch-cache");
    const kept = `${cache}.kept`;
    renameSync(cache, kept);
    symlinkSync(elsewhere, cache);
    try {
      const run = build();
      expect(run.stdout).toMatch(/note: not using the cache: .*\.citypitch-cache is a link/);
      expect(reused(manifest())).toEqual([]);
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      rmSync(cache);
      renameSync(kept, cache);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("still dry-runs the templates, and reports a broken one, when everything else is cached", () => {
    build();
    expect(reused(manifest()).length).toBe(manifest().files.length);
    const template = join(snap.dir, "templates", "brochure", "10-at-a-glance.hbs");
    const good = readFileSync(template, "utf8");
    writeFileSync(template, `${good}\n{{#each}}\n`);
    try {
      const run = runSnapshot(snap, ["build", "--out", "out", ...FORMATS, "testville"]);
      expect(run.code).toBe(4);
      expect(run.stderr).toContain("templates/brochure/10-at-a-glance.hbs");
    } finally {
      writeFileSync(template, good);
    }
  });

  it("ignores the cache of another version of the tool", () => {
    const pkg = join(snap.dir, "package.json");
    writeFileSync(pkg, readFileSync(pkg, "utf8").replace(/"version": "[^"]+"/, '"version": "99.0.0"'));
    build();
    expect(reused(manifest())).toEqual([]);
  });
});
