/**
 * `citypitch build <city> --formats pptx` as the compiled tool runs it (the prefetch thread runs
 * only there): the PowerPoint measures its text from the fonts' own tables, and the brand check
 * reads those same tables (src/data/brandFiles.ts, FontCheck), so fontkit is loaded on no thread;
 * the thread reads the message file before it hashes the fonts (a check of every format has it
 * check the fonts with fontkit first, as before); the main thread takes the message file the
 * thread read rather than reading it again; and the file is the very one the sources make without
 * the thread.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledTool, type CompiledTool } from "../../scripts/bench/compiled.ts";
import { ROOT } from "../helpers/project.ts";

let tool: CompiledTool;
let trace: string[];

beforeAll(() => {
  tool = compiledTool("dalian");
  const result = spawnSync(process.execPath, [...tool.command, "build", "dalian", "--edition", "en", "--formats", "pptx", "--no-cache", "--out", join(tool.dir, "compiled")], {
    cwd: tool.dir,
    encoding: "utf8",
    env: { ...process.env, CITYPITCH_TRACE: "1" },
  });
  expect(result.status, result.stderr).toBe(0);
  trace = result.stderr.split("\n").filter((line) => line.startsWith("[trace"));
}, 120_000);

afterAll(() => tool?.remove());

describe("a build of the PowerPoint alone, compiled", () => {
  it("loads fontkit on no thread: the brand check reads the fonts' own tables, as the text measure does", () => {
    expect(trace.some((line) => line.endsWith("validate: brand checked"))).toBe(true);
    expect(trace.filter((line) => line.endsWith("fontkit: loaded"))).toEqual([]);
  });

  it("has the thread read the message file before it hashes the fonts, which the build needs later", () => {
    const thread = trace.filter((line) => / lane \d+\] prefetch thread: /.test(line)).map((line) => line.replace(/.*prefetch thread: /, ""));
    expect(thread).not.toContain("fonts checked");
    // The city file read there, or by the main thread while it waited (src/data/prefetch.ts claimCityFile).
    const city = thread.findIndex((line) => line === "read dalian.yaml" || line === "dalian.yaml read by the main thread");
    expect(city).toBeGreaterThanOrEqual(0);
    expect(thread.indexOf("read en.yaml")).toBeGreaterThan(city);
    expect(thread.indexOf("fonts hashed")).toBeGreaterThan(thread.indexOf("read en.yaml"));
  });

  it("leaves a check of every format's fonts to fontkit, on the thread, before the message files", () => {
    const result = spawnSync(process.execPath, [...tool.command, "check", "dalian", "--no-cache", "--out", join(tool.dir, "checked")], {
      cwd: tool.dir,
      encoding: "utf8",
      env: { ...process.env, CITYPITCH_TRACE: "1" },
    });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stderr.split("\n").filter((line) => line.startsWith("[trace"));
    const loads = lines.filter((line) => line.endsWith("fontkit: loaded"));
    expect(loads.length).toBeGreaterThan(0);
    expect(loads.filter((line) => !/ lane \d+\]/.test(line))).toEqual([]);
    const thread = lines.filter((line) => / lane \d+\] prefetch thread: /.test(line)).map((line) => line.replace(/.*prefetch thread: /, ""));
    const city = thread.findIndex((line) => line === "read dalian.yaml" || line === "dalian.yaml read by the main thread");
    expect(city).toBeGreaterThanOrEqual(0);
    expect(thread.indexOf("fonts checked")).toBeGreaterThan(city);
    expect(thread.indexOf("read en.yaml")).toBeGreaterThan(thread.indexOf("fonts checked"));
  }, 60_000);

  it("takes the thread's parse of the message file", () => {
    expect(trace.filter((line) => /\] prefetch: took en\.yaml$/.test(line))).toHaveLength(1);
  });

  it("writes the PowerPoint the sources write without the thread, byte for byte", () => {
    // The checkout's sources (the snapshot keeps only its compiled code) on the snapshot's project.
    const args = [
      "--import",
      "tsx",
      join(ROOT, "src", "cli.ts"),
      "build",
      "dalian",
      "--edition",
      "en",
      "--formats",
      "pptx",
      "--no-cache",
      "--project",
      tool.dir,
      "--out",
      join(tool.dir, "source"),
    ];
    const fromSource = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    expect(fromSource.status, fromSource.stderr).toBe(0);
    const file = join("dalian", "en", "dalian-en-deck.pptx");
    expect(readFileSync(join(tool.dir, "compiled", file)).equals(readFileSync(join(tool.dir, "source", file)))).toBe(true);
  }, 60_000);
});
