/**
 * Reading ahead on the second core. A build or check spends its first tenth of a second loading
 * its own code, and then parses the data and message files on the same thread, the largest
 * files last. A worker thread started first parses those files meanwhile: for each file that
 * comes out clean (nothing to report) it hands back the text and the data, which the main thread
 * takes instead of parsing again; a file with anything to report, or one changed since, is read
 * and parsed on the main thread as always, so every message stays as it was.
 *
 * Only the compiled tool uses it (a thread cannot run the TypeScript sources without tsx's loader,
 * and tests run the sources): from source, every take finds nothing.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { CACHE_DIR } from "../cache/store.ts";
import type { CleanMessages } from "../content/messages.ts";
import { brandSource, messageDirs } from "../project.ts";
import { trace } from "../trace.ts";

export interface PrefetchFile {
  path: string;
  /** A data file (loadYamlFile) or a message file (loadMessages) of `language`. */
  kind: "data" | "messages";
  language?: string;
  /** The brand file: its fonts are checked (or only hashed) after the data files, their paths relative to this folder. */
  fontsRoot?: string;
  /** A city file: the languages of its editions say which message files the run will read. */
  city?: boolean;
}

/** What brandFiles.ts asks of a font file (FontFacts.problem), answered ahead. */
export interface PrefetchedFont {
  /** The brand file check's verdict: "" for a usable font. */
  problem: string;
  /** A regular face's glyphs for the characters of the data files (FontFacts.hasGlyph): 1 when it has one. */
  glyphs?: Record<number, 0 | 1>;
}

export interface FontReply {
  font: string;
  stamp: string;
  result?: PrefetchedFont;
}

/** A brand file's SHA-256, for the cache's keys (hash.ts), when the output folder's stamps lack it. */
export interface HashReply {
  hashed: string;
  stamp: string;
  sha256: string;
}

export interface Prefetched {
  text: string;
  data?: { value: unknown; positions?: string };
  messages?: CleanMessages;
}

export interface PrefetchReply {
  path: string;
  /** The file's stat stamp as it was read; a file changed since is not taken. */
  stamp: string;
  result?: Prefetched;
}

export const stampOf = (path: string): string => {
  const s = statSync(path);
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
};

const replies = new Map<string, PrefetchReply>();
const fonts = new Map<string, FontReply>();
const hashes = new Map<string, HashReply>();
let fontsDone: Promise<void> = Promise.resolve();
let fontsArrived = () => {};
const waiting = new Map<string, ((reply: PrefetchReply | undefined) => void)[]>();
let port: MessagePort | undefined;
let pending = new Set<string>();
/** The message files the thread was given: it answers those a run reads, and passes over the rest. */
let messageFiles = new Set<string>();
/**
 * Who reads each city file, shared with the thread (an index per file of its list): the thread
 * takes them in order, and this thread, rather than wait idle for the one it needs, takes the
 * last ones not yet begun and reads them itself (claimCityFile). Fifteen cities took 0.35 s to
 * parse on the thread alone while this one waited (`CITYPITCH_TRACE=1`). Atomics make each file
 * one thread's; this thread then sends the thread the data it read (reportCityFile), which the
 * glyph check and the choice of message files need.
 */
let claims: Int32Array | undefined;
let claimIndex = new Map<string, number>();
let threadDone = false;
let threadEnded = () => {};
const ended = new Promise<void>((resolve) => (threadEnded = resolve));

/**
 * A build of the editable PPTX alone makes it on the main thread (src/lanes/lane.ts sends it to the
 * lane only beside other formats), whose code is then loaded while validation waits for this thread.
 */
export const pptxAlone = (formats: ReadonlySet<string>): boolean => formats.has("pptx") && [...formats].every((f) => f === "pptx" || f === "charts");

/** How closely a run checks the brand's fonts (src/data/brandFiles.ts says why): the PowerPoint alone reads only their tables. */
export type FontCheck = "tables" | "fontkit";
export const fontCheckFor = (formats: ReadonlySet<string> | undefined): FontCheck =>
  formats !== undefined && formats.size > 0 && [...formats].every((format) => format === "pptx") ? "tables" : "fontkit";

/** Starts the thread on the files a build or check of `slugs` reads (all cities when none). */
export function prefetchProject(
  options: { root: string; dataDir: string; outDir: string; cache?: boolean; edition?: string; formats: ReadonlySet<string> },
  slugs: readonly string[],
  command: "build" | "check",
): void {
  if (port || extname(fileURLToPath(import.meta.url)) !== ".js") return;
  const { root, dataDir } = options;
  // A check that finds its dry run proven (src/cache/checked.ts) makes no contexts, so reads no
  // messages: where such a proof may be, they are left to the main thread, should it need them.
  const messages = command === "build" || options.cache === false || !existsSync(join(options.outDir, CACHE_DIR));
  // Fonts whose verdict the output folder's memo holds (src/cache/fontFacts.ts) are not read again.
  const fontMemo = options.cache === false ? undefined : options.outDir;
  const fontCheck = fontCheckFor(options.formats);
  const cities = slugs.length > 0 ? slugs : listed(join(dataDir, "cities")).map((name) => name.slice(0, -".yaml".length));
  // In the order validation asks for them.
  const brand = brandSource(dataDir, root);
  const files: PrefetchFile[] = [
    { path: join(dataDir, "sources.yaml"), kind: "data" },
    { path: brand.file, kind: "data", fontsRoot: brand.root },
    { path: join(dataDir, "indicators.yaml"), kind: "data" },
    ...cities.map((slug): PrefetchFile => ({ path: join(dataDir, "cities", `${slug}.yaml`), kind: "data", city: true })),
  ];
  // English first: every edition falls back to it, and most builds are of English editions.
  for (const dir of messages ? messageDirs(root) : []) {
    const names = listed(dir).sort((a, b) => Number(b === "en.yaml") - Number(a === "en.yaml"));
    files.push(...names.map((name): PrefetchFile => ({ path: join(dir, name), kind: "messages", language: name.slice(0, -".yaml".length) })));
  }
  try {
    const channel = new MessageChannel();
    const shared = new Int32Array(new SharedArrayBuffer(4 * files.length));
    const worker = new Worker(new URL("./prefetchWorker.js", import.meta.url), {
      // Where the run checks its fonts as fontkit reads them, it answers for every font face, so
      // fontkit stays off the main thread; a PPTX made alone checks only their tables, on the main
      // thread, and loads no fontkit at all (src/data/brandFiles.ts, FontCheck).
      workerData: { files, port: channel.port2, fontMemo, outDir: options.outDir, edition: options.edition, fontCheck, claims: shared },
      transferList: [channel.port2],
    });
    port = channel.port1;
    claims = shared;
    claimIndex = new Map(files.flatMap((f, i) => (f.city ? [[f.path, i] as const] : [])));
    pending = new Set(files.map((f) => f.path));
    messageFiles = new Set(files.filter((f) => f.kind === "messages").map((f) => f.path));
    // A run that checks only the fonts' tables does that itself (a few reads each): the thread reads the
    // messages it needs next, and hashes the fonts for the cache's keys after them.
    if (fontCheck === "fontkit") fontsDone = new Promise((resolve) => (fontsArrived = resolve));
    port.on("message", settle);
    // Neither keeps the process up: a command that needs no file does not wait for them.
    port.unref();
    worker.unref();
    worker.on("error", finish);
    worker.on("exit", finish);
  } catch {
    finish();
  }
}

function listed(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith(".yaml"));
  } catch {
    return [];
  }
}

function settle(reply: PrefetchReply | FontReply | HashReply | { fontsDone: true }): void {
  if ("fontsDone" in reply) return fontsArrived();
  if ("hashed" in reply) {
    hashes.set(reply.hashed, reply);
    return;
  }
  if ("font" in reply) {
    fonts.set(reply.font, reply);
    return;
  }
  replies.set(reply.path, reply);
  pending.delete(reply.path);
  for (const resolve of waiting.get(reply.path) ?? []) resolve(reply);
  waiting.delete(reply.path);
}

/** The thread ended (done, or failed): what it sent is kept; nothing more is waited for. */
function finish(): void {
  drain();
  fontsArrived();
  threadDone = true;
  threadEnded();
  pending.clear();
  for (const list of waiting.values()) for (const resolve of list) resolve(undefined);
  waiting.clear();
}

function drain(): void {
  if (!port) return;
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) settle(message.message as PrefetchReply);
}

/** The prefetched file, once only, if unchanged since it was read. */
function take(reply: PrefetchReply | undefined): Prefetched | undefined {
  if (!reply?.result) return undefined;
  replies.delete(reply.path);
  let unchanged = false;
  try {
    unchanged = stampOf(reply.path) === reply.stamp;
  } catch {
    // Gone since: the main thread's own read reports it.
  }
  trace(`prefetch: ${unchanged ? "took" : "changed since read:"} ${basename(reply.path)}`);
  return unchanged ? reply.result : undefined;
}

/**
 * What the thread made of `path`, waiting for it if the thread is still on its way there. While it
 * waits, `help` may do other work (read a city file itself: claimCityFile), once per turn of the
 * event loop, until it says there is none left.
 */
export async function takePrefetched(path: string, help?: () => boolean): Promise<Prefetched | undefined> {
  drain();
  while (!replies.has(path) && pending.has(path) && help?.()) {
    await new Promise((resolve) => setImmediate(resolve));
    drain();
  }
  if (replies.has(path) || !pending.has(path)) return take(replies.get(path));
  // Waited for, the thread's port keeps the process up (unreferenced, an idle wait would end it).
  port?.ref();
  const reply = await new Promise<PrefetchReply | undefined>((resolve) => waiting.set(path, [...(waiting.get(path) ?? []), resolve]));
  if (waiting.size === 0) port?.unref();
  return take(reply);
}

/** A city file's place in the claims: not begun, read by this thread, by this thread and reported, or by the prefetch thread. */
export const CLAIM = { free: 0, main: 1, reported: 2, thread: 3 } as const;

/**
 * Takes `path` (or, without one, the last city file of the thread's list that it has not begun)
 * for this thread to read: the path taken, or undefined when the thread has it (or has no list).
 * The caller reads it and then must call reportCityFile, which the thread waits for.
 */
export function claimCityFile(path?: string): string | undefined {
  if (!claims || threadDone) return undefined;
  const candidates = path === undefined ? [...claimIndex].reverse() : claimIndex.has(path) ? [[path, claimIndex.get(path)!] as const] : [];
  for (const [file, index] of candidates) {
    const was = Atomics.compareExchange(claims, index, CLAIM.free, CLAIM.main);
    if (was !== CLAIM.free) {
      // The thread begins files in order: from the end, the first one it took means it took all
      // before it. One this thread took is passed over.
      if (path === undefined && was === CLAIM.thread) return undefined;
      continue;
    }
    pending.delete(file);
    trace(`prefetch: reading here ${basename(file)}`);
    return file;
  }
  return undefined;
}

/** The data of a city file claimCityFile gave this thread (undefined: it has a problem to report), for the thread. */
export function reportCityFile(path: string, data: unknown): void {
  const index = claimIndex.get(path);
  if (!claims || !port || index === undefined) return;
  port.postMessage({ claimed: path, data });
  Atomics.store(claims, index, CLAIM.reported);
  Atomics.notify(claims, index);
}

/** What the thread made of `path` if it is there already (for callers that cannot wait). */
export function takePrefetchedNow(path: string): Prefetched | undefined {
  drain();
  return take(replies.get(path));
}

/**
 * Resolves once the thread has no message file left that it may still answer (loadMessages takes
 * them without waiting): the contexts wait for this rather than parse a file the thread is on.
 */
export async function messagesPrefetched(): Promise<void> {
  drain();
  if (!port || threadDone || ![...messageFiles].some((path) => pending.has(path))) return;
  port.ref();
  // The thread passes over the languages no edition is in, so it is done with them when it ends.
  await Promise.race([
    ended,
    new Promise<void>((resolve) => {
      const check = () => (![...messageFiles].some((path) => pending.has(path)) ? resolve() : undefined);
      for (const path of messageFiles) if (pending.has(path)) waiting.set(path, [...(waiting.get(path) ?? []), check]);
    }),
  ]);
  if (waiting.size === 0) port.unref();
}

/**
 * Resolves once the thread has checked the brand's fonts (or will not): validation waits for this
 * before it checks them, so that it reads only what the thread did not.
 */
export async function fontsPrefetched(): Promise<void> {
  if (!port) return;
  port.ref();
  await fontsDone;
  if (waiting.size === 0) port.unref();
}

/** The SHA-256 of a file the thread read whole, if it is this very file (the same stat stamp). */
export function prefetchedHash(path: string, stamp: string): string | undefined {
  if (!port) return undefined;
  drain();
  const reply = hashes.get(path);
  return reply?.stamp === stamp ? reply.sha256 : undefined;
}

/** The thread's answers about a font file, if it read this very file (the same stat stamp). */
export function prefetchedFont(path: string, stamp: string): PrefetchedFont | undefined {
  drain();
  const reply = fonts.get(path);
  return reply?.stamp === stamp ? reply.result : undefined;
}
