/**
 * The tool as a user gets it: `npm pack`, the tarball installed into an empty folder with production
 * dependencies only (no tsx, no TypeScript), then `citypitch init` and `citypitch build` there.
 * Slow (canvas compiles from source during the install), so it runs as `npm run test:package`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/project.ts";

const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
let work: string;
let app: string;
let bin: string;
let packed: string[];

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(bin, args, { cwd, encoding: "utf8", env: { ...process.env, CHROME_PATH: CHROME, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "citypitch-packed-"));
  const pack = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })) as {
    filename: string;
    files: { path: string }[];
  }[];
  packed = pack[0]!.files.map((f) => f.path);
  app = join(work, "app");
  mkdirSync(app);
  // canvas builds its binding in an install script, which npm runs only for packages the project allows.
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "packed-test", private: true, allowScripts: { canvas: true } }));
  execFileSync("npm", ["install", join(work, pack[0]!.filename), "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app, stdio: "inherit" });
  bin = join(app, "node_modules", ".bin", "citypitch");
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed tool", () => {
  it("ships compiled JavaScript, the templates and the default brand, and no sources or tests", () => {
    for (const file of [
      "bin/citypitch.cjs",
      "dist/cli.js",
      "dist/commands/init.js",
      "templates/brochure/cover.hbs",
      "templates/deck/theme.css",
      "templates/messages/en.yaml",
      "templates/scaffold/project/data/cities/sampleport.yaml",
      "data/brand.yaml",
      "data/brand/logo.png",
      "schema/city.schema.json",
    ]) {
      expect(packed).toContain(file);
    }
    expect(packed.filter((f) => f.startsWith("src/") || f.startsWith("test/") || f.endsWith(".ts"))).toEqual([]);
    // Production dependencies only: the bin must run on plain Node.
    expect(existsSync(join(app, "node_modules", "tsx"))).toBe(false);
    expect(existsSync(join(app, "node_modules", "typescript"))).toBe(false);
  });

  it("prints its version", () => {
    const { code, stdout } = run(["--version"], app);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });

  it("scaffolds a project with init that builds at once", () => {
    const init = run(["init", "cities"], app);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    const project = join(app, "cities");
    const build = run(["build"], project);
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
    const out = join(project, "output", "sampleport");
    for (const file of [
      "sampleport-brochure.pdf",
      "sampleport-deck.md",
      "sampleport-deck.html",
      "sampleport-deck.pdf",
      "sampleport-deck.pptx",
      "charts/port-throughput.svg",
      "manifest.json",
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const text = execFileSync("pdftotext", [join(out, "sampleport-brochure.pdf"), "-"], { encoding: "utf8" });
    expect(text).toContain("Sampleport");
    expect(readFileSync(join(out, "sampleport-deck.html"), "utf8")).toContain("Sampleport");
  });
});
