/**
 * The tool as a user runs it, for benchmarks: a snapshot of the checkout (test/helpers/snapshot.ts)
 * compiled to dist/ and run through the bin with plain Node, without src/ beside it. A snapshot,
 * so that an edit to src/ while a benchmark runs changes neither the code measured nor its
 * cache keys.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { snapshot, type Snapshot } from "../../test/helpers/snapshot.ts";

const ROOT = join(import.meta.dirname, "..", "..");

export interface CompiledTool extends Snapshot {
  /** Node arguments that start the CLI: the bin of the compiled snapshot. */
  command: string[];
  remove(): void;
}

export function compiledTool(city: "testville" | "dalian" = "dalian"): CompiledTool {
  const snap = snapshot(city);
  for (const name of ["tsconfig.json", "tsconfig.build.json"]) copyFileSync(join(ROOT, name), join(snap.dir, name));
  const compiled = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: snap.dir, stdio: "inherit" });
  if (compiled.status !== 0) {
    rmSync(snap.dir, { recursive: true, force: true });
    throw new Error("compiling the snapshot failed");
  }
  // Without src/ beside it, the bin runs dist/ as an installed package does.
  rmSync(join(snap.dir, "src"), { recursive: true });
  mkdirSync(join(snap.dir, "bin"));
  copyFileSync(join(ROOT, "bin", "citypitch.cjs"), join(snap.dir, "bin", "citypitch.cjs"));
  return { ...snap, command: [join(snap.dir, "bin", "citypitch.cjs")], remove: () => rmSync(snap.dir, { recursive: true, force: true }) };
}
