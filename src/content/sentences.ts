/**
 * Sentences one after another: a space between them, none after a full-width stop or closing mark
 * ("。", "！", "）", "」"), which carries its own room. "残す。 別の読み方" read as a stray gap.
 */
export function joinSentences(parts: readonly string[]): string {
  return parts.map((part, i) => (i === parts.length - 1 || /[\u3002\uff01\uff1f\u300d\u300f\uff09]$/.test(part) ? part : `${part} `)).join("");
}
