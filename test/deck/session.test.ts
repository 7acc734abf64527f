/**
 * The build's browser starts while its `--version` probe runs: a failed probe stops the start at
 * once (not after the start's 30 s limit) and is the error reported; a working browser is measured
 * in the tab it opened with, and leaves nothing running when closed.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { startDeckBrowser } from "../../src/deck/session.ts";
import { CitypitchError, EXIT } from "../../src/errors.ts";
import { liveChildren } from "../../src/exec.ts";

const onLinux = process.platform === "linux";
const browser = findBrowser();
const work = mkdtempSync(join(tmpdir(), "citypitch-session-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Live (not zombie) processes whose command line contains `marker`. */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(marker)) found.push(`${pid} ${cmdline}`);
    } catch {
      // gone while we looked
    }
  }
  return found;
}

async function expectNoProcessWith(marker: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (processesWith(marker).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(processesWith(marker)).toEqual([]);
}

describe.skipIf(!onLinux)("starting the deck browser", () => {
  it("stops a start whose --version probe fails, at once, and reports the probe's error", async () => {
    const marker = `9${process.pid}7`;
    const fake = join(work, "browser.sh");
    // Fails the probe, but would otherwise run until the start's own 30 s limit.
    writeFileSync(fake, `#!/bin/sh\n[ "$1" = --version ] && { echo "libnss3.so: cannot open shared object file" >&2; exit 127; }\nexec sleep ${marker}\n`);
    chmodSync(fake, 0o755);
    const started = Date.now();
    const deck = startDeckBrowser(join(work, "staging-fake"), ["pdf"], 1, { PATH: process.env.PATH, CHROME_PATH: fake });
    const session = await deck.session;
    await deck.close();
    const elapsed = Date.now() - started;
    expect(session).toBeInstanceOf(CitypitchError);
    const error = session as CitypitchError;
    expect(error.exitCode).toBe(EXIT.missingTool);
    expect(error.message).toMatch(/browser\.sh \(from CHROME_PATH\) failed on `--version` \(exit code 127\): libnss3\.so: cannot open shared object file/);
    expect(error.message).toMatch(/every deck format needs one/);
    expect(elapsed).toBeLessThan(10_000);
    await expectNoProcessWith(marker);
    expect(liveChildren()).toBe(0);
  });

  it.skipIf(!browser)("measures in the tab the browser opened with, at 1280 × 720, and leaves no process", async () => {
    const staging = join(work, "staging-real");
    const deck = startDeckBrowser(staging, ["pdf"], 1, { ...process.env, CHROME_PATH: browser });
    const session = await deck.session;
    if (session instanceof CitypitchError) throw session;
    expect(await session.page.browser().pages()).toHaveLength(1);
    const size = await session.use("measure", (page) => page.evaluate(() => [window.innerWidth, window.innerHeight]));
    expect(size).toEqual([1280, 720]);
    await deck.close();
    await expectNoProcessWith(join(staging, ".browser"));
    expect(liveChildren()).toBe(0);
  }, 60_000);
});
