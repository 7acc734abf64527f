/** Maps a field path to the line and column where it stands in its YAML file. */
import { readFileSync } from "node:fs";
import type { Node } from "yaml";
import { yaml } from "./yamlLib.ts";
import type { Location } from "../errors.ts";
import type { LoadedYaml } from "./load.ts";

export type PathKey = string | number;

/**
 * Where `path` stands: its key when the key exists (so "unknown key" and "wrong value" point at
 * the line a person would edit), otherwise the deepest existing parent.
 */
export function locate(source: LoadedYaml, path: readonly PathKey[]): Location {
  let node: unknown = source.doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (yaml().isMap(node)) {
      const pair = node.items.find((item) => yaml().isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (yaml().isSeq(node) && typeof key === "number" && key < node.items.length) {
      node = node.items[key];
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  const { line, col } = source.lines.linePos(offset);
  return { file: source.file, line, column: col };
}

/** Where the value of `path` starts, for problems about a value rather than its key. */
export function locateValue(source: LoadedYaml, path: readonly PathKey[]): Location {
  const node = source.doc.getIn(path, true) as Node | undefined;
  const start = node?.range?.[0];
  if (start === undefined) return locate(source, path);
  const { line, col } = source.lines.linePos(start);
  return { file: source.file, line, column: col };
}

export function formatPath(path: readonly PathKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/** "charts[2].caption" → ["charts", 2, "caption"]. */
export function parsePath(field: string): PathKey[] {
  return field
    .split(/\.|\[(\d+)\]/)
    .filter((k) => k !== undefined && k !== "")
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/**
 * file:line:column of a field, read again from its YAML file: for errors found long after
 * validation (text that cannot fit), which no longer hold the parsed document.
 */
export function locateFieldInFile(absPath: string, shown: string, field: string): Location {
  try {
    const counter = new (yaml().LineCounter)();
    const doc = yaml().parseDocument(readFileSync(absPath, "utf8"), { lineCounter: counter });
    const node = doc.getIn(parsePath(field), true) as Node | undefined;
    if (!node?.range) return { file: shown };
    const { line, col } = counter.linePos(node.range[0]);
    return { file: shown, line, column: col };
  } catch {
    return { file: shown };
  }
}
