/**
 * marp-cli, driven through its programmatic API: one call per format converts every city's deck,
 * so one browser launch serves them all. Its progress lines are caught to time each file and to
 * explain a failure; they never reach the build log.
 */
import { marpCli } from "@marp-team/marp-cli";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";

export type ConvertFormat = "html" | "pdf" | "pptx";

/**
 * Engine settings only a config file can carry. Raw HTML is limited to the few tags and attributes
 * the templates write (data is escaped, so these come from templates alone). Emoji stay Unicode
 * text: twemoji would turn them into CDN image links. Math is off: a `$` in data is never TeX.
 */
export const MARP_CONFIG = {
  html: { span: ["class", "lang"], div: ["class"], br: [] },
  options: { emoji: { shortcode: false, unicode: false }, math: false },
};

export async function writeMarpConfig(path: string): Promise<void> {
  await writeFile(path, JSON.stringify(MARP_CONFIG, null, 2) + "\n");
}

export interface ConvertJob {
  format: ConvertFormat;
  /** Holds <slug>/<slug>-deck.md for every city; the outputs mirror it under outputDir. */
  inputDir: string;
  outputDir: string;
  themePath: string;
  configPath: string;
  browserPath?: string;
}

/** A file marp-cli wrote, and how long after the call started it reported it. */
export interface Converted {
  path: string;
  ms: number;
}

export function marpArguments(job: ConvertJob): string[] {
  const args = ["--no-stdin", "--config-file", job.configPath, "--theme", job.themePath, "--input-dir", job.inputDir, "--output", job.outputDir];
  // Bookmarks from the slide headings only: "Page 3" entries add nothing a reader can use.
  // (Set in a config file, pdfOutlines would turn every conversion into a PDF one.)
  if (job.format === "pdf") args.push("--pdf", "--pdf-outlines", "--pdf-outlines.pages=false");
  if (job.format === "pptx") args.push("--pptx");
  if (job.browserPath) args.push("--browser-path", job.browserPath);
  return args;
}

export async function convertDecks(job: ConvertJob): Promise<Converted[]> {
  const started = performance.now();
  const lines: string[] = [];
  const converted: Converted[] = [];
  const capture = (...parts: unknown[]) => {
    const line = parts.map(String).join(" ").replace(/\x1b\[[0-9;]*m/g, "");
    lines.push(line);
    const done = / => (.+)$/.exec(line);
    if (done) converted.push({ path: resolve(done[1]!.trim()), ms: performance.now() - started });
  };
  const saved = { warn: console.warn, log: console.log, error: console.error };
  Object.assign(console, { warn: capture, log: capture, error: capture });
  let code: number;
  try {
    code = await marpCli(marpArguments(job));
  } catch (error) {
    throw failure(job.format, error instanceof Error ? error.message : String(error), lines);
  } finally {
    Object.assign(console, saved);
  }
  if (code !== 0) throw failure(job.format, `marp-cli exited with code ${code}`, lines);
  return converted;
}

function failure(format: ConvertFormat, message: string, lines: readonly string[]): CitypitchError {
  const detail = lines.filter((l) => /ERROR|WARN/.test(l)).join("\n");
  return new CitypitchError(
    EXIT.renderFailed,
    `marp-cli could not write the ${format.toUpperCase()} deck(s): ${message}${detail ? `\n${detail}` : ""}`,
    [],
    format === "html" ? undefined : "check that the browser starts (set CHROME_PATH to another one to compare), or build with --formats md,html",
  );
}
