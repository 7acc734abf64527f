/**
 * The prefetch thread (prefetch.ts): reads and parses each file in turn, exactly as the main
 * thread would, and posts what came out clean. Anything unusual (a file that cannot be read, is
 * not UTF-8, or has a problem to report) is posted without a result: the main thread then reads it
 * itself and reports what it finds.
 */
import { closeSync, fstatSync, openSync, read, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { ArtifactCache } from "../cache/store.ts";
import { sha256 } from "../cache/hash.ts";
import { cleanYamlData, decodeUtf8 } from "./load.ts";
import { trace } from "../trace.ts";
import { CLAIM, stampOf, type FontCheck, type FontReply, type HashReply, type PrefetchFile, type PrefetchReply } from "./prefetch.ts";

const { files, port, fontMemo, outDir, edition, fontCheck, claims } = workerData as {
  files: PrefetchFile[];
  port: MessagePort;
  fontMemo?: string;
  outDir: string;
  edition?: string;
  fontCheck: FontCheck;
  /** Which thread reads each city file (prefetch.ts claimCityFile). */
  claims?: Int32Array;
};
/**
 * What the files after the data files need, each loaded when first needed: the main thread, done
 * loading its own code by then, waits for the data files first, and the messages' parser alone
 * (intl-messageformat and its ICU parser) would hold them up by a good part of the thread's start.
 */
const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
};
const messagesLib = once(() => import("../content/messages.ts"));
const fontsLib = once(async () => {
  const [facts, brandFiles] = await Promise.all([import("../cache/fontFacts.ts"), import("./brandFiles.ts")]);
  return { FontFacts: facts.FontFacts, glyphMap: facts.glyphMap, brandFontPaths: brandFiles.brandFontPaths, fontProblem: brandFiles.fontProblem };
});

/** The message files the run's editions read (loadMessages: the language, its base, English); undefined: any. */
let languages: Set<string> | undefined = new Set(["en"]);

let fontsRoot: string | undefined;
let brandData: unknown;
/** The data of every data file that came clean: the characters the glyph check will ask about. */
const texts: unknown[] = [];
/** Data the main thread sent for the city files it read itself (reportCityFile), by path. */
const fromMain = new Map<string, unknown>();
for (const [index, file] of files.entries()) {
  // Passed over, and said so: the main thread then stops waiting for it (prefetch.ts, messagesPrefetched).
  if (file.kind === "messages" && languages && !languages.has(file.language!)) {
    port.postMessage({ path: file.path, stamp: "" } satisfies PrefetchReply);
    continue;
  }
  // A city file the main thread took before this one began it: its data comes from there.
  if (file.city && claims && Atomics.compareExchange(claims, index, CLAIM.free, CLAIM.thread) !== CLAIM.free) {
    const data = dataFromMain(index, file.path);
    if (data !== undefined) texts.push(data);
    languages = editionLanguages(data, languages);
    await fontsAfterData(index);
    continue;
  }
  const reply: PrefetchReply = { path: file.path, stamp: "" };
  try {
    reply.stamp = stampOf(file.path);
    // A pipe or a device would never end: the main thread says what it is.
    if (!statSync(file.path).isFile()) throw new Error("not a file");
    if (file.kind === "messages") {
      // As loadMessages reads it.
      const text = readFileSync(file.path, "utf8");
      const messages = (await messagesLib()).cleanMessages(text, file.language!);
      if (messages) reply.result = { text, messages };
    } else {
      const text = decodeUtf8(readFileSync(file.path));
      const data = typeof text === "string" ? cleanYamlData(text) : undefined;
      if (typeof text === "string" && data) reply.result = { text, data };
    }
  } catch {
    // Unreadable, or gone: the main thread finds out and says so.
  }
  port.postMessage(reply);
  trace(`prefetch thread: read ${basename(file.path)}`);
  if (file.kind === "data" && reply.result?.data) texts.push(reply.result.data.value);
  if (file.fontsRoot !== undefined) [fontsRoot, brandData] = [file.fontsRoot, reply.result?.data?.value];
  if (file.city) languages = editionLanguages(reply.result?.data?.value, languages);
  await fontsAfterData(index);
}
// Last, what is needed last: the cache's keys, made once the contexts are.
if (fontCheck === "tables" && fontsRoot !== undefined && brandData !== undefined) {
  await hashFonts(fontsRoot, brandData);
  trace("prefetch thread: fonts hashed");
}
port.close();

/**
 * The fonts come after the data files, which validation needs first, and before the messages
 * (the contexts are made once the fonts are checked), unless the main thread checks them itself.
 */
async function fontsAfterData(index: number): Promise<void> {
  if (fontCheck !== "fontkit" || files[index]!.kind !== "data" || files[index + 1]?.kind === "data") return;
  if (fontsRoot !== undefined && brandData !== undefined) await checkFonts(fontsRoot, brandData);
  port.postMessage({ fontsDone: true });
  trace("prefetch thread: fonts checked");
}

/**
 * The data of a city file the main thread claimed, once it has read it (undefined: the file has a
 * problem, which the main thread reports). The main thread reads a file in milliseconds; the wait
 * is bounded all the same, and a file not reported by then counts as one with a problem.
 */
function dataFromMain(index: number, path: string): unknown {
  const deadline = Date.now() + 10_000;
  while (Atomics.load(claims!, index) === CLAIM.main && Date.now() < deadline) Atomics.wait(claims!, index, CLAIM.main, 100);
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    const { claimed, data } = message.message as { claimed: string; data: unknown };
    fromMain.set(claimed, data);
  }
  trace(`prefetch thread: ${basename(path)} read by the main thread`);
  return fromMain.get(path);
}

/**
 * A brand file's SHA-256 from its bytes, for the cache's keys (which hash every brand file:
 * src/cache/keys.ts), unless the output folder's stamps vouch for the file as it was stamped.
 */
function hashFor(stamps: ReadonlyMap<string, { stamp: string }>, path: string, stamp: string, bytes: Buffer): void {
  if (stamps.get(path)?.stamp !== stamp) port.postMessage({ hashed: path, stamp, sha256: sha256(bytes) } satisfies HashReply);
}

/**
 * For a run that checks the fonts' tables on the main thread: the fonts' hashes alone, where the
 * stamps lack them. A first build into a new folder may ask for them before they come, and then
 * hashes them itself: it would otherwise wait for them behind the message files.
 */
async function hashFonts(root: string, brand: unknown): Promise<void> {
  const { brandFontPaths } = await fontsLib();
  const stamps = ArtifactCache.open(outDir).cache?.readStamps() ?? new Map();
  for (const path of new Set(brandFontPaths(brand, root).map((f) => f.path))) {
    try {
      const stamp = stampOf(path);
      if (stamps.get(path)?.stamp === stamp) continue;
      const bytes = await readAhead(path);
      if (bytes) hashFor(stamps, path, stamp, bytes);
    } catch {
      // Gone: the main thread finds out.
    }
  }
}

/** Adds the languages a city's editions (or the one --edition names) are made in; undefined when the data does not say. */
function editionLanguages(city: unknown, known: Set<string> | undefined): Set<string> | undefined {
  const data = city as { edition?: { language?: unknown }; editions?: { id?: unknown; language?: unknown }[] } | undefined;
  if (!known || typeof data?.edition?.language !== "string") return undefined;
  const editions = Array.isArray(data.editions) ? data.editions.filter((e) => edition === undefined || e?.id === edition) : [];
  const wanted = [data.edition.language, ...editions.map((e) => e?.language)];
  if (wanted.some((language) => typeof language !== "string")) return undefined;
  for (const language of wanted as string[]) known.add(language).add(language.split("-")[0]!);
  return known;
}

/**
 * The verdicts of the brand's fonts (brandFiles.ts), and for its regular faces the glyphs of every
 * character of the data files (glyphs.ts), so that the main thread checks the data without
 * loading fontkit. As glyphs.ts asks them: the body's and heading's faces about every character,
 * the script fonts only about those both lack. What the output folder's memo already holds is
 * not asked again.
 */
async function checkFonts(root: string, brand: unknown): Promise<void> {
  const { FontFacts, glyphMap, brandFontPaths, fontProblem } = await fontsLib();
  // The cache's keys hash every brand file (src/cache/keys.ts): those the output folder's stamps
  // do not vouch for are hashed here, from the bytes read for the check anyway.
  const stamps = ArtifactCache.open(outDir).cache?.readStamps() ?? new Map();
  const fonts = brandFontPaths(brand, root);
  const regular = new Set(fonts.filter((f) => f.regular).map((f) => f.path));
  const latin = [...new Set(fonts.filter((f) => f.latin).map((f) => f.path))];
  const memo = fontMemo === undefined ? undefined : FontFacts.forOutput(fontMemo);
  // The Latin faces first: the others are asked only what these lack.
  const order = [...latin, ...new Set(fonts.map((f) => f.path).filter((p) => !latin.includes(p)))];
  // The files the check reads are read on libuv's threads, all at once, while this one loads
  // fontkit: copying 60 MB of CJK fonts into fresh memory then costs this thread nothing. Each is
  // stamped first, so that a file changed meanwhile is not vouched for.
  const early = new Map<string, { stamp: string; bytes: Promise<Buffer | undefined> }>();
  for (const path of order) {
    try {
      if (memo?.knownProblem(path) === undefined) early.set(path, { stamp: stampOf(path), bytes: readAhead(path) });
    } catch {
      // Gone: the loop below finds out.
    }
  }
  const read = async (path: string, stamp: string): Promise<Buffer> => {
    const ahead = early.get(path);
    early.delete(path);
    const bytes = (ahead?.stamp === stamp ? await ahead.bytes : undefined) ?? readFileSync(path);
    hashFor(stamps, path, stamp, bytes);
    return bytes;
  };
  const all = codePoints(texts);
  const learnt = new Map<string, Record<number, 0 | 1>>();
  const has = (path: string, cp: number) => (memo?.knownGlyph(path, cp) ?? learnt.get(path)?.[cp]) === 1;
  for (const path of order) {
    const reply: FontReply = { font: path, stamp: "" };
    try {
      reply.stamp = stampOf(path);
      const problem = memo?.knownProblem(path) ?? fontProblem(path, await read(path, reply.stamp)) ?? "";
      const asked = !regular.has(path) || problem !== "" ? [] : latin.includes(path) ? all : all.filter((cp) => !latin.some((face) => has(face, cp)));
      const unknown = asked.filter((cp) => memo?.knownGlyph(path, cp) === undefined);
      if (memo?.knownProblem(path) !== undefined && unknown.length === 0) continue;
      const glyphs: Record<number, 0 | 1> = {};
      if (unknown.length > 0) {
        const mapped = glyphMap(path);
        for (const cp of unknown) glyphs[cp] = mapped(cp) ? 1 : 0;
        learnt.set(path, glyphs);
      }
      reply.result = { problem, ...(unknown.length > 0 ? { glyphs } : {}) };
    } catch {
      // The main thread reads it and says what is wrong.
    }
    port.postMessage(reply);
  }
}

/**
 * A file's bytes read by one request to libuv's threads (fs.readFile would come back to this
 * thread every 512 KB, and this thread is busy); undefined when it cannot be read so.
 */
function readAhead(path: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    let fd: number | undefined;
    try {
      fd = openSync(path, "r");
      const bytes = Buffer.allocUnsafe(fstatSync(fd).size);
      read(fd, bytes, 0, bytes.length, 0, (error, count) => {
        closeSync(fd!);
        resolve(!error && count === bytes.length ? bytes : undefined);
      });
    } catch {
      if (fd !== undefined) closeSync(fd);
      resolve(undefined);
    }
  });
}

/** Every character of every string in the data, once. */
function codePoints(values: readonly unknown[]): number[] {
  const seen = new Set<number>();
  const walk = (node: unknown): void => {
    if (typeof node === "string") for (const ch of node) seen.add(ch.codePointAt(0)!);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === "object" && node !== null) for (const value of Object.values(node)) walk(value);
  };
  values.forEach(walk);
  return [...seen];
}
