/**
 * Where a line may break, for every renderer that sets its own lines (the brochure, chart labels):
 * the Unicode line breaking algorithm (UAX #14, from the linebreak package), which breaks between
 * CJK characters as well as at spaces, with the Japanese and Chinese kinsoku rules it leaves out.
 */
import { createRequire } from "node:module";
import type LineBreakerClass from "linebreak";

// Loaded on first use: the chart specs import this module, and a build that only keys its charts
// (the cache) or makes the PPTX alone would otherwise inflate linebreak's Unicode tables for
// nothing. Required, so it is the CommonJS copy pdfkit's own require shares.
const require = createRequire(import.meta.url);
let lineBreaker: typeof LineBreakerClass | undefined;
const LineBreaker = (): typeof LineBreakerClass => (lineBreaker ??= require("linebreak") as typeof LineBreakerClass);

/** Characters a CJK line never starts with (kinsoku shori): closing brackets, stops, small kana, iteration marks. */
const NO_LINE_START = new Set([
  ..."、。，．・：；？！‼⁇⁈⁉ー…‥）〕］｝〉》」』】〙〗〟’”｠»゠〜～ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ％",
]);
/** Characters a CJK line never ends with: opening brackets and quotes. */
const NO_LINE_END = new Set([..."（〔［｛〈《「『【〘〖〝‘“｟«"]);
/**
 * Korean is set with its words whole, breaking at the spaces between them (what CSS calls
 * word-break: keep-all, as the deck sets it): UAX #14 would break between any two syllables,
 * "소/프트웨어". A word too long for its line is still cut by the typesetter's last resort.
 */
const HANGUL = /^\p{Script=Hangul}$/u;

/**
 * Where lines may start in `text` (UTF-16 indices, the last one is the end of the text): the
 * UAX #14 opportunities (linebreak), less the ones kinsoku forbids and those inside a Korean word, plus one after the "@" of an
 * e-mail address. `required` marks the break after a hard line break.
 */
export function breakOpportunities(text: string): { position: number; required: boolean }[] {
  const out: { position: number; required: boolean }[] = [];
  const breaker = new (LineBreaker())(text);
  let previous = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    // After "@" in an address ("desk@" / "city.example"): a place to break a long one.
    for (let at = text.indexOf("@", previous); at >= 0 && at + 1 < bk.position; at = text.indexOf("@", at + 1)) {
      if (/\S/.test(text[at + 1]!) && at > previous) out.push({ position: at + 1, required: false });
    }
    previous = bk.position;
    if (!bk.required && bk.position < text.length) {
      const before = String.fromCodePoint(codePointBefore(text, bk.position));
      const after = String.fromCodePoint(text.codePointAt(bk.position)!);
      if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) continue;
      if (HANGUL.test(before) && HANGUL.test(after)) continue;
    }
    out.push({ position: bk.position, required: bk.required });
  }
  return out;
}

function codePointBefore(text: string, index: number): number {
  const low = text.charCodeAt(index - 1);
  if (index >= 2 && low >= 0xdc00 && low <= 0xdfff) return text.codePointAt(index - 2)!;
  return low;
}
