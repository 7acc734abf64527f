import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/project.ts";

describe("JSON Schema for editors", () => {
  it("is committed and matches the zod schema (run npm run schema after changing it)", () => {
    const fresh = mkdtempSync(join(tmpdir(), "citypitch-schema-"));
    const run = spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/export-schema.ts"), fresh], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    for (const name of ["city", "brand", "sources", "indicators", "portfolio"]) {
      const exported = JSON.parse(readFileSync(join(fresh, `${name}.schema.json`), "utf8"));
      const committed = JSON.parse(readFileSync(join(ROOT, "schema", `${name}.schema.json`), "utf8"));
      expect(committed).toEqual(exported);
    }
    const city = JSON.parse(readFileSync(join(ROOT, "schema", "city.schema.json"), "utf8"));
    expect(city.required).toContain("highlights");
  });
});
