/**
 * The one place a path from the data becomes a file the build reads. Symlinks are resolved before
 * the "inside the project" test, so a link inside the project that points at /etc or a home folder
 * is caught, not followed.
 */
import { realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

export type ProjectFile = { ok: true; path: string } | { ok: false; reason: "outside" | "missing" | "not-a-file"; detail?: string };

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/** `file` relative to `root`, resolved through every symlink; refused unless it stays inside `root`. */
export function resolveProjectFile(root: string, file: string): ProjectFile {
  if (isAbsolute(file) || !isInside(root, resolve(root, file))) return { ok: false, reason: "outside" };
  let real: string;
  try {
    real = realpathSync(resolve(root, file));
  } catch {
    return { ok: false, reason: "missing" };
  }
  if (!isInside(realpathSync(root), real)) return { ok: false, reason: "outside", detail: real };
  if (!statSync(real).isFile()) return { ok: false, reason: "not-a-file" };
  return { ok: true, path: real };
}
