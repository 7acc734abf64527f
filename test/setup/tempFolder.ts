/**
 * vitest's global setup: the temp folders the run made are removed when it ends. Tests make them
 * freely (fixture copies, output folders, the builds they spawn and the browsers those start), and
 * each cleaning up after itself was never complete: a machine that runs the suite often collected
 * thousands of folders in /tmp. TMPDIR itself is left as it is: a deeper temp folder would push
 * the browser's socket paths past their limit (src/deck/convert.ts makeScratch) in tests that
 * build in nested folders.
 *
 * Removed: what starts with `citypitch-` and was not there before the run, except a folder the
 * tool names for a process still running or of another machine (src/tempFolders.ts), which may be
 * a build someone runs beside the suite, and a folder as an older citypitch named its own. A
 * second test run at the same moment on the same machine would lose folders it made: run one at a
 * time.
 */
import { readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostTag, isAlive } from "../../src/tempFolders.ts";

const OURS = /^citypitch-/;
const OWNER = /^citypitch-(?:[a-z]+-)?(\d+)\.([0-9a-f]{6})-/;
/** An older citypitch's own temp folders: `citypitch-XXXXXX`, `citypitch-browser-XXXXXX`. */
const OLDER = /^citypitch-(?:browser-)?[A-Za-z0-9]{6}$/;

const listed = (dir: string) => {
  try {
    return readdirSync(dir).filter((name) => OURS.test(name));
  } catch {
    return [];
  }
};

export default function setup(): () => void {
  const dir = tmpdir();
  const before = new Set(listed(dir));
  return () => {
    for (const name of listed(dir)) {
      if (before.has(name) || OLDER.test(name)) continue;
      const owner = OWNER.exec(name);
      if (owner && (owner[2] !== hostTag() || (Number(owner[1]) !== process.pid && isAlive(Number(owner[1]))))) continue;
      rmSync(join(dir, name), { recursive: true, force: true, maxRetries: 3 });
    }
  };
}
