/**
 * Tables from pipe rows. Columns get their natural width when everything fits, otherwise the room
 * beyond each column's longest word is shared in proportion to its text. Splits between rows and
 * repeats the header row (tagged as an artifact the second time) on the next page.
 */
import type { DrawEnv, Flowable } from "../flowable.ts";
import { plainText, type Span } from "../markdown/inline.ts";
import { artifact, child, textMarker, type Struct } from "../tagging.ts";
import { linesHeight, type Line, type Typesetter } from "../text.ts";
import type { TextStyle, Theme } from "../theme.ts";

const PAD_X = 10;
const PAD_Y = 6;

interface Row {
  cells: Line[][];
  height: number;
}

export function tableBlock(ts: Typesetter, theme: Theme, rows: Span[][][], hasHeader: boolean, section: string): Flowable {
  const columns = Math.max(...rows.map((r) => r.length));
  const styleFor = (row: number, col: number): TextStyle =>
    hasHeader && row === 0 ? theme.text.tableHead : col === 0 && columns > 1 ? { ...theme.text.table, face: "bodyBold" } : theme.text.table;
  const widths = columnWidths(ts, rows, columns, theme.content.width, styleFor);
  const setRows: Row[] = rows.map((cells, r) => {
    const lines = Array.from({ length: columns }, (_, c) => ts.set(cells[c] ?? [], styleFor(r, c), widths[c]! - PAD_X, { citeColour: theme.colours.mutedText }));
    return { cells: lines, height: Math.max(...lines.map(linesHeight)) + 2 * PAD_Y };
  });
  const header = hasHeader ? setRows[0] : undefined;
  const body = hasHeader ? setRows.slice(1) : setRows;
  let table: Struct | undefined;
  const tableFor = (env: DrawEnv) => (table ??= child(env.doc, env.parent(), "Table"));
  return piece(body, true);

  function piece(part: Row[], first: boolean): Flowable {
    const headerHeight = header?.height ?? 0;
    const height = headerHeight + part.reduce((s, r) => s + r.height, 0);
    const minRows = Math.min(2, part.length);
    const tallest = part.reduce((best, row) => (row.height > best.height ? row : best), part[0] ?? { cells: [], height: 0 });
    const excerpt = tallest.cells.map((lines) => lines.map((l) => l.fragments.map((f) => f.text).join("")).join(" ")).join(" | ");
    return {
      kind: "table",
      height,
      origin: { excerpt: excerpt.length > 80 ? `${excerpt.slice(0, 79)}…` : excerpt },
      spaceBefore: first ? theme.space.m : 0,
      spaceAfter: theme.space.l,
      section,
      minHead: headerHeight + part.slice(0, minRows).reduce((s, r) => s + r.height, 0),
      split:
        part.length >= 4
          ? (room) => {
              let k = 0;
              let used = headerHeight;
              while (k < part.length && used + part[k]!.height <= room + 0.01) used += part[k++]!.height;
              k = Math.min(k, part.length - 2);
              if (k < 2) return undefined;
              return [{ ...piece(part.slice(0, k), first), spaceAfter: 0 }, piece(part.slice(k), false)];
            }
          : undefined,
      draw(env, x, y) {
        const t = tableFor(env);
        let cursor = y;
        if (header) {
          drawRow(env, t, header, x, cursor, first ? "TH" : undefined, true);
          cursor += header.height;
        }
        part.forEach((row, i) => {
          drawRow(env, t, row, x, cursor, "TD", false, i === part.length - 1);
          cursor += row.height;
        });
      },
    };
  }

  function drawRow(env: DrawEnv, t: Struct, row: Row, x: number, y: number, cellTag: "TH" | "TD" | undefined, isHeader: boolean, last = false): void {
    const { doc } = env;
    const width = theme.content.width;
    artifact(doc, () => {
      if (isHeader) doc.rect(x, y + row.height - 1, width, 1).fill(env.tone(theme.colours.primary));
      else if (!last) doc.rect(x, y + row.height - 0.5, width, 0.5).fill(env.tone(theme.colours.rule));
    });
    let cx = x;
    const draw = (lines: Line[], cellX: number, marker?: ReturnType<typeof textMarker>) => env.ts.draw(lines, cellX, y + PAD_Y, marker, (c) => env.tone(c));
    if (!cellTag) {
      // The repeated header on a continuation page is furniture, not a second header row.
      artifact(doc, () => row.cells.forEach((lines, c) => draw(lines, x + offset(c), undefined)));
      return;
    }
    const tr = child(doc, t, "TR");
    row.cells.forEach((lines, c) => {
      const words = isHeader ? plainText(rows[0]?.[c] ?? []) : "";
      // Header cells say what they head: the header row its columns; the first column (set bold)
      // its row, so a key/value table without a header row still has header cells.
      const tag = isHeader || (c === 0 && columns > 1) ? "TH" : cellTag;
      const scope = isHeader ? ("Column" as const) : tag === "TH" ? ("Row" as const) : undefined;
      const cell = child(doc, tr, tag, { ...(words ? { actual: words } : {}), ...(scope ? { scope } : {}) });
      draw(lines, cx, textMarker(doc, cell, tag));
      cx += widths[c]!;
    });
  }

  function offset(col: number): number {
    return widths.slice(0, col).reduce((a, b) => a + b, 0);
  }
}

function columnWidths(ts: Typesetter, rows: Span[][][], columns: number, total: number, styleFor: (r: number, c: number) => TextStyle): number[] {
  const natural = new Array<number>(columns).fill(0);
  const minimum = new Array<number>(columns).fill(0);
  rows.forEach((cells, r) =>
    cells.forEach((spans, c) => {
      const style = styleFor(r, c);
      const text = spans.map((s) => s.text).join("");
      const shown = style.upper ? text.toUpperCase() : text;
      natural[c] = Math.max(natural[c]!, ts.measure(shown, style.face, style.size, style.tracking) + PAD_X);
      const longest = Math.max(0, ...shown.split(/\s+/).map((w) => ts.measure(w, style.face, style.size, style.tracking)));
      minimum[c] = Math.max(minimum[c]!, Math.min(longest + PAD_X, total / columns));
    }),
  );
  const naturalSum = natural.reduce((a, b) => a + b, 0);
  if (naturalSum <= total) return natural.map((w) => (w / naturalSum) * total);
  const minSum = minimum.reduce((a, b) => a + b, 0);
  // Words wider than their share are cut between letters by the typesetter rather than overflow.
  if (minSum >= total) return minimum.map((m) => (m / minSum) * total);
  const spare = Math.max(0, total - minSum);
  const want = natural.map((w, c) => w - minimum[c]!);
  const wantSum = want.reduce((a, b) => a + b, 0) || 1;
  return minimum.map((m, c) => m + (spare * want[c]!) / wantSum);
}
