/**
 * Taking the output folder for one build: it must be a folder we can write to, no other build may
 * be writing to it, leftovers of builds that were killed are cleared, and every city folder in the
 * way must be one citypitch made. All of it is checked before any work, so a refusal costs nothing.
 */
import { hostname } from "node:os";
import { lstatSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { CitypitchError, EXIT } from "./errors.ts";
import { onInterrupt } from "./interrupt.ts";
import { isAlive } from "./tempFolders.ts";
import { assertReplaceable, describeFsError, outputError, outputStep, Staging, STAGING_PREFIX } from "./output.ts";

const LOCK = ".citypitch-lock";

export interface OutputFolder {
  staging: Staging;
  /** Removes the staging folder and the lock; safe to call more than once. */
  close(): Promise<void>;
}

export async function openOutputFolder(outDir: string, slugs: readonly string[], killChildren: () => void = () => {}): Promise<OutputFolder> {
  assertFolder(outDir);
  await outputStep(`create the output folder ${outDir}`, () => mkdir(outDir, { recursive: true }));
  const lock = takeLock(outDir);
  let staging: Staging | undefined;
  const cleanUp = () => {
    killChildren();
    try {
      // Every staging folder of this process, not only `staging`: an interrupt can come while the
      // folder is being made, before `staging` is set. A child just killed (the browser, whose
      // profile is in there) may still be writing for a moment: removing then fails with
      // ENOTEMPTY, so it is tried again.
      const mine = `${STAGING_PREFIX}${process.pid}-`;
      for (const name of readdirSync(outDir)) if (name.startsWith(mine)) rmSync(join(outDir, name), { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    } finally {
      rmSync(lock, { force: true });
    }
  };
  const dispose = onInterrupt(cleanUp);
  try {
    clearLeftovers(outDir);
    for (const slug of slugs) assertReplaceable(join(outDir, slug), slug);
    staging = await Staging.create(outDir);
  } catch (error) {
    dispose();
    cleanUp();
    throw error;
  }
  return {
    staging,
    async close() {
      dispose();
      await staging!.discard();
      rmSync(lock, { force: true });
    },
  };
}

function assertFolder(outDir: string): void {
  try {
    if (!statSync(outDir).isDirectory()) {
      throw new CitypitchError(EXIT.output, `the output folder ${outDir} is a file`, [], "point --out at a folder (it is created when missing)");
    }
  } catch (error) {
    if (error instanceof CitypitchError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new CitypitchError(EXIT.output, `the output folder ${outDir} lies under a file`, [], "point --out at a folder (it is created when missing)");
    throw outputError(error, `use the output folder ${outDir}`);
  }
}

/** One build per output folder: a second one would replace folders the first is writing. */
function takeLock(outDir: string): string {
  const path = join(outDir, LOCK);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, mine, { flag: "wx" });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw outputError(error, `lock the output folder ${outDir}`);
    }
    const holder = readLock(path);
    if (holder && holder.host === hostname() && isAlive(holder.pid)) {
      throw new CitypitchError(
        EXIT.output,
        `another citypitch build (process ${holder.pid}, started ${holder.started}) is writing to ${outDir}`,
        [],
        "wait for it to finish, or build into another folder with --out",
      );
    }
    // The holder died without cleaning up (killed, machine restarted): its lock means nothing.
    rmSync(path, { force: true });
  }
  throw new CitypitchError(EXIT.output, `could not lock the output folder ${outDir}`, [], "another build may have started at the same moment; try again");
}

function readLock(path: string): { pid: number; host: string; started: string } | undefined {
  try {
    const lock = JSON.parse(readFileSync(path, "utf8"));
    return Number.isInteger(lock?.pid) ? lock : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Staging folders and set-aside previous builds of builds that were killed before they could
 * clean up. Holding the lock, no live build can own them. A city folder that was set aside but
 * never replaced is put back.
 */
function clearLeftovers(outDir: string): void {
  for (const name of readdirSync(outDir)) {
    const path = join(outDir, name);
    if (name.startsWith(STAGING_PREFIX) && lstatSync(path).isDirectory()) {
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    const previous = /^(.+)\.previous-[0-9a-f]{8}$/.exec(name);
    if (!previous || !lstatSync(path).isDirectory() || !existsSync(join(path, "manifest.json"))) continue;
    const target = join(outDir, previous[1]!);
    try {
      if (existsSync(target)) rmSync(path, { recursive: true, force: true });
      else renameSync(path, target);
    } catch (error) {
      // One that cannot be removed (a folder in it made read-only) stays; it stands in no build's way.
      console.error(`citypitch: warning: could not ${existsSync(target) ? "remove" : "put back"} ${path}, left by an earlier build (${describeFsError(error)}); remove it by hand`);
    }
  }
}
