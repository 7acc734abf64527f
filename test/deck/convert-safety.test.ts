/**
 * The deck's external steps never lose, leak or hang: every child process has a time limit and
 * dies with its helpers, a broken browser costs only PDF and PPTX, one failed format leaves the
 * others, no browser profile is left in the temp folder, and six decks convert to PPTX.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findBrowser, probeBrowser } from "../../src/deck/browser.ts";
import { convertDecks, convertTimeoutMs, makeScratch, marpArguments, stepTimeoutOverride, writeMarpConfig } from "../../src/deck/convert.ts";
import type { CitypitchError } from "../../src/errors.ts";
import { EXIT } from "../../src/errors.ts";
import { killAllChildren, liveChildren, runCommand } from "../../src/exec.ts";
import { copyFixture } from "../helpers/project.ts";
import { expectNoProcessWith } from "../helpers/processes.ts";
import { buildDecks, type DeckBuild } from "./project.ts";

const browser = findBrowser();
const onLinux = process.platform === "linux";

/** An executable shell script in a fresh folder. */
function script(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "citypitch-fake-")), "browser.sh");
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const saved = { ...process.env };
function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
afterEach(() => {
  for (const key of ["CHROME_PATH", "CITYPITCH_STEP_TIMEOUT", "TMPDIR"]) setEnv({ [key]: saved[key] });
});

/** A Testville copy with `count` cities: testville plus copies under other slugs. */
function manyCities(count: number): { dir: string; slugs: string[] } {
  const dir = copyFixture();
  const source = readFileSync(join(dir, "cities", "testville.yaml"), "utf8");
  const slugs = ["testville"];
  for (let i = 2; i <= count; i++) {
    const slug = `testville${i}`;
    writeFileSync(join(dir, "cities", `${slug}.yaml`), source.replace("slug: testville\n", `slug: ${slug}\n`));
    slugs.push(slug);
  }
  return { dir, slugs };
}

describe.skipIf(!onLinux)("runCommand", () => {
  it("returns the exit code and output, in the given folder and environment", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "citypitch-exec-"));
    const lines: string[] = [];
    const result = await runCommand("/bin/sh", ["-c", 'pwd; echo "$CITYPITCH_PROBE" >&2; exit 7'], {
      cwd,
      env: { PATH: process.env.PATH, CITYPITCH_PROBE: "hello" },
      timeoutMs: 10_000,
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(result).toMatchObject({ code: 7, timedOut: false, stdout: `${cwd}\n`, stderr: "hello\n" });
    expect(lines.sort()).toEqual([`stderr:hello`, `stdout:${cwd}`]);
    expect(liveChildren()).toBe(0);
  });

  it("reports a program that cannot start instead of throwing", async () => {
    const result = await runCommand("/nonexistent/program", [], { timeoutMs: 5_000 });
    expect(result.spawnError?.message).toMatch(/ENOENT/);
    expect(result.code).toBeNull();
  });

  it("kills a timed-out child with its group and a grandchild in a session of its own", async () => {
    const marker = `9${process.pid}1`;
    const started = Date.now();
    // SIGTERM is ignored, so only the SIGKILL that follows ends the shell; setsid leaves its group.
    const result = await runCommand("/bin/sh", ["-c", `trap '' TERM; sleep ${marker} & setsid sleep ${marker} & wait; wait`], {
      timeoutMs: 1_500,
      graceMs: 500,
    });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(6_000);
    await expectNoProcessWith(marker);
    expect(liveChildren()).toBe(0);
  });

  it("killAllChildren ends every running child at once", async () => {
    const marker = `9${process.pid}2`;
    const runs = [1, 2].map(() => runCommand("/bin/sh", ["-c", `sleep ${marker}`], { timeoutMs: 60_000 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(liveChildren()).toBe(2);
    expect(killAllChildren()).toBe(2);
    const results = await Promise.all(runs);
    expect(results.map((r) => r.signal)).toEqual(["SIGKILL", "SIGKILL"]);
    await expectNoProcessWith(marker);
  });
});

describe("step limits", () => {
  it("grow with the number of decks and give way to CITYPITCH_STEP_TIMEOUT", () => {
    expect(convertTimeoutMs("pptx", 10, {})).toBeGreaterThan(convertTimeoutMs("pptx", 1, {}));
    expect(convertTimeoutMs("pptx", 10, { CITYPITCH_STEP_TIMEOUT: "2.5" })).toBe(2_500);
    expect(() => stepTimeoutOverride({ CITYPITCH_STEP_TIMEOUT: "soon" })).toThrow(/positive number of seconds/);
  });

  it("puts the browser's temp folder in the staging folder unless Chromium's socket path would be too long there", async () => {
    const base = mkdtempSync(join(tmpdir(), "citypitch-scratch-"));
    const short = join(base, "s");
    expect(await makeScratch(short)).toBe(short);
    expect(existsSync(short)).toBe(true);
    const deep = join(base, "x".repeat(80));
    const fallback = await makeScratch(deep);
    expect(fallback.startsWith(join(tmpdir(), "citypitch-"))).toBe(true);
    expect(existsSync(deep)).toBe(false);
    rmSync(fallback, { recursive: true });
    rmSync(base, { recursive: true });
  });

  it("converts PPTX one deck at a time", () => {
    const args = marpArguments({ format: "pptx", inputDir: "in", outputDir: "out", themePath: "t.css", configPath: "c.json" });
    expect(args.join(" ")).toContain("--parallel 1");
  });
});

describe.skipIf(!onLinux)("deck stage with a broken browser", () => {
  it("reports a browser that never answers as missing (exit 3) within seconds, writes no deck, leaves no process", async () => {
    const marker = `9${process.pid}3`;
    setEnv({ CHROME_PATH: script(`exec sleep ${marker}`), CITYPITCH_STEP_TIMEOUT: "2" });
    const started = Date.now();
    const build = await buildDecks(copyFixture(), ["testville"], "md,html,pdf");
    const probeAndBuild = Date.now() - started;
    // Every deck format needs the browser: the slides are measured in it before anything is written.
    expect(build.failures.map((f) => [f.format, f.slugs, f.error.exitCode])).toEqual(["md", "html", "pdf"].map((f) => [f, ["testville"], EXIT.missingTool]));
    const error = build.failures[0]!.error;
    expect(error.message).toMatch(/browser at .*browser\.sh \(from CHROME_PATH\) did not answer `--version` within 2 s/);
    expect(error.hint).toMatch(/set CHROME_PATH to a working Chromium/);
    expect(readdirSync(join(build.outDir, "testville")).filter((f) => f.includes("-deck"))).toEqual([]);
    // Charts take a few seconds; the probe adds its 2 s, not marp-cli's 30 s.
    expect(probeAndBuild).toBeLessThan(25_000);
    await expectNoProcessWith(marker);
    expect(liveChildren()).toBe(0);
  });

  it("reports a browser that fails on --version as missing (exit 3), with what it said", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "citypitch-probe-"));
    const error = await probeBrowser(script(`echo "libnss3.so: cannot open shared object file" >&2; exit 127`), ["pdf"], scratch, {});
    expect(error?.exitCode).toBe(EXIT.missingTool);
    expect(error?.message).toMatch(/^the PDF deck needs a working Chromium-family browser/);
    expect(error?.message).toMatch(/failed on `--version` \(exit code 127\): libnss3\.so: cannot open shared object file/);
    if (browser) expect(await probeBrowser(browser, ["pdf"], scratch, {})).toBeUndefined();
    rmSync(scratch, { recursive: true });
  });

  it("stops a browser that answers --version but never starts (exit 3) within its limit, leaves no process", async () => {
    const marker = `9${process.pid}4`;
    // Answers the probe, then never gets as far as a DevTools connection.
    setEnv({ CHROME_PATH: script(`[ "$1" = --version ] && { echo "Chromium 999"; exit 0; }\nexec sleep ${marker}`), CITYPITCH_STEP_TIMEOUT: "6" });
    const started = Date.now();
    const build = await buildDecks(copyFixture(), ["testville"], "md,html,pdf");
    expect(build.failures.map((f) => [f.format, f.slugs, f.error.exitCode])).toEqual(["md", "html", "pdf"].map((f) => [f, ["testville"], EXIT.missingTool]));
    expect(build.failures[0]!.error.message).toMatch(/did not start within 6 s/);
    expect(build.failures[0]!.error.hint).toMatch(/CITYPITCH_STEP_TIMEOUT/);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(readdirSync(join(build.outDir, "testville")).filter((f) => f.includes("-deck"))).toEqual([]);
    await expectNoProcessWith(marker);
    expect(liveChildren()).toBe(0);
  });

  it("stops a marp-cli run that outlives its limit (exit 4)", async () => {
    const marker = `9${process.pid}5`;
    const browserPath = script(`[ "$1" = --version ] && { echo "Chromium 999"; exit 0; }\nexec sleep ${marker}`);
    setEnv({ CITYPITCH_STEP_TIMEOUT: "6" });
    const work = mkdtempSync(join(tmpdir(), "citypitch-convert-"));
    const inputDir = join(work, "src");
    mkdirSync(join(inputDir, "testville"), { recursive: true });
    writeFileSync(join(inputDir, "testville", "testville-deck.md"), "---\nmarp: true\n---\n\n# Slide\n");
    const themePath = join(work, "citypitch.css");
    writeFileSync(themePath, "/* @theme citypitch */ section { width: 1280px; height: 720px; }");
    const configPath = join(work, "marp.config.json");
    await writeMarpConfig(configPath);
    const started = Date.now();
    const scratchDir = await makeScratch(join(work, "tmp"));
    const error = await convertDecks({ format: "pdf", inputDir, outputDir: join(work, "out"), themePath, configPath, browserPath, decks: 1, scratchDir }).then(
      () => undefined,
      (e: unknown) => e as CitypitchError,
    );
    expect(error?.exitCode).toBe(EXIT.renderFailed);
    expect(error?.message).toMatch(/did not finish the PDF deck\(s\) within 6 s/);
    expect(error?.hint).toMatch(/CITYPITCH_STEP_TIMEOUT/);
    expect(Date.now() - started).toBeLessThan(30_000);
    await expectNoProcessWith(marker);
    expect(liveChildren()).toBe(0);
    rmSync(work, { recursive: true, force: true });
  });
});

describe.skipIf(!browser)("six cities' PDF and PPTX", () => {
  let build: DeckBuild;
  let temp: string;
  let slugs: string[];
  let seconds: number;

  beforeAll(async () => {
    const cities = manyCities(6);
    slugs = cities.slugs;
    // A temp folder of its own, so anything a browser leaves behind is plain to see.
    temp = mkdtempSync(join(tmpdir(), "citypitch-tmp-"));
    setEnv({ TMPDIR: temp });
    const started = Date.now();
    build = await buildDecks(cities.dir, slugs, "pdf,pptx-images");
    seconds = (Date.now() - started) / 1000;
    setEnv({ TMPDIR: saved.TMPDIR });
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("converts every deck (marp-cli's default parallelism stalls the PPTX step past five)", () => {
    expect(build.failures).toEqual([]);
    for (const slug of slugs) {
      const pptx = readFileSync(join(build.outDir, slug, `${slug}-deck-images.pptx`));
      const slides = Object.keys(unzipSync(pptx)).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
      expect(slides.length, slug).toBeGreaterThan(5);
      const pdf = readFileSync(join(build.outDir, slug, `${slug}-deck.pdf`));
      expect(pdf.subarray(0, 5).toString(), slug).toBe("%PDF-");
    }
    // Measured: about 30 s here; a stalled run takes minutes and fails.
    expect(seconds).toBeLessThan(180);
  });

  it("leaves no browser profile, temp file or browser process behind", async () => {
    // The build's own data copy and output folder are the only things it put there.
    const left = readdirSync(temp).filter((name) => !/^citypitch-(data|deck)-/.test(name));
    expect(left).toEqual([]);
    expect(readdirSync(build.outDir).filter((name) => name.startsWith("."))).toEqual([]);
    expect(existsSync(join(build.outDir, slugs[0]!))).toBe(true);
    expect(statSync(join(build.outDir, slugs[0]!, `${slugs[0]}-deck-images.pptx`)).size).toBeGreaterThan(100_000);
    // The browser's profile was under `temp`, so any browser of this build names it.
    if (onLinux) await expectNoProcessWith(temp);
  });
});
