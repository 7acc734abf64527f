/**
 * Deck benchmark: Dalian's deck in md+html+pdf+pptx through the deck stage (marp-cli in process,
 * one call per format) against the marp CLI binary run three times (HTML, PDF, PPTX) on the same
 * Markdown, theme and engine config. Charts are rendered once beforehand: both sides get them.
 *
 *   npx tsx scripts/bench/deck.ts [runs=5]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chartsStage } from "../../src/charts/stage.ts";
import { createCityContext } from "../../src/content/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { marpArguments, writeMarpConfig, type ConvertFormat } from "../../src/deck/convert.ts";
import { loadDeckTemplates, renderDeck } from "../../src/deck/render.ts";
import { deckStage } from "../../src/deck/stage.ts";
import { buildTheme } from "../../src/deck/theme.ts";
import { BuildLog } from "../../src/log.ts";
import { resolveOptions } from "../../src/options.ts";
import { Staging } from "../../src/output.ts";
import { describe, median, timeRuns } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const runs = Number(process.argv[2] ?? 5);
const browser = findBrowser();
if (!browser) {
  console.error("bench deck: no browser found (set CHROME_PATH); PDF and PPTX need one");
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-deck-"));
const options = resolveOptions({ strict: false, formats: "md,html,pdf,pptx", out: join(scratch, "output") }, ROOT);
const data = await loadAndValidate({ ...options, slugs: ["dalian"] });
const contexts = data.cities.map(({ city }) => createCityContext(city, data.brand, data.sources, options));
const quiet = new BuildLog(() => {});
const chartStaging = await Staging.create(scratch);
const charts = await chartsStage({ contexts, staging: chartStaging, log: quiet, options });

// The CLI side gets exactly the files the stage would hand to marp-cli.
const cliDir = join(scratch, "cli");
const markdown = renderDeck(await loadDeckTemplates(ROOT), contexts[0]!, charts.get("dalian") ?? []);
const deckPath = join(cliDir, "dalian-deck.md");
const themePath = join(cliDir, "citypitch.css");
const configPath = join(cliDir, "marp.config.json");
mkdirSync(cliDir, { recursive: true });
writeFileSync(deckPath, markdown);
writeFileSync(themePath, await buildTheme(data.brand, ROOT, markdown));
await writeMarpConfig(configPath);

async function stageBuild(): Promise<void> {
  const staging = await Staging.create(options.outDir);
  try {
    const failures = await deckStage({ contexts, staging, log: quiet, options }, charts);
    if (failures.length > 0) throw failures[0]!.error;
  } finally {
    await staging.discard();
  }
}

function cliBuild(): void {
  const marp = join(ROOT, "node_modules", ".bin", "marp");
  for (const format of ["html", "pdf", "pptx"] as ConvertFormat[]) {
    // Same flags as the stage, with one file in and one file out instead of folders.
    const flags = marpArguments({ format, inputDir: "", outputDir: "", themePath, configPath, browserPath: browser }).filter(
      (arg, i, all) => !["--input-dir", "--output"].includes(arg) && !["--input-dir", "--output"].includes(all[i - 1] ?? ""),
    );
    const run = spawnSync(marp, [deckPath, ...flags, "--output", join(cliDir, `dalian-deck.${format}`)], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`marp ${format} failed: ${run.stderr}`);
  }
}

console.log(`deck bench: Dalian, md+html+pdf+pptx, ${runs} runs each (after one warm-up), browser ${browser}`);
await stageBuild();
cliBuild();
// The whole product as a user starts it: process start, validation, charts, brochure and deck.
function fullBuild(): void {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli.ts"), "build", "--out", join(scratch, "full"), "dalian"], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`citypitch build failed (${run.status}): ${run.stderr}`);
}
const stage = await timeRuns(runs, stageBuild);
const cli = await timeRuns(runs, async () => cliBuild());
const full = await timeRuns(runs, async () => fullBuild());
console.log(`  deck stage (marp-cli child process, 1/format): ${describe(stage)}`);
console.log(`  full citypitch build dalian (all formats, CLI):  ${describe(full)}`);
console.log(`  marp CLI binary x3 (html, pdf, pptx):            ${describe(cli)}`);
console.log(`  ratio deck stage / marp x3: ${(median(stage) / median(cli)).toFixed(2)}`);
console.log(`  ratio full build / marp x3: ${(median(full) / median(cli)).toFixed(2)}`);
await chartStaging.discard();
rmSync(scratch, { recursive: true, force: true });
