/**
 * The prefetch thread and the main thread share the city files (src/data/prefetch.ts
 * claimCityFile): the thread takes them in order, the main thread reads the last ones the thread
 * has not begun rather than wait. Whoever reads a file, each is read once, the thread hears of the
 * ones the main thread read (its glyph check and its choice of message files need their data),
 * and the check says exactly what the sources say without any thread. Compiled, since the thread
 * runs only there; which files each thread reads depends on timing, so the test asks what holds
 * either way.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledTool, type CompiledTool } from "../../scripts/bench/compiled.ts";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { ROOT } from "../helpers/project.ts";

let tool: CompiledTool;
let work: string;
let data: string;
let slugs: string[];

beforeAll(() => {
  tool = compiledTool("testville");
  work = mkdtempSync(join(tmpdir(), "citypitch-prefetch-share-"));
  data = join(work, "data");
  slugs = writeFictionalProject(data, 6, 3);
}, 120_000);

afterAll(() => {
  tool?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

const check = (command: string[], extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [...command, "check", "--data", data, "--no-cache", "--out", join(work, "out"), ...extra], {
    cwd: tool.dir,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });

describe("city files read by both threads", () => {
  it("reads each city file once, tells the thread of those the main thread read, and checks as the sources do", () => {
    const compiled = check(tool.command, [], { CITYPITCH_TRACE: "1" });
    expect(compiled.status, compiled.stderr).toBe(0);
    const trace = compiled.stderr.split("\n").filter((line) => line.startsWith("[trace"));
    const main = trace.filter((line) => !/ lane \d+\]/.test(line));
    const thread = trace.filter((line) => / lane \d+\] prefetch thread: /.test(line));
    for (const slug of slugs) {
      const file = `${slug}.yaml`;
      const took = main.filter((line) => line.endsWith(`prefetch: took ${file}`)).length;
      const readHere = main.filter((line) => line.endsWith(`prefetch: reading here ${file}`)).length;
      expect([slug, took + readHere]).toEqual([slug, 1]);
      // The thread read it, or heard of it from the main thread: never both, never neither.
      const byThread = thread.filter((line) => line.endsWith(`prefetch thread: read ${file}`)).length;
      const heard = thread.filter((line) => line.endsWith(`prefetch thread: ${file} read by the main thread`)).length;
      expect([slug, byThread, heard]).toEqual([slug, 1 - readHere, readHere]);
    }
    const sources = check(["--import", "tsx", join(ROOT, "src", "cli.ts")], ["--project", tool.dir]);
    expect(sources.status, sources.stderr).toBe(0);
    expect(compiled.stdout).toBe(sources.stdout);
    expect(compiled.stdout).toContain(`${slugs.length} city file(s) checked`);
  }, 120_000);

  it("reports a city file that is not a file, rather than wait on it", () => {
    const pipe = join(data, "cities", `${slugs[0]}.yaml`);
    rmSync(pipe);
    // A named pipe with no writer: reading it would never end.
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    try {
      const compiled = check(tool.command);
      expect(compiled.status).not.toBe(0);
      expect(compiled.stderr).toContain(`${slugs[0]}.yaml`);
      expect(compiled.stderr).toContain("expected a file, found a pipe, socket or device");
    } finally {
      rmSync(pipe);
    }
  }, 60_000);
});
