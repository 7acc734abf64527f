/**
 * The artifact cache on disk, `<outDir>/.citypitch-cache/`: inside the output folder, so a build
 * still writes nowhere else and the folder's lock (outputFolder.ts) serialises every reader and
 * writer. Entries name their files by content hash; blobs are stored once by that hash. Nothing in
 * it is trusted: an entry is used only when every blob hashes to what the entry says, and anything
 * else (a damaged or truncated file, a link, another layout) is a miss that the build repairs.
 */
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, join } from "node:path";
import { sha256 } from "./hash.ts";

export const CACHE_DIR = ".citypitch-cache";
/**
 * The layout of the folder; a cache of another layout is never read (and is removed when this one
 * is first written). v2 keeps entries and blobs in one folder each, not a folder per slot and per
 * hash prefix: a first build into a folder made some three hundred folders, the most of its save.
 */
const LAYOUT = "v2";
const OLD_LAYOUTS = ["v1"];

/** The folder of the cache's current layout in an output folder (for the memos kept beside it). */
export const layoutDir = (outDir: string): string => join(outDir, CACHE_DIR, LAYOUT);
/** Entries kept per artifact: switching back and forth between two states (dev) stays instant. */
const KEEP_PER_SLOT = 3;

/** A file to store: its bytes, or where it lies and its hash (see ArtifactCache.put). */
export interface StoredFile {
  name: string;
  bytes: Buffer | string | (() => Buffer | string);
  sha256?: string;
  path?: string;
}

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

  /**
   * Creates the folders on first use; a link or file in the way is refused, never followed. Once
   * per store: the folder's lock keeps anyone else from changing them while this build holds it.
   */
  private ensure(): void {
    if (this.ensured) return;
    for (const path of [this.root, this.dir, join(this.dir, "entries"), join(this.dir, "blobs")]) {
      const problem = notOwnDir(path);
      if (problem) throw new Error(problem);
      if (!existsSync(path)) mkdirSync(path);
    }
    for (const old of OLD_LAYOUTS) {
      const path = join(this.root, old);
      if (lstatOrUndefined(path)?.isDirectory()) rmSync(path, { recursive: true, force: true });
    }
    this.ensured = true;
  }
  private ensured = false;

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

  /**
   * Stores `files` for `slot` under `key`. A caller that knows a file's SHA-256 and where the very
   * file lies (the manifest's hash of a committed output file) passes `sha256` and `path`: the blob
   * is then a hard link to that file, with neither its bytes read and hashed again nor copied, and
   * `bytes` (a function, so as not to read them) is asked only where no link can be made. Neither
   * is trusted: a wrong hash, or the file changed in place later, makes a blob get() refuses, since
   * every blob is checked against its name when it is read.
   */
  put(slot: string, key: string, files: readonly StoredFile[]): void {
    this.ensure();
    const entry: Entry = { slot, key, files: [] };
    for (const file of files) {
      if (file.path && file.sha256 && /^[0-9a-f]{64}$/.test(file.sha256)) {
        const size = this.linked(file.path, file.sha256);
        if (size !== undefined) {
          entry.files.push({ name: file.name, size, sha256: file.sha256 });
          continue;
        }
      }
      const given = typeof file.bytes === "function" ? file.bytes() : file.bytes;
      const bytes = typeof given === "string" ? Buffer.from(given) : given;
      const hash = file.sha256 && /^[0-9a-f]{64}$/.test(file.sha256) ? file.sha256 : sha256(bytes);
      const blob = this.blobPath(hash);
      const size = readPlainSize(blob);
      // A blob of that name and size is most likely these very bytes: compared, not hashed again.
      if (size === undefined || size !== bytes.length || !readFileSync(blob).equals(bytes)) {
        writeBlob(blob, bytes, size !== undefined || lstatExists(blob));
      }
      entry.files.push({ name: file.name, size: bytes.length, sha256: hash });
    }
    const path = this.entryPath(slot, key);
    writeAtomically(path, JSON.stringify(entry));
    this.entryNames().add(basename(path));
    this.putOrder.set(basename(path), this.puts++);
    this.wrote = true;
    this.prune(slot);
  }

  /**
   * The blob named `hash` as a hard link to the file at `path`, and its size; undefined where the
   * link cannot be made (a file system without them), and the caller copies the bytes. A blob
   * already there is kept when it is that very file; anything else there is replaced.
   */
  private linked(path: string, hash: string): number | undefined {
    try {
      const source = lstatSync(path);
      if (!source.isFile()) return undefined;
      const blob = this.blobPath(hash);
      const there = lstatOrUndefined(blob);
      if (there?.isFile() && there.ino === source.ino && there.dev === source.dev) return source.size;
      if (there) rmSync(blob, { force: true });
      linkSync(path, blob);
      return source.size;
    } catch {
      return undefined;
    }
  }

  /** The entry files' names, listed once per store and kept up to date by put and prune. */
  private entryNames(): Set<string> {
    this.names ??= new Set(readdirSync(join(this.dir, "entries")));
    return this.names;
  }
  private names: Set<string> | undefined;
  private readonly putOrder = new Map<string, number>();
  private puts = 0;

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
    for (const name of readdirSync(entries)) {
      if (name.endsWith(".json")) for (const file of readEntry(join(entries, name))?.files ?? []) used.add(file.sha256);
      // A temp file of a build that was killed mid-write.
      else if (name.includes(".tmp-")) rmSync(join(entries, name), { force: true });
    }
    const blobs = join(this.dir, "blobs");
    for (const name of readdirSync(blobs)) if (!used.has(name)) rmSync(join(blobs, name), { recursive: true, force: true });
  }

  /** Keeps the slot's newest entries; a slot with no more than that is not even looked at. */
  private prune(slot: string): void {
    const prefix = `${slotDir(slot)}.`;
    const names = this.entryNames();
    const mine = [...names].filter((name) => name.startsWith(prefix));
    if (mine.length <= KEEP_PER_SLOT && !mine.some((name) => name.includes(".tmp-"))) return;
    const dir = join(this.dir, "entries");
    // Temp files of a build that was killed mid-write.
    for (const name of mine.filter((n) => n.includes(".tmp-"))) {
      rmSync(join(dir, name), { force: true });
      names.delete(name);
    }
    const entries = mine
      .filter((name) => name.endsWith(".json"))
      .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs, put: this.putOrder.get(name) ?? -1 }))
      // Entries written within the file system's clock tick tie on mtime: the later put is the newer.
      .sort((a, b) => b.mtime - a.mtime || b.put - a.put);
    for (const old of entries.slice(KEEP_PER_SLOT)) {
      rmSync(join(dir, old.name), { force: true });
      names.delete(old.name);
    }
  }

  private entryPath(slot: string, key: string): string {
    return join(this.dir, "entries", `${slotDir(slot)}.${key}.json`);
  }

  private blobPath(hash: string): string {
    return join(this.dir, "blobs", hash);
  }
}

/** A readable name for a slot (slug, edition, artifact) that cannot climb out of the cache; no dots, so `.` ends it. */
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

/**
 * A blob is written in place, without the temp file and rename of writeAtomically: it is named by
 * its hash and checked against it by every reader, so a half-written one (a build killed mid-write)
 * is refused and written again like any damaged blob. What stands in the way (a damaged blob, a
 * link) is removed first, and the file is created exclusively, so a link is never followed.
 */
function writeBlob(path: string, bytes: Buffer, occupied: boolean): void {
  if (occupied) rmSync(path, { force: true });
  try {
    writeFileSync(path, bytes, { flag: "wx" });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
}

function lstatExists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
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
