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
 * a build someone runs beside the suite, and a folder as an older citypitch named its own. While
 * another run of the suite is going (its marker, `citypitch-suite-<pid>.<host>-…`, names a live
 * process), what was made since it began is left to it: either run may have made it, and the run
 * that ends last removes it.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
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

const SUITE = /^citypitch-suite-(\d+)\.([0-9a-f]{6})-/;

/** When the earliest other run of the suite still going on this machine began; undefined when none is. */
function otherRunSince(dir: string, marker: string): number | undefined {
  const starts = listed(dir).flatMap((name) => {
    const suite = SUITE.exec(name);
    if (!suite || name === marker || suite[2] !== hostTag() || !isAlive(Number(suite[1]))) return [];
    try {
      return [statSync(join(dir, name)).mtimeMs];
    } catch {
      return [];
    }
  });
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

export default function setup(): () => void {
  const dir = tmpdir();
  const before = new Set(listed(dir));
  const marker = mkdtempSync(join(dir, `citypitch-suite-${process.pid}.${hostTag()}-`)).slice(dir.length + 1);
  return () => {
    const since = otherRunSince(dir, marker);
    for (const name of listed(dir)) {
      if (before.has(name) || OLDER.test(name)) continue;
      if (since !== undefined && name !== marker && made(join(dir, name)) >= since - 1000) continue;
      const owner = OWNER.exec(name);
      if (owner && (owner[2] !== hostTag() || (Number(owner[1]) !== process.pid && isAlive(Number(owner[1]))))) continue;
      rmSync(join(dir, name), { recursive: true, force: true, maxRetries: 3 });
    }
  };
}

/** When a folder was made, as near as the file system says. */
function made(path: string): number {
  try {
    const stat = statSync(path);
    return stat.birthtimeMs > 0 ? stat.birthtimeMs : stat.ctimeMs;
  } catch {
    return 0;
  }
}
