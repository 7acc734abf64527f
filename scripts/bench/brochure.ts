/**
 * Brochure benchmark (not a test): the median time to lay out and write Dalian's brochure in
 * process (charts rendered once beforehand), the median of whole `citypitch build --formats
 * brochure` runs as a user would start them (process start, validation and charts included), and
 * the file size against the 3 MB budget.
 *
 *   npx tsx scripts/bench/brochure.ts [runs=7]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderBrochure, TEMPLATE_DIR } from "../../src/brochure/render.ts";
import { chartsStage } from "../../src/charts/stage.ts";
import { createCityContext } from "../../src/content/context.ts";
import { loadTemplates } from "../../src/content/templates.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { BuildLog } from "../../src/log.ts";
import { resolveOptions } from "../../src/options.ts";
import { Staging } from "../../src/output.ts";
import { describe, timeRuns } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const runs = Number(process.argv[2] ?? 7);
const BUDGET_BYTES = 3 * 1024 * 1024;

const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-brochure-"));
const options = resolveOptions({ strict: false, formats: "brochure", out: join(scratch, "output") }, ROOT);
const data = await loadAndValidate({ ...options, slugs: ["dalian"] });
const ctx = createCityContext(data.cities[0]!.city, data.brand, data.sources, options);
const chartStaging = await Staging.create(scratch);
const charts = (await chartsStage({ contexts: [ctx], staging: chartStaging, log: new BuildLog(() => {}), options })).get("dalian") ?? [];
const templates = await loadTemplates(join(ROOT, TEMPLATE_DIR), ROOT);

console.log(`brochure bench: Dalian, ${runs} runs each (after one warm-up)`);
let pdf = await renderBrochure(ctx, charts, templates);
const inProcess = await timeRuns(runs, async () => {
  pdf = await renderBrochure(ctx, charts, templates);
});
console.log(`  layout + PDF in process:                  ${describe(inProcess)}`);

const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const cliOut = join(scratch, "cli");
const cli = await timeRuns(runs, async () => {
  const run = spawnSync(process.execPath, [tsx, join(ROOT, "src", "cli.ts"), "build", "--formats", "brochure", "--edition", "en", "--out", cliOut, "dalian"], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`citypitch build failed (${run.status}): ${run.stderr}`);
});
console.log(`  citypitch build --formats brochure (CLI): ${describe(cli)}`);

const size = statSync(join(cliOut, "dalian", "en", "dalian-en-brochure.pdf")).size;
console.log(`  size: ${(size / 1024).toFixed(0)} KB (${((size / BUDGET_BYTES) * 100).toFixed(0)} % of the 3 MB budget); in-process bytes ${pdf.length}`);
await chartStaging.discard();
rmSync(scratch, { recursive: true, force: true });
process.exitCode = size < BUDGET_BYTES ? 0 : 1;
