/**
 * `check`'s proof that the template dry run passed (and with it the layout of the editable
 * PowerPoint and of the charts' text): a file-less cache entry, keyed by a hash of exactly what
 * those read. That is the validated data (every city file as written, the resolved brand and its
 * font and logo files by content, the sources, the indicators), every option (the editions, paper
 * and formats it renders for), SOURCE_DATE_EPOCH (the build date in the model), every template
 * folder the project and citypitch have (brochure, deck, messages and the rest, by content), and
 * the tool's fingerprint (its version, its own code, its dependencies and Node: tool.ts). The data
 * checks and the glyph check run every time; only the rest is skipped, and only on an exact match,
 * so an unchanged project is checked in a fraction of the time. Any doubt (no cache, a damaged
 * one, --no-cache) means it all runs. The proof lives in the output folder's cache, and only in an
 * output folder that is there already: `check` creates no folder in a project never built.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ValidatedData } from "../data/validate.ts";
import type { Options } from "../options.ts";
import { FileHasher, hashValue } from "./hash.ts";
import { ArtifactCache } from "./store.ts";
import { brandFilePaths } from "./keys.ts";
import { toolFingerprint } from "./tool.ts";
import { PACKAGE_ROOT } from "../project.ts";

export interface DryRunProof {
  /** Whether a dry run passed on exactly these inputs before. */
  readonly proven: boolean;
  /** Records that the dry run passed on them; a cache that cannot be written is only a slower next check. */
  passed(): void;
}

export function dryRunProof(data: ValidatedData, options: Options): DryRunProof {
  const cache = existsSync(options.outDir) ? ArtifactCache.open(options.outDir).cache : undefined;
  if (!cache) return { proven: false, passed: () => {} };
  const known = cache.readStamps();
  const files = new FileHasher(known);
  // Where outputs go and whether the cache is read change nothing the dry run sees.
  const { outDir: _out, cache: _cache, ...shaping } = options;
  const key = hashValue({
    tool: toolFingerprint(files),
    cities: data.cities.map((c) => c.localised),
    brand: data.brandFile,
    sources: data.sourcesFile,
    indicators: data.indicators,
    // The fonts by content: the PowerPoint's and the charts' text is measured with them.
    brandFiles: brandFilePaths(data.brandFile).map((path) => [path, files.file(resolve(options.root, path)), files.file(resolve(PACKAGE_ROOT, path))]),
    options: shaping,
    epoch: process.env.SOURCE_DATE_EPOCH ?? "",
    templates: [...new Set([join(options.root, "templates"), join(PACKAGE_ROOT, "templates")])].map((dir) => [dir, files.tree(dir)]),
  });
  const slot = `check|${data.cities.map((c) => c.city.slug).join(",")}|${options.edition ?? "*"}|validated`;
  return {
    proven: options.cache !== false && cache.has(slot, key),
    passed() {
      try {
        cache.put(slot, key, []);
        // Merged, never replaced: the build's stamps spare it re-reading the fonts.
        cache.writeStamps(new Map([...cache.readStamps(), ...files.stamps]));
      } catch {
        // Read-only or full output folder: the next check dry-runs again.
      }
    },
  };
}
