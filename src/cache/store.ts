/**
 * The artifact cache on disk, `<outDir>/.citypitch-cache/`: inside the output folder, so a build
 * still writes nowhere else and the folder's lock (outputFolder.ts) serialises every reader and
 * writer. Entries name their files by content hash; blobs are stored once by that hash. Nothing in
 * it is trusted: an entry is used only when every blob hashes to what the entry says, and anything
 * else (a damaged or truncated file, a link, another layout) is a miss that the build repairs.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { sha256 } from "./hash.ts";

export const CACHE_DIR = ".citypitch-cache";
/** The layout of the folder; a cache of another layout is never read. */
const LAYOUT = "v1";
/** Entries kept per artifact: switching back and forth between two states (dev) stays instant. */
const KEEP_PER_SLOT = 3;

export interface CachedFile {
  name: string;
  bytes: Buffer;
  sha256: string;
}

interface EntryFile {
  name: string;
  size: number;
  sha256: string;
}

interface Entry {
  slot: string;
  key: string;
  files: EntryFile[];
}

export type Stamps = Map<string, { stamp: string; hash: string }>;

export class ArtifactCache {
  private wrote = false;

  private constructor(
    private readonly root: string,
    private readonly dir: string,
  ) {}

  /**
   * The cache of an output folder, or the reason it cannot be used (something not ours in the
   * way). Nothing is created until something is stored.
   */
  static open(outDir: string): { cache?: ArtifactCache; problem?: string } {
    const root = join(outDir, CACHE_DIR);
    const dir = join(root, LAYOUT);
    for (const path of [root, dir, join(dir, "entries"), join(dir, "blobs")]) {
      const problem = notOwnDir(path);
      if (problem) return { problem };
    }
    return { cache: new ArtifactCache(root, dir) };
  }

  /** Whether an output folder has a cache with entries in it, without opening anything. */
  static holdsEntries(outDir: string): boolean {
    try {
      return readdirSync(join(outDir, CACHE_DIR, LAYOUT, "entries")).length > 0;
    } catch {
      return false;
    }
  }

  /** Creates the folders on first use; a link or file in the way is refused, never followed. */
  private ensure(): void {
    for (const path of [this.root, this.dir, join(this.dir, "entries"), join(this.dir, "blobs")]) {
      const problem = notOwnDir(path);
      if (problem) throw new Error(problem);
      if (!existsSync(path)) mkdirSync(path);
    }
  }

  /** The files stored for `slot` under `key`, each verified against its hash; undefined on any doubt. */
  get(slot: string, key: string): CachedFile[] | undefined {
    const path = this.entryPath(slot, key);
    const entry = readEntry(path);
    if (!entry || entry.slot !== slot || entry.key !== key) return undefined;
    const files: CachedFile[] = [];
    for (const file of entry.files) {
      const bytes = readPlainFile(this.blobPath(file.sha256));
      if (!bytes || bytes.length !== file.size || sha256(bytes) !== file.sha256) {
        // Damaged: neither the entry nor the blob is used again, and the build stores them afresh.
        rmSync(path, { force: true });
        if (bytes) rmSync(this.blobPath(file.sha256), { force: true });
        return undefined;
      }
      files.push({ name: file.name, bytes, sha256: file.sha256 });
    }
    return files;
  }

  /** Whether an entry for `slot` under `key` is there (its blobs are verified only when it is read). */
  has(slot: string, key: string): boolean {
    const entry = readEntry(this.entryPath(slot, key));
    return entry !== undefined && entry.slot === slot && entry.key === key;
  }

  put(slot: string, key: string, files: readonly { name: string; bytes: Buffer | string }[]): void {
    this.ensure();
    const entry: Entry = { slot, key, files: [] };
    for (const file of files) {
      const bytes = typeof file.bytes === "string" ? Buffer.from(file.bytes) : file.bytes;
      const hash = sha256(bytes);
      const blob = this.blobPath(hash);
      if (readPlainSize(blob) !== bytes.length || sha256(readFileSync(blob)) !== hash) {
        mkdirSync(join(this.dir, "blobs", hash.slice(0, 2)), { recursive: true });
        writeAtomically(blob, bytes);
      }
      entry.files.push({ name: file.name, size: bytes.length, sha256: hash });
    }
    mkdirSync(join(this.dir, "entries", slotDir(slot)), { recursive: true });
    writeAtomically(this.entryPath(slot, key), JSON.stringify(entry));
    this.wrote = true;
    this.prune(slot);
  }

  /** File-hash memo of the last build (hash.ts); a damaged one is simply not used. */
  readStamps(): Stamps {
    try {
      const { body, check } = JSON.parse(readFileSync(join(this.dir, "stamps.json"), "utf8")) as { body: string; check: string };
      if (sha256(body) !== check) return new Map();
      return new Map(Object.entries(JSON.parse(body) as Record<string, { stamp: string; hash: string }>));
    } catch {
      return new Map();
    }
  }

  writeStamps(stamps: Stamps): void {
    this.ensure();
    const body = JSON.stringify(Object.fromEntries(stamps));
    writeAtomically(join(this.dir, "stamps.json"), JSON.stringify({ body, check: sha256(body) }));
  }

  /** Removes blobs no entry names any more; only after a build that stored something. */
  collectGarbage(): void {
    if (!this.wrote) return;
    const used = new Set<string>();
    const entries = join(this.dir, "entries");
    for (const name of readdirSync(entries, { recursive: true }) as string[]) {
      if (name.endsWith(".json")) for (const file of readEntry(join(entries, name))?.files ?? []) used.add(file.sha256);
    }
    const blobs = join(this.dir, "blobs");
    for (const name of readdirSync(blobs, { recursive: true }) as string[]) {
      const hash = name.split(/[\\/]/).pop()!;
      if (/^[0-9a-f]{64}$/.test(hash) && !used.has(hash)) rmSync(join(blobs, name), { force: true });
      // A temp file of a build that was killed mid-write.
      if (hash.includes(".tmp-")) rmSync(join(blobs, name), { force: true });
    }
  }

  private prune(slot: string): void {
    const dir = join(this.dir, "entries", slotDir(slot));
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of entries.slice(KEEP_PER_SLOT)) rmSync(join(dir, old.name), { force: true });
    // Temp files of a build that was killed mid-write.
    for (const name of readdirSync(dir)) if (name.includes(".tmp-")) rmSync(join(dir, name), { force: true });
  }

  private entryPath(slot: string, key: string): string {
    return join(this.dir, "entries", slotDir(slot), `${key}.json`);
  }

  private blobPath(hash: string): string {
    return join(this.dir, "blobs", hash.slice(0, 2), hash);
  }
}

/** A readable folder name for a slot (slug, edition, artifact) that cannot climb out of the cache. */
function slotDir(slot: string): string {
  return `${slot.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 80)}-${sha256(slot).slice(0, 10)}`;
}

/** Why `path` cannot be a cache folder: undefined when it is a real folder or does not exist. */
function notOwnDir(path: string): string | undefined {
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() ? undefined : `${path} is ${stat.isSymbolicLink() ? "a link" : "not a folder"}`;
  } catch {
    return undefined;
  }
}

function readPlainFile(path: string): Buffer | undefined {
  try {
    return lstatSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function readPlainSize(path: string): number | undefined {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

function readEntry(path: string): Entry | undefined {
  const bytes = readPlainFile(path);
  if (!bytes) return undefined;
  try {
    const entry = JSON.parse(bytes.toString("utf8")) as Entry;
    const valid =
      typeof entry?.slot === "string" &&
      typeof entry.key === "string" &&
      Array.isArray(entry.files) &&
      entry.files.every((f) => typeof f?.name === "string" && isPlainRelative(f.name) && Number.isInteger(f.size) && /^[0-9a-f]{64}$/.test(String(f.sha256)));
    return valid ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** A name inside a city folder; an entry naming anything else is damaged. */
function isPlainRelative(name: string): boolean {
  return !name.startsWith("/") && !name.split(/[\\/]/).some((part) => part === ".." || part === "");
}

/** Readers never see half a file: a build killed mid-write leaves only a temp file. */
function writeAtomically(path: string, bytes: Buffer | string): void {
  const tmp = `${path}.tmp-${randomBytes(4).toString("hex")}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
