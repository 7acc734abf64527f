/**
 * Bullet and numbered lists, and the numbered reference entries of the sources page: one block per
 * item (so a list splits between items), all items under one L element.
 */
import type { DrawEnv, Flowable } from "../flowable.ts";
import type { Span } from "../markdown/inline.ts";
import { child, type Struct } from "../tagging.ts";
import type { Typesetter } from "../text.ts";
import type { TextStyle, Theme } from "../theme.ts";
import { textBlock } from "./text.ts";

export interface ListOptions {
  style: TextStyle;
  labelStyle?: TextStyle;
  /** Width of the label gutter. */
  indent: number;
  section: string;
  spaceBefore: number;
  spaceAfter: number;
  itemGap: number;
}

export function listBlocks(ts: Typesetter, theme: Theme, items: { label: Span[]; text: Span[] }[], options: ListOptions): Flowable[] {
  let list: Struct | undefined;
  const labelStyle = options.labelStyle ?? { ...options.style, colour: theme.colours.secondaryText };
  // The gutter widens for labels wider than it ("10.", "[123]"), so no label is cut or runs into its text.
  const widest = Math.max(0, ...items.map((item) => ts.set(item.label, labelStyle, Number.MAX_SAFE_INTEGER)[0]?.width ?? 0));
  const indent = Math.max(options.indent, Math.ceil(widest) + 5);
  const listFor = (env: DrawEnv) => (list ??= child(env.doc, env.parent(), "L"));
  return items.map((item, i) =>
    textBlock(ts, item.text, {
      kind: "list-item",
      style: options.style,
      width: theme.content.width,
      section: options.section,
      indent,
      label: { spans: item.label, style: labelStyle },
      spaceBefore: i === 0 ? options.spaceBefore : options.itemGap,
      spaceAfter: i === items.length - 1 ? options.spaceAfter : options.itemGap,
      linkColour: theme.colours.secondaryText,
      citeColour: theme.colours.mutedText,
      tag: (env) => {
        const li = child(env.doc, listFor(env), "LI");
        const label = child(env.doc, li, "Lbl");
        const body = child(env.doc, li, "LBody");
        return { body, bodyTag: "LBody", label };
      },
    }),
  );
}
