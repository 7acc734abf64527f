/**
 * marp-cli, run as a child process: one run per format converts every city's deck, so one browser
 * launch serves them all. (The build's own HTML is made in process by bespoke.ts, which mirrors
 * marp-cli's page; marp-cli runs for what that does not mirror, and for benchmarks and tests.) A child (not the in-process API) because only a process can be timed out
 * and killed with the browser it started, and given its own temp folder, where the browser's
 * profile lands and is removed with it. Its progress lines time each file and explain a failure;
 * they never reach the build log.
 */
import { createRequire } from "node:module";
import { rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";
import { runCommand } from "../exec.ts";
import { onInterrupt } from "../interrupt.ts";
import { makeOwnTempFolder } from "../tempFolders.ts";

export type ConvertFormat = "html" | "pdf" | "pptx";

/**
 * Engine settings only a config file can carry. Raw HTML is limited to the few tags and attributes
 * the templates write (data is escaped, so these come from templates alone), and the word breaks
 * marked in Chinese display type (phrases.ts). Emoji stay Unicode
 * text: twemoji would turn them into CDN image links. Math is off: a `$` in data is never TeX.
 */
export const MARP_CONFIG = {
  html: { span: ["class", "lang"], div: ["class"], br: [], wbr: [] },
  options: { emoji: { shortcode: false, unicode: false }, math: false },
};

export async function writeMarpConfig(path: string): Promise<void> {
  await writeFile(path, JSON.stringify(MARP_CONFIG, null, 2) + "\n");
}

/** The environment variable that replaces every step's computed time limit (seconds). */
export const STEP_TIMEOUT_VARIABLE = "CITYPITCH_STEP_TIMEOUT";

/**
 * Time limits per marp-cli run. Measured medians on a loaded 2-core machine (load average 5 to 8):
 * after about 3 s of process and browser start, HTML takes 0.3 s a deck, PDF 1 s (5 in parallel)
 * to 1.5 s (one at a time), PPTX 3.5 s (one at a time); 10 cities' PDF and PPTX take 65 s in all.
 * The allowances are about eight times those, so a slow machine does not fail a good build, while a
 * browser that has stopped answering is stopped within minutes rather than hanging the build.
 */
const LIMITS: Record<ConvertFormat, { baseMs: number; perDeckMs: number }> = {
  html: { baseMs: 30_000, perDeckMs: 5_000 },
  pdf: { baseMs: 60_000, perDeckMs: 15_000 },
  pptx: { baseMs: 60_000, perDeckMs: 30_000 },
};

/**
 * Decks marp-cli converts at once. PPTX one at a time: with two or more at once, six decks stall
 * the browser (screenshots stop coming) until it fails minutes later, exit 4. PDF printing shares
 * the browser without stalling (measured with 3, 10 and 20 decks at five at once) and is twice as
 * fast that way.
 */
const PARALLEL: Record<ConvertFormat, number> = { html: 5, pdf: 5, pptx: 1 };

/** `--version` prints and exits before the browser starts: seconds mean it never will. */
export const PROBE_TIMEOUT_MS = 10_000;

/** The step limit from CITYPITCH_STEP_TIMEOUT, when set. */
export function stepTimeoutOverride(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[STEP_TIMEOUT_VARIABLE]?.trim();
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CitypitchError(EXIT.usage, `${STEP_TIMEOUT_VARIABLE} must be a positive number of seconds, got "${raw}"`, [], `unset it to use the built-in limits`);
  }
  return seconds * 1000;
}

export function convertTimeoutMs(format: ConvertFormat, decks: number, env: NodeJS.ProcessEnv = process.env): number {
  const limit = LIMITS[format];
  return stepTimeoutOverride(env) ?? limit.baseMs + limit.perDeckMs * decks;
}

export function probeTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return Math.min(PROBE_TIMEOUT_MS, stepTimeoutOverride(env) ?? Infinity);
}

/**
 * Scratch locations for a child: its temp folder (Node's os.tmpdir(), where puppeteer makes the
 * browser profile and marp-cli its own data folder; Chromium's temp files) and its config and
 * cache folders (where Chromium keeps crash reports) point into `scratch`, so nothing outlives it.
 */
export function childEnvironment(scratch: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, TMPDIR: scratch, TMP: scratch, TEMP: scratch, XDG_CONFIG_HOME: scratch, XDG_CACHE_HOME: scratch, NO_COLOR: "1", FORCE_COLOR: "0" };
}

/**
 * Chromium makes its singleton socket at <temp>/org.chromium.Chromium.XXXXXX/SingletonSocket and
 * aborts ("Socket path too long") when that passes the Unix socket limit: 108 bytes on Linux, 104
 * on macOS, each with the closing NUL. A staging folder in a deep output folder is often too long.
 */
const SOCKET_TAIL = "/org.chromium.Chromium.XXXXXX/SingletonSocket";
const SOCKET_PATH_MAX = 103;

/**
 * A temp folder for the children: `preferred` (inside the staging folder, so whatever removes that
 * removes it too) when Chromium can put its socket there, else a fresh folder in the system temp
 * folder, or in /tmp when even that is too deep (src/tempFolders.ts). Either way the caller removes it.
 */
export async function makeScratch(preferred: string): Promise<string> {
  if (socketFits(preferred)) {
    await mkdir(preferred, { recursive: true });
    return preferred;
  }
  const own = await makeOwnTempFolder("", socketFits);
  // Outside the staging folder, which an interrupted build removes: this one is removed with it
  // (the sweep after the next build would find it otherwise, src/tempFolders.ts).
  onInterrupt(() => rmSync(own, { recursive: true, force: true }));
  return own;
}

const socketFits = (scratch: string) => Buffer.byteLength(scratch + SOCKET_TAIL) <= SOCKET_PATH_MAX;

function marpBin(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("@marp-team/marp-cli/package.json");
  const { bin } = require(manifest) as { bin: string | Record<string, string> };
  return join(dirname(manifest), typeof bin === "string" ? bin : bin.marp!);
}

export interface ConvertJob {
  format: ConvertFormat;
  /** Holds <slug>/<slug>-deck.md for every city; the outputs mirror it under outputDir. */
  inputDir: string;
  outputDir: string;
  themePath: string;
  configPath: string;
  browserPath?: string;
  /** How many decks inputDir holds (sets the time limit). */
  decks: number;
  /** The child's temp folder; the caller removes it. */
  scratchDir: string;
  env?: NodeJS.ProcessEnv;
}

/** A file marp-cli wrote, and how long after the run started it reported it. */
export interface Converted {
  path: string;
  ms: number;
}

/** The flags alone, so a benchmark can run the marp binary the same way. */
export type MarpFlags = Pick<ConvertJob, "format" | "inputDir" | "outputDir" | "themePath" | "configPath" | "browserPath">;

export function marpArguments(job: MarpFlags): string[] {
  const args = ["--no-stdin", "--config-file", job.configPath, "--theme", job.themePath, "--input-dir", job.inputDir, "--output", job.outputDir];
  // Bookmarks from the slide headings only: "Page 3" entries add nothing a reader can use.
  // (Set in a config file, pdfOutlines would turn every conversion into a PDF one.)
  if (job.format === "pdf") args.push("--pdf", "--pdf-outlines", "--pdf-outlines.pages=false");
  if (job.format === "pptx") args.push("--pptx");
  args.push("--parallel", String(PARALLEL[job.format]));
  if (job.browserPath) args.push("--browser-path", job.browserPath);
  return args;
}

export async function convertDecks(job: ConvertJob): Promise<Converted[]> {
  const env = job.env ?? process.env;
  const timeoutMs = convertTimeoutMs(job.format, job.decks, env);
  const converted: Converted[] = [];
  const lines: string[] = [];
  const started = performance.now();
  const result = await runCommand(process.execPath, [marpBin(), ...marpArguments(job)], {
    cwd: job.scratchDir,
    env: childEnvironment(job.scratchDir, env),
    timeoutMs,
    onLine: (raw) => {
      const line = raw.replace(/\x1b\[[0-9;]*m/g, "");
      lines.push(line);
      const done = / => (.+)$/.exec(line);
      if (done) converted.push({ path: resolve(job.scratchDir, done[1]!.trim()), ms: performance.now() - started });
    },
  });
  if (result.timedOut) {
    throw new CitypitchError(
      EXIT.renderFailed,
      `marp-cli did not finish the ${label(job.format)} deck(s) within ${seconds(timeoutMs)} and was stopped${detail(lines)}`,
      [],
      job.format === "html"
        ? `build again; if it keeps happening, raise the limit with ${STEP_TIMEOUT_VARIABLE}=<seconds> or build with --formats md`
        : `the browser (${job.browserPath ?? "found by marp-cli"}) may have stalled: set CHROME_PATH to another Chromium to compare, raise the limit with ${STEP_TIMEOUT_VARIABLE}=<seconds>, or build only what needs no browser, --formats charts,brochure,md,pptx`,
    );
  }
  if (result.spawnError) throw failure(job.format, `could not start marp-cli: ${result.spawnError.message}`, lines);
  if (result.code !== 0) {
    throw failure(job.format, result.signal ? `marp-cli was killed by ${result.signal}` : `marp-cli exited with code ${result.code}`, lines);
  }
  return converted;
}

const label = (format: ConvertFormat) => format.toUpperCase();
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

function detail(lines: readonly string[]): string {
  const shown = lines.filter((l) => /ERROR|WARN/.test(l));
  return shown.length > 0 ? `\n${shown.join("\n")}` : "";
}

function failure(format: ConvertFormat, message: string, lines: readonly string[]): CitypitchError {
  return new CitypitchError(
    EXIT.renderFailed,
    `marp-cli could not write the ${label(format)} deck(s): ${message}${detail(lines)}`,
    [],
    format === "html"
      ? undefined
      : "check that the browser starts (set CHROME_PATH to another one to compare), or build only what needs no browser, --formats charts,brochure,md,pptx",
  );
}
