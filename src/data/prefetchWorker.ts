/**
 * The prefetch thread (prefetch.ts): reads and parses each file in turn, exactly as the main
 * thread would, and posts what came out clean. Anything unusual (a file that cannot be read, is
 * not UTF-8, or has a problem to report) is posted without a result: the main thread then reads it
 * itself and reports what it finds.
 */
import { readFileSync } from "node:fs";
import { workerData, type MessagePort } from "node:worker_threads";
import { cleanYamlData, decodeUtf8 } from "./load.ts";
import { stampOf, type FontReply, type PrefetchFile, type PrefetchReply } from "./prefetch.ts";

const { files, port, fontMemo, edition } = workerData as { files: PrefetchFile[]; port: MessagePort; fontMemo?: string; edition?: string };
/** The message files the run's editions read (loadMessages: the language, its base, English); undefined: any. */
let languages: Set<string> | undefined = new Set(["en"]);

let fontsRoot: string | undefined;
let brandData: unknown;
for (const file of files) {
  if (file.kind === "messages" && languages && !languages.has(file.language!)) continue;
  const reply: PrefetchReply = { path: file.path, stamp: "" };
  try {
    reply.stamp = stampOf(file.path);
    if (file.kind === "messages") {
      // As loadMessages reads it.
      const text = readFileSync(file.path, "utf8");
      const messages = (await import("../content/messages.ts")).cleanMessages(text, file.language!);
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
  if (file.fontsRoot !== undefined) [fontsRoot, brandData] = [file.fontsRoot, reply.result?.data?.value];
  if (file.city) languages = editionLanguages(reply.result?.data?.value, languages);
  // The fonts come after the data files, which validation needs first, and before the messages.
  if (file.kind === "data" && files[files.indexOf(file) + 1]?.kind !== "data") {
    if (fontsRoot !== undefined && brandData !== undefined) await checkFonts(fontsRoot, brandData);
    port.postMessage({ fontsDone: true });
  }
}
port.close();

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
 * The verdicts of the brand's bold and italic faces (brandFiles.ts). The regular ones are left to
 * the main thread, which reads them anyway: the glyph check and the PowerPoint's text measure use them.
 */
async function checkFonts(root: string, brand: unknown): Promise<void> {
  // Loaded now: the data files, which the main thread waits for first, need none of this.
  const { brandFontPaths, fontProblem } = await import("./brandFiles.ts");
  const { FontFacts } = await import("../cache/fontFacts.ts");
  const fonts = brandFontPaths(brand, root);
  const regular = new Set(fonts.filter((f) => f.regular).map((f) => f.path));
  const memo = fontMemo === undefined ? undefined : FontFacts.forOutput(fontMemo);
  for (const path of new Set(fonts.map((f) => f.path))) {
    if (regular.has(path) || memo?.knownProblem(path) !== undefined) continue;
    const reply: FontReply = { font: path, stamp: "" };
    try {
      reply.stamp = stampOf(path);
      reply.result = { problem: fontProblem(path, readFileSync(path)) ?? "" };
    } catch {
      // The main thread reads it and says what is wrong.
    }
    port.postMessage(reply);
  }
}
