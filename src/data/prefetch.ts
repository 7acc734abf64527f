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
  /** The brand file: its fonts are checked once the data files are read, their paths relative to this folder. */
  fontsRoot?: string;
  /** A city file: the languages of its editions say which message files the run will read. */
  city?: boolean;
}

/** What brandFiles.ts asks of a font file (FontFacts.problem), answered ahead. */
export interface PrefetchedFont {
  /** The brand file check's verdict: "" for a usable font. */
  problem: string;
}

export interface FontReply {
  font: string;
  stamp: string;
  result?: PrefetchedFont;
}

export interface Prefetched {
  text: string;
  data?: { value: unknown };
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
let fontsDone: Promise<void> = Promise.resolve();
let fontsArrived = () => {};
const waiting = new Map<string, ((reply: PrefetchReply | undefined) => void)[]>();
let port: MessagePort | undefined;
let pending = new Set<string>();

/** Starts the thread on the files a build or check of `slugs` reads (all cities when none). */
export function prefetchProject(
  options: { root: string; dataDir: string; outDir: string; cache?: boolean; edition?: string },
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
    const worker = new Worker(new URL("./prefetchWorker.js", import.meta.url), {
      workerData: { files, port: channel.port2, fontMemo, edition: options.edition },
      transferList: [channel.port2],
    });
    port = channel.port1;
    pending = new Set(files.map((f) => f.path));
    fontsDone = new Promise((resolve) => (fontsArrived = resolve));
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

function settle(reply: PrefetchReply | FontReply | { fontsDone: true }): void {
  if ("fontsDone" in reply) return fontsArrived();
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

/** What the thread made of `path`, waiting for it if the thread is still on its way there. */
export async function takePrefetched(path: string): Promise<Prefetched | undefined> {
  drain();
  if (replies.has(path) || !pending.has(path)) return take(replies.get(path));
  // Waited for, the thread's port keeps the process up (unreferenced, an idle wait would end it).
  port?.ref();
  const reply = await new Promise<PrefetchReply | undefined>((resolve) => waiting.set(path, [...(waiting.get(path) ?? []), resolve]));
  if (waiting.size === 0) port?.unref();
  return take(reply);
}

/** What the thread made of `path` if it is there already (for callers that cannot wait). */
export function takePrefetchedNow(path: string): Prefetched | undefined {
  drain();
  return take(replies.get(path));
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

/** The thread's answers about a font file, if it read this very file (the same stat stamp). */
export function prefetchedFont(path: string, stamp: string): PrefetchedFont | undefined {
  drain();
  const reply = fonts.get(path);
  return reply?.stamp === stamp ? reply.result : undefined;
}
