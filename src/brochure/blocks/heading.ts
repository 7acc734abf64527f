/** Headings: the section opener (H1, with bookmark and running head), subheads and small labels. */
import type { Flowable } from "../flowable.ts";
import { plainText, type Span } from "../markdown/inline.ts";
import { artifact, child, textMarker } from "../tagging.ts";
import { linesHeight, type Typesetter } from "../text.ts";
import type { Theme } from "../theme.ts";

export interface HeadingOptions {
  /** The look: section title, subheading or small-capitals label. */
  level: 1 | 2 | 3;
  /** The structure element (H1 to H3), chosen so that no level is skipped; the look's level by default. */
  tagLevel?: 1 | 2 | 3;
  section: string;
  /** Section openers start a page unless this much of the page is still free. */
  minRoom?: number;
}

const RULE = { width: 28, height: 3 };

export function headingBlock(ts: Typesetter, theme: Theme, spans: Span[], options: HeadingOptions): Flowable {
  const { level } = options;
  const style = level === 1 ? theme.text.h1 : level === 2 ? theme.text.h2 : theme.text.h3;
  const lines = ts.set(spans, style, theme.content.width, { phrases: true });
  const ruleSpace = level === 1 ? RULE.height + theme.space.m : 0;
  const title = plainText(spans);
  const space = theme.space;
  return {
    kind: `h${level}`,
    height: ruleSpace + linesHeight(lines),
    spaceBefore: level === 1 ? space.section : level === 2 ? space.l : space.m,
    spaceAfter: level === 1 ? space.m : level === 2 ? space.s : space.xs,
    section: options.section,
    keepWithNext: true,
    minRoom: options.minRoom,
    origin: { excerpt: title.length > 80 ? `${title.slice(0, 79)}…` : title },
    draw(env, x, y) {
      const doc = env.doc;
      if (level !== 3) env.openSection(title, level, y);
      if (level === 1) {
        artifact(doc, () => doc.rect(x, y, RULE.width, RULE.height).fill(env.tone(theme.colours.accent)));
      }
      const tag = `H${options.tagLevel ?? level}`;
      // Capitals are a style: assistive technology gets the words as written.
      const element = child(doc, env.parent(), tag, style.upper ? { actual: title } : {});
      env.ts.draw(lines, x, y + ruleSpace, textMarker(doc, element, tag), (c) => env.tone(c));
    },
  };
}
