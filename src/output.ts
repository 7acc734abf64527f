/**
 * Atomic output. Everything is written into a staging folder inside the output folder and renamed
 * into place only when a city is done, so a failed or interrupted build never leaves a half-written
 * folder and an earlier good build stays untouched. A build of some formats, or one where a format
 * failed, keeps the previous build's files of the other formats. Only folders that carry
 * citypitch's own manifest are ever replaced: anything else in the way is refused, never deleted.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { CitypitchError, EXIT } from "./errors.ts";
import type { Format } from "./options.ts";
import type { FormatFailure } from "./stage.ts";
import { VERSION } from "./version.ts";

export interface WrittenFile {
  slug: string;
  name: string;
  size: number;
  sha256: string;
  /** Kept from an earlier build because this build did not make its format. */
  carriedOver?: true;
  /** Taken from the artifact cache: its inputs were those of an earlier build (src/cache/). */
  reused?: true;
}

type ManifestEntry = Omit<WrittenFile, "slug">;

/** Marks a manifest as citypitch's, so a folder holding one is known to be safe to replace. */
export const GENERATOR = "citypitch";
export const STAGING_PREFIX = ".staging-";

/** Which `--formats` entry makes a file, from its name inside output/<slug>/ or, for an edition, inside its folder (editionOfArtifact). */
export function formatOfArtifact(name: string): Format | undefined {
  if (name.startsWith("charts/")) return "charts";
  if (name.endsWith("-brochure.pdf")) return "brochure";
  if (name.endsWith("-deck-images.pptx")) return "pptx-images";
  if (name.endsWith("-deck-handout.pdf")) return "handout";
  // The theme and the Marp settings that let the Markdown deck open branded on its own.
  if (name.endsWith("-deck.theme.css") || name.endsWith("-comparison.theme.css") || name === ".marprc.yml" || name === ".vscode/settings.json") return "md";
  const deck = /-deck\.(md|html|pdf|pptx)$/.exec(name);
  return deck ? (deck[1] as Format) : undefined;
}

/** What a build makes of one edition of a city: its folder ("" for the default edition) and the formats made for it. */
export interface EditionPlan {
  folder: string;
  formats: ReadonlySet<Format>;
  /** The edition's language, listed in the manifest (declared editions only). */
  language?: string;
}

/** How stages name one edition of a city in failures and chart maps: "dalian", or "dalian/ja" for an edition's folder. */
export const editionKey = (slug: string, folder: string): string => (folder ? `${slug}/${folder}` : slug);

/**
 * The edition folder a file inside output/<slug>/ belongs to, and its name inside that folder;
 * undefined when it lies in none of `folders` (an edition no longer declared, or a declared
 * edition's folder when the city has none any more).
 */
export function editionOfArtifact(name: string, folders: readonly string[]): { folder: string; name: string } | undefined {
  const slash = name.indexOf("/");
  const first = slash > 0 ? name.slice(0, slash) : undefined;
  if (first !== undefined && first !== "" && folders.includes(first)) return { folder: first, name: name.slice(slash + 1) };
  // The default edition's own subfolders; anything else in a subfolder was an edition's.
  if (folders.includes("") && (first === undefined || first === "charts" || first === ".vscode")) return { folder: "", name };
  return undefined;
}

/** A file's pieces (text as UTF-8) as one buffer, each piece encoded on its own (see Staging.write). */
export function joinPieces(pieces: readonly (Buffer | string)[]): Buffer {
  return Buffer.concat(pieces.map((piece) => (typeof piece === "string" ? Buffer.from(piece) : piece)));
}

export class Staging {
  readonly dir: string;
  private readonly written: WrittenFile[] = [];
  /** Folders a commit could not remove once the new build was in place, each said with what to do. */
  readonly leftBehind: string[] = [];

  private constructor(readonly outDir: string) {
    this.dir = join(outDir, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`);
  }

  static async create(outDir: string): Promise<Staging> {
    const staging = new Staging(outDir);
    await outputStep(`create ${staging.dir}`, () => mkdir(staging.dir, { recursive: true }));
    return staging;
  }

  /** Where a stage may write a file itself (marp-cli writes its own outputs). */
  pathFor(slug: string, name: string): string {
    return join(this.dir, slug, name);
  }

  /**
   * Writes a file of the build. `bytes` may come in pieces (a deck's HTML around its pictures): each
   * is encoded on its own, so a text made by concatenation is never flattened into one string the
   * size of the file (garbage the size of the file in V8's large-object space).
   */
  async write(slug: string, name: string, bytes: Buffer | string | readonly (Buffer | string)[], mark: { reused?: true } = {}): Promise<WrittenFile> {
    const path = this.pathFor(slug, name);
    const data = typeof bytes === "string" ? Buffer.from(bytes) : Buffer.isBuffer(bytes) ? bytes : joinPieces(bytes);
    await outputStep(`write ${slug}/${name}`, async () => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, data);
    });
    return this.record(slug, name, data, mark);
  }

  /** Registers a file a tool wrote into the staging folder on its own. Unrecorded files are never committed. */
  record(slug: string, name: string, bytes: Buffer, mark: { reused?: true } = {}): WrittenFile {
    const file = { slug, name, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), ...mark };
    this.written.push(file);
    return file;
  }

  files(slug?: string): WrittenFile[] {
    return this.written.filter((f) => slug === undefined || f.slug === slug);
  }

  /**
   * Moves each finished city into output/<slug>/, with all its edition folders at once, replacing
   * the previous build of that city but keeping its files of formats this build did not make: those
   * not asked for (`built`, or an edition's plan in `editions`), those that failed for the city or
   * edition (`failed`), and every file of a declared edition this build did not make at all.
   * Files of editions the city no longer declares are left behind.
   */
  async commit(
    slugs: readonly string[],
    built: ReadonlySet<Format>,
    failed: readonly FormatFailure[] = [],
    editions: ReadonlyMap<string, readonly EditionPlan[]> = new Map(),
  ): Promise<void> {
    for (const slug of slugs) {
      const plans = editions.get(slug) ?? [{ folder: "", formats: built }];
      const folders = plans.map((p) => p.folder);
      const madeIn = new Map(
        plans.map((plan) => [
          plan.folder,
          new Set([...plan.formats].filter((format) => !failed.some((f) => f.format === format && f.slugs.includes(editionKey(slug, plan.folder))))),
        ]),
      );
      /** Whether this build made the file's format for its edition; undefined for a file of no edition. */
      const made = (name: string): boolean | undefined => {
        const edition = editionOfArtifact(name, folders);
        if (!edition) return undefined;
        const format = formatOfArtifact(edition.name);
        return format === undefined ? true : madeIn.get(edition.folder)!.has(format);
      };
      const target = join(this.outDir, slug);
      assertReplaceable(target, slug);
      await outputStep(`commit ${slug}`, async () => {
        await this.dropUnrecorded(slug, made);
        await this.carryOver(slug, target, made);
        const manifest: ManifestEntry[] = this.files(slug)
          .map(({ slug: _, ...entry }) => entry)
          .sort((a, b) => a.name.localeCompare(b.name));
        const declared = plans.filter((p) => p.folder !== "").map((p) => ({ id: p.folder, language: p.language }));
        const listed = declared.length > 0 ? { editions: declared } : {};
        await this.write(slug, "manifest.json", JSON.stringify({ generator: GENERATOR, version: VERSION, slug, ...listed, files: manifest }, null, 2) + "\n");
        const previous = `${target}.previous-${randomBytes(4).toString("hex")}`;
        if (existsSync(target)) await rename(target, previous);
        await rename(join(this.dir, slug), target);
        // The new build is in place: a previous one that cannot be removed (a folder in it made
        // read-only) is said to be left where it is, not reported as a failed build that left the
        // previous one unchanged.
        await rm(previous, { recursive: true, force: true }).catch((error: unknown) => {
          this.leftBehind.push(`${previous} (${describeFsError(error)}): the previous build of ${slug}, set aside when the new one took its place; remove it by hand`);
        });
      });
    }
  }

  /** Files a tool left behind for a format that failed, or never reported, must not ship. */
  private async dropUnrecorded(slug: string, made: (name: string) => boolean | undefined): Promise<void> {
    const keep = new Set(
      this.files(slug)
        .filter((f) => made(f.name) === true)
        .map((f) => f.name),
    );
    const kept = this.written.filter((f) => f.slug !== slug || keep.has(f.name));
    this.written.splice(0, this.written.length, ...kept);
    const dir = join(this.dir, slug);
    await mkdir(dir, { recursive: true });
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const name = relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/");
      if (!keep.has(name)) await rm(join(dir, name), { force: true });
    }
  }

  private async carryOver(slug: string, target: string, made: (name: string) => boolean | undefined): Promise<void> {
    const previous = await readManifest(join(target, "manifest.json"));
    const have = new Set(this.files(slug).map((f) => f.name));
    for (const entry of previous?.files ?? []) {
      const from = join(target, entry.name);
      // Only files of a known format that this build did not make for their (still declared) edition.
      if (made(entry.name) !== false || !isPlainRelative(entry.name) || have.has(entry.name) || !isPlainFile(from)) continue;
      const path = this.pathFor(slug, entry.name);
      await mkdir(dirname(path), { recursive: true });
      await copyFile(from, path);
      this.written.push({ slug, name: entry.name, size: entry.size, sha256: entry.sha256, carriedOver: true });
    }
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

interface Manifest {
  slug?: string;
  generator?: string;
  files: ManifestEntry[];
}

async function readManifest(path: string): Promise<Manifest | undefined> {
  if (!isPlainFile(path)) return undefined;
  try {
    return parseManifest(await readFile(path, "utf8"));
  } catch {
    // A damaged manifest only costs the carry-over; the new build itself is unaffected.
    return undefined;
  }
}

function parseManifest(text: string): Manifest | undefined {
  const parsed = JSON.parse(text) as Partial<Manifest> | null;
  if (typeof parsed !== "object" || parsed === null || !Array.isArray(parsed.files)) return undefined;
  return { slug: parsed.slug, generator: parsed.generator, files: parsed.files.filter((f) => typeof f?.name === "string") };
}

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A folder in the way of output/<slug>/ is replaced only if it is a real folder (not a link) whose
 * manifest.json citypitch wrote for this slug. Anything else may be a person's files.
 */
export function assertReplaceable(target: string, slug: string): void {
  let stat;
  try {
    stat = lstatSync(target);
  } catch {
    return;
  }
  let manifest: Manifest | undefined;
  if (stat.isDirectory()) {
    try {
      manifest = parseManifest(readFileSync(join(target, "manifest.json"), "utf8"));
    } catch {
      manifest = undefined;
    }
  }
  if (manifest && manifest.slug === slug) return;
  const what = stat.isSymbolicLink() ? "is a link" : !stat.isDirectory() ? "is a file" : "has no citypitch manifest.json for this city";
  throw new CitypitchError(
    EXIT.output,
    `${target} already exists and ${what}, so citypitch did not make it; it was left as it is`,
    [],
    "citypitch only replaces folders it built itself: move that folder away, or build into another folder with --out",
  );
}

const OUTPUT_ERRORS: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "a file is in the way",
  EISDIR: "a folder is in the way",
  EMFILE: "too many files are open",
  ENAMETOOLONG: "the path is too long",
};

/** Runs a file-system step of the output; failures the user can fix become exit-5 errors that say which. */
export async function outputStep<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw outputError(error, what);
  }
}

/** An fs error in the words the output errors use ("permission denied"), else its code or message. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (code && OUTPUT_ERRORS[code]) ?? code ?? String((error as Error)?.message ?? error);
}

export function outputError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!code || !(code in OUTPUT_ERRORS)) return error;
  const path = (error as NodeJS.ErrnoException).path;
  return new CitypitchError(
    EXIT.output,
    `could not ${what}: ${OUTPUT_ERRORS[code]}${path ? ` (${path})` : ""}`,
    [],
    code === "ENOSPC" || code === "EDQUOT"
      ? "free some space, then build again; the previous build is unchanged"
      : "choose an output folder you can write to with --out, or fix its permissions; the previous build is unchanged",
  );
}

/** A manifest is a file anyone can edit: never follow it outside the city's folder. */
function isPlainRelative(name: string): boolean {
  return !name.startsWith("/") && !name.split(/[\\/]/).some((part) => part === ".." || part === "");
}
