/**
 * A small sample of the CLI fuzz run (scripts/fuzz.ts runs the full one): 4 random valid cities built
 * in one project copy (all formats, so the PDF, PPTX and HTML checks run), and 12 random invalid
 * cities checked and built in one data folder. FUZZ_SEED replays a failing sample; the seed and each
 * distinct failure are printed in the assertion message.
 */
import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidCaseArb, validCaseArb } from "./arbitraries.ts";
import { ALL_FORMATS, Checker, createProject, disposeProject, runInvalidBatch, runValidBatch, warmUp, type Failure, type Project } from "./harness.ts";

// A fixed seed keeps `npm test` repeatable; `npm run fuzz` explores new seeds, FUZZ_SEED replays one.
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261129;
const VALID = Number(process.env.FUZZ_TEST_VALID ?? 4);
const INVALID = Number(process.env.FUZZ_TEST_INVALID ?? 12);

function explain(outcomes: { label: string; failures: Failure[] }[]): string {
  const failed = outcomes.filter((o) => o.failures.length > 0);
  if (failed.length === 0) return "";
  const lines = [`${failed.length} of ${outcomes.length} case(s) failed; replay with FUZZ_SEED=${seed}`];
  for (const o of failed) {
    for (const f of o.failures) lines.push(`- ${o.label}: ${f.signature}\n    ${f.detail.split("\n").slice(0, 6).join("\n    ")}\n    $ ${f.command}`);
    const file = join(tmpdir(), `citypitch-fuzz-counterexample-${seed}-${o.label.replace("#", "-")}.yaml`);
    writeFileSync(file, o.failures[0]!.yaml);
    const yaml = o.failures[0]!.yaml;
    lines.push(
      `  counterexample (${o.label}), full YAML in ${file}:\n${(yaml.length > 6000 ? yaml.slice(0, 6000) + "\n…" : yaml)
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n")}`,
    );
  }
  return lines.join("\n");
}

describe(`CLI fuzz sample (seed ${seed})`, () => {
  let project: Project;
  let checker: Checker;
  beforeAll(async () => {
    console.log(`fuzz sample seed: ${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/fuzz)`);
    project = createProject();
    await warmUp(project);
    checker = await Checker.launch();
  });
  afterAll(async () => {
    await checker?.close();
    if (project) disposeProject(project);
  });

  it(`builds ${VALID} random valid cities into well-formed outputs`, async () => {
    const cases = fc.sample(validCaseArb, { seed, numRuns: VALID });
    const outcomes = await runValidBatch(project, checker, cases, ALL_FORMATS);
    expect(explain(outcomes)).toBe("");
  }, 600_000);

  it(`reports ${INVALID} random invalid cities (exit 1, located) and changes nothing`, async () => {
    const cases = fc.sample(invalidCaseArb, { seed: seed + 1, numRuns: INVALID });
    const outcomes = await runInvalidBatch(project, cases);
    expect(explain(outcomes)).toBe("");
  }, 600_000);
});
