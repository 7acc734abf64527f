/**
 * The brochure's block syntax, read from rendered templates (see templates/brochure/README.md):
 *
 *   # Heading / ## Subheading / ### Label      - bullet / 1. numbered item
 *   ::name arg arg        a leaf directive: ::chart id, ::charts section, ::tiles path…, ::newpage
 *   :::name arg           a container, closed by a line holding only `:::`: lead, callout, notice,
 *   …body…                source, ref, table, contact, local, meta
 *   :::
 *
 * Anything else is a paragraph; blank lines separate blocks. Pure: text in, blocks out, and each
 * block keeps the line it came from so errors can point at it.
 */
import { CitypitchError, EXIT } from "../../errors.ts";
import { parseInline, type Span } from "./inline.ts";

export type Block =
  | { type: "heading"; level: 1 | 2 | 3; text: Span[]; line: number }
  | { type: "paragraph"; text: Span[]; line: number }
  | { type: "list"; ordered: boolean; items: Span[][]; line: number }
  | { type: "directive"; name: string; args: string[]; line: number }
  | { type: "container"; name: string; args: string[]; body: Block[]; rows: Span[][][]; header: boolean; line: number };

const HEADING = /^(#{1,3})\s+(.*)$/;
const BULLET = /^\s{0,3}(?:[-*]|(\d+)\.)\s+(.*)$/;
const LEAF = /^::([a-z][a-z-]*)(?:\s+(.*))?$/;
const OPEN = /^:::([a-z][a-z-]*)(?:\s+(.*))?$/;
const CLOSE = /^:::\s*$/;
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

export function parseBlocks(source: string, file: string, firstLine = 1): Block[] {
  const lines = source.split(/\r?\n/);
  const blocks: Block[] = [];
  let i = 0;
  const at = (index: number) => index + firstLine;
  while (i < lines.length) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === "") {
      i++;
      continue;
    }
    const open = OPEN.exec(trimmed);
    if (open) {
      const start = i;
      let end = i + 1;
      while (end < lines.length && !CLOSE.test(lines[end]!.trim())) {
        if (OPEN.exec(lines[end]!.trim())) throw syntaxError(file, at(end), `":::${open[1]}" opened on line ${at(start)} is not closed before another container starts`);
        end++;
      }
      if (end >= lines.length) throw syntaxError(file, at(start), `":::${open[1]}" is never closed; end it with a line holding only ":::"`);
      const bodyLines = lines.slice(start + 1, end);
      const name = open[1]!;
      const args = splitArgs(open[2]);
      if (name === "table") {
        const { rows, header } = parseTable(bodyLines);
        blocks.push({ type: "container", name, args, body: [], rows, header, line: at(start) });
      } else {
        blocks.push({ type: "container", name, args, body: parseBlocks(bodyLines.join("\n"), file, at(start + 1)), rows: [], header: false, line: at(start) });
      }
      i = end + 1;
      continue;
    }
    if (CLOSE.test(trimmed)) throw syntaxError(file, at(i), `":::" closes nothing here`);
    const leaf = LEAF.exec(trimmed);
    if (leaf) {
      blocks.push({ type: "directive", name: leaf[1]!, args: splitArgs(leaf[2]), line: at(i) });
      i++;
      continue;
    }
    const heading = HEADING.exec(trimmed);
    if (heading) {
      blocks.push({ type: "heading", level: heading[1]!.length as 1 | 2 | 3, text: parseInline(heading[2]!.trim()), line: at(i) });
      i++;
      continue;
    }
    if (BULLET.test(line)) {
      const start = i;
      const ordered = BULLET.exec(line)![1] !== undefined;
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== "" && !isBlockStart(lines[i]!, true)) {
        const item = BULLET.exec(lines[i]!);
        if (item) items.push(item[2]!.trim());
        else items[items.length - 1] += ` ${lines[i]!.trim()}`;
        i++;
      }
      blocks.push({ type: "list", ordered, items: items.map(parseInline), line: at(start) });
      continue;
    }
    const start = i;
    const text: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== "" && !isBlockStart(lines[i]!, false)) text.push(lines[i++]!.trim());
    blocks.push({ type: "paragraph", text: parseInline(text.join(" ")), line: at(start) });
  }
  return blocks;
}

function isBlockStart(line: string, inList: boolean): boolean {
  const t = line.trim();
  if (OPEN.test(t) || CLOSE.test(t) || LEAF.test(t) || HEADING.test(t)) return true;
  return inList ? false : BULLET.test(line);
}

function splitArgs(text: string | undefined): string[] {
  return (text ?? "").trim().split(/\s+/).filter(Boolean);
}

/** Pipe rows; a `|---|---|` line marks the row above it as the header. Escaped pipes stay in cells. */
function parseTable(lines: string[]): { rows: Span[][][]; header: boolean } {
  const rows: Span[][][] = [];
  let header = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (TABLE_RULE.test(line)) {
      header = rows.length === 1;
      continue;
    }
    const cells = line.replace(/^\|/, "").replace(/(?<!\\)\|$/, "").split(/(?<!\\)\|/);
    rows.push(cells.map((cell) => parseInline(cell.trim())));
  }
  return { rows, header };
}

export function syntaxError(file: string, line: number, message: string, hint?: string): CitypitchError {
  return new CitypitchError(EXIT.renderFailed, `brochure template ${file} cannot be laid out`, [
    // Lines count in the rendered text, which {{#each}} expansions shift against the template file.
    { severity: "error", location: { file }, message: `rendered line ${line}: ${message}`, hint: hint ?? "see templates/brochure/README.md for the block syntax" },
  ]);
}
