/** Maps a field path to the line and column where it stands in its YAML file. */
import { readFileSync } from "node:fs";
import type { Node } from "yaml";
import { yaml } from "./yamlLib.ts";
import type { Location } from "../errors.ts";
import type { LoadedYaml, PositionNode, YamlPositions } from "./load.ts";

export type PathKey = string | number;

/**
 * Where `path` stands: its key when the key exists (so "unknown key" and "wrong value" point at
 * the line a person would edit), otherwise the deepest existing parent.
 */
export function locate(source: LoadedYaml, path: readonly PathKey[]): Location {
  const positions = source.positions;
  if (positions) return at(source, positions, keyOffset(positions.root, path));
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
  const positions = source.positions;
  if (positions) {
    const start = valueOffset(positions.root, path);
    return at(source, positions, start ?? keyOffset(positions.root, path));
  }
  const node = source.doc.getIn(path, true) as Node | undefined;
  const start = node?.range?.[0];
  if (start === undefined) return locate(source, path);
  const { line, col } = source.lines.linePos(start);
  return { file: source.file, line, column: col };
}

/*
 * The same two walks over a document's positions (load.ts, positionsOf), which hold only
 * documents whose map keys are strings: locate's, by the key's text, and the yaml library's
 * getIn, by the key itself and by a sequence index given as a number or a numeric string.
 */
const isMapNode = (node: PositionNode): node is (string | number | PositionNode)[] => Array.isArray(node) && node[0] === "m";
const isSeqNode = (node: PositionNode): node is (string | number | PositionNode)[] => Array.isArray(node) && node[0] === "q";
const startOf = (node: PositionNode): number | undefined => (node === null ? undefined : typeof node === "number" ? node : (node[1] as number));

function keyOffset(root: PositionNode, path: readonly PathKey[]): number {
  let node = root;
  let offset = startOf(root) ?? 0;
  for (const key of path) {
    if (isMapNode(node)) {
      let i = 2;
      while (i < node.length && node[i] !== String(key)) i += 3;
      if (i >= node.length) break;
      offset = node[i + 1] as number;
      node = node[i + 2] as PositionNode;
    } else if (isSeqNode(node) && typeof key === "number" && key < node.length - 2) {
      // A negative or fractional index names no item, as items[key] names none in the document.
      if (!Number.isInteger(key) || key < 0) break;
      node = node[key + 2] as PositionNode;
      offset = startOf(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function valueOffset(root: PositionNode, path: readonly PathKey[]): number | undefined {
  let node: PositionNode | undefined = root;
  for (const key of path) {
    if (node === undefined) return undefined;
    if (isMapNode(node)) {
      let i = 2;
      while (i < node.length && node[i] !== key) i += 3;
      node = i < node.length ? (node[i + 2] as PositionNode) : undefined;
    } else if (isSeqNode(node)) {
      const index = typeof key === "string" && key ? Number(key) : key;
      node = typeof index === "number" && Number.isInteger(index) && index >= 0 ? (node[index + 2] as PositionNode | undefined) : undefined;
    } else {
      return undefined;
    }
  }
  return node === undefined ? undefined : startOf(node);
}

function at(source: LoadedYaml, positions: YamlPositions, offset: number): Location {
  const lines = new (yaml().LineCounter)();
  lines.lineStarts.push(...positions.lineStarts);
  const { line, col } = lines.linePos(offset);
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
