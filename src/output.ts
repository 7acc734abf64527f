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
}

type ManifestEntry = Omit<WrittenFile, "slug">;

/** Marks a manifest as citypitch's, so a folder holding one is known to be safe to replace. */
export const GENERATOR = "citypitch";
export const STAGING_PREFIX = ".staging-";

/** Which `--formats` entry makes a file, from its name inside output/<slug>/. */
export function formatOfArtifact(name: string): Format | undefined {
  if (name.startsWith("charts/")) return "charts";
  if (name.endsWith("-brochure.pdf")) return "brochure";
  if (name.endsWith("-deck-images.pptx")) return "pptx-images";
  // The theme and the Marp settings that let the Markdown deck open branded on its own.
  if (name.endsWith("-deck.theme.css") || name === ".marprc.yml" || name === ".vscode/settings.json") return "md";
  const deck = /-deck\.(md|html|pdf|pptx)$/.exec(name);
  return deck ? (deck[1] as Format) : undefined;
}

export class Staging {
  readonly dir: string;
  private readonly written: WrittenFile[] = [];

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

  async write(slug: string, name: string, bytes: Buffer | string): Promise<WrittenFile> {
    const path = this.pathFor(slug, name);
    await outputStep(`write ${slug}/${name}`, async () => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
    });
    return this.record(slug, name, typeof bytes === "string" ? Buffer.from(bytes) : bytes);
  }

  /** Registers a file a tool wrote into the staging folder on its own. Unrecorded files are never committed. */
  record(slug: string, name: string, bytes: Buffer): WrittenFile {
    const file = { slug, name, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
    this.written.push(file);
    return file;
  }

  files(slug?: string): WrittenFile[] {
    return this.written.filter((f) => slug === undefined || f.slug === slug);
  }

  /**
   * Moves each finished city into output/<slug>/, replacing the previous build of that city but
   * keeping its files of formats this build did not make: those not asked for (`built`) and those
   * that failed for the city (`failed`).
   */
  async commit(slugs: readonly string[], built: ReadonlySet<Format>, failed: readonly FormatFailure[] = []): Promise<void> {
    for (const slug of slugs) {
      const made = new Set([...built].filter((format) => !failed.some((f) => f.format === format && f.slugs.includes(slug))));
      const target = join(this.outDir, slug);
      assertReplaceable(target, slug);
      await outputStep(`commit ${slug}`, async () => {
        await this.dropUnrecorded(slug, made);
        await this.carryOver(slug, target, made);
        const manifest: ManifestEntry[] = this.files(slug)
          .map(({ slug: _, ...entry }) => entry)
          .sort((a, b) => a.name.localeCompare(b.name));
        await this.write(slug, "manifest.json", JSON.stringify({ generator: GENERATOR, version: VERSION, slug, files: manifest }, null, 2) + "\n");
        const previous = `${target}.previous-${randomBytes(4).toString("hex")}`;
        if (existsSync(target)) await rename(target, previous);
        await rename(join(this.dir, slug), target);
        await rm(previous, { recursive: true, force: true });
      });
    }
  }

  /** Files a tool left behind for a format that failed, or never reported, must not ship. */
  private async dropUnrecorded(slug: string, made: ReadonlySet<Format>): Promise<void> {
    const keep = new Set(this.files(slug).filter((f) => { const format = formatOfArtifact(f.name); return !format || made.has(format); }).map((f) => f.name));
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

  private async carryOver(slug: string, target: string, made: ReadonlySet<Format>): Promise<void> {
    const previous = await readManifest(join(target, "manifest.json"));
    const have = new Set(this.files(slug).map((f) => f.name));
    for (const entry of previous?.files ?? []) {
      const format = formatOfArtifact(entry.name);
      const from = join(target, entry.name);
      if (!format || !isPlainRelative(entry.name) || made.has(format) || have.has(entry.name) || !isPlainFile(from)) continue;
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

export function outputError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!code || !(code in OUTPUT_ERRORS)) return error;
  const path = (error as NodeJS.ErrnoException).path;
  return new CitypitchError(
    EXIT.output,
    `could not ${what}: ${OUTPUT_ERRORS[code]}${path ? ` (${path})` : ""}`,
    [],
    code === "ENOSPC" || code === "EDQUOT" ? "free some space, then build again; the previous build is unchanged" : "choose an output folder you can write to with --out, or fix its permissions; the previous build is unchanged",
  );
}

/** A manifest is a file anyone can edit: never follow it outside the city's folder. */
function isPlainRelative(name: string): boolean {
  return !name.startsWith("/") && !name.split(/[\\/]/).some((part) => part === ".." || part === "");
}
