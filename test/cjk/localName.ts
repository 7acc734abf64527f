/** The Testville fixture with its local name in another language, built into a fresh folder. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect } from "vitest";
import { copyFixture, runCli } from "../helpers/project.ts";

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function buildWithLocalName(language: string, local: string, formats: string): { run: ReturnType<typeof runCli>; out: string; pdf: string } {
  const data = copyFixture();
  const out = mkdtempSync(join(tmpdir(), `citypitch-script-${language}-`));
  temps.push(data, out);
  const file = join(data, "cities", "testville.yaml");
  const yaml = readFileSync(file, "utf8").replace(/^ {2}local: .*\n {2}localLanguage: .*\n/m, `  local: ${local}\n  localLanguage: ${language}\n`);
  expect(yaml).toContain(local);
  writeFileSync(file, yaml);
  const run = runCli(["build", "testville", "--data", data, "--out", out, "--formats", formats]);
  return { run, out, pdf: join(out, "testville", "testville-brochure.pdf") };
}
