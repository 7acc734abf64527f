/**
 * A run of set lines: paragraphs, lead and source notes, list items and reference entries. Splits
 * between lines, leaving at least two lines on each side, and keeps its structure element across
 * the cut so a paragraph that spans two pages is still one paragraph to a screen reader.
 */
import type { DrawEnv, Flowable } from "../flowable.ts";
import type { Span } from "../markdown/inline.ts";
import { textMarker, type Struct } from "../tagging.ts";
import { linesHeight, type Line, type Typesetter } from "../text.ts";
import type { TextStyle } from "../theme.ts";

export interface TextBlockOptions {
  style: TextStyle;
  width: number;
  section: string;
  spaceBefore: number;
  spaceAfter: number;
  /** Left indent of the text; a label sits in it, on the first line. */
  indent?: number;
  label?: { spans: Span[]; style: TextStyle };
  /** Structure for the body text (and the label), created when first drawn. */
  tag: (env: DrawEnv) => { body: Struct; bodyTag: string; label?: Struct };
  linkColour?: string;
  citeColour?: string;
  keepTogether?: boolean;
  kind?: string;
}

const MIN_LINES = 2;

export function textBlock(ts: Typesetter, spans: Span[], options: TextBlockOptions): Flowable {
  const indent = options.indent ?? 0;
  const lines = ts.set(spans, options.style, options.width - indent, { linkColour: options.linkColour, citeColour: options.citeColour });
  const label = options.label ? ts.set(options.label.spans, options.label.style, Math.max(indent - 4, 8), {}) : undefined;
  let tags: ReturnType<TextBlockOptions["tag"]> | undefined;
  const tagsFor = (env: DrawEnv) => (tags ??= options.tag(env));
  return piece(lines, true);

  function piece(part: Line[], first: boolean): Flowable {
    const height = linesHeight(part);
    const splittable = !options.keepTogether && part.length >= 2 * MIN_LINES;
    return {
      kind: options.kind ?? "text",
      height,
      spaceBefore: first ? options.spaceBefore : 0,
      spaceAfter: options.spaceAfter,
      section: options.section,
      minHead: splittable ? linesHeight(part.slice(0, MIN_LINES)) : height,
      split: splittable
        ? (room) => {
            let k = 0;
            let used = 0;
            while (k < part.length && used + part[k]!.height <= room + 0.01) used += part[k++]!.height;
            k = Math.min(k, part.length - MIN_LINES);
            if (k < MIN_LINES) return undefined;
            return [{ ...piece(part.slice(0, k), first), spaceAfter: 0 }, piece(part.slice(k), false)];
          }
        : undefined,
      draw(env, x, y) {
        const t = tagsFor(env);
        if (first && label && t.label) env.ts.draw(label, x, y, textMarker(env.doc, t.label, "Lbl"), (c) => env.tone(c));
        env.ts.draw(part, x + indent, y, textMarker(env.doc, t.body, t.bodyTag), (c) => env.tone(c));
      },
    };
  }
}
