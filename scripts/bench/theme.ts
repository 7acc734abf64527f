/**
 * Deck theme benchmark (not a test): the CPU time, on every thread of a process, of Dalian's deck
 * themes as a build makes them, one per edition language: the fonts subset once, the TrueType theme
 * the slides are measured with and the WOFF2 theme that ships (src/deck/woff2.ts). Each run is a
 * fresh process, as a build is (HarfBuzz compiled anew); the data, charts and drafts are made
 * before the clock starts. Also the shipped themes' sizes. Target: all languages together <= 1 s
 * CPU (it was ~4 s with a second subset and Google's WOFF2 encoder on the lane).
 *
 *   npx tsx scripts/bench/theme.ts [runs=5]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { editionContexts } from "../../src/content/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { deckChartArtifacts } from "../../src/deck/charts.ts";
import { loadDeckTemplates, renderDeck } from "../../src/deck/render.ts";
import { deckThemeText } from "../../src/deck/stage.ts";
import { buildThemes, deckLanguages } from "../../src/deck/theme.ts";
import { chartsStage } from "../../src/charts/stage.ts";
import { BuildLog } from "../../src/log.ts";
import { resolveOptions } from "../../src/options.ts";
import { Staging } from "../../src/output.ts";
import { contextKey } from "../../src/stage.ts";
import { describe, median } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const TARGET_MS = 1000;
const CHILD = "--one-run";

if (process.argv[2] === CHILD) await oneRun();
else parent(Number(process.argv[2] ?? 5));

/** Runs the measurement in `runs` fresh processes and prints their median against the target. */
function parent(runs: number): void {
  console.log(`theme bench: Dalian's deck themes, ${runs} fresh processes`);
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const results: { cpu: number; sizes: [string, number][] }[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, [tsx, import.meta.filename, CHILD], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`theme bench run failed (${run.status}): ${run.stderr.slice(-2000)}`);
    results.push(JSON.parse(run.stdout.trim().split("\n").at(-1)!));
  }
  const cpu = results.map((r) => r.cpu);
  console.log(`  CPU, every language, both encodings:   ${describe(cpu)}`);
  for (const [language, bytes] of results[0]!.sizes) console.log(`  shipped theme (${language}):${" ".repeat(Math.max(1, 22 - language.length))}${(bytes / 1024).toFixed(0)} KB`);
  const ok = median(cpu) <= TARGET_MS;
  console.log(`  target <= ${TARGET_MS} ms: ${ok ? "met" : "MISSED"}`);
  process.exitCode = ok ? 0 : 1;
}

/** One cold measurement: prints {cpu, sizes} as JSON. */
async function oneRun(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "citypitch-bench-theme-"));
  const options = resolveOptions({ strict: false, formats: "md,html", out: join(scratch, "output") }, ROOT);
  const data = await loadAndValidate({ ...options, slugs: ["dalian"] });
  const contexts = data.cities.flatMap(({ localised }) => editionContexts(localised, data.brand, data.sources, options));
  const charts = await chartsStage({ contexts, staging: await Staging.create(scratch), log: new BuildLog(() => {}), options });
  const templates = await loadDeckTemplates(ROOT);
  const drafts = await Promise.all(contexts.map(async (ctx) => ({ ctx, markdown: renderDeck(templates, ctx, await deckChartArtifacts(ctx, charts.get(contextKey(ctx)) ?? [])) })));
  const languages = [...new Set(contexts.map((ctx) => ctx.edition.language))];

  /** Both themes of every language, as the deck stage makes them; the shipped themes' sizes. */
  async function themes(): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    for (const language of languages) {
      const mine = drafts.filter((d) => d.ctx.edition.language === language);
      const text = deckThemeText(
        mine.map((d) => d.ctx),
        mine.map((d) => d.markdown),
      );
      const built = await buildThemes(data.brand, ROOT, text, deckLanguages(mine.map((d) => d.ctx)));
      sizes.set(language, (await built.woff2()).length);
    }
    return sizes;
  }
  const start = process.cpuUsage();
  const sizes = await themes();
  // Every thread's time counts: the thread pool's brotli, V8's compiler threads.
  const used = process.cpuUsage(start);
  rmSync(scratch, { recursive: true, force: true });
  console.log(JSON.stringify({ cpu: (used.user + used.system) / 1000, sizes: [...sizes] }));
}
