/**
 * Panels: call-outs and notices. Their paragraphs and bullets are flattened into lines inside a
 * padded, tinted box, so a long panel can still split between lines; each piece draws its own box.
 */
import type { Flowable } from "../flowable.ts";
import type { Block } from "../markdown/blocks.ts";
import type { Span } from "../markdown/inline.ts";
import { artifact, child, textMarker, type Struct } from "../tagging.ts";
import { linesHeight, plain, type Line, type Typesetter } from "../text.ts";
import type { TextStyle, Theme } from "../theme.ts";

export interface PanelLook {
  fill: string;
  bar: string;
  title?: Span[];
  style: TextStyle;
}

interface Unit {
  tag: "P" | "LI" | "H";
  label?: Line[];
  /** Left indent of a list item's text (its label sits in it). */
  indent?: number;
  lines: Line[];
  gapBefore: number;
  list?: number;
}

interface Row {
  line: Line;
  unit: number;
  firstOfUnit: boolean;
  gapBefore: number;
}

const PAD = 12;
const BAR = 3;
const INDENT = 12;

export function panelBlock(ts: Typesetter, theme: Theme, body: Block[], look: PanelLook, section: string): Flowable {
  const inner = theme.content.width - 2 * PAD - BAR;
  const units: Unit[] = [];
  const titleStyle = { ...look.style, face: "bodyBold" as const };
  if (look.title) units.push({ tag: "H", lines: ts.set(look.title, titleStyle, inner), gapBefore: 0 });
  let listCount = 0;
  for (const block of body) {
    const gap = units.length > 0 ? theme.space.s : 0;
    if (block.type === "list") {
      const list = listCount++;
      const labelOf = (i: number) => plain(block.ordered ? `${i + 1}.` : "•");
      // Wider than INDENT ("10."): the list's gutter widens rather than cut its labels.
      const indent = Math.max(INDENT, Math.ceil(ts.set(labelOf(block.items.length - 1), look.style, Number.MAX_SAFE_INTEGER)[0]?.width ?? 0) + 4);
      block.items.forEach((item, i) => {
        const label = ts.set(labelOf(i), look.style, indent);
        units.push({ tag: "LI", label, indent, lines: ts.set(item, look.style, inner - indent), gapBefore: i === 0 ? gap : theme.space.xs, list });
      });
    } else if (block.type === "paragraph" || block.type === "heading") {
      units.push({ tag: block.type === "heading" ? "H" : "P", lines: ts.set(block.text, block.type === "heading" ? titleStyle : look.style, inner), gapBefore: gap });
    }
  }
  const rows: Row[] = units.flatMap((u, unit) => u.lines.map((line, i) => ({ line, unit, firstOfUnit: i === 0, gapBefore: i === 0 ? u.gapBefore : 0 })));
  const elements = new Map<number, Struct>();
  const lists = new Map<number, Struct>();
  let panel: Struct | undefined;
  return piece(rows, true);

  function piece(part: Row[], first: boolean): Flowable {
    const height = 2 * PAD + part.reduce((s, r, i) => s + r.line.height + (i === 0 ? 0 : r.gapBefore), 0);
    return {
      kind: "panel",
      height,
      spaceBefore: first ? theme.space.l : 0,
      spaceAfter: theme.space.l,
      section,
      minHead: 2 * PAD + linesHeight(part.slice(0, 2).map((r) => r.line)),
      split:
        part.length >= 4
          ? (room) => {
              let k = 0;
              let used = 2 * PAD;
              while (k < part.length) {
                const h = part[k]!.line.height + (k === 0 ? 0 : part[k]!.gapBefore);
                if (used + h > room + 0.01) break;
                used += h;
                k++;
              }
              k = Math.min(k, part.length - 2);
              if (k < 2) return undefined;
              return [{ ...piece(part.slice(0, k), first), spaceAfter: 0 }, piece(part.slice(k), false)];
            }
          : undefined,
      draw(env, x, y) {
        const { doc } = env;
        artifact(doc, () => {
          doc.rect(x, y, theme.content.width, height).fill(env.tone(look.fill));
          doc.rect(x, y, BAR, height).fill(env.tone(look.bar));
        });
        panel ??= child(doc, env.parent(), "Div");
        const left = x + BAR + PAD;
        let cursor = y + PAD;
        part.forEach((row, i) => {
          if (i > 0) cursor += row.gapBefore;
          const unit = units[row.unit]!;
          let element = elements.get(row.unit);
          if (!element && unit.tag === "LI") {
            // L > LI > (Lbl, LBody), the label first, as PDF/UA orders them.
            let list = lists.get(unit.list!);
            if (!list) lists.set(unit.list!, (list = child(doc, panel!, "L")));
            const li = child(doc, list, "LI");
            env.ts.draw(unit.label!, left, cursor, textMarker(doc, child(doc, li, "Lbl"), "Lbl"), (c) => env.tone(c));
            element = child(doc, li, "LBody");
          }
          element ??= child(doc, panel!, "P");
          elements.set(row.unit, element);
          const tag = unit.tag === "LI" ? "LBody" : "P";
          cursor = env.ts.draw([row.line], left + (unit.indent ?? 0), cursor, textMarker(doc, element, tag), (c) => env.tone(c));
        });
      },
    };
  }
}
