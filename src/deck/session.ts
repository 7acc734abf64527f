/**
 * One headless Chromium for measuring every city's slides. Started through exec.ts (so it has a
 * time limit, runs in its own process group, and Ctrl-C kills it with the other children), with its
 * profile and temp files inside the build's scratch folder (or, when it starts before validation,
 * a temp folder of its own); puppeteer-core only connects to it.
 * Every step (start, connect, load, measure, close) has its own time limit.
 */
import { rmSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { CitypitchError, EXIT } from "../errors.ts";
import { killAllChildren, runCommand, type RunResult } from "../exec.ts";
import { onInterrupt } from "../interrupt.ts";
import { findBrowser, missingBrowserError, probeBrowser } from "./browser.ts";
import { childEnvironment, makeScratch, STEP_TIMEOUT_VARIABLE, stepTimeoutOverride } from "./convert.ts";
import { trace } from "../trace.ts";
import { DevtoolsPipe } from "./devtoolsPipe.ts";
import { makeOwnTempFolderSync } from "../tempFolders.ts";

/** Flags for a measuring browser: nothing it does may reach the network or the user's profile. */
export const BROWSER_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-extensions",
  "--disable-sync",
  "--mute-audio",
  "--hide-scrollbars",
  // Chrome's headless mode is the whole browser without a window, and it still loads the address
  // bar's drop-down (two WebUI pages, chrome://omnibox-popup.top-chrome/) in a renderer of its
  // own: 0.5 s of CPU at every start (0.88 against 0.36 s from launch to idle, medians of 3,
  // `npm run bench -- browser`), beside validation, where the build has no core to spare.
  // Names a browser does not know are ignored.
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
];

/**
 * Limits, measured medians on a loaded 2-core machine ×8 or more: the browser starts in 1–3 s, a
 * deck loads and is measured in 0.3–1 s. The whole session's limit grows with the cities.
 */
const START_MS = 30_000;
const STEP_MS = 30_000;
const SESSION_BASE_MS = 120_000;
const SESSION_PER_DECK_MS = 60_000;

/** A page to work in, with the limit its steps run under. */
export interface PageLease {
  page: Page;
  /** Runs one step in the page under the step limit. */
  step<T>(what: string, run: () => Promise<T>): Promise<T>;
}

/**
 * The build's one browser, with a few pages that its users take in turn: `use` lends a free page
 * (with the step limit) and queues the caller when none is. A page is lent to one user at a time;
 * two pages let the browser print one deck while it lays out the next, which on two cores takes
 * two decks in 0.7 of the time of one after the other. Each page beyond the first is in a browser
 * context of its own, so each is the front page of its own window: pages sharing a window stall,
 * as a background tab gets no animation frames. A user loads its own document into the page and
 * leaves it as it found it (viewport 1280 × 720, print media); each of its steps should run under
 * `step`, so a stalled browser is stopped, not waited for.
 */
export interface BrowserSession {
  use<T>(what: string, work: (lease: PageLease) => Promise<T>): Promise<T>;
  /** How many pages `use` may lend at once: callers with work for several can run that many side by side. */
  readonly parallel: number;
  /** Opens pages, up to `parallel`, for `users` who will soon work side by side, so none waits for one to open. */
  warm(users: number): void;
  /** Settles when the first user is lent a page. */
  readonly inUse: Promise<void>;
  /** Runs one step under the step limit. */
  step<T>(what: string, run: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Pages at most: two on four cores or more, where a second page lets the browser lay out one deck
 * while it prints another and this process makes a third deck's files. On fewer cores, one: a
 * build of many cities keeps two cores busy without it (this thread, the lane, the browser), and a
 * second page's renderer is a process more to start and to feed (its own copy of the fonts, its
 * own frames). Fifteen cities built 4 % faster on two cores with one page (7.33 s against 7.60 s,
 * medians of 4 interleaved runs, `portfolio fictional --with-cities`), with less CPU.
 */
export const MAX_PAGES = availableParallelism() >= 4 ? 2 : 1;

function timeoutError(what: string, ms: number, code: typeof EXIT.renderFailed | typeof EXIT.missingTool = EXIT.renderFailed): CitypitchError {
  return new CitypitchError(
    code,
    `the browser measuring the slides did not ${what} within ${Number((ms / 1000).toFixed(1))} s and was stopped`,
    [],
    `the browser may have stalled: set CHROME_PATH to another Chromium to compare, or raise the limit with ${STEP_TIMEOUT_VARIABLE}=<seconds>`,
  );
}

/**
 * Puppeteer's own errors for a page that is no more (its renderer or the whole browser ended): its
 * classes for a closed target or a protocol call cut short, and its guard against a detached frame.
 * An error a page function throws is a plain Error, whatever it says, and stays a bug to report.
 */
const pageGone = (error: Error) =>
  error.name === "TargetCloseError" || (error.name === "ProtocolError" && /closed|crashed|detached/i.test(error.message)) || /^Attempted to use detached Frame/.test(error.message);

/**
 * A page's renderer died while the browser lives: only the work that page was doing fails (a deck
 * fails alone, as a deck that does not fit does); the session replaces the page for the next.
 */
export class PageCrashedError extends CitypitchError {
  constructor(what: string) {
    super(
      EXIT.renderFailed,
      `the browser's page crashed before it could ${what} (its renderer ended; the browser went on with a fresh page)`,
      [],
      "build again; if it crashes again, watch the machine's memory (a renderer killed for lack of it ends so) or set CHROME_PATH to another Chromium",
    );
  }
}

/** Why the browser is gone, as the step it was in should say; `closing`: this process was closing it. */
function stoppedError(what: string, gone: RunResult | undefined, closing: boolean, sessionMs: number): CitypitchError {
  if (gone?.timedOut)
    return new CitypitchError(
      EXIT.renderFailed,
      `the browser measuring the slides reached its limit of ${Number((sessionMs / 1000).toFixed(1))} s for every deck of the build and was stopped before it could ${what}`,
      [],
      `the browser may have stalled: set CHROME_PATH to another Chromium to compare, or raise the limit with ${STEP_TIMEOUT_VARIABLE}=<seconds>`,
    );
  if (closing) return new CitypitchError(EXIT.renderFailed, `the browser measuring the slides was closed before it could ${what}`, [], "build again");
  const how = gone ? (gone.signal ? `killed by ${gone.signal}` : `exit code ${gone.code}`) : "its page crashed";
  return new CitypitchError(
    EXIT.renderFailed,
    `the browser measuring the slides stopped (${how}) before it could ${what}`,
    [],
    "build again; if it stops again, watch the machine's memory (a browser killed for lack of it stops so) or set CHROME_PATH to another Chromium",
  );
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `gate`, when given, runs beside the start (the `--version` probe): its rejection stops the
 * browser and is thrown, and the session is returned only once it has resolved.
 */
export async function openMeasureSession(
  browserPath: string,
  scratchDir: string,
  decks: number,
  env: NodeJS.ProcessEnv = process.env,
  gate: Promise<void> = Promise.resolve(),
  pages = MAX_PAGES,
): Promise<BrowserSession> {
  const override = stepTimeoutOverride(env);
  const stepMs = override ?? STEP_MS;
  const startMs = override ?? START_MS;
  const profile = join(scratchDir, "measure-profile");
  await mkdir(profile, { recursive: true });
  const stderr: string[] = [];
  const stopper = new AbortController();
  // Spoken to over pipes, not a port: the browser ends with this process however it ends (devtoolsPipe.ts).
  let transport: DevtoolsPipe | undefined;
  const sessionMs = override ?? SESSION_BASE_MS + SESSION_PER_DECK_MS * decks;
  const exited: Promise<RunResult> = runCommand(browserPath, [...BROWSER_FLAGS, `--user-data-dir=${profile}`, "--remote-debugging-pipe", "about:blank"], {
    cwd: scratchDir,
    env: childEnvironment(scratchDir, env),
    timeoutMs: sessionMs,
    signal: stopper.signal,
    watchTree: false,
    pipes: (write, read) => (transport = new DevtoolsPipe(write, read)),
    onLine: (line) => {
      if (line.trim()) stderr.push(line.trim());
    },
  });
  // A page or pipe goes a moment before the process is seen to end: a moment's wait tells whether it did.
  const exitedSoon = () => withTimeout(exited, 1000, () => new Error("still running")).catch(() => undefined);
  let browser: Browser | undefined;
  let closing = false;
  const close = async () => {
    closing = true;
    try {
      if (browser) await withTimeout(browser.close(), 10_000, () => timeoutError("close", 10_000)).catch(() => undefined);
      else stopper.abort();
    } finally {
      // Closed or not, the process goes: exec.ts kills what is left of it when its run ends.
      await withTimeout(exited, 15_000, () => timeoutError("exit", 15_000)).catch(() => stopper.abort());
    }
  };
  // Loaded while the browser starts (0.15–0.7 s of parsing, as long as the start itself under load),
  // not after it: the process is spawned first.
  const puppeteerLoaded = import("puppeteer-core");
  puppeteerLoaded.catch(() => undefined);
  // Every start step also ends when the gate fails; never settles otherwise.
  const gateFailed = gate.then(() => new Promise<never>(() => {}));
  gateFailed.catch(() => undefined);
  try {
    const { default: puppeteer } = await puppeteerLoaded;
    // The first answer over the pipe says the browser has started. A connection that fails is
    // reported by the browser's exit when it ended (or never started: no pipe), waited for a
    // moment; one that fails while it runs is a browser that cannot be used.
    const connecting = transport
      ? puppeteer.connect({ transport, defaultViewport: null, protocolTimeout: stepMs }).catch(async (error: unknown) => {
          await exitedSoon();
          throw new CitypitchError(
            EXIT.missingTool,
            `the browser at ${browserPath} did not answer over its DevTools pipe (${error instanceof Error ? error.message : String(error)})`,
            [],
            "set CHROME_PATH to a working Chromium or Chrome executable and build again",
          );
        })
      : new Promise<never>(() => {});
    // Settled below, or left when the start fails otherwise (the browser is stopped then).
    connecting.catch(() => undefined);
    browser = await withTimeout(
      Promise.race([
        gateFailed,
        connecting,
        exited.then((result) => {
          // The process's own limit can end it a moment before this wait's limit fires (under
          // CITYPITCH_STEP_TIMEOUT both are the same): it did not start in time either way.
          if (result.timedOut) throw timeoutError("start", startMs, EXIT.missingTool);
          const said = stderr.filter((l) => /error|fatal/i.test(l)).at(-1) ?? stderr.at(-1);
          throw new CitypitchError(
            EXIT.missingTool,
            `the browser at ${browserPath} could not be started to measure the slides (${result.spawnError?.message ?? (result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`)})${said ? `: ${said}` : ""}`,
            [],
            "set CHROME_PATH to a working Chromium or Chrome executable and build again",
          );
        }),
      ]),
      startMs,
      // A browser that answers `--version` but never starts is as good as none (exit 3).
      () => timeoutError("start", startMs, EXIT.missingTool),
    );

    // The tab the browser opened on about:blank, rather than a new one: its renderer is already
    // running, and a new tab would start (and keep) a second one.
    const opening = browser.pages().then((pages) => pages[0] ?? browser!.newPage());
    const page = await withTimeout(opening, stepMs, () => timeoutError("open a page", stepMs));
    page.setDefaultTimeout(stepMs);
    await withTimeout(page.setViewport({ width: 1280, height: 720 }), stepMs, () => timeoutError("set up its page", stepMs));
    // In print media from the start, so that a deck is measured in the layout it is printed in and
    // printing it lays nothing out again: asked to print a page in screen media, Chromium restyles
    // and lays out the whole document for print, and back afterwards, some 40 of a deck's 100 ms
    // (a 15-slide deck printed 66 against 110 ms, medians of 9). The slides' layout is the same in
    // both media: marp-cli's bare page sizes each slide to the 1280 × 720 viewport in either.
    await withTimeout(page.emulateMediaType("print"), stepMs, () => timeoutError("set up its page", stepMs));
    await gate;
    // A browser that dies, killed or crashed (out of memory on a laptop), fails the step it was in
    // as a known error, not as a bug in this program: the deck stage then stops every deck, as for
    // a stalled browser, and the other formats are still written. A page whose renderer alone dies
    // is below (crashes).
    let gone: RunResult | undefined;
    void exited.then((result) => (gone = result));
    const step = <T>(what: string, run: () => Promise<T>) =>
      // From a promise, so that what puppeteer throws at once (a detached frame) is caught as well.
      withTimeout(Promise.resolve().then(run), stepMs, () => timeoutError(what, stepMs)).catch(async (error: unknown) => {
        if (error instanceof CitypitchError || !(error instanceof Error)) throw error;
        if (!gone && connected.connected && !pageGone(error)) throw error;
        await exitedSoon();
        throw stoppedError(what, gone, closing, sessionMs);
      });
    const connected = browser;
    // A page whose renderer dies (the out-of-memory killer takes the largest process, often a
    // renderer) while the browser lives: puppeteer says so only as the page's "error" event, and a
    // step in progress would wait out its limit (30 s), as would every step after it on the dead
    // page. So its step fails at once, with an error of its own that fails that one deck, and the
    // page is replaced by a fresh one for the work after it. Each step listens for the crash only
    // while it runs: a race with one promise that lasts as long as the page would keep every
    // step's result (a PDF, a page's measures) alive until the page goes.
    const crashes = new WeakMap<Page, { crashed: boolean; listeners: Set<() => void> }>();
    const watch = (watched: Page): Page => {
      const state = { crashed: false, listeners: new Set<() => void>() };
      watched.once("error", () => {
        state.crashed = true;
        for (const heard of state.listeners) heard();
        state.listeners.clear();
      });
      crashes.set(watched, state);
      return watched;
    };
    /** Settles when `watched` crashes, or else after `ms` (never, for Infinity); `stop` lets go of it. */
    const crashOf = (watched: Page, ms: number) => {
      const state = crashes.get(watched)!;
      let stop = () => {};
      const heard = new Promise<boolean>((resolve) => {
        if (state.crashed) return resolve(true);
        const timer = ms === Infinity ? undefined : setTimeout(() => resolve(false), ms);
        const listener = () => resolve(true);
        state.listeners.add(listener);
        stop = () => {
          clearTimeout(timer);
          state.listeners.delete(listener);
        };
      });
      return { heard: heard.finally(() => stop()), stop: () => stop() };
    };
    // A step that fails as the page crashes may fail first on its own (Chromium answers a print
    // whose renderer died "Printing failed" before the page's crash event comes): its error waits
    // this long for the crash before it is taken for what it says.
    const CRASH_HEARD_MS = 300;
    const crashedLater = (watched: Page) => crashOf(watched, CRASH_HEARD_MS).heard;
    const crashedStep =
      (lent: Page) =>
      async <T>(what: string, run: () => Promise<T>): Promise<T> => {
        const crash = crashOf(lent, Infinity);
        try {
          return await step(what, () => Promise.race([run(), crash.heard.then(() => Promise.reject(new Error("the page crashed")))]));
        } catch (error) {
          if (error instanceof PageCrashedError) throw error;
          if (!(await crashedLater(lent))) throw error;
          // A browser killed whole takes its renderers with it: that is the browser stopping.
          await exitedSoon();
          if (gone || !connected.connected) throw stoppedError(what, gone, closing, sessionMs);
          throw new PageCrashedError(what);
        } finally {
          crash.stop();
        }
      };
    watch(page);
    const free: Page[] = [page];
    const waiting: { take: (page: Page) => void; fail: (error: unknown) => void }[] = [];
    let opened = 1;
    const openAnother = async (): Promise<Page> => {
      const context = await step("open a second page", () => connected.createBrowserContext());
      const another = watch(await step("open a second page", () => context.newPage()));
      another.setDefaultTimeout(stepMs);
      await crashedStep(another)("set up its second page", () => another.setViewport({ width: 1280, height: 720 }));
      await crashedStep(another)("set up its second page", () => another.emulateMediaType("print"));
      return another;
    };
    const release = (lent: Page) => {
      if (crashes.get(lent)?.crashed) return replace(lent);
      const next = waiting.shift();
      if (next) next.take(lent);
      else free.push(lent);
    };
    // A page that cannot be opened is no error while another is open: the work waits for the pages
    // there are. With none left, whoever waits hears why.
    const openOne = () => {
      opened += 1;
      openAnother().then(release, (error: unknown) => {
        opened -= 1;
        if (opened === 0) for (const waiter of waiting.splice(0)) waiter.fail(error);
      });
    };
    const warm = (users: number) => {
      while (opened < Math.min(users, pages)) openOne();
    };
    // A crashed page is closed (its window with it) and a fresh one takes its place.
    const replace = (crashed: Page) => {
      opened -= 1;
      const context = crashed.browserContext();
      void crashed
        .close()
        .then(() => (context === connected.defaultBrowserContext() ? undefined : context.close()))
        .catch(() => undefined);
      trace("browser: a page crashed; opening another");
      openOne();
    };
    // A free page, or the next one released: one opened for this caller, when there may be another.
    const acquire = (): Promise<Page> => {
      for (let idle = free.pop(); idle; idle = free.pop()) {
        if (!crashes.get(idle)?.crashed) return Promise.resolve(idle);
        replace(idle);
      }
      warm(opened + 1);
      return new Promise((take, fail) => waiting.push({ take, fail }));
    };
    let used: () => void = () => {};
    const inUse = new Promise<void>((resolve) => (used = resolve));
    const use = async <T>(what: string, work: (lease: PageLease) => Promise<T>): Promise<T> => {
      used();
      const lent = await acquire();
      try {
        trace(`browser: ${what}`);
        return await work({ page: lent, step: crashedStep(lent) });
      } catch (error) {
        // Work that failed as its page crashed (puppeteer's error, outside a step) must not hand the dead page on.
        if (!(error instanceof CitypitchError)) await crashedLater(lent);
        throw error;
      } finally {
        release(lent);
      }
    };
    return { step, use, close, warm, inUse, parallel: pages };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A browser session being started, shared by the stages that need it; the starter closes it. */
export interface DeckBrowser {
  /** The session, or why there is none: no browser, a broken one (exit 3), or one that stalled. */
  session: Promise<BrowserSession | CitypitchError>;
  close(): Promise<void>;
}

/**
 * Finds, probes and starts the browser in the background, so that it starts while other work (the
 * charts) runs. `formats` are the formats that need it, named in its errors. Its profile and temp
 * files go in a scratch folder inside `stagingDir` (or the system temp folder when the socket path
 * would be too long there), removed on close.
 */
export function startDeckBrowser(stagingDir: string, formats: readonly string[], decks: number, env: NodeJS.ProcessEnv = process.env, pages = MAX_PAGES): DeckBrowser {
  let scratch: string | undefined;
  // Closing a browser still starting stops its start rather than waiting for it.
  let cancel: (error: CitypitchError) => void = () => {};
  const cancelled = new Promise<never>((_, reject) => (cancel = reject));
  cancelled.catch(() => undefined);
  const session = (async (): Promise<BrowserSession | CitypitchError> => {
    trace("browser: starting");
    scratch = await makeScratch(join(stagingDir, ".browser"));
    const browser = findBrowser(env);
    if (!browser) return measuringError(missingBrowserError(formats, [], env));
    // The probe runs beside the start rather than before it (it takes 70–100 ms through a distro's
    // wrapper script): a failed probe stops the start, and its error is the one reported, as when
    // it ran first; a start that fails on its own waits for the probe, whose message says more.
    const probed = probeBrowser(browser, formats, scratch, env);
    const gate = Promise.race([
      cancelled,
      probed.then((missing) => {
        if (missing) throw missing;
      }),
    ]);
    // Handled where it is awaited, which may be after it fails (a close while the profile is made).
    gate.catch(() => undefined);
    const opened = await openMeasureSession(browser, scratch, decks, env, gate, pages).catch(async (error: unknown) => {
      const missing = await probed;
      if (missing) return measuringError(missing);
      if (error instanceof CitypitchError) return error;
      throw error;
    });
    trace("browser: ready");
    return opened;
  })();
  return {
    session,
    async close() {
      cancel(new CitypitchError(EXIT.renderFailed, "the browser was closed while it started", []));
      const opened = await session.catch(() => undefined);
      if (opened && !(opened instanceof CitypitchError)) await opened.close();
      if (scratch) await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** A missing or broken browser, said for the deck as a whole: it is needed to measure the slides. */
function measuringError(error: CitypitchError): CitypitchError {
  return new CitypitchError(
    error.exitCode,
    `${error.message} (every deck format needs one: the slides are measured in it so that nothing runs off a slide)`,
    error.problems,
    error.hint,
  );
}

const shared = new Map<string, { browser: DeckBrowser; users: number }>();

/** The formats that need the browser. */
const DECK_FORMATS = ["md", "html", "pdf", "pptx-images", "handout"];

/**
 * The build's one browser, shared by every stage that needs a page (the deck, the handout): the
 * first caller starts it in a scratch folder inside `stagingDir`, later callers join it, and it
 * closes when the last of them calls close(). Stages that run side by side thus take turns in one
 * page (session.use) instead of starting a browser each. `formats` name the first caller's formats
 * in the error when there is no browser.
 */
export function sharedDeckBrowser(stagingDir: string, formats: readonly string[], decks: number): DeckBrowser {
  let entry = shared.get(stagingDir);
  if (!entry) {
    // The browser started before validation, if its limits allow this many decks.
    const adopted = early && early.decks >= decks ? early : undefined;
    if (adopted) adopted.adopted = true;
    else void early?.browser.close();
    early = undefined;
    entry = { browser: adopted?.browser ?? startDeckBrowser(stagingDir, formats, decks), users: 0 };
    shared.set(stagingDir, entry);
  }
  const mine = entry;
  mine.users += 1;
  let closed = false;
  return {
    session: mine.browser.session,
    async close() {
      if (closed) return;
      closed = true;
      mine.users -= 1;
      if (mine.users > 0) return;
      shared.delete(stagingDir);
      await mine.browser.close();
    },
  };
}

/**
 * Starts the build's browser (sharedDeckBrowser) before the charts are drawn, so that it is up when
 * the deck stage, or another stage that borrows its page, asks for it; this module is light, so
 * the browser process is spawned at once. Returns its release.
 */
export async function prepareDeck(input: { staging: { dir: string }; options: { formats: ReadonlySet<string> }; contexts: readonly unknown[] }): Promise<() => Promise<void>> {
  const wanted = DECK_FORMATS.filter((f) => input.options.formats.has(f));
  if (wanted.length === 0 || input.contexts.length === 0) return async () => {};
  const browser = sharedDeckBrowser(input.staging.dir, wanted, input.contexts.length);
  return () => browser.close();
}

let early: { browser: DeckBrowser; decks: number; adopted: boolean } | undefined;

/**
 * Starts the build's browser before validation, in a scratch folder of the system temp folder (the
 * staging folder does not exist yet): Chromium's start (~1 s of CPU in other processes) then runs
 * beside validation, when the second core has little to do, rather than beside the charts and the
 * deck. The first sharedDeckBrowser call adopts it if it was started for enough `decks`. Returns
 * its release, to call when the build ends: it closes the browser if no stage adopted it.
 */
export function startDeckBrowserEarly(formats: readonly string[], decks: number): () => Promise<void> {
  const base = makeOwnTempFolderSync("browser");
  const started = startDeckBrowser(base, formats, decks);
  // Until the output folder's own handler is set up, a Ctrl-C must not leave a browser behind.
  const disposeInterrupt = onInterrupt(() => {
    killAllChildren();
    rmSync(base, { recursive: true, force: true });
  });
  let closing: Promise<void> | undefined;
  const browser: DeckBrowser = {
    session: started.session,
    close: () => (closing ??= started.close().finally(() => rm(base, { recursive: true, force: true, maxRetries: 3 }))),
  };
  const mine = { browser, decks, adopted: false };
  early = mine;
  return async () => {
    disposeInterrupt();
    if (early === mine) early = undefined;
    if (!mine.adopted) await browser.close();
  };
}

/**
 * Editions a city is assumed to have, before validation says, when no --edition is given. Only the
 * early browser's overall time limit depends on it (a safety net: each step has its own); a city
 * with more decks than this gets a browser of its own, started after validation.
 */
const EDITIONS_ASSUMED = 6;

/**
 * startDeckBrowserEarly for a build that will make a deck: named cities and a deck format wanted.
 * Undefined (nothing started) otherwise.
 */
export function startBuildBrowserEarly(slugs: readonly string[], options: { formats: ReadonlySet<string>; edition?: string }): (() => Promise<void>) | undefined {
  const wanted = DECK_FORMATS.filter((f) => options.formats.has(f));
  if (wanted.length === 0 || slugs.length === 0) return undefined;
  return startDeckBrowserEarly(wanted, slugs.length * (options.edition === undefined ? EDITIONS_ASSUMED : 1));
}
