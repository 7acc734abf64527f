/**
 * Watching what a build reads: the data folder, the project's templates and the brand's font and
 * logo files. chokidar rather than fs.watch: Node 20's recursive fs.watch on Linux misses folders
 * created after it starts, and editors that save by writing a new file and renaming it over the old
 * one (vim, JetBrains) would be lost by a watch on the file; chokidar handles both.
 * Changes are gathered for a short quiet time, so a save that touches several files (or an editor
 * writing a file in steps) is one rebuild.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { watch } from "chokidar";
import { parse } from "yaml";

export interface ProjectWatcher {
  close(): Promise<void>;
}

export const QUIET_MS = 150;

/**
 * `outDir`: the output folder, never watched, even inside the data folder: each build writes there
 * (its lock, its staging folder), and watching it rebuilt for ever.
 */
export function watchProject(paths: readonly string[], onChange: (files: string[]) => void, quietMs = QUIET_MS, outDir?: string): ProjectWatcher {
  const out = outDir === undefined ? undefined : resolve(outDir);
  const ignored = out === undefined ? undefined : (path: string) => resolve(path) === out || resolve(path).startsWith(`${out}${sep}`);
  const watcher = watch([...paths], { ignoreInitial: true, ...(ignored ? { ignored } : {}) });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  watcher.on("all", (_event, path) => {
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      pending = new Set();
      onChange(files);
    }, quietMs);
  });
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

/**
 * What to watch for a project: its data folder, its templates (and citypitch's own, which a
 * project without templates uses), and the font and logo files its brand names.
 */
export function watchedPaths(root: string, dataDir: string, packageRoot: string): string[] {
  const paths = [dataDir, join(root, "templates")];
  if (resolve(packageRoot) !== resolve(root)) paths.push(join(packageRoot, "templates"));
  try {
    const brand = parse(readFileSync(join(dataDir, "brand.yaml"), "utf8")) as unknown;
    for (const file of brandFiles(brand)) paths.push(resolve(root, file));
  } catch {
    // A brand file that does not parse is reported by the build; the data folder is watched anyway.
  }
  return [...new Set(paths)].filter((path) => existsSync(path));
}

function brandFiles(value: unknown): string[] {
  if (typeof value === "string") return /\.(ttf|otf|png|svg)$/i.test(value) ? [value] : [];
  if (value && typeof value === "object") return Object.values(value).flatMap(brandFiles);
  return [];
}
