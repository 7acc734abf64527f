/**
 * Reads YAML files and keeps, beside the plain data, the parsed document and a line counter so
 * that any later check can point at file:line:column for a field path.
 */
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { Problem } from "../errors.ts";

export interface LoadedYaml {
  /** Absolute path on disk. */
  absPath: string;
  /** Path shown to people: relative to the project root. */
  file: string;
  data: unknown;
  doc: Document.Parsed;
  lines: LineCounter;
}

export interface LoadResult {
  loaded?: LoadedYaml;
  problems: Problem[];
}

export async function loadYamlFile(absPath: string, root: string): Promise<LoadResult> {
  const file = relative(root, absPath) || absPath;
  let text: string;
  try {
    text = await readFile(absPath, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    return { problems: [{ severity: "error", location: { file }, message: reason }] };
  }
  return parseYamlText(text, absPath, file);
}

export function parseYamlText(text: string, absPath: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((issue) => {
    const pos = issue.linePos?.[0];
    return {
      severity: doc.errors.includes(issue as never) ? "error" : "warning",
      location: { file, line: pos?.line, column: pos?.col },
      message: yamlMessage(issue.code, issue.message, pos ? text.split("\n")[pos.line - 1] : undefined),
      hint: yamlHint(issue.code),
    } satisfies Problem;
  });
  if (doc.errors.length > 0) return { problems };
  return { loaded: { absPath, file, data: doc.toJS({ maxAliasCount: 100 }), doc, lines }, problems };
}

/** The yaml library's messages end with a code excerpt; the first line is the message itself. */
function yamlMessage(code: string, message: string, sourceLine: string | undefined): string {
  const first = message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  if (code === "DUPLICATE_KEY") {
    const key = sourceLine?.trim().replace(/^-\s*/, "").split(":")[0]?.trim();
    return key ? `duplicate key "${key}"` : "duplicate key";
  }
  return `YAML syntax error: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
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
