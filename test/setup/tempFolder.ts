/**
 * vitest's global setup: the whole run's temporary files in one folder of its own, removed when the
 * run ends. Tests make temp folders freely (fixture copies, output folders, the builds they spawn
 * and the browsers those start all follow TMPDIR); each cleaning up after itself was never
 * complete, and a machine that runs the suite often collected thousands of folders in /tmp.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  // A short name: Chromium's socket goes under the temp folder, and its path is bounded (108 bytes
  // on Linux; src/deck/convert.ts makeScratch), so a long one here fails the browser tests.
  const dir = mkdtempSync(join(tmpdir(), "cpt-"));
  const before = process.env.TMPDIR;
  // Read by os.tmpdir() on every call, and inherited by the test workers and what they spawn.
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
