/**
 * Folders this program makes in the system temp folder, named for the process that owns them, so
 * that a later build can remove those of a build that was killed. A killed process cleans nothing
 * (SIGKILL, the out-of-memory killer, a closed laptop lid that never wakes the build): its browser
 * profile stayed in /tmp for good. The output folder's own leftovers are outputFolder.ts's.
 */
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "citypitch-";

/**
 * The owner, in a name: its process id and a short hash of the machine's name. The machine counts
 * because a temp folder may be shared (a container's /tmp mounted from its host), and a process id
 * says nothing about another machine's processes.
 */
const owner = (pid: number) => `${pid}.${hostTag()}`;
let tag: string | undefined;
export const hostTag = () => (tag ??= createHash("sha256").update(hostname()).digest("hex").slice(0, 6));

/** `citypitch-<kind>-<pid>.<host>-XXXXXX`, or `citypitch-<pid>.<host>-XXXXXX`. */
const name = (kind: string) => `${PREFIX}${kind ? `${kind}-` : ""}${owner(process.pid)}-`;

/**
 * Where such folders go: the system temp folder, or /tmp when a folder made there would not pass
 * `fits` (Chromium's socket path is bounded, convert.ts makeScratch, and a TMPDIR can be deep).
 */
export function tempRoots(): string[] {
  const system = tmpdir();
  return process.platform === "win32" || system === "/tmp" ? [system] : [system, "/tmp"];
}

function stem(kind: string, fits: (path: string) => boolean): string {
  const paths = tempRoots().map((root) => join(root, name(kind)));
  // mkdtemp adds six characters.
  return paths.find((path) => fits(`${path}XXXXXX`)) ?? paths[0]!;
}

export const makeOwnTempFolder = (kind = "", fits: (path: string) => boolean = () => true): Promise<string> => mkdtemp(stem(kind, fits));
export const makeOwnTempFolderSync = (kind = ""): string => mkdtempSync(stem(kind, () => true));

const OWNED = /^citypitch-(?:[a-z]+-)?(\d+)\.([0-9a-f]{6})-[A-Za-z0-9]{6}$/;

/**
 * Removes the temp folders of this machine's citypitch processes that have ended. Never fails: a
 * folder that cannot be removed now is tried by the next build. Returns the folders removed.
 */
export async function clearDeadTempFolders(dirs: readonly string[] = tempRoots(), alive: (pid: number) => boolean = isAlive): Promise<string[]> {
  const removed = await Promise.all(dirs.map((dir) => clearDeadIn(dir, alive)));
  return removed.flat();
}

async function clearDeadIn(dir: string, alive: (pid: number) => boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const dead = names.filter((name) => {
    const match = OWNED.exec(name);
    if (!match || match[2] !== hostTag()) return false;
    const pid = Number(match[1]);
    return pid !== process.pid && !alive(pid);
  });
  const removed = await Promise.all(
    dead.map((name) =>
      rm(join(dir, name), { recursive: true, force: true, maxRetries: 2 }).then(
        () => join(dir, name),
        () => undefined,
      ),
    ),
  );
  return removed.filter((path): path is string => path !== undefined);
}

/** Whether a process of this id runs here (one of another user's counts: EPERM). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
