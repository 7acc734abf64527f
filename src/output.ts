/**
 * Atomic output. Everything is written into a staging folder beside output/<slug>/ and renamed
 * into place only when the whole city is done, so a failed or interrupted build never leaves a
 * half-written folder and an earlier good build stays untouched.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface WrittenFile {
  slug: string;
  name: string;
  size: number;
  sha256: string;
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

  /** Moves each finished city into output/<slug>/, replacing the previous build of that city. */
  async commit(slugs: readonly string[]): Promise<void> {
    for (const slug of slugs) {
      const manifest = this.files(slug)
        .map(({ name, size, sha256 }) => ({ name, size, sha256 }))
        .sort((a, b) => a.name.localeCompare(b.name));
      await this.write(slug, "manifest.json", JSON.stringify({ slug, files: manifest }, null, 2) + "\n");
      const target = join(this.outDir, slug);
      const previous = `${target}.previous-${randomBytes(4).toString("hex")}`;
      if (existsSync(target)) await rename(target, previous);
      await rename(join(this.dir, slug), target);
      await rm(previous, { recursive: true, force: true });
    }
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
