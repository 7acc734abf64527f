/**
 * Reads YAML files and keeps, beside the plain data, the parsed document and a line counter so
 * that any later check can point at file:line:column for a field path.
 */
import { readFileSync, statSync } from "node:fs";
import { relative } from "node:path";
import type { Document, LineCounter, Node } from "yaml";
import { yaml } from "./yamlLib.ts";
import { formatPath, type PathKey } from "./locate.ts";
import type { Problem } from "../errors.ts";
import { claimCityFile, reportCityFile, takePrefetched } from "./prefetch.ts";
import { trace } from "../trace.ts";

export interface LoadedYaml {
  /** Absolute path on disk. */
  absPath: string;
  /** Path shown to people: relative to the project root. */
  file: string;
  data: unknown;
  doc: Document.Parsed;
  lines: LineCounter;
  /**
   * Where each node stands, when the prefetch thread sent it (see positionsOf): locate.ts then
   * points at a field without parsing the file again.
   */
  positions?: YamlPositions;
}

/**
 * A clean document's nodes reduced to their start offsets, in the shape of the document: a scalar
 * is its offset, a map `["m", start, key, keyStart, value, …]`, a sequence `["q", start, item, …]`.
 */
export type PositionNode = number | null | (string | number | PositionNode)[];

export interface YamlPositions {
  root: PositionNode;
  /** The LineCounter's line starts, as parsing recorded them. */
  lineStarts: number[];
}

export interface LoadResult {
  loaded?: LoadedYaml;
  problems: Problem[];
}

/** City files this thread read while it waited for the prefetch thread (prefetch.ts claimCityFile), by path. */
const readAhead = new Map<string, LoadResult>();

export async function loadYamlFile(absPath: string, root: string): Promise<LoadResult> {
  const file = relative(root, absPath) || absPath;
  const own = readAhead.get(absPath);
  readAhead.delete(absPath);
  if (own) return own;
  // A city file the prefetch thread has not begun is read here; one it has is waited for, and
  // meanwhile this thread reads the last ones it has not begun (they come next in validation).
  if (claimCityFile(absPath)) return readClaimed(absPath, file);
  const early = await takePrefetched(absPath, () => {
    const next = claimCityFile();
    if (next) readAhead.set(next, readClaimed(next, relative(root, next) || next));
    return next !== undefined;
  });
  // Parsed already on the prefetch thread (prefetch.ts) when it found nothing to report.
  if (early?.data !== undefined) return { loaded: lazyLoaded(absPath, file, early.text, early.data.value, early.data.positions), problems: [] };
  return readYaml(absPath, file);
}

/** A city file claimed from the prefetch thread, read here: the thread is sent its data, or told it has problems. */
function readClaimed(absPath: string, file: string): LoadResult {
  let data: unknown;
  try {
    const result = readYaml(absPath, file);
    if (result.loaded && result.problems.length === 0) data = result.loaded.data;
    return result;
  } finally {
    // Whatever happened, the thread, which waits for this file's report, is told.
    reportCityFile(absPath, data);
  }
}

function readYaml(absPath: string, file: string): LoadResult {
  let bytes: Buffer;
  try {
    // A pipe or a device in the data folder would never end (or end at all): only files are read.
    const stat = statSync(absPath);
    if (!stat.isFile() && !stat.isDirectory()) return { problems: [{ severity: "error", location: { file }, message: "expected a file, found a pipe, socket or device" }] };
    bytes = readFileSync(absPath);
  } catch (error) {
    return { problems: [{ severity: "error", location: { file }, message: readFailure(error as NodeJS.ErrnoException) }] };
  }
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== "string") {
    const { line, column } = positionOfByte(bytes, decoded.offset);
    return {
      problems: [
        {
          severity: "error",
          location: { file, line, column },
          message: `the file is not valid UTF-8: byte ${decoded.offset} (0x${bytes[decoded.offset]!.toString(16).toUpperCase().padStart(2, "0")}) does not start or continue a character`,
          hint: "save the file as UTF-8 (most editors: File → Save with encoding → UTF-8)",
        },
      ],
    };
  }
  return parseYamlText(decoded, absPath, file);
}

function readFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return "file not found";
    case "EISDIR":
      return "expected a file, found a folder";
    case "EACCES":
    case "EPERM":
      return "the file cannot be read (permission denied)";
    default:
      return `the file cannot be read: ${error.message}`;
  }
}

/**
 * UTF-8 text without its byte-order mark, or the offset of the first byte that is not UTF-8.
 * TextDecoder can refuse bad bytes but not say where; people need the place to fix it.
 */
export function decodeUtf8(bytes: Uint8Array): string | { offset: number } {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { offset: firstInvalidUtf8Byte(bytes) };
  }
}

function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const [length, min] =
      lead < 0x80 ? [1, 0] : lead >= 0xc2 && lead < 0xe0 ? [2, 0x80] : lead >= 0xe0 && lead < 0xf0 ? [3, 0x800] : lead >= 0xf0 && lead < 0xf5 ? [4, 0x10000] : [0, 0];
    if (length === 0) return i;
    let code = length === 1 ? lead : lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return bytes.length;
}

function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function parseYamlText(text: string, absPath: string, file: string): LoadResult {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  // An unknown tag (`!something`) means the file was written for another program: an error, not a warning.
  const fatal = (issue: { code: string }) => doc.errors.includes(issue as never) || issue.code === "TAG_RESOLVE_FAILED";
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((issue) => {
    const pos = issue.linePos?.[0];
    const path = issue.code === "DUPLICATE_KEY" ? formatPath(fieldPathAt(doc, issue.pos[0])) : "";
    return {
      severity: fatal(issue) ? "error" : "warning",
      location: { file, line: pos?.line, column: pos?.col },
      ...(path ? { path } : {}),
      message: yamlMessage(issue.code, issue.message, pos ? text.split("\n")[pos.line - 1] : undefined),
      hint: yamlHint(issue.code),
    } satisfies Problem;
  });
  if (problems.some((p) => p.severity === "error")) return { problems: withTabsNamed(problems, text, file) };
  const at = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return { file, line, column: col };
  };
  const keys = forbiddenKeys(doc);
  if (keys.length > 0) {
    return {
      problems: keys.map((offset) => ({
        severity: "error",
        location: at(offset),
        path: formatPath(fieldPathAt(doc, offset)),
        message: 'the key "__proto__" is not allowed',
        hint: "rename the key: JavaScript reads __proto__ as the object's prototype, so its value would be lost",
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // The yaml library refuses alias chains that would expand the data past its limit (a "billion laughs").
    const firstAlias = firstAliasOffset(doc);
    return {
      problems: [
        {
          severity: "error",
          location: at(firstAlias),
          message: `YAML aliases expand too far: ${(error as Error).message.split("\n")[0]}`,
          hint: "write the values out instead of repeating them through anchors (&name) and aliases (*name)",
        },
      ],
    };
  }
  return { loaded: { absPath, file, data, doc, lines }, problems };
}

/**
 * The data of a YAML text that parseYamlText takes without a single problem (no syntax error or
 * warning, no forbidden key, no runaway alias), else undefined: then parseYamlText says why.
 */
export function cleanYamlData(text: string): { value: unknown; positions?: string } | undefined {
  const { loaded, problems } = parseYamlText(text, "", "");
  if (!loaded || problems.length > 0) return undefined;
  // As JSON text: one string crosses from the thread at the cost of a copy, and is parsed only
  // when a problem in the file needs its place.
  const root = positionsOf(loaded.doc.contents);
  return { value: loaded.data, ...(root === undefined ? {} : { positions: JSON.stringify({ root, lineStarts: loaded.lines.lineStarts } satisfies YamlPositions) }) };
}

/**
 * The positions of a document whose map keys are all plain strings and that has no aliases: for
 * these, locate.ts finds a path by the same rules as in the document itself. Any other document
 * gives undefined, and is parsed again when a problem needs its place.
 */
export function positionsOf(node: unknown): PositionNode | undefined {
  if (node === null || node === undefined) return null;
  const start = (node as Node).range?.[0];
  if (start === undefined || yaml().isAlias(node)) return undefined;
  if (yaml().isMap(node)) {
    const out: (string | number | PositionNode)[] = ["m", start];
    for (const pair of node.items) {
      const key = pair.key;
      if (!yaml().isScalar(key) || typeof key.value !== "string" || key.range?.[0] === undefined) return undefined;
      const value = positionsOf(pair.value);
      if (value === undefined) return undefined;
      out.push(key.value, key.range[0], value);
    }
    return out;
  }
  if (yaml().isSeq(node)) {
    const out: (string | number | PositionNode)[] = ["q", start];
    for (const item of node.items) {
      const value = positionsOf(item);
      if (value === undefined || value === null) return undefined;
      out.push(value);
    }
    return out;
  }
  return yaml().isScalar(node) ? start : undefined;
}

/**
 * A file whose data came clean from the prefetch thread. Its document and line counter, needed
 * only to locate a problem, are parsed here on first use, with the options parseYamlText uses.
 */
function lazyLoaded(absPath: string, file: string, text: string, data: unknown, positionsJson?: string): LoadedYaml {
  let parsed: { doc: Document.Parsed; lines: LineCounter } | undefined;
  let positions: YamlPositions | undefined;
  const full = () => {
    if (!parsed) {
      trace(`load: ${file} parsed again, to locate a problem`);
      const lines = new (yaml().LineCounter)();
      parsed = { doc: yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true }), lines };
    }
    return parsed;
  };
  return {
    absPath,
    file,
    data,
    get doc() {
      return full().doc;
    },
    get lines() {
      return full().lines;
    },
    get positions() {
      if (positionsJson !== undefined) positions ??= JSON.parse(positionsJson) as YamlPositions;
      return positions;
    },
  };
}

/** The field path of the key or value at `offset`: where a problem found by position stands. */
export function fieldPathAt(doc: Document.Parsed, offset: number): PathKey[] {
  const path: PathKey[] = [];
  const inside = (node: unknown) => {
    const range = (node as Node | null)?.range;
    return range != null && offset >= range[0] && offset < Math.max(range[1], range[0] + 1);
  };
  let node: unknown = doc.contents;
  for (;;) {
    if (yaml().isMap(node)) {
      // A repeated key is a second pair with the same key: the last pair holding the offset is it.
      const pair = [...node.items].reverse().find((p) => inside(p.key) || inside(p.value));
      if (!pair || !yaml().isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      if (inside(pair.key)) return path;
      node = pair.value;
    } else if (yaml().isSeq(node)) {
      const index = node.items.findIndex(inside);
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

/** Offsets of `__proto__` keys anywhere in the document. */
function forbiddenKeys(doc: Document.Parsed): number[] {
  const offsets: number[] = [];
  yaml().visit(doc, {
    Pair(_, pair) {
      if (yaml().isScalar(pair.key) && String(pair.key.value) === "__proto__") offsets.push(pair.key.range?.[0] ?? 0);
    },
  });
  return offsets;
}

function firstAliasOffset(doc: Document.Parsed): number | undefined {
  let offset: number | undefined;
  yaml().visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0];
      return yaml().visit.BREAK;
    },
  });
  return offset;
}

/** The yaml library's messages end with a code excerpt; the first line is the message itself. */
function yamlMessage(code: string, message: string, sourceLine: string | undefined): string {
  const first = message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  if (code === "DUPLICATE_KEY") {
    const key = sourceLine?.trim().replace(/^-\s*/, "").split(":")[0]?.trim();
    return key ? `duplicate key "${key}"` : "duplicate key";
  }
  if (/call stack/i.test(first)) return "the YAML is nested too deeply to read";
  if (code === "TAG_RESOLVE_FAILED") return `unknown YAML tag: ${first.replace(/^Unresolved tag:\s*/i, "")}`;
  return `YAML syntax error: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

/**
 * A tab in a line's indentation breaks YAML, and the parser reports what follows from it (seven
 * errors for one tab, none of them naming it): the tab-indented lines are named instead, with the
 * errors before the first of them.
 */
function withTabsNamed(problems: Problem[], text: string, file: string): Problem[] {
  const tabbed = text.split("\n").flatMap((line, i) => (/^[ ]*\t/.test(line) ? [i + 1] : []));
  if (tabbed.length === 0) return problems;
  const named: Problem[] = tabbed.slice(0, 5).map((line) => ({
    severity: "error",
    location: { file, line, column: text.split("\n")[line - 1]!.indexOf("\t") + 1 },
    message: "this line is indented with a tab; YAML indents with spaces only",
    hint: "replace the tab with spaces (most editors: convert indentation to spaces)",
  }));
  return [...problems.filter((p) => (p.location.line ?? 0) < tabbed[0]!), ...named];
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case "DUPLICATE_KEY":
      return "each key may appear once in a mapping; merge the two entries or rename one";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return "check the indentation and quoting on this line and the one above";
    default:
      return undefined;
  }
}
