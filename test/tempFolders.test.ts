/**
 * A build killed outright cleans nothing: its early browser's folder stays in the temp folder. The
 * next build removes it, knowing it by its owner's process id, and leaves the folders of processes
 * still running, of other machines, and of anything else alone.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findBrowser } from "../src/deck/browser.ts";
import { makeScratch } from "../src/deck/convert.ts";
import { clearDeadTempFolders, hostTag, makeOwnTempFolderSync } from "../src/tempFolders.ts";
import { expectNoProcessWith, sessionChild } from "./helpers/processes.ts";
import { copyFixture, ROOT, runCli } from "./helpers/project.ts";

const work = mkdtempSync(join(tmpdir(), "citypitch-tempfolders-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A process id that surely ended: a child that has exited (its id is free until reused). */
function endedPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("temp folders of builds that were killed", () => {
  it("removes only this machine's folders whose process has ended", async () => {
    const dir = join(work, "unit");
    mkdirSync(dir);
    const tag = hostTag();
    // The module's own folders carry this process's id and that tag.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    try {
      const made = makeOwnTempFolderSync("probe");
      rmSync(made, { recursive: true });
      expect(made.split("/").pop()).toMatch(new RegExp(`^citypitch-probe-${process.pid}\\.${tag}-[A-Za-z0-9]{6}$`));
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    const dead = endedPid();
    const names = {
      deadBrowser: `citypitch-browser-${dead}.${tag}-aB3dE9`,
      deadScratch: `citypitch-${dead}.${tag}-Zz09Qq`,
      ownBrowser: `citypitch-browser-${process.pid}.${tag}-aB3dE9`,
      otherMachine: `citypitch-browser-${dead}.${tag === "000000" ? "111111" : "000000"}-aB3dE9`,
      unowned: "citypitch-aB3dE9",
      someoneElse: `other-${dead}.${tag}-aB3dE9`,
    };
    for (const name of Object.values(names)) {
      mkdirSync(join(dir, name, "measure-profile"), { recursive: true });
      writeFileSync(join(dir, name, "measure-profile", "Cookies"), "x");
    }
    const removed = await clearDeadTempFolders([dir]);
    expect(removed.sort()).toEqual([join(dir, names.deadBrowser), join(dir, names.deadScratch)].sort());
    expect(readdirSync(dir).sort()).toEqual([names.ownBrowser, names.otherMachine, names.unowned, names.someoneElse].sort());
    // A folder of a process that runs (another user's process answers EPERM: it runs too).
    expect(await clearDeadTempFolders([dir], () => true)).toEqual([]);
  });

  it("never fails: a temp folder that cannot be read is left alone", async () => {
    expect(await clearDeadTempFolders([join(work, "missing")])).toEqual([]);
  });

  it("puts a scratch folder whose socket path would be too long under a deep TMPDIR in /tmp instead, where the next build finds it", async () => {
    const deep = join(work, "t".repeat(48));
    mkdirSync(deep);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = deep;
    let scratch: string;
    try {
      scratch = await makeScratch(join(deep, "staging", ".browser"));
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    try {
      expect(scratch.startsWith("/tmp/citypitch-")).toBe(true);
      // Chromium's singleton socket goes at <scratch>/org.chromium.Chromium.XXXXXX/SingletonSocket: 107 bytes and the NUL at most.
      expect(Buffer.byteLength(`${scratch}/org.chromium.Chromium.XXXXXX/SingletonSocket`)).toBeLessThanOrEqual(103);
      expect(await clearDeadTempFolders(undefined, () => true)).toEqual([]);
      expect(existsSync(scratch)).toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  const browser = findBrowser();
  it.skipIf(process.platform !== "linux" || !browser)(
    "a build SIGKILLed with its browser up leaves its folder, and the next build removes it",
    async () => {
      // Short: the browser's socket path must fit under it (src/deck/convert.ts makeScratch).
      const temp = mkdtempSync(join(tmpdir(), "citypitch-k-"));
      const { child, ready } = await sessionChild(
        [
          `const { startDeckBrowserEarly, sharedDeckBrowser } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "src", "deck", "session.ts")).href)});`,
          "startDeckBrowserEarly(['pdf'], 1);",
          // The first user adopts the early browser, as the deck stage would.
          `const session = await sharedDeckBrowser(${JSON.stringify(join(work, "staging"))}, ['pdf'], 1).session;`,
        ],
        { ...process.env, CHROME_PATH: browser, TMPDIR: temp },
        ROOT,
      );
      expect(ready).toBe(true);
      // The early browser's folder, and its scratch folder beside it when the socket path would be
      // too long inside (makeScratch): each named for the process.
      const owned = () => readdirSync(temp).filter((name) => new RegExp(`^citypitch-(browser-)?${child.pid}\\.`).test(name));
      const left = owned();
      expect(left.some((name) => name.startsWith("citypitch-browser-"))).toBe(true);
      child.kill("SIGKILL");
      await new Promise((resolve) => child.on("exit", resolve));
      await expectNoProcessWith(temp);
      const profiles = left.filter((name) => existsSync(join(temp, name, "measure-profile")) || existsSync(join(temp, name, ".browser", "measure-profile")));
      expect(profiles).toHaveLength(1);

      // A folder of a process still running (this one) is not the next build's to remove.
      const tag = left[0]!.split(".")[1]!.split("-")[0]!;
      const live = join(temp, `citypitch-browser-${process.pid}.${tag}-Live01`);
      mkdirSync(live);
      const data = copyFixture();
      try {
        const next = runCli(["build", "testville", "--data", data, "--out", join(work, "out"), "--formats", "pptx"], { TMPDIR: temp });
        expect(next.code, next.stderr).toBe(0);
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
      expect(owned()).toEqual([]);
      expect(existsSync(live)).toBe(true);
      rmSync(temp, { recursive: true, force: true });
    },
    120_000,
  );
});
