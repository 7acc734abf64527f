/**
 * Text a chart could not fit in its picture. Chart.js and the plugins draw what they are given
 * where it goes, and what runs off the picture's edge is cut there while the build says "ok".
 * The plugins wrap what they can (a key's text, a target's label or number); what still cannot
 * fit (a key taller than the picture, a bar's name wider than its axis) each reports here, by
 * chart, and render.ts refuses the chart once it is drawn, saying which text to shorten.
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
