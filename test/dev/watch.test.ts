/** The dev watcher: what it reports, and the output folder it never watches, even inside the data folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { watchProject, type ProjectWatcher } from "../../src/dev/watch.ts";

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("watchProject", () => {
  let watcher: ProjectWatcher | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await watcher?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ignores what builds write into an output folder inside the data folder, and reports a data change", async () => {
    dir = mkdtempSync(join(tmpdir(), "citypitch-watch-"));
    const out = join(dir, "out");
    mkdirSync(join(out, "testville"), { recursive: true });
    const seen: string[][] = [];
    watcher = watchProject([dir], (files) => seen.push(files), 50, out);
    // chokidar is ready once its first scan is done; a quiet moment covers it.
    await settle(400);
    writeFileSync(join(out, ".citypitch-lock"), "1");
    writeFileSync(join(out, "testville", "manifest.json"), "{}");
    await settle(400);
    expect(seen).toEqual([]);
    writeFileSync(join(dir, "sources.yaml"), "sources: {}\n");
    for (let i = 0; i < 40 && seen.length === 0; i++) await settle(100);
    expect(seen.flat()).toEqual([join(dir, "sources.yaml")]);
  });
});
