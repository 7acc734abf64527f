/**
 * The property-based adversarial run of the whole CLI: random valid cities must build into well
 * formed outputs; random invalid cities must be reported (exit 1, located) and change nothing.
 *
 *   FUZZ_RUNS=500 FUZZ_SEED=123 npx tsx scripts/fuzz.ts
 *
 * Env: FUZZ_RUNS (cities, default 40), FUZZ_SEED (replay), FUZZ_VALID_SHARE (0..1, default 0.4),
 * FUZZ_VALID_BATCH (valid cities per build, 5), FUZZ_INVALID_BATCH (invalid cities per check, 12),
 * FUZZ_BROWSER_EVERY (every n-th valid batch also builds pdf,pptx; 4), FUZZ_SHRINK (builds spent
 * minimising each distinct valid-city failure; 12), FUZZ_ONLY (comma-separated case labels such as
 * valid#3,invalid#17 to replay just those from the seed), FUZZ_REPORT (write the summary and every
 * distinct failure's YAML to this folder).
 * Exit code: 0 when every city passed, 1 otherwise.
 */
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { invalidCaseArb, validCaseArb } from "../test/fuzz/arbitraries.ts";
import { formatSummary, fuzzOptionsFromEnv, runFuzz } from "../test/fuzz/harness.ts";

const options = fuzzOptionsFromEnv(process.env);
const nValid = Math.round(options.runs * options.validShare);
const nInvalid = options.runs - nValid;
let valid = nValid > 0 ? fc.sample(validCaseArb, { seed: options.seed, numRuns: nValid }) : [];
let invalid = nInvalid > 0 ? fc.sample(invalidCaseArb, { seed: options.seed + 1, numRuns: nInvalid }) : [];
const only = process.env.FUZZ_ONLY?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);
if (only && only.length > 0) {
  valid = valid.filter((_, i) => only.includes(`valid#${i}`));
  invalid = invalid.filter((_, i) => only.includes(`invalid#${i}`));
  console.log(`replaying ${only.join(", ")} (labels below are renumbered)`);
}

const summary = await runFuzz(options, { valid, invalid });
const text = formatSummary(summary);
console.log(`\n${text}`);
console.log(`\nreplay: FUZZ_SEED=${summary.seed} FUZZ_RUNS=${options.runs} FUZZ_VALID_SHARE=${options.validShare} npx tsx scripts/fuzz.ts`);
if (process.env.FUZZ_REPORT) {
  const dir = process.env.FUZZ_REPORT;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "summary.txt"), text + "\n");
  summary.findings.forEach((g, i) => {
    writeFileSync(join(dir, `finding-${String(i + 1).padStart(2, "0")}-example.yaml`), `# ${g.signature}\n# ${g.example.label}\n${g.example.yaml}`);
    if (g.minimal)
      writeFileSync(join(dir, `finding-${String(i + 1).padStart(2, "0")}-minimal.yaml`), `# ${g.signature}\n# ${g.minimal.note.split("\n").join("\n# ")}\n${g.minimal.yaml}`);
  });
  writeFileSync(join(dir, "summary.json"), JSON.stringify(summary, null, 2));
  console.log(`report written to ${dir}`);
}
process.exitCode = summary.failed === 0 ? 0 : 1;
