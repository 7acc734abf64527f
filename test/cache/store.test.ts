/**
 * The cache's store (src/cache/store.ts) writes blobs in place, compares a blob already there
 * instead of hashing it again, and takes a hash the caller knows: none of which may ever let a
 * wrong blob be used, nor a link in the cache lead a write outside it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sha256 } from "../../src/cache/hash.ts";
import { ArtifactCache, CACHE_DIR, layoutDir } from "../../src/cache/store.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheIn(): { cache: ArtifactCache; out: string; blob: (bytes: Buffer) => string } {
  const out = mkdtempSync(join(tmpdir(), "citypitch-store-"));
  dirs.push(out);
  const { cache } = ArtifactCache.open(out);
  const blob = (bytes: Buffer) => {
    const hash = sha256(bytes);
    return join(layoutDir(out), "blobs", hash);
  };
  return { cache: cache!, out, blob };
}

describe("the cache's store", () => {
  const bytes = Buffer.from("the brochure's bytes");

  it("gives back what it stored, and leaves no temp file", () => {
    const { cache, out } = cacheIn();
    cache.put("dalian:brochure", "k1", [{ name: "a.pdf", bytes }]);
    expect(cache.get("dalian:brochure", "k1")?.[0]?.bytes.equals(bytes)).toBe(true);
    const files = readdirSync(join(out, CACHE_DIR), { recursive: true }) as string[];
    expect(files.filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("rewrites a damaged blob of the right size when the same bytes are stored again", () => {
    const { cache, blob } = cacheIn();
    cache.put("s", "k1", [{ name: "a", bytes }]);
    writeFileSync(blob(bytes), Buffer.alloc(bytes.length, 0x78));
    cache.put("s", "k2", [{ name: "a", bytes }]);
    expect(readFileSync(blob(bytes)).equals(bytes)).toBe(true);
    expect(cache.get("s", "k2")?.[0]?.bytes.equals(bytes)).toBe(true);
  });

  it("never uses an entry stored under a hash that is not its bytes'", () => {
    const { cache } = cacheIn();
    cache.put("s", "k1", [{ name: "a", bytes, sha256: sha256(Buffer.from("something else")) }]);
    expect(cache.get("s", "k1")).toBeUndefined();
  });

  it("replaces a link standing where a blob goes, and writes nothing where it points", () => {
    const { cache, out, blob } = cacheIn();
    cache.put("s", "k0", [{ name: "b", bytes: Buffer.from("another file, to make the folders") }]);
    const outside = join(out, "outside.txt");
    writeFileSync(outside, "not the cache's");
    const path = blob(bytes);
    cache.put("s", "k1", [{ name: "a", bytes }]);
    rmSync(path);
    symlinkSync(outside, path);
    cache.put("s", "k2", [{ name: "a", bytes }]);
    expect(readFileSync(outside, "utf8")).toBe("not the cache's");
    expect(cache.get("s", "k2")?.[0]?.bytes.equals(bytes)).toBe(true);
    expect(existsSync(path)).toBe(true);
  });

  it("links a committed file it is given by path and hash instead of copying it, and never reads it then", () => {
    const { cache, out, blob } = cacheIn();
    const file = join(out, "dalian", "dalian-brochure.pdf");
    mkdirSync(join(out, "dalian"));
    writeFileSync(file, bytes);
    cache.put("s", "k1", [
      {
        name: "dalian-brochure.pdf",
        path: file,
        sha256: sha256(bytes),
        bytes: () => {
          throw new Error("read");
        },
      },
    ]);
    expect(statSync(blob(bytes)).ino).toBe(statSync(file).ino);
    expect(cache.get("s", "k1")?.[0]?.bytes.equals(bytes)).toBe(true);
    // The same file stored again keeps its link; the output file removed leaves the blob.
    cache.put("s", "k2", [
      {
        name: "dalian-brochure.pdf",
        path: file,
        sha256: sha256(bytes),
        bytes: () => {
          throw new Error("read");
        },
      },
    ]);
    rmSync(file);
    expect(cache.get("s", "k2")?.[0]?.bytes.equals(bytes)).toBe(true);
  });

  it("refuses a linked blob whose file was changed in place since, and removes only the blob", () => {
    const { cache, out, blob } = cacheIn();
    const file = join(out, "page.html");
    writeFileSync(file, bytes);
    cache.put("s", "k1", [{ name: "page.html", path: file, sha256: sha256(bytes), bytes: () => readFileSync(file) }]);
    writeFileSync(file, Buffer.from("edited in place, same inode"));
    expect(cache.get("s", "k1")).toBeUndefined();
    expect(existsSync(blob(bytes))).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("edited in place, same inode");
  });

  it("never uses a link made under a hash that is not the file's", () => {
    const { cache, out } = cacheIn();
    const file = join(out, "deck.pptx");
    writeFileSync(file, bytes);
    cache.put("s", "k1", [{ name: "deck.pptx", path: file, sha256: sha256(Buffer.from("other")), bytes: () => readFileSync(file) }]);
    expect(cache.get("s", "k1")).toBeUndefined();
  });

  it("keeps the three newest entries of a slot and every blob they name, and drops an earlier layout's folder", () => {
    const { cache, out, blob } = cacheIn();
    mkdirSync(join(out, CACHE_DIR, "v1", "blobs"), { recursive: true });
    const versions = [1, 2, 3, 4, 5].map((n) => Buffer.from(`version ${n}`));
    versions.forEach((v, n) => cache.put("dalian:pdf", `k${n}`, [{ name: "a.pdf", bytes: v }]));
    cache.collectGarbage();
    expect(versions.map((_, n) => cache.has("dalian:pdf", `k${n}`))).toEqual([false, false, true, true, true]);
    expect(versions.map((v) => existsSync(blob(v)))).toEqual([false, false, true, true, true]);
    expect(existsSync(join(out, CACHE_DIR, "v1"))).toBe(false);
  });
});
