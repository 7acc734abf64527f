/**
 * HarfBuzz's font subsetter (harfbuzz-subset.wasm, the build subset-font ships), held only while
 * fonts are being cut. subset-font keeps its one instance for the life of the process, and with it
 * a WebAssembly memory of 65 MiB that never shrinks, for a job done in the first second of the deck
 * stage; it also loads fontverter, whose wawoff2 instantiates two more wasm modules of 16 MiB each
 * on load, for conversions a TrueType-only build never makes. Here the module is compiled once (and
 * kept: a portfolio's theme is cut later in the same run), and each run of cutting
 * (`withSubsetter`) gets an instance that is let go of when the last cut of that run is done, so
 * its memory is the garbage collector's. The cut itself is subsetCut.ts.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { cut, type HarfBuzz } from "./subsetCut.ts";

/** Cuts `font` (TrueType) down to what `codePoints` reach; synchronous, so cuts never interleave. */
export type Cut = (font: Uint8Array, codePoints: readonly number[]) => Buffer;

let compiled: Promise<WebAssembly.Module> | undefined;
let current: { harfbuzz: Promise<HarfBuzz>; users: number } | undefined;

/**
 * Runs `work` with a subsetter. Runs that overlap share one instance; it is dropped when the last
 * of them ends, so a build holds HarfBuzz's memory only while it cuts fonts.
 */
export async function withSubsetter<T>(work: (cut: Cut) => Promise<T>): Promise<T> {
  const held = (current ??= { harfbuzz: instantiate(), users: 0 });
  held.users += 1;
  try {
    const harfbuzz = await held.harfbuzz;
    return await work((font, codePoints) => {
      const subset = cut(harfbuzz, font, codePoints);
      return Buffer.from(subset.buffer, subset.byteOffset, subset.byteLength);
    });
  } finally {
    held.users -= 1;
    if (held.users === 0 && current === held) current = undefined;
  }
}

/** Whether a subsetter instance is held now: for the test that it is let go of. */
export const subsetterHeld = (): boolean => current !== undefined;

async function instantiate(): Promise<HarfBuzz> {
  compiled ??= compile();
  const instance = await WebAssembly.instantiate(await compiled);
  const harfbuzz = instance.exports as unknown as HarfBuzz;
  harfbuzz._initialize();
  return harfbuzz;
}

async function compile(): Promise<WebAssembly.Module> {
  // The wasm subset-font itself loads, found the way it finds it.
  const require = createRequire(createRequire(import.meta.url).resolve("subset-font"));
  const bytes = await readFile(require.resolve("harfbuzzjs/dist/harfbuzz-subset.wasm"));
  baselineWasm();
  return WebAssembly.compile(bytes);
}

let baseline = false;
/**
 * HarfBuzz's subsetter is a large wasm module that a build runs for a fraction of a second: V8's
 * optimising compiler spends ~350 ms of CPU on it that those runs never win back, where its
 * baseline compiler alone makes all of Dalian's themes, cold, in 650 ms of CPU instead of 1,030.
 * The flag holds for the whole process, so it is set here, before HarfBuzz is first compiled.
 */
function baselineWasm(): void {
  if (baseline) return;
  baseline = true;
  setFlagsFromString("--liftoff-only");
}
