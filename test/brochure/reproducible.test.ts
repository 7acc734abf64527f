import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/project.ts";
import { brochureFor } from "./project.ts";

function renderInProcess(out: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "test/brochure/render-once.ts"), "dalian", out], {
      cwd: ROOT,
      stdio: "inherit",
    });
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`render exited with ${code}`))));
  });
}

describe("reproducible brochure", () => {
  it("is byte-identical from two separate processes and from a warm one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "citypitch-repro-"));
    const [a, b] = [join(dir, "a.pdf"), join(dir, "b.pdf")];
    await Promise.all([renderInProcess(a), renderInProcess(b)]);
    const first = readFileSync(a);
    expect(readFileSync(b).equals(first)).toBe(true);
    // In this process the parsed fonts are cached from earlier renders: same bytes still.
    await brochureFor("dalian");
    expect((await brochureFor("dalian")).equals(first)).toBe(true);
  });
});
