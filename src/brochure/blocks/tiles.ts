/**
 * KPI tiles: qualifier, number and unit on one baseline, then the label, then the year and
 * reference marks. A row of tiles is one unbreakable block, every tile in it the same height, and
 * a group's rows stay together; the number size is shared by the group so the tiles read as a set.
 */
import type { Wording } from "../../content/format.ts";
import type { FigureView } from "../../content/model.ts";
import { citeMarks } from "../../content/references.ts";
import type { DrawEnv, Flowable } from "../flowable.ts";
import { artifact, child, textMarker } from "../tagging.ts";
import { linesHeight, plain, type Line, type Typesetter } from "../text.ts";
import type { Theme } from "../theme.ts";

const GAP = 12;
const PAD = 12;
const MIN_NUMBER = 15;
/** Shown after the year of a computed figure; the sources page explains each one. */

interface TileText {
  view: FigureView;
  /** The word set small before the number ("over", "target"). */
  qualifier: string;
  label: Line[];
  meta: Line[];
}

export function tileRows(ts: Typesetter, theme: Theme, words: Wording, views: FigureView[], section: string, columns?: number): Flowable[] {
  const width = theme.content.width;
  const maxSize = (w: number) => Math.min(30, Math.max(18, w / 6.5));
  const choose = (): { cols: number; size: number } => {
    const first = Math.min(columns ?? 4, views.length);
    for (let cols = first; cols >= 1; cols--) {
      const w = (width - (cols - 1) * GAP) / cols;
      const size = Math.min(...views.map((v) => fitNumber(ts, v, qualifierText(v, words), w - 2 * PAD, maxSize(w))));
      if (size >= MIN_NUMBER + 3 || cols === 1 || columns !== undefined) return { cols, size: Math.max(size, MIN_NUMBER) };
    }
    return { cols: 1, size: MIN_NUMBER };
  };
  const chosen = choose();
  // Rows as even as the grid allows: 4 tiles as 2 + 2, not 3 + 1 with a hole.
  const cols = columns ?? Math.ceil(views.length / Math.ceil(views.length / chosen.cols));
  const size =
    cols === chosen.cols
      ? chosen.size
      : Math.min(...views.map((v) => fitNumber(ts, v, qualifierText(v, words), (width - (cols - 1) * GAP) / cols - 2 * PAD, maxSize((width - (cols - 1) * GAP) / cols))));
  const tileWidth = (width - (cols - 1) * GAP) / cols;
  const inner = tileWidth - 2 * PAD;
  const labelStyle = { ...theme.text.body, face: "bodyBold" as const, size: 8.5, leading: 12 };
  const metaStyle = theme.text.source;
  const texts: TileText[] = views.map((view) => ({
    view,
    qualifier: qualifierText(view, words),
    label: ts.set(plain(view.label), labelStyle, inner),
    meta: ts.set(plain(metaText(view, words)), metaStyle, inner),
  }));
  const numberHeight = Math.ceil(size * 1.2);
  const rows: Flowable[] = [];
  for (let r = 0; r < texts.length; r += cols) {
    const row = texts.slice(r, r + cols);
    const height = Math.max(...row.map((t) => PAD + numberHeight + 6 + linesHeight(t.label) + 4 + linesHeight(t.meta) + PAD));
    rows.push({
      kind: "tiles",
      height,
      spaceBefore: theme.space.m,
      spaceAfter: r + cols >= texts.length ? theme.space.m : 0,
      section,
      // The label is the text that grows: named if a row cannot fit a page.
      origin: { field: `${[...row].sort((a, b) => b.view.label.length - a.view.label.length)[0]!.view.path}.label` },
      draw(env, x, y) {
        row.forEach((t, i) => drawTile(env, theme, t, x + i * (tileWidth + GAP), y, tileWidth, height, size));
      },
    });
    // Rows of one group sit a gap apart; the paginator collapses spacing to the larger value.
    if (rows.length > 1) rows[rows.length - 1]!.spaceBefore = GAP;
  }
  // A group reads as one set: its rows stay on one page (each row is a block of its own only so
  // that a group taller than a page can still break between rows).
  const total = rows.reduce((sum, r) => sum + r.height + GAP, 0);
  if (total < theme.content.height * 0.6) rows.slice(0, -1).forEach((r) => Object.assign(r, { keepWithNext: true, softKeep: true }));
  return rows;
}

function metaText(view: FigureView, words: Wording): string {
  const parts = [view.year];
  if (view.derived) parts.push(words.messages.t("figure.derivedMark"));
  const marks = citeMarks(view.refs);
  return marks ? `${parts.join(" · ")}  ${marks}` : parts.join(" · ");
}

/** The largest number size (up to `max`) at which qualifier, number and unit fit on one line. */
function fitNumber(ts: Typesetter, view: FigureView, qualifier: string, width: number, max: number): number {
  for (let size = max; size > MIN_NUMBER; size -= 1) {
    if (numberWidth(ts, view, qualifier, size) <= width) return size;
  }
  return MIN_NUMBER;
}

function qualifierText(view: FigureView, words: Wording): string {
  const word = view.figure.qualifier === "target" ? words.messages.t("tile.mark") : view.tile.qualifier;
  if (!word) return "";
  return qualifierAfter(view) ? ` ${word}` : `${word} `;
}

/** A language that writes "70%超" or "1억 톤 이상" gets its qualifier after the number; a target's mark is always before. */
const qualifierAfter = (view: FigureView) => view.figure.qualifier !== "target" && view.tile.qualifierAfter;

function numberParts(view: FigureView, qualifier: string, size: number) {
  const small = Math.max(8, size * 0.42);
  const unit = Math.max(9, size * 0.5);
  // A target is marked before its number, as strongly as "over": it must never pass for a result.
  const word = { text: qualifier, face: "bodyItalic" as const, size: small };
  const number = [
    { text: view.tile.number, face: "headingBold" as const, size },
    { text: view.tile.unit ? (needsSpace(view) ? ` ${view.tile.unit}` : view.tile.unit) : "", face: "heading" as const, size: unit },
  ];
  return (qualifierAfter(view) ? [...number, word] : [word, ...number]).filter((p) => p.text);
}

/** "70%" and "39°N" join their unit; "165.44 Mt" keeps the space, as format.ts writes them. */
function needsSpace(view: FigureView): boolean {
  return !view.short.includes(`${view.tile.number}${view.tile.unit}`);
}

function numberWidth(ts: Typesetter, view: FigureView, qualifier: string, size: number): number {
  return numberParts(view, qualifier, size).reduce((sum, p) => sum + ts.measureRun(p.text, p.face, p.size), 0);
}

function drawTile(env: DrawEnv, theme: Theme, t: TileText, x: number, y: number, w: number, h: number, size: number): void {
  const { doc } = env;
  const c = theme.colours;
  artifact(doc, () => {
    doc.save();
    doc.roundedRect(x, y, w, h, 4).clip();
    doc.rect(x, y, w, h).fill(env.tone(c.surface));
    doc.rect(x, y, 3, h).fill(env.tone(t.view.derived ? c.secondary : c.accent));
    doc.restore();
  });
  const element = child(doc, env.parent(), "P");
  const marker = textMarker(doc, element, "P");
  const baseline = y + PAD + size * 0.95;
  let cursor = x + PAD;
  const parts = numberParts(t.view, t.qualifier, size);
  // A number too long even at the smallest size is scaled down as a whole rather than overflow.
  const scale = Math.min(1, (w - 2 * PAD) / numberWidth(env.ts, t.view, t.qualifier, size));
  marker.open(undefined);
  for (const p of parts) {
    const partSize = p.size * scale;
    // Set run by run, so a unit in another script ("百万人") falls back to its font like body text.
    cursor += env.ts.drawRun(p.text, p.face, partSize, cursor, baseline, env.tone(p.face === "bodyItalic" ? c.mutedText : c.primary));
  }
  marker.close(undefined, []);
  const labelTop = y + PAD + Math.ceil(size * 1.2) + 6;
  env.ts.draw(t.label, x + PAD, labelTop, textMarker(doc, element, "P"), (col) => env.tone(col));
  env.ts.draw(t.meta, x + PAD, labelTop + linesHeight(t.label) + 4, textMarker(doc, element, "P"), (col) => env.tone(col));
}
