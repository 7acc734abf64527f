import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Staging } from "../src/output.ts";

describe("atomic output", () => {
  it("replaces a city's folder only on commit, with a manifest of what was written", async () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-stage-"));
    mkdirSync(join(out, "testville"));
    writeFileSync(join(out, "testville", "old.pdf"), "old");
    const staging = await Staging.create(out);
    await staging.write("testville", "charts/a.svg", "<svg/>");
    expect(readdirSync(join(out, "testville"))).toEqual(["old.pdf"]);
    await staging.commit(["testville"]);
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
});
