/**
 * Hashes of build inputs: values (data, options, chart specs) and files (templates, fonts, logos).
 * Pure apart from reading files; a key is only as good as what it hashes, so anything a stage could
 * read must go through here.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, type Stats } from "node:fs";
import { join, sep } from "node:path";
import { prefetchedHash } from "../data/prefetch.ts";

export const sha256 = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");

/**
 * A canonical text for any value: object keys sorted, functions by their source (a chart spec's
 * formatter is code, and its closure's inputs are hashed beside it), buffers by their hash, Maps and
 * Sets as lists, cycles marked rather than followed.
 */
export function canonical(value: unknown, seen = new Set<object>()): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return `fn:${JSON.stringify(value.toString())}`;
  if (typeof value === "symbol") return `sym:${String(value.description)}`;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `bytes:${sha256(Buffer.from(value as Uint8Array))}`;
  if (value instanceof Date) return `date:${Number.isNaN(value.getTime()) ? "invalid" : value.toISOString()}`;
  if (value instanceof RegExp) return `re:${String(value)}`;
  const object = value as object;
  if (seen.has(object)) return "cycle";
  seen.add(object);
  try {
    if (Array.isArray(object)) return `[${object.map((v) => canonical(v, seen)).join(",")}]`;
    if (object instanceof Map)
      return `map[${[...object]
        .map(([k, v]) => `${canonical(k, seen)}:${canonical(v, seen)}`)
        .sort()
        .join(",")}]`;
    if (object instanceof Set)
      return `set[${[...object]
        .map((v) => canonical(v, seen))
        .sort()
        .join(",")}]`;
    const keys = Object.keys(object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((object as Record<string, unknown>)[k], seen)}`).join(",")}}`;
  } finally {
    seen.delete(object);
  }
}

export const hashValue = (value: unknown): string => sha256(canonical(value));

/** What identifies a file's bytes without reading them, as git's index does. */
const statStamp = (s: Stats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

/**
 * File and folder hashes, each computed once per build. `known` carries the hashes of an earlier
 * build by stat stamp, so the 20 MB of fonts are not read again when nothing touched them; a file
 * rewritten in place changes its ctime, which no editor or tool can set back.
 */
export class FileHasher {
  private readonly memo = new Map<string, string>();
  readonly stamps = new Map<string, { stamp: string; hash: string }>();

  constructor(private readonly known: ReadonlyMap<string, { stamp: string; hash: string }> = new Map()) {}

  /** The file's content hash, or a marker for a missing file (which a stage would fail on anyway). */
  file(path: string): string {
    const memo = this.memo.get(path);
    if (memo) return memo;
    let hash: string;
    try {
      const stat = statSync(path);
      const stamp = statStamp(stat);
      const known = this.known.get(path);
      // Else perhaps hashed already by the prefetch thread, which read the brand's fonts whole.
      hash = known && known.stamp === stamp ? known.hash : (prefetchedHash(path, stamp) ?? sha256(readFileSync(path)));
      this.stamps.set(path, { stamp, hash });
    } catch {
      hash = "missing";
    }
    this.memo.set(path, hash);
    return hash;
  }

  /** Every file under `dir` by relative name and content; a missing folder hashes as such. */
  tree(dir: string): string {
    const memo = this.memo.get(`tree:${dir}`);
    if (memo) return memo;
    const files: [string, string][] = [];
    try {
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        const path = join(entry.parentPath, entry.name);
        if (entry.isFile() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile())) {
          files.push([
            path
              .slice(dir.length + 1)
              .split(sep)
              .join("/"),
            this.file(path),
          ]);
        }
      }
    } catch {
      // A missing or unreadable folder: its hash says so, and the stage that reads it reports why.
    }
    const hash = hashValue(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.memo.set(`tree:${dir}`, hash);
    return hash;
  }
}
