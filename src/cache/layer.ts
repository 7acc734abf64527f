/**
 * The cache as a layer around the stages. Before they run, each artifact of each city context
 * (every `--formats` entry, and every chart) is looked up by its key; what is found is staged as
 * it was, and a stage runs only for the contexts and formats still missing, loaded only then. What
 * a stage writes is stored afterwards under the key it was run for. The stages know nothing of
 * this beyond the chart memo, so they can change freely: the layer only sees which files a run
 * staged, and for which city, edition and format.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CityContext } from "../context.ts";
import type { Chart } from "../data/schema.ts";
import type { Format, Options } from "../options.ts";
import { formatOfArtifact, type Staging, type WrittenFile } from "../output.ts";
import type { ChartsBySlug, FormatFailure, StageInput } from "../stage.ts";
import { FileHasher } from "./hash.ts";
import { ContextKeys } from "./keys.ts";
import { ArtifactCache, type CachedFile, type StoredFile } from "./store.ts";
import { toolFingerprint } from "./tool.ts";
import { trace } from "../trace.ts";

/** An output stage and the `--formats` entries it makes. */
export interface CachedStage {
  formats: readonly Format[];
  /** false: the stage draws its own charts (the editable PPTX), so it needs none rendered. */
  pictures?: false;
  /**
   * Starts, before the charts are drawn, what the stage will wait for (the deck's browser), for a
   * stage that will run; the function it gives is called once the stage has run.
   */
  prepare?(input: StageInput): Promise<() => Promise<void>>;
  run(input: StageInput, charts: ChartsBySlug): Promise<FormatFailure[]>;
}

export interface ChartsStage {
  run(input: StageInput): Promise<ChartsBySlug>;
}

/** Rendered charts by key, so a stage that must run still renders only the charts that changed. */
export interface ChartMemo {
  get(ctx: CityContext, chart: Chart): { png: Buffer; svg: string } | undefined;
  put(ctx: CityContext, chart: Chart, png: Buffer, svg: string): void;
  /**
   * Takes what only the chart files need (their SVGs, the files, the memo's entries) to be finished
   * after the pictures are handed over, so the brochure and the deck need not wait for it; `urgent`
   * settles once the other stages are done, and the build waits for `finish` before it commits.
   */
  later?(finish: (urgent: Promise<unknown>) => Promise<void>): void;
}

/**
 * What the stages made or failed to make, and `save`, which stores what they made in the cache.
 * Call it once the output is committed: a build that fails or is stopped before then leaves the
 * cache as it was, and one that cannot save (a full disk) is still a good build.
 */
export interface CachedRun {
  failures: FormatFailure[];
  save(): void;
}

/** Whether this build may find artifacts in the cache (it is read, and holds something). Cheap: no keys. */
export function mayReuse(options: Options): boolean {
  return options.cache !== false && ArtifactCache.holdsEntries(options.outDir);
}

/**
 * Whether the cache holds every artifact of every context: then an earlier build made them all
 * from exactly these data, templates and tool, and its validation (the template dry run) passed on
 * the same inputs, so this build need not dry-run the templates again. Looked up without the lock
 * and without reading the blobs: a wrong "yes" can only come from an entry damaged since, which
 * the build then rebuilds (and a template error would still stop it, at render time).
 */
export function everyArtifactCached(contexts: readonly CityContext[], options: Options): boolean {
  if (options.cache === false || contexts.length === 0 || !ArtifactCache.holdsEntries(options.outDir)) return false;
  const { cache } = ArtifactCache.open(options.outDir);
  if (!cache) return false;
  const files = new FileHasher(cache.readStamps());
  const tool = toolFingerprint(files);
  return contexts.every((ctx) => {
    const keys = new ContextKeys(ctx, { tool, files });
    return [...ctx.options.formats, VALIDATED].every((format) => cache.has(slotOf(ctx, format), keys.artifact(format)));
  });
}

export async function runStagesCached(input: StageInput, charts: ChartsStage, stages: readonly CachedStage[]): Promise<CachedRun> {
  const { options, staging, log, contexts } = input;
  const opened = ArtifactCache.open(options.outDir);
  if (!opened.cache) {
    log.note(`not using the cache: ${opened.problem}`);
    return { failures: await runAll(input, charts, stages), save: () => {} };
  }
  const cache = opened.cache;
  const read = options.cache !== false;
  trace("cache: open");
  const files = new FileHasher(cache.readStamps());
  const tool = toolFingerprint(files);
  trace("cache: tool fingerprint");
  // By city and edition, not by object: a stage is handed narrowed copies of the contexts (narrow()).
  const keyring = new Map(contexts.map((ctx) => [identity(ctx), new ContextKeys(ctx, { tool, files })]));
  const keys = { get: (ctx: CityContext) => keyring.get(identity(ctx)) };
  const slot = slotOf;
  const lookup = (ctx: CityContext, format: Format) => (read ? cache.get(slot(ctx, format), keys.get(ctx)!.artifact(format)) : undefined);

  // Which formats each stage must make for which context; everything else is a hit.
  const plan = [{ formats: ["charts"] as readonly Format[] }, ...stages].map((stage) => {
    const hits = new Map<CityContext, Map<Format, CachedFile[]>>();
    const missing = new Map<CityContext, Format[]>();
    for (const ctx of contexts) {
      const found = new Map<Format, CachedFile[]>();
      const lacking: Format[] = [];
      // An edition may make fewer formats than the build (its own `formats`).
      for (const format of stage.formats.filter((f) => options.formats.has(f) && ctx.options.formats.has(f))) {
        const entry = lookup(ctx, format);
        if (entry) found.set(format, entry);
        else lacking.push(format);
      }
      hits.set(ctx, found);
      if (lacking.length > 0) missing.set(ctx, lacking);
    }
    return { hits, missing, formats: new Set([...missing.values()].flat()) };
  });
  const [chartPlan, ...stagePlans] = plan;
  trace("cache: keys computed and looked up");

  // A stage that runs for a context makes all its formats that any running context lacks; the
  // rest of what it would make is staged from the cache.
  for (const { hits, missing, formats } of plan) {
    for (const ctx of contexts) {
      for (const [format, entry] of hits.get(ctx)!) {
        if (missing.has(ctx) && formats.has(format)) continue;
        for (const file of entry) log.artifact(await staging.write(ctx.city.slug, file.name, file.bytes, { reused: true }), 0);
      }
    }
  }

  trace("cache: hits staged");
  const pending: { slot: string; key: string; files: StoredFile[] }[] = [];
  const chartFiles = unfinished();
  const memo: ChartMemo = {
    get: (ctx, chart) => {
      if (!read) return undefined;
      const entry = cache.get(slot(ctx, `chart:${chart.id}`), keys.get(ctx)!.charts.get(chart.id) ?? "");
      const png = entry?.find((f) => f.name === "png");
      const svg = entry?.find((f) => f.name === "svg");
      return png && svg ? { png: png.bytes, svg: svg.bytes.toString("utf8") } : undefined;
    },
    put: (ctx, chart, png, svg) => {
      const key = keys.get(ctx)!.charts.get(chart.id);
      if (key)
        pending.push({
          slot: slot(ctx, `chart:${chart.id}`),
          key,
          files: [
            { name: "png", bytes: png },
            { name: "svg", bytes: svg },
          ],
        });
    },
  };

  // Charts are rendered for a context when its chart files are missing or any stage runs for it.
  const needCharts = contexts.filter((ctx) => chartPlan!.missing.has(ctx) || stagePlans.some((p, i) => stages[i]!.pictures !== false && p.missing.has(ctx)));
  const store = (ctxs: readonly CityContext[], made: ReadonlySet<Format>, written: readonly WrittenFile[], failures: readonly FormatFailure[]) => {
    for (const ctx of ctxs) {
      const mine = written.filter((file) => ownerOf(ctxs, file) === ctx);
      for (const format of made) {
        if (failures.some((f) => f.format === format && f.slugs.includes(ctx.city.slug))) continue;
        const files = mine.filter((file) => formatOf(ctx, file.name, made) === format);
        if (files.length === 0) continue;
        // Once committed, output/<slug>/<name> is what the staging folder held, and its hash is the
        // manifest's: the store links the blob to that file (store.ts), reading it only where it cannot.
        const committed = files.map((file) => {
          const path = join(options.outDir, file.slug, file.name);
          return { name: file.name, path, sha256: file.sha256, bytes: () => readFileSync(path) };
        });
        pending.push({ slot: slot(ctx, format), key: keys.get(ctx)!.artifact(format), files: committed });
      }
    }
  };
  // What the stages that will run wait for first starts now, beside the charts.
  const prepared = stages.map((stage, i) => {
    const { missing, formats } = stagePlans[i]!;
    const running = contexts.filter((ctx) => missing.has(ctx));
    return running.length > 0 && stage.prepare
      ? stage.prepare({ ...input, contexts: narrow(running, formats), options: { ...options, formats } }).catch(() => undefined)
      : undefined;
  });
  const release = async (i: number) => (await prepared[i])?.();
  let rendered: ChartsBySlug = new Map();
  if (needCharts.length > 0) {
    // One run for every context, those whose files are kept as well: editions that share their
    // charts (an English and a print edition) then draw them once.
    const formats = new Set<Format>(needCharts.some((ctx) => chartPlan!.missing.has(ctx)) ? ["charts"] : []);
    const withFiles = needCharts.filter((ctx) => chartPlan!.missing.has(ctx));
    const seen = recording(staging);
    const done = log.step(`charts for ${names(needCharts)}`);
    // Stored once the files are all written, which may be after the pictures are handed over.
    const stored = () => store(withFiles, formats, seen.written, []);
    let finished = false;
    rendered = await charts
      .run({
        ...input,
        staging: seen.staging,
        contexts: needCharts.map((ctx) => narrow([ctx], chartPlan!.missing.has(ctx) ? formats : new Set<Format>())[0]!),
        options: { ...options, formats },
        chartMemo: {
          ...memo,
          later: (finish) => {
            finished = true;
            chartFiles.take(finish, stored);
          },
        },
      })
      .finally(done)
      .catch(async (error: unknown) => {
        await Promise.all([...stages.map((_, i) => release(i)), chartFiles.settle().catch(() => undefined)]);
        throw error;
      });
    trace("charts: handed over");
    if (!finished) stored();
  }

  // The stages run side by side (src/lanes/: the brochure and, in a build of more than the PPTX,
  // the PPTX on the second core, the deck in the browser). Each run sees the staging folder
  // through its own recorder, so what each one wrote is known exactly even though they write at
  // the same time.
  const runs = await afterChartFiles(chartFiles, () =>
    sideBySide(
      stages.map((stage, i) => async () => {
        const { missing, formats } = stagePlans[i]!;
        const running = contexts.filter((ctx) => missing.has(ctx));
        if (running.length === 0) return undefined;
        const seen = recording(staging);
        const done = log.step(`${[...formats].join(", ")} for ${names(running)}`);
        const failed = await stage
          .run({ ...input, staging: seen.staging, contexts: narrow(running, formats), options: { ...options, formats } }, rendered)
          .finally(done)
          .finally(() => release(i));
        return { running, formats, failed, written: seen.written };
      }),
    ),
  );
  const failures: FormatFailure[] = [];
  for (const run of runs) {
    if (!run) continue;
    failures.push(...run.failed);
    store(run.running, run.formats, run.written, run.failed);
  }
  const save = () => {
    trace("cache: saving");
    for (const ctx of contexts) pending.push({ slot: slot(ctx, VALIDATED), key: keys.get(ctx)!.artifact(VALIDATED), files: [] });
    try {
      for (const entry of pending) cache.put(entry.slot, entry.key, entry.files);
      cache.writeStamps(files.stamps);
      cache.collectGarbage();
      trace("cache: saved");
    } catch (error) {
      log.note(
        `the cache could not be updated (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the build itself is complete, and the next one rebuilds what was not cached`,
      );
    }
  };
  return { failures, save };
}

/** Without a usable cache folder: every stage, as before there was a cache. */
async function runAll(input: StageInput, charts: ChartsStage, stages: readonly CachedStage[]): Promise<FormatFailure[]> {
  const pictures = input.options.formats.has("charts") || stages.some((s) => s.pictures !== false && s.formats.some((f) => input.options.formats.has(f)));
  const wanted = (stage: CachedStage) => stage.formats.some((f) => input.options.formats.has(f));
  const prepared = stages.map((stage) => (wanted(stage) && stage.prepare ? stage.prepare(input).catch(() => undefined) : undefined));
  const release = async (i: number) => (await prepared[i])?.();
  const done = pictures ? input.log.step(`charts for ${names(input.contexts)}`) : () => {};
  const chartFiles = unfinished();
  const memo: ChartMemo = { get: () => undefined, put: () => {}, later: (finish) => chartFiles.take(finish, () => {}) };
  const rendered: ChartsBySlug = pictures
    ? await charts
        .run({ ...input, chartMemo: memo })
        .finally(done)
        .catch(async (error: unknown) => {
          await Promise.all([...stages.map((_, i) => release(i)), chartFiles.settle().catch(() => undefined)]);
          throw error;
        })
    : new Map();
  const runs = await afterChartFiles(chartFiles, () =>
    sideBySide(
      stages.map((stage, i) => async () => {
        const formats = stage.formats.filter((f) => input.options.formats.has(f));
        if (formats.length === 0) return [];
        const end = input.log.step(`${formats.join(", ")} for ${names(input.contexts)}`);
        return stage
          .run(input, rendered)
          .finally(end)
          .finally(() => release(i));
      }),
    ),
  );
  return runs.flat();
}

/**
 * Chart files a charts run left to finish (ChartMemo.later): each is taken with what to do once it
 * is done (store its files in the cache); `settle` tells them nothing else is left to do, waits for
 * them all and throws the first failure.
 */
function unfinished() {
  let hurry!: () => void;
  const urgent = new Promise<void>((resolve) => (hurry = resolve));
  const running: Promise<void>[] = [];
  return {
    take(finish: (urgent: Promise<unknown>) => Promise<void>, then: () => void): void {
      const done = finish(urgent).then(then);
      // Awaited by settle; until then a failure must not count as unhandled.
      done.catch(() => undefined);
      running.push(done);
    },
    async settle(): Promise<void> {
      hurry();
      const settled = await Promise.allSettled(running);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}

/** The stages, then the chart files they did not wait for: nothing is still writing when this returns or throws, and a stage's error comes first. */
async function afterChartFiles<T>(files: ReturnType<typeof unfinished>, stages: () => Promise<T>): Promise<T> {
  const ran = await stages().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await files.settle().catch((error: unknown) => {
    if (!("error" in ran)) throw error;
  });
  if ("error" in ran) throw ran.error;
  return ran.value;
}

/**
 * Runs every step at once and waits for all of them, even when one throws (so none is still
 * writing when the build cleans up); then throws the first error, or returns the results in order.
 */
async function sideBySide<T>(steps: readonly (() => Promise<T>)[]): Promise<T[]> {
  const settled = await Promise.allSettled(steps.map((step) => step()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** The staging folder as one stage run sees it: the same folder, with every file it stages noted. */
function recording(staging: Staging): { staging: Staging; written: WrittenFile[] } {
  const written: WrittenFile[] = [];
  const proxy = new Proxy(staging, {
    get(target, property) {
      if (property === "write") {
        return async (...args: Parameters<Staging["write"]>) => {
          const file = await target.write(...args);
          written.push(file);
          return file;
        };
      }
      if (property === "record") {
        return (...args: Parameters<Staging["record"]>) => {
          const file = target.record(...args);
          written.push(file);
          return file;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { staging: proxy, written };
}

/**
 * A file-less entry saved after every build that got past validation, keyed by the data and every
 * template folder: what the template dry run read. Its presence proves that dry run passed.
 */
const VALIDATED = "validated";

/** Where an artifact of a context lives in the cache: its city, edition and format (or chart). */
const slotOf = (ctx: CityContext, what: string) => `${ctx.city.slug}|${ctx.edition.id}|${what}`;

const identity = (ctx: CityContext) => `${ctx.city.slug}|${ctx.edition.id}`;

/**
 * The contexts as a stage should see them when only `formats` are to be made: stages also read a
 * context's own formats (an edition's), and one that made a format the cache already staged would
 * stage its file twice.
 */
function narrow(contexts: readonly CityContext[], formats: ReadonlySet<Format>): CityContext[] {
  return contexts.map((ctx) => ({ ...ctx, options: { ...ctx.options, formats: new Set([...ctx.options.formats].filter((f) => formats.has(f))) } }));
}

/** The contexts a step is for, as the live progress line names them: a long list is cut short. */
function names(contexts: readonly CityContext[]): string {
  const all = contexts.map((ctx) => (ctx.edition.id === "default" ? ctx.city.slug : `${ctx.city.slug} (${ctx.edition.id})`));
  return all.length <= 4 ? all.join(", ") : `${all.slice(0, 3).join(", ")} and ${all.length - 3} more`;
}

/** The context a staged file belongs to: its city's, in the edition whose folder holds it. */
function ownerOf(contexts: readonly CityContext[], file: WrittenFile): CityContext | undefined {
  const candidates = contexts.filter((ctx) => ctx.city.slug === file.slug && (ctx.edition.folder === "" || file.name.startsWith(`${ctx.edition.folder}/`)));
  return candidates.sort((a, b) => b.edition.folder.length - a.edition.folder.length)[0];
}

/** The `--formats` entry a staged file belongs to; a file of no known format goes with the run's first. */
function formatOf(ctx: CityContext, name: string, made: ReadonlySet<Format>): Format | undefined {
  const inFolder = ctx.edition.folder && name.startsWith(`${ctx.edition.folder}/`) ? name.slice(ctx.edition.folder.length + 1) : name;
  return formatOfArtifact(inFolder) ?? formatOfArtifact(name) ?? [...made][0];
}
