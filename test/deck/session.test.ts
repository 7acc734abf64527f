/**
 * The build's browser starts while its `--version` probe runs (and exec.ts can stop a child on request): a failed probe stops the start at
 * once (not after the start's 30 s limit) and is the error reported; a working browser is measured
 * in the tab it opened with, and leaves nothing running when closed.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { sharedDeckBrowser, startBuildBrowserEarly, startDeckBrowser } from "../../src/deck/session.ts";
import { CitypitchError, EXIT } from "../../src/errors.ts";
import { liveChildren, runCommand } from "../../src/exec.ts";
import { expectNoProcessWith, processesWith, sessionChild } from "../helpers/processes.ts";
import { ROOT } from "../helpers/project.ts";

const onLinux = process.platform === "linux";
/** What `promise` was rejected with; undefined when it was not. */
const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const browser = findBrowser();
const work = mkdtempSync(join(tmpdir(), "citypitch-session-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!onLinux)("starting the deck browser", () => {
  it("stops a child, with its group, when its abort signal fires, and does not call that a timeout", async () => {
    const marker = `9${process.pid}6`;
    const stopper = new AbortController();
    const started = Date.now();
    const run = runCommand("/bin/sh", ["-c", `sleep ${marker} & wait`], { timeoutMs: 60_000, graceMs: 500, signal: stopper.signal, watchTree: false });
    await new Promise((r) => setTimeout(r, 300));
    stopper.abort();
    const result = await run;
    expect(result.timedOut).toBe(false);
    expect(result.signal).toBe("SIGTERM");
    expect(Date.now() - started).toBeLessThan(10_000);
    await expectNoProcessWith(marker);
    expect(liveChildren()).toBe(0);
  });

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

  it("reports a browser that ends as it starts, at once, as a browser that could not be started", async () => {
    const fake = join(work, "ends-at-once.sh");
    // Passes the probe, then ends before it answers anything over its pipe.
    writeFileSync(fake, `#!/bin/sh\n[ "$1" = --version ] && { echo "Chromium 999"; exit 0; }\necho "cannot open display" >&2\nexit 1\n`);
    chmodSync(fake, 0o755);
    // In a process of its own, to see when that process can end: nothing of the failed start may hold it.
    const script = [
      `const { startDeckBrowser } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "src", "deck", "session.ts")).href)});`,
      `const deck = startDeckBrowser(${JSON.stringify(join(work, "staging-ends"))}, ["pdf"], 1);`,
      "const session = await deck.session;",
      "await deck.close();",
      "console.log(JSON.stringify({ exitCode: session.exitCode, message: session.message }));",
    ].join("\n");
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env: { PATH: process.env.PATH, CHROME_PATH: fake },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => child.on("exit", resolve));
    const reported = JSON.parse(out) as { exitCode: number; message: string };
    expect(reported.exitCode).toBe(EXIT.missingTool);
    expect(reported.message).toMatch(/could not be started to measure the slides \(exit code 1\): cannot open display/);
    // Not after puppeteer's 30 s protocol limit: the closed pipe is heard at once.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);

  it.skipIf(!browser)(
    "measures in the tab the browser opened with, at 1280 × 720 in print media, and leaves no process",
    async () => {
      const staging = join(work, "staging-real");
      const deck = startDeckBrowser(staging, ["pdf"], 1, { ...process.env, CHROME_PATH: browser });
      const session = await deck.session;
      if (session instanceof CitypitchError) throw session;
      const { size, pages, targets } = await session.use("measure", async ({ page }) => {
        // Every target the browser holds, its own pages too (the address bar's drop-down is one).
        const cdp = await page.browser().target().createCDPSession();
        const { targetInfos } = (await cdp.send("Target.getTargets", { filter: [{}] })) as { targetInfos: { type: string; url: string }[] };
        await cdp.detach();
        return {
          size: await page.evaluate(() => [window.innerWidth, window.innerHeight, matchMedia("print").matches]),
          pages: (await page.browser().pages()).length,
          targets: targetInfos.map((t) => `${t.type} ${t.url}`).sort(),
        };
      });
      // Print media, as the deck is printed: measured in the layout it prints in (session.ts).
      expect([size, pages]).toEqual([[1280, 720, true], 1]);
      // Nothing but the tab it measures in: no WebUI of the browser's own (BROWSER_FLAGS).
      expect(targets.filter((t) => !/^(page|tab) about:blank$/.test(t))).toEqual([]);
      await deck.close();
      await expectNoProcessWith(join(staging, ".browser"));
      expect(liveChildren()).toBe(0);
    },
    60_000,
  );

  it.skipIf(!browser)(
    "says the browser stopped, as a known error, when it is killed in the middle of a step",
    async () => {
      const staging = join(work, "staging-killed");
      const deck = startDeckBrowser(staging, ["pdf"], 1, { ...process.env, CHROME_PATH: browser });
      const session = await deck.session;
      if (session instanceof CitypitchError) throw session;
      const failed = await rejectionOf(
        session.use("measure", async ({ page, step }) => {
          await page.setContent("<p>before</p>");
          // As the kernel's out-of-memory killer would: the whole browser, at once.
          for (const line of processesWith(join(staging, ".browser"))) process.kill(Number(line.split(" ")[0]), "SIGKILL");
          return step("load the deck", () => page.evaluate(() => new Promise((done) => setTimeout(done, 5_000))));
        }),
      );
      expect(failed).toBeInstanceOf(CitypitchError);
      expect((failed as CitypitchError).exitCode).toBe(EXIT.renderFailed);
      expect((failed as CitypitchError).problems).toEqual([]);
      expect((failed as CitypitchError).message).toMatch(
        /^the browser measuring the slides stopped \((killed by SIGKILL|exit code \d+|its page crashed)\) before it could load the deck$/,
      );
      await deck.close();
      await expectNoProcessWith(join(staging, ".browser"));
      expect(liveChildren()).toBe(0);
    },
    60_000,
  );

  it.skipIf(!browser)(
    "keeps an error a page function throws a plain error, whatever it says, while the browser is fine",
    async () => {
      const staging = join(work, "staging-own-error");
      const deck = startDeckBrowser(staging, ["pdf"], 1, { ...process.env, CHROME_PATH: browser });
      const session = await deck.session;
      if (session instanceof CitypitchError) throw session;
      const failed = await rejectionOf(
        session.use("measure", ({ page, step }) =>
          step("measure", () =>
            page.evaluate(() => {
              throw new Error("Connection closed, says our own measuring code");
            }),
          ),
        ),
      );
      expect(failed).toBeInstanceOf(Error);
      expect(failed).not.toBeInstanceOf(CitypitchError);
      expect((failed as Error).message).toContain("says our own measuring code");
      await deck.close();
    },
    60_000,
  );

  it.skipIf(!browser)(
    "says the session's own limit stopped the browser, not a crash, when it runs out in the middle of a step",
    async () => {
      const staging = join(work, "staging-limit");
      // Every step and the whole session limited to 2 s: steps of 0.5 s run until the session's limit ends the browser.
      const deck = startDeckBrowser(staging, ["pdf"], 1, { ...process.env, CHROME_PATH: browser, CITYPITCH_STEP_TIMEOUT: "2" });
      const session = await deck.session;
      if (session instanceof CitypitchError) throw session;
      const failed = await rejectionOf(
        session.use("measure", async ({ page, step }) => {
          for (let i = 0; i < 20; i++) await step(`wait ${i}`, () => page.evaluate(() => new Promise((done) => setTimeout(done, 500))));
        }),
      );
      expect(failed).toBeInstanceOf(CitypitchError);
      expect((failed as CitypitchError).message).toMatch(
        /^the browser measuring the slides reached its limit of 2 s for every deck of the build and was stopped before it could wait \d+$/,
      );
      await deck.close();
      await expectNoProcessWith(join(staging, ".browser"));
    },
    60_000,
  );

  it.skipIf(!browser)(
    "leaves no browser behind a build that is killed outright (SIGKILL), since it is spoken to over pipes",
    async () => {
      const staging = join(work, "staging-orphan");
      const { child, ready } = await sessionChild(
        [
          `const { startDeckBrowser } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "src", "deck", "session.ts")).href)});`,
          `const session = await startDeckBrowser(${JSON.stringify(staging)}, ["pdf"], 1).session;`,
        ],
        { ...process.env, CHROME_PATH: browser },
      );
      expect(ready).toBe(true);
      expect(processesWith(join(staging, ".browser")).length).toBeGreaterThan(0);
      child.kill("SIGKILL");
      await expectNoProcessWith(join(staging, ".browser"));
    },
    60_000,
  );

  it.skipIf(!browser)(
    "lends a second page while the first is busy, each drawing frames as the front page of its own window",
    async () => {
      const staging = join(work, "staging-two");
      // Two pages whatever the cores (a machine of four or more gets them).
      const deck = startDeckBrowser(staging, ["pdf"], 2, { ...process.env, CHROME_PATH: browser }, 2);
      const session = await deck.session;
      if (session instanceof CitypitchError) throw session;
      expect(session.parallel).toBe(2);
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      // Each holds its page until both have one: the second cannot be given the first's page.
      const frames = (name: string) =>
        session.use(name, async ({ page, step }) => {
          await page.setContent(`<p>${name}</p>`);
          // A background tab gets no animation frames: this step would stall there.
          const drawn = await step("draw a frame", () => page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(done))));
          const size = await page.evaluate(() => [window.innerWidth, window.innerHeight, matchMedia("print").matches]);
          if (name === "second") release();
          await held;
          return { text: await page.evaluate(() => document.body.textContent), drawn: drawn > 0, size };
        });
      const [first, second] = await Promise.all([frames("first"), frames("second")]);
      expect([first, second]).toEqual([
        { text: "first", drawn: true, size: [1280, 720, true] },
        { text: "second", drawn: true, size: [1280, 720, true] },
      ]);
      // A third user waits for a page rather than opening one more.
      const third = await session.use("third", async ({ page }) => (await page.browser().pages()).length);
      expect(third).toBe(2);
      await deck.close();
      await expectNoProcessWith(join(staging, ".browser"));
      expect(liveChildren()).toBe(0);
    },
    60_000,
  );

  it.skipIf(!browser)(
    "starts a build's browser before validation, which the deck stage then takes over",
    async () => {
      expect(startBuildBrowserEarly([], { formats: new Set(["pdf"]) })).toBeUndefined();
      expect(startBuildBrowserEarly(["dalian"], { formats: new Set(["brochure"]), edition: "en" })).toBeUndefined();
      const saved = process.env.CHROME_PATH;
      process.env.CHROME_PATH = browser;
      try {
        const before = new Set(readdirSync(tmpdir()));
        // Without --edition: the city's editions are not known yet, and the browser starts all the same.
        const release = startBuildBrowserEarly(["dalian"], { formats: new Set(["pdf", "brochure"]) })!;
        const early = readdirSync(tmpdir()).filter((n) => n.startsWith("citypitch-browser-") && !before.has(n));
        expect(early).toHaveLength(1);
        // The stage adopts it: no second browser starts in the staging folder.
        const staging = join(work, "staging-adopt");
        const stage = sharedDeckBrowser(staging, ["pdf"], 3);
        const session = await stage.session;
        if (session instanceof CitypitchError) throw session;
        const profiles = processesWith("--user-data-dir=").filter((p) => p.includes("measure-profile"));
        expect(profiles.some((p) => p.includes("citypitch-browser-"))).toBe(true);
        expect(profiles.some((p) => p.includes(staging))).toBe(false);
        await stage.close();
        await release();
        // Only this browser: other builds running meanwhile (other test files) start theirs too.
        await expectNoProcessWith(early[0]!);
        expect(readdirSync(tmpdir()).filter((n) => early.includes(n))).toEqual([]);
        expect(liveChildren()).toBe(0);
      } finally {
        if (saved === undefined) delete process.env.CHROME_PATH;
        else process.env.CHROME_PATH = saved;
      }
    },
    60_000,
  );
});
