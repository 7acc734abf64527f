/**
 * A throwaway copy of citypitch and a project to run it on, for tests of the cache and `dev`. The
 * cache keys every artifact by the tool's own code, so runs that must find each other's artifacts
 * need code that nobody edits between them: the tool's src/, templates and package.json are copied;
 * node_modules is linked package by package, except the brand fonts, which the brand must find
 * inside the project and are therefore hard-linked (same file system, no copy).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, TESTVILLE } from "./project.ts";

export interface Snapshot {
  /** The project folder: src/, templates/, data/, node_modules/; output goes to out/. */
  dir: string;
  out: string;
  /** The fixture's data folder inside the snapshot (data/). */
  data: string;
}

/** `city`: "testville" (the fictional fixture, the default) or "dalian" (the repository's data). */
export function snapshot(city: "testville" | "dalian" = "testville"): Snapshot {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "citypitch-snap-")));
  for (const name of ["src", "templates", "schema"]) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(ROOT, "node_modules"))) {
    if (name === "@expo-google-fonts") execFileSync("cp", ["-al", join(ROOT, "node_modules", name), join(dir, "node_modules", name)]);
    else if (name !== ".bin") symlinkSync(join(ROOT, "node_modules", name), join(dir, "node_modules", name));
  }
  const data = join(dir, "data");
  cpSync(join(ROOT, "data", "brand"), join(data, "brand"), { recursive: true });
  if (city === "dalian") {
    for (const name of ["brand.yaml", "sources.yaml", "indicators.yaml", "cities/dalian.yaml"]) cpSync(join(ROOT, "data", name), join(data, name), { recursive: true });
  } else {
    cpSync(TESTVILLE, data, { recursive: true });
  }
  return { dir, out: join(dir, "out"), data };
}

/** Runs the snapshot's own CLI in its folder, as a user in that project would. */
export function runSnapshot(snap: Snapshot, args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, "--import", "tsx", join(snap.dir, "src/cli.ts"), ...args], {
    cwd: snap.dir,
    encoding: "utf8",
    env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the snapshot's CLI without waiting (for `dev`). */
export function spawnSnapshot(snap: Snapshot, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(snap.dir, "src/cli.ts"), ...args], {
    cwd: snap.dir,
    env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
