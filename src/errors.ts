/**
 * Errors meant for people. A known failure is a CitypitchError: it carries every problem found,
 * each with where it is and what to do, and an exit code. Anything else is a bug and keeps its stack.
 */
import { isAbsolute, relative, resolve } from "node:path";

export const EXIT = {
  ok: 0,
  invalidData: 1,
  usage: 2,
  /** A needed tool (a browser for PDF/PPTX decks) is missing from this machine. */
  missingTool: 3,
  /** Rendering failed for a reason the user can fix (a template names a missing field). */
  renderFailed: 4,
  /**
   * The output folder cannot be used: not writable, disk full, a file or a folder citypitch did
   * not make in the way, or another build writing to it.
   */
  output: 5,
  bug: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Location {
  /** Path relative to the project root, as the user would type it. */
  file: string;
  line?: number;
  column?: number;
}

export interface Problem {
  severity: "error" | "warning";
  location: Location;
  /** Dotted field path inside the file, when there is one. */
  path?: string;
  message: string;
  hint?: string;
}

export class CitypitchError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly problems: readonly Problem[] = [],
    readonly hint?: string,
  ) {
    super(message);
    this.name = "CitypitchError";
  }
}

/**
 * Where the project's root lies, when it is not the folder the command was run from (--project):
 * a location is relative to the root, and is shown relative to the current folder instead, so the
 * path printed is the one the user can open ("../proj/data/brand.yaml", not a "data/brand.yaml"
 * that names another project's file where they stand).
 */
let shownFrom: { root: string; cwd: string } | undefined;
export function showLocationsFrom(root: string, cwd = process.cwd()): void {
  shownFrom = resolve(root) === resolve(cwd) ? undefined : { root, cwd };
}

export function formatLocation({ file: given, line, column }: Location): string {
  const file = shownFrom && !isAbsolute(given) ? relative(shownFrom.cwd, resolve(shownFrom.root, given)) || given : given;
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

/** One line per problem, `file:line:col  path: message`, with the hint indented beneath it. */
export function formatProblem(problem: Problem): string {
  const where = formatLocation(problem.location);
  const field = problem.path ? `${problem.path}: ` : "";
  const severity = problem.severity === "warning" ? "warning: " : "";
  const head = `${where}  ${severity}${field}${problem.message}`;
  return problem.hint ? `${head}\n    hint: ${problem.hint}` : head;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join("\n");
}

/** Errors first, then by file and line, so a report reads top to bottom like the files. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const rank = (p: Problem) => (p.severity === "error" ? 0 : 1);
  return [...problems].sort(
    (a, b) =>
      rank(a) - rank(b) || a.location.file.localeCompare(b.location.file) || (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0),
  );
}
