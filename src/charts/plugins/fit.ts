/**
 * Text a chart could not fit in its picture. Chart.js and the plugins draw what they are given
 * where it goes: a key's label wider than the room beside the rings, a category name wider than
 * its axis, a target too long for its panel run off the picture's edge and are cut there, and the
 * build would say "ok". Each plugin reports what it cannot fit here, by chart, and render.ts
 * refuses the chart once it is drawn, saying which text to shorten.
 */
const overflows = new WeakMap<object, string[]>();

/** `what` (a phrase naming the text: 'the key\'s label "…"') does not fit `chart`'s picture. */
export function reportOverflow(chart: object, what: string): void {
  const list = overflows.get(chart) ?? [];
  if (!list.includes(what)) list.push(what);
  overflows.set(chart, list);
}

/** What `chart` reported it could not fit, in the order reported. */
export function overflowsOf(chart: object): readonly string[] {
  return overflows.get(chart) ?? [];
}

/** Text quoted in a report: its start, when long. */
export function quoted(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `"${flat.length > 48 ? `${flat.slice(0, 47)}…` : flat}"`;
}

/** Lines wider than `width`, allowing for rounding: what `wrap` could not break (a long word). */
export function widerThan(ctx: CanvasRenderingContext2D, lines: readonly string[], width: number): boolean {
  return lines.some((line) => ctx.measureText(line).width > width + 0.5);
}
