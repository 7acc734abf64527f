/**
 * What identifies the tool itself in every key: its version, its own code (src/ when run from the
 * repository, dist/ when installed, so an edited stage never reuses output of the old one), its
 * exact dependency versions (package.json pins them) and the Node.js version (Intl and the canvas
 * binary shape numbers and glyphs).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { VERSION } from "../version.ts";
import { hashValue, type FileHasher } from "./hash.ts";

const codeDir = dirname(dirname(fileURLToPath(import.meta.url)));

export function toolFingerprint(files: FileHasher): string {
  return hashValue({ version: VERSION, node: process.version, code: files.tree(codeDir), pkg: files.file(join(dirname(codeDir), "package.json")) });
}
