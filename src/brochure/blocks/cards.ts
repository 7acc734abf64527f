/** Contact cards: short paragraphs (name, role, links) in boxes, two or three to a row. */
import type { Flowable } from "../flowable.ts";
import type { Span } from "../markdown/inline.ts";
import { artifact, child, textMarker } from "../tagging.ts";
import { linesHeight, type Line, type Typesetter } from "../text.ts";
import type { Theme } from "../theme.ts";

const GAP = 12;
const PAD = 12;

export function cardRows(ts: Typesetter, theme: Theme, cards: Span[][][], section: string): Flowable[] {
  // A little smaller than body text; follows it down when the back cover steps its type down.
  const size = Math.min(9, theme.text.body.size);
  const style = { ...theme.text.body, size, leading: (size * 13) / 9 };
  // Three to a row only when no word (an e-mail address, a URL) is too wide for a third.
  const widest = Math.max(
    ...cards
      .flat(2)
      .flatMap((s) => s.text.split(/\s+/))
      .map((w) => ts.measure(w, "bodyBold", style.size)),
  );
  const third = (theme.content.width - 2 * GAP) / 3 - 2 * PAD;
  const columns = cards.length >= 3 && widest <= third ? 3 : 2;
  const width = (theme.content.width - (columns - 1) * GAP) / columns;
  const set: Line[][][] = cards.map((paragraphs) => paragraphs.map((spans) => ts.set(spans, style, width - 2 * PAD, { linkColour: theme.colours.secondaryText })));
  const rows: Flowable[] = [];
  for (let r = 0; r < set.length; r += columns) {
    const row = set.slice(r, r + columns);
    const height = Math.max(...row.map((c) => 2 * PAD + c.reduce((s, p) => s + linesHeight(p), 0) + (c.length - 1) * 2));
    rows.push({
      kind: "cards",
      height,
      spaceBefore: r === 0 ? theme.space.m : GAP,
      spaceAfter: theme.space.m,
      section,
      draw(env, x, y) {
        const { doc } = env;
        row.forEach((card, i) => {
          const left = x + i * (width + GAP);
          artifact(doc, () => {
            doc
              .roundedRect(left + 0.5, y + 0.5, width - 1, height - 1, 4)
              .lineWidth(1)
              .stroke(env.tone(theme.colours.rule));
            doc.rect(left, y + PAD, 3, 16).fill(env.tone(theme.colours.accent));
          });
          const div = child(doc, env.parent(), "Div");
          let cursor = y + PAD;
          for (const lines of card) {
            cursor = env.ts.draw(lines, left + PAD, cursor, textMarker(doc, child(doc, div, "P"), "P"), (c) => env.tone(c)) + 2;
          }
        });
      },
    });
  }
  return rows;
}
