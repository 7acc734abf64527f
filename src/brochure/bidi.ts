/**
 * Right-to-left text on a left-to-right page: an Arabic or Hebrew local name, a source's title in
 * its own script. The Typesetter keeps a line's pieces in reading order; here they are put in the
 * order they are seen, by the Unicode Bidirectional Algorithm (UAX #9: bidi-js resolves the
 * levels and mirrors brackets). The reordering itself (rules L1 and L2) is done here, on pieces
 * rather than characters, because a right-to-left word must stay whole and in reading order for
 * HarfBuzz to join its letters and hand back its glyphs right to left (shaping.ts guesses the
 * direction from the script): so each right-to-left word is a piece of its own, and the pieces,
 * not the letters, are reversed. The page's direction is left to right: no edition is written in
 * a right-to-left language. Brackets are mirrored (rule L4) by HarfBuzz, which does so in a
 * right-to-left run, or here for a run of neutrals alone.
 */
import { createRequire } from "node:module";
import type { Bidi } from "bidi-js";

/** bidi-js is CommonJS whose module is the factory itself; its types declare it a default export. */
const bidiFactory = createRequire(import.meta.url)("bidi-js") as () => Bidi;

/** Characters of the right-to-left scripts and marks: a line without any needs no reordering. */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u200F\u202B\u202E\u2067]|[\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

let bidi: Bidi | undefined;

export function hasRightToLeft(text: string): boolean {
  return RIGHT_TO_LEFT.test(text);
}

/** White space, as rule L1 of UAX #9 resets it at a line's end. */
const isSpace = (code: number) => code === 32 || code === 9 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);

/**
 * One line's `pieces`, in reading order, put in the order they are seen from left to right: a
 * piece holding text of more than one direction (or several right-to-left words) is cut, each part
 * made by `withText`, which is told whether the part is right-to-left.
 */
export function visualOrder<T extends { text: string }>(pieces: readonly T[], withText: (piece: T, text: string, rightToLeft: boolean) => T): T[] {
  const text = pieces.map((p) => p.text).join("");
  if (!hasRightToLeft(text)) return [...pieces];
  bidi ??= bidiFactory();
  const { levels } = bidi.getEmbeddingLevels(text, "ltr");
  const atoms: { piece: T; text: string; level: number; space: boolean }[] = [];
  let offset = 0;
  for (const piece of pieces) {
    const own = piece.text;
    for (let i = 0; i < own.length; ) {
      const level = levels[offset + i]!;
      const space = isSpace(own.charCodeAt(i));
      let j = i + 1;
      // A right-to-left run is cut between its words and the spaces around them: each word is
      // shaped on its own, and the words change places.
      while (j < own.length && levels[offset + j] === level && (level % 2 === 0 || isSpace(own.charCodeAt(j)) === space)) j++;
      atoms.push({ piece, text: own.slice(i, j), level, space: space && own.slice(i, j).trim() === "" });
      i = j;
    }
    offset += own.length;
  }
  // L1: white space ending the line takes the page's level.
  for (let k = atoms.length - 1; k >= 0 && atoms[k]!.space; k--) atoms[k]!.level = 0;
  // L2: from the highest level down to the lowest odd one, each run at that level or above is reversed.
  const highest = Math.max(...atoms.map((a) => a.level));
  const lowestOdd = Math.min(...atoms.map((a) => (a.level % 2 === 1 ? a.level : Number.POSITIVE_INFINITY)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < atoms.length; ) {
      if (atoms[start]!.level < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < atoms.length && atoms[end]!.level >= level) end++;
      atoms.splice(start, end - start, ...atoms.slice(start, end).reverse());
      start = end;
    }
  }
  return atoms.map((atom) => {
    if (atom.level % 2 === 0) return withText(atom.piece, atom.text, false);
    // HarfBuzz turns a run of a right-to-left script around and mirrors its brackets itself; a
    // run of neutrals alone (a bracket or a dash between Arabic words) it shapes left to right.
    return withText(atom.piece, hasRightToLeft(atom.text) ? atom.text : mirroredBackwards(atom.text), true);
  });
}

/** L4, and L2 within the run: the characters in the order they are seen, each as its mirror image where it has one. */
function mirroredBackwards(text: string): string {
  let out = "";
  for (const ch of text) out = (bidi!.getMirroredCharacter(ch) ?? ch) + out;
  return out;
}
