/**
 * A project is the folder citypitch works on (`--project`, default the current one): `data/` with the
 * cities and sources, and optionally a brand and `templates/`. What a project does not have comes
 * from citypitch's own package: the shipped templates, messages and default brand. Everything here
 * is a path decision; nothing is read but the existence of folders and files.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * citypitch's own folder (package.json, templates/, data/brand.yaml). This file is src/project.ts
 * under tsx and dist/project.js when compiled: one level down either way.
 */
export const PACKAGE_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The template folders a project may override, each as a whole. */
export type TemplateKind = "brochure" | "deck" | "portfolio" | "scaffold";

/**
 * The project's `templates/<kind>/` when it has one, else the shipped one. A folder replaces the
 * shipped one whole rather than file by file, so a project can drop or reorder brochure pages
 * (their order is their file names').
 */
export function templateDir(root: string, kind: TemplateKind): string {
  const own = join(root, "templates", kind);
  return existsSync(own) ? own : join(PACKAGE_ROOT, "templates", kind);
}

/**
 * Where message files are looked for, in order: the project's `templates/messages/`, then the
 * shipped one. Messages go file by file (one per language), so a project can add a language or
 * reword one without copying the others.
 */
export function messageDirs(root: string): string[] {
  const dirs = [join(root, "templates", "messages"), join(PACKAGE_ROOT, "templates", "messages")];
  return dirs[0] === dirs[1] ? [dirs[0]!] : dirs;
}

/**
 * The brand file and the folder its font and logo paths are relative to: the project's
 * `<data>/brand.yaml`, or, when it has none, citypitch's default brand with paths inside the package.
 */
export function brandSource(dataDir: string, root: string): { file: string; root: string } {
  const own = join(dataDir, "brand.yaml");
  return existsSync(own) ? { file: own, root } : { file: join(PACKAGE_ROOT, "data", "brand.yaml"), root: PACKAGE_ROOT };
}
