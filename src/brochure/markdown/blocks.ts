/**
 * The brochure's block syntax, read from rendered templates by markdown-it (see engine.ts and
 * templates/brochure/README.md):
 *
 *   # Heading / ## Subheading / ### Label      - bullet / 1. numbered item
 *   ::name arg arg        a leaf directive: ::chart id, ::charts section, ::tiles path…, ::newpage
 *   :::name arg           a container, closed by a line holding only `:::`: lead, callout, notice,
 *   …body…                source, ref, table, contact, local, meta (nested: the outer one takes a
 *   :::                   longer fence, `::::callout` … `::::`)
 *
 * Anything else is a paragraph; blank lines separate blocks. Pure: text in, blocks out, and each
 * block keeps the (1-based) line it came from so errors can point at it.
 */
import type Token from "markdown-it/lib/token.mjs";
import { CitypitchError, EXIT } from "../../errors.ts";
import { CONTAINER, DIRECTIVE, markdown } from "./engine.ts";
import { mergeSpans, parseInline, spansOf, type Span } from "./inline.ts";

export type Block =
  | { type: "heading"; level: 1 | 2 | 3; text: Span[]; line: number }
  | { type: "paragraph"; text: Span[]; line: number }
  | { type: "list"; ordered: boolean; start: number; items: Span[][]; line: number }
  | { type: "directive"; name: string; args: string[]; line: number }
  | {
      type: "container";
      name: string;
      /** The words after the name, as written (ids, a language tag, a reference number). */
      args: string[];
      /** The same words read as inline Markdown (a callout's title). */
      title?: Span[];
      body: Block[];
      /** `:::table` only: the cells, row by row, and whether the first row is a header row. */
      rows: Span[][][];
      header: boolean;
      line: number;
    };

const NAME = /^([a-z][a-z0-9-]*)(?:\s+(.*))?$/s;
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;
const STRAY_FENCE = /^:{3,}\s*$/;

export function parseBlocks(source: string, file: string): Block[] {
  const tokens = markdown().parse(source, {});
  const reader = new Reader(tokens, file);
  const blocks = reader.blocks(undefined);
  return blocks;
}

class Reader {
  private i = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly file: string,
  ) {}

  /** Blocks up to the token of type `close` (consumed), or to the end. */
  blocks(close: string | undefined): Block[] {
    const out: Block[] = [];
    while (this.i < this.tokens.length) {
      const token = this.tokens[this.i]!;
      if (token.type === close) {
        this.i++;
        return out;
      }
      out.push(this.block(token));
    }
    return out;
  }

  private fail(token: Token, message: string, hint?: string): CitypitchError {
    return syntaxError(this.file, lineOf(token), message, hint);
  }

  private block(token: Token): Block {
    const line = lineOf(token);
    switch (token.type) {
      case "heading_open": {
        const level = Number(token.tag.slice(1));
        if (level > 3) throw this.fail(token, `"${token.markup}" is a level-${level} heading; the brochure has three levels (#, ## and ###)`);
        const inline = this.tokens[this.i + 1]!;
        this.i += 3;
        return { type: "heading", level: level as 1 | 2 | 3, text: spansOf(inline.children ?? []), line };
      }
      case "paragraph_open": {
        const inline = this.tokens[this.i + 1]!;
        this.i += 3;
        this.checkStray(inline, line);
        return { type: "paragraph", text: spansOf(inline.children ?? []), line };
      }
      case "bullet_list_open":
      case "ordered_list_open":
        return this.list(token);
      case DIRECTIVE: {
        this.i++;
        const [name = "", ...args] = token.info.split(/\s+/);
        return { type: "directive", name, args, line };
      }
      case `${CONTAINER}_open`:
        return this.container(token);
      case "table_open": {
        // A pipe table outside `:::table` is a table all the same.
        const { rows, header } = this.table();
        return { type: "container", name: "table", args: [], body: [], rows, header, line };
      }
      case "code_block":
      case "fence":
        throw this.fail(token, "a code block (a line indented by four spaces, or ``` fences) has no place in the brochure", "remove the indentation");
      case "blockquote_open":
        throw this.fail(token, "a block quote (`>`) has no place in the brochure", "use :::callout for a box of text");
      case "hr":
        throw this.fail(token, `a rule ("${token.markup}") has no place in the brochure`, "use ::newpage to start a new page");
      default:
        throw this.fail(token, `"${token.type}" is not part of the brochure's syntax`);
    }
  }

  /** A `:::` line markdown-it read as text: it closes nothing (or the fence is not valid). */
  private checkStray(inline: Token, line: number): void {
    inline.content.split("\n").forEach((text, n) => {
      if (STRAY_FENCE.test(text.trim())) throw syntaxError(this.file, line + n, `"${text.trim()}" closes nothing here`);
      if (/^:{2,}/.test(text.trim())) {
        throw syntaxError(
          this.file,
          line + n,
          `"${text.trim().slice(0, 40)}" is neither a directive nor a container`,
          'directives are "::name args" and containers ":::name args", with lower-case names',
        );
      }
    });
  }

  private list(open: Token): Block {
    const close = open.type.replace("_open", "_close");
    const items: Span[][] = [];
    this.i++;
    while (this.i < this.tokens.length && this.tokens[this.i]!.type !== close) {
      const token = this.tokens[this.i]!;
      if (token.type === "list_item_open" || token.type === "list_item_close" || token.type === "paragraph_close") {
        if (token.type === "list_item_open") items.push([]);
        this.i++;
      } else if (token.type === "paragraph_open") {
        const inline = this.tokens[this.i + 1]!;
        this.checkStray(inline, lineOf(token));
        const item = items.at(-1)!;
        if (item.length > 0) item.push({ text: " " });
        item.push(...spansOf(inline.children ?? []));
        this.i += 2;
      } else {
        throw this.fail(token, "a list item holds only text here (no lists inside lists, no headings or boxes)");
      }
    }
    this.i++;
    const start = open.type === "ordered_list_open" ? Number(open.attrGet("start") ?? 1) : 1;
    return { type: "list", ordered: open.type === "ordered_list_open", start, items: items.map(mergeSpans), line: lineOf(open) };
  }

  private container(open: Token): Block {
    const line = lineOf(open);
    const match = NAME.exec(open.info.trim())!;
    const name = match[1]!;
    const rest = (match[2] ?? "").trim();
    if (open.meta?.unclosed) {
      throw this.fail(
        open,
        `"${open.markup}${name}" is never closed; end it with a line holding only "${open.markup}"`,
        `to put one container inside another, give the outer one a longer fence ("${open.markup}:${name}" … "${open.markup}:")`,
      );
    }
    const args = rest ? rest.split(/\s+/) : [];
    const title = rest ? parseInline(rest) : undefined;
    this.i++;
    if (name === "table") {
      const { rows, header } = this.tableBody();
      return { type: "container", name, args, title, body: [], rows, header, line };
    }
    const body = this.blocks(`${CONTAINER}_close`);
    return { type: "container", name, args, title, body, rows: [], header: false, line };
  }

  /** The inside of `:::table`: a GFM table, or pipe rows without a header rule (a key/value table). */
  private tableBody(): { rows: Span[][][]; header: boolean } {
    const rows: Span[][][] = [];
    let header = false;
    while (this.i < this.tokens.length && this.tokens[this.i]!.type !== `${CONTAINER}_close`) {
      const token = this.tokens[this.i]!;
      if (token.type === "table_open") {
        const table = this.table();
        if (rows.length === 0) header = table.header;
        rows.push(...table.rows);
      } else if (token.type === "paragraph_open") {
        const inline = this.tokens[this.i + 1]!;
        this.i += 3;
        for (const raw of inline.content.split("\n")) {
          const text = raw.trim();
          if (!text) continue;
          if (TABLE_RULE.test(text)) {
            header = rows.length === 1;
            continue;
          }
          rows.push(splitRow(text).map((cell) => parseInline(cell)));
        }
      } else {
        throw this.fail(token, `":::table" holds pipe rows only ("| a | b |")`);
      }
    }
    this.i++;
    return { rows, header };
  }

  /** A GFM table's rows (header row first) from table_open to table_close. */
  private table(): { rows: Span[][][]; header: boolean } {
    const rows: Span[][][] = [];
    let header = false;
    let row: Span[][] | undefined;
    for (this.i++; this.i < this.tokens.length; this.i++) {
      const token = this.tokens[this.i]!;
      if (token.type === "table_close") break;
      if (token.type === "thead_open") header = true;
      else if (token.type === "tr_open") rows.push((row = []));
      else if (token.type === "inline") row?.push(spansOf(token.children ?? []));
    }
    this.i++;
    return { rows, header };
  }
}

/** Cells of a pipe row: split at pipes that no backslash escapes; the outer pipes are optional. */
function splitRow(text: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let pipeLast = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    pipeLast = false;
    if (ch === "\\" && i + 1 < text.length) {
      // An escaped pipe becomes a literal one here (as GFM does); other escapes stay for markdown-it.
      cell += text[i + 1] === "|" ? "|" : ch + text[i + 1];
      i++;
    } else if (ch === "|") {
      cells.push(cell);
      cell = "";
      pipeLast = true;
    } else {
      cell += ch;
    }
  }
  if (!pipeLast) cells.push(cell);
  if (text.startsWith("|")) cells.shift();
  return cells.map((c) => c.trim());
}

function lineOf(token: Token): number {
  return (token.map?.[0] ?? 0) + 1;
}

export function syntaxError(file: string, line: number, message: string, hint?: string): CitypitchError {
  return new CitypitchError(EXIT.renderFailed, `brochure template ${file} cannot be laid out`, [
    // Lines count in the rendered text, which {{#each}} expansions shift against the template file.
    { severity: "error", location: { file }, message: `rendered line ${line}: ${message}`, hint: hint ?? "see templates/brochure/README.md for the block syntax" },
  ]);
}
