/**
 * Atomic output. Everything is written into a staging folder beside output/<slug>/ and renamed
 * into place only when the whole city is done, so a failed or interrupted build never leaves a
 * half-written folder and an earlier good build stays untouched. A build of some formats keeps the
 * previous build's files of the other formats (`--formats pdf` must not delete the brochure).
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Format } from "./options.ts";

export interface WrittenFile {
  slug: string;
  name: string;
  size: number;
  sha256: string;
  /** Kept from an earlier build because this build did not make its format. */
  carriedOver?: true;
}

type ManifestEntry = Omit<WrittenFile, "slug">;

/** Which `--formats` entry makes a file, from its name inside output/<slug>/. */
export function formatOfArtifact(name: string): Format | undefined {
  if (name.startsWith("charts/")) return "charts";
  if (name.endsWith("-brochure.pdf")) return "brochure";
  const deck = /-deck\.(md|html|pdf|pptx)$/.exec(name);
  return deck ? (deck[1] as Format) : undefined;
}

export class Staging {
  readonly dir: string;
  private readonly written: WrittenFile[] = [];

  private constructor(readonly outDir: string) {
    this.dir = join(outDir, `.staging-${process.pid}-${randomBytes(4).toString("hex")}`);
  }

  static async create(outDir: string): Promise<Staging> {
    const staging = new Staging(outDir);
    await mkdir(staging.dir, { recursive: true });
    return staging;
  }

  /** Where a stage may write a file itself (marp-cli writes its own outputs). */
  pathFor(slug: string, name: string): string {
    return join(this.dir, slug, name);
  }

  async write(slug: string, name: string, bytes: Buffer | string): Promise<WrittenFile> {
    const path = this.pathFor(slug, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    return this.record(slug, name, typeof bytes === "string" ? Buffer.from(bytes) : bytes);
  }

  /** Registers a file a tool wrote into the staging folder on its own. */
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
   * keeping its files of formats this build did not make (`built`).
   */
  async commit(slugs: readonly string[], built: ReadonlySet<Format>): Promise<void> {
    for (const slug of slugs) {
      const target = join(this.outDir, slug);
      await this.carryOver(slug, target, built);
      const manifest: ManifestEntry[] = this.files(slug)
        .map(({ slug: _, ...entry }) => entry)
        .sort((a, b) => a.name.localeCompare(b.name));
      await this.write(slug, "manifest.json", JSON.stringify({ slug, files: manifest }, null, 2) + "\n");
      const previous = `${target}.previous-${randomBytes(4).toString("hex")}`;
      if (existsSync(target)) await rename(target, previous);
      await rename(join(this.dir, slug), target);
      await rm(previous, { recursive: true, force: true });
    }
  }

  private async carryOver(slug: string, target: string, built: ReadonlySet<Format>): Promise<void> {
    const previous = await readManifest(join(target, "manifest.json"));
    const made = new Set(this.files(slug).map((f) => f.name));
    for (const entry of previous) {
      const format = formatOfArtifact(entry.name);
      if (!format || !isPlainRelative(entry.name) || built.has(format) || made.has(entry.name) || !existsSync(join(target, entry.name))) continue;
      const path = this.pathFor(slug, entry.name);
      await mkdir(dirname(path), { recursive: true });
      await copyFile(join(target, entry.name), path);
      this.written.push({ slug, name: entry.name, size: entry.size, sha256: entry.sha256, carriedOver: true });
    }
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function readManifest(path: string): Promise<ManifestEntry[]> {
  if (!existsSync(path)) return [];
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as { files?: ManifestEntry[] };
    return Array.isArray(parsed.files) ? parsed.files.filter((f) => typeof f?.name === "string") : [];
  } catch {
    // A damaged manifest only costs the carry-over; the new build itself is unaffected.
    return [];
  }
}

/** A manifest is a file anyone can edit: never follow it outside the city's folder. */
function isPlainRelative(name: string): boolean {
  return !name.startsWith("/") && !name.split(/[\\/]/).some((part) => part === ".." || part === "");
}
