/**
 * pdf-lib, required rather than imported: the package is CommonJS, and Node's ESM loader would
 * first scan every file it re-exports for the names it exports (about twice the CPU of loading it).
 * One loader for the deck's PDF (pdfInfo.ts) and the handout's (src/handout/).
 */
import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";
import type * as PdfLib from "pdf-lib";

let lib: typeof PdfLib | undefined;

export function pdfLib(): typeof PdfLib {
  if (lib) return lib;
  const require = createRequire(import.meta.url);
  lib = require("pdf-lib") as typeof PdfLib;
  deflateNatively(createRequire(require.resolve("pdf-lib"))("pako") as Pako);
  return lib;
}

interface Pako {
  deflate: (input: Uint8Array, options?: object) => Uint8Array;
}

const native = Symbol("citypitch: native deflate");

/**
 * pdf-lib compresses what it writes (a deck's object streams and its cross-reference stream)
 * with pako, zlib ported to JavaScript: 40 % of the time it takes to save a deck, where Node's
 * zlib does the same work in C in a fifth of it. The same format (a zlib stream at the default
 * level), so any reader reads it alike. Only pako's one-shot `deflate` without options is sent
 * there, which is all pdf-lib calls; jszip's streaming use of pako is left alone.
 */
function deflateNatively(pako: Pako & { [native]?: true }): void {
  if (pako[native]) return;
  const inJavaScript = pako.deflate;
  pako.deflate = (input, options) => (options === undefined ? deflateSync(input) : inJavaScript(input, options));
  pako[native] = true;
}
