/**
 * The second lane: a worker thread that takes CPU work off the main thread, so that on a two-core
 * machine both cores work while the browser does: the brochure (pdfkit) and, in a build with other
 * formats, the PPTX (pptxgenjs) run there while the main thread draws the charts and drives the
 * browser through the slides.
 *
 * One worker per process, started on first use and kept for the build; it does not keep the
 * process alive when idle. Where no worker can run this code (a test runner that cannot load it in
 * a thread), the same tasks run in the calling thread: slower, never different.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ChartArtifact, CityContext } from "../context.ts";
import type { Format, Options } from "../options.ts";
import { contextKey, wants, type ChartsBySlug, type FormatFailure, type StageInput } from "../stage.ts";
import { trace } from "../trace.ts";
import { contextData, errorFrom, tasks, type StageResult, type Tasks } from "./tasks.ts";
import { takeParsedTemplates } from "../brochure/parsedTemplates.ts";
import type { Reply, Request } from "./worker.ts";

type Args<K extends keyof Tasks> = Parameters<Tasks[K]>;
type Result<K extends keyof Tasks> = Awaited<ReturnType<Tasks[K]>>;

interface Pending {
  task: keyof Tasks;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

class Lane {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor() {
    try {
      // The worker's file sits beside this one, as .ts when run from source and .js when compiled.
      const extension = extname(fileURLToPath(import.meta.url));
      const url = new URL(`./worker${extension}`, import.meta.url);
      // From source, the thread needs tsx's loader of its own: Node hands a worker the flags of
      // the process (--import tsx) but not the loader they registered.
      this.worker =
        extension === ".ts" ? new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true }) : new Worker(url);
      this.worker.unref();
      this.worker.on("message", (reply: Reply) => this.settle(reply));
      this.worker.on("error", (error) => this.fallBack(error));
      this.worker.on("exit", () => this.fallBack(new Error("the lane's worker stopped")));
    } catch (error) {
      this.fallBack(error);
    }
  }

  /**
   * Lets the process end without waiting for what the lane is still doing: work begun ahead for a
   * build that stopped (its data or templates failed). The next task sent holds it again.
   */
  letGo(): void {
    this.worker?.unref();
  }

  /** Whether tasks run on the worker thread (false once it fell back to this thread). */
  get onWorker(): boolean {
    return this.worker !== undefined;
  }

  run<K extends keyof Tasks>(task: K, ...args: Args<K>): Promise<Result<K>> {
    return this.send(false, task, args);
  }

  /** As run, once the lane has no other task waiting: for work nobody waits on yet. */
  runInBackground<K extends keyof Tasks>(task: K, ...args: Args<K>): Promise<Result<K>> {
    return this.send(true, task, args);
  }

  private send<K extends keyof Tasks>(background: boolean, task: K, args: Args<K>): Promise<Result<K>> {
    if (!this.worker) return runHere(task, args);
    const id = this.next++;
    return new Promise<Result<K>>((resolve, reject) => {
      this.pending.set(id, { task, args, resolve: resolve as (value: unknown) => void, reject });
      // Referenced while it has work, so the process waits for it; idle (or only warming up), it
      // lets the process end.
      if (task !== "warm") this.worker!.ref();
      this.worker!.postMessage({ id, task, args, background } satisfies Request);
    });
  }

  private settle(reply: Reply): void {
    if (reply.id === 0) return trace("lane: worker ready");
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if ([...this.pending.values()].every((p) => p.task === "warm")) this.worker?.unref();
    if ("value" in reply) waiting.resolve(reply.value);
    else waiting.reject(reply.citypitch ? errorFrom(reply.error) : new Error(`in the build's second lane: ${reply.error.message}`));
  }

  /** No worker (it could not start, or stopped): what was sent to it runs here instead. */
  private fallBack(error: unknown): void {
    if (this.worker) trace(`lane: running in the main thread (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      runHere(waiting.task, waiting.args as never).then(waiting.resolve, waiting.reject);
    }
  }
}

function runHere<K extends keyof Tasks>(task: K, args: Args<K>): Promise<Result<K>> {
  return (tasks[task] as (...a: unknown[]) => Promise<Result<K>>)(...args);
}

let lane: Lane | undefined;

/** The process's lane, started if it is not yet (starting it early lets it load its code meanwhile). */
export function theLane(): Lane {
  return (lane ??= new Lane());
}

/** The lane, when one is already running on a worker thread: work that may go either way goes there only then. */
export function runningLane(): Lane | undefined {
  return lane?.onWorker ? lane : undefined;
}

/**
 * Starts the lane, when the formats use it, and has it load its code while this thread loads and
 * validates the data. The PPTX goes there only when this thread has other work (the deck, the
 * brochure): made alone, it is done sooner here than a worker can start and load it.
 */
export function warmLane(formats: ReadonlySet<Format>): void {
  const pptx = formats.has("pptx") && [...formats].some((f) => f !== "pptx" && f !== "charts");
  pptxLane = pptx;
  if (!formats.has("brochure") && !pptx) return;
  theLane()
    .run(
      "warm",
      [...formats].filter((f) => f === "brochure" || (f === "pptx" && pptx)),
    )
    .catch(() => undefined);
}

/** Whether warmLane sent the PPTX to the lane. */
let pptxLane = false;
/** The PPTX the lane began before its stage ran, and the editions it is for. */
let early: { editions: readonly CityContext[]; result: Promise<StageResult> } | undefined;

/** The editions whose PPTX a stage's input makes. */
const pptxEditions = (input: StageInput) => input.contexts.filter((ctx) => wants(input, ctx, "pptx"));

/**
 * Whether a PPTX begun for `begun` is the one `wanted` asks for: the same editions of the same
 * data. Each build loads its data afresh, so a city of an earlier build (a rebuild in `dev`, after
 * a failed one that began its PPTX) is another object, never taken for this build's.
 */
const sameEditions = (begun: readonly CityContext[], wanted: readonly CityContext[]) =>
  begun.length === wanted.length && begun.every((ctx, i) => ctx.city === wanted[i]!.city && contextKey(ctx) === contextKey(wanted[i]!));

function beginPptx(editions: readonly CityContext[], options: Options): void {
  const result = theLane().run("pptx", editions.map(contextData), options, []);
  // Awaited by pptxOnLane; unless the build stops first (the charts or the templates fail), and
  // then nobody waits for it.
  result.catch(() => undefined);
  early = { editions, result };
}

/**
 * The PPTX begun as soon as the editions are known, in a build that will surely make it (one that
 * reuses nothing): it needs the charts' words, not their pictures (see pptx/stage.ts), so the lane
 * makes it beside the template dry run, where it would otherwise idle until the charts are drawn.
 * Its stage then takes it as begun (preparePptx).
 */
export function beginPptxEarly(contexts: readonly CityContext[], options: Options): void {
  if (!pptxLane || !options.formats.has("pptx")) return;
  const pptx = new Set<Format>(["pptx"]);
  const editions = contexts.filter((ctx) => ctx.options.formats.has("pptx")).map((ctx) => ({ ...ctx, options: { ...ctx.options, formats: pptx } }));
  if (editions.length > 0) beginPptx(editions, { ...options, formats: pptx });
}

/** The build stopped before its stages ran: the PPTX begun for it is not waited for. */
export function abandonEarlyPptx(): void {
  if (!early) return;
  early = undefined;
  lane?.letGo();
}

/**
 * The PPTX starts where it will be made: here, by loading its code; on the lane, by being made at
 * once (unless begun already), beside the charts, since it needs their words and not their pictures.
 */
export async function preparePptx(input: StageInput): Promise<() => Promise<void>> {
  if (!pptxLane) void import("../pptx/stage.ts");
  else if (input.options.formats.has("pptx") && !(early && sameEditions(early.editions, pptxEditions(input)))) beginPptx(pptxEditions(input), input.options);
  return async () => {};
}

/** The PPTX stage: on the lane when warmLane sent it there (begun by preparePptx), else here. */
export async function pptxOnLane(input: StageInput, charts: ChartsBySlug, lane = pptxLane): Promise<FormatFailure[]> {
  if (!lane) return (await import("../pptx/stage.ts")).pptxStage(input, charts);
  if (!input.options.formats.has("pptx")) return [];
  const begun = early && sameEditions(early.editions, pptxEditions(input)) ? early.result : undefined;
  early = undefined;
  return stageHere(input, await (begun ?? theLane().run("pptx", input.contexts.map(contextData), input.options, sendable(charts))));
}

/**
 * The brochure stage, run on the lane: the same files, failures and log lines as in this thread.
 * One task per city edition, all sent at once (the lane runs them in turn): each brochure comes back
 * as soon as it is made, so the lane holds one city's PDF and charts at a time, not every city's
 * until the last is done, and this thread stages each while the lane makes the next.
 */
export async function brochureOnLane(input: StageInput, charts: ChartsBySlug): Promise<FormatFailure[]> {
  if (!input.options.formats.has("brochure")) return [];
  const made = input.contexts.map((ctx) => {
    const key = contextKey(ctx);
    // The dry run's parse of its templates goes with it, for the lane not to render them again.
    const parsed = takeParsedTemplates(ctx);
    const result = theLane().run("brochure", [contextData(ctx)], input.options, sendable(new Map(charts.has(key) ? [[key, charts.get(key)!]] : [])), [parsed]);
    // Awaited in turn below; a failure of a later one must not count as unhandled meanwhile.
    result.catch(() => undefined);
    return result;
  });
  const failures: FormatFailure[] = [];
  for (const result of made) failures.push(...(await stageHere(input, await result)));
  return failures;
}

/** The charts as the lane's stages need them: the pictures, not the SVG text (the chart files are written here). */
const sendable = (charts: ChartsBySlug): [string, ChartArtifact[]][] => [...charts].map(([key, list]) => [key, list.map((chart) => ({ ...chart, svg: "" }))]);

/** What a stage made on the lane, staged and logged here, as the stage does when it runs here. */
async function stageHere(input: StageInput, result: StageResult): Promise<FormatFailure[]> {
  for (const file of result.files)
    input.log.artifact(await input.staging.write(file.slug, file.name, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength)), file.ms);
  return result.failures.map((f) => ({ format: f.format, slugs: f.slugs, error: errorFrom(f.error) }));
}
