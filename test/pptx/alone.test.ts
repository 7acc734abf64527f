/**
 * `citypitch build <city> --formats pptx` as the compiled tool runs it (the prefetch thread runs
 * only there): the PowerPoint measures its text from the fonts' own tables, so fontkit is loaded
 * on the prefetch thread alone (for the brand check) and never on the main one; the main thread
 * takes the message file the thread read rather than reading it again; and the file is the very one
 * the sources make without the thread.
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
  it("loads fontkit on the prefetch thread only", () => {
    const loads = trace.filter((line) => line.endsWith("fontkit: loaded"));
    expect(loads.length).toBeGreaterThan(0);
    expect(loads.filter((line) => !/ lane \d+\]/.test(line))).toEqual([]);
  });

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
