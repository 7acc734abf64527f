/**
 * The one place a path from the data becomes a file the build reads. Symlinks are resolved before
 * the "inside the project" test, so a link inside the project that points at /etc or a home folder
 * is caught, not followed.
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { PACKAGE_ROOT } from "./project.ts";

export type ProjectFile = { ok: true; path: string } | { ok: false; reason: "outside" | "missing" | "not-a-file"; detail?: string };

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/**
 * `file` relative to `root`, resolved through every symlink; refused unless it stays inside `root`.
 * A `node_modules/<package>/…` path that the project does not have is looked up among citypitch's
 * own installed packages (the default fonts), where it must stay inside that package.
 */
export function resolveProjectFile(root: string, file: string): ProjectFile {
  if (isAbsolute(file) || !isInside(root, resolve(root, file))) return { ok: false, reason: "outside" };
  const found = resolveInside(root, file);
  if (found.ok || found.reason !== "missing") return found;
  const pkg = /^node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](.+)$/.exec(file);
  const dir = pkg && installedPackage(pkg[1]!);
  return dir && isInside(dir, resolve(dir, pkg[2]!)) ? resolveInside(dir, pkg[2]!) : found;
}

function resolveInside(root: string, file: string): ProjectFile {
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

/**
 * The folder of a package installed with citypitch, found the way Node looks up node_modules from
 * the package root upwards (an npm install hoists it beside citypitch). Hand-written because
 * require.resolve needs a JavaScript entry or an exported package.json, and font packages have neither.
 */
function installedPackage(name: string): string | undefined {
  for (let dir = PACKAGE_ROOT; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
