/** The resolved options every command receives: flags parsed and checked once, here. */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { CitypitchError, EXIT } from "./errors.ts";

export const FORMATS = ["charts", "brochure", "md", "html", "pdf", "pptx", "pptx-images", "handout"] as const;
export type Format = (typeof FORMATS)[number];
/**
 * What a build makes when --formats is not given: everything but the opt-in picture PPTX and the
 * presenter's handout (a second browser pass, wanted only where someone presents: an edition asks
 * for it in its `formats`).
 */
export const DEFAULT_FORMATS: readonly Format[] = FORMATS.filter((f) => f !== "pptx-images" && f !== "handout");
export type Paper = "a4" | "letter";

export interface CliFlags {
  project?: string;
  out?: string;
  data?: string;
  formats?: string;
  paper?: string;
  "max-age"?: string;
  edition?: string;
  strict: boolean;
  "no-cache"?: boolean;
  "with-cities"?: boolean;
}

export interface Options {
  /** The project folder (--project, default the current one): data/, output/ and templates/ are looked for here. */
  root: string;
  dataDir: string;
  outDir: string;
  formats: ReadonlySet<Format>;
  paper: Paper;
  maxFigureAgeYears: number;
  strict: boolean;
  /** --edition: build only the edition with this id (of every named city that declares it). */
  edition?: string;
  /** Whether --formats was given: then it bounds every edition's formats; without it an edition may ask for the opt-in ones. */
  formatsGiven?: boolean;
  /** Reuse artifacts whose inputs are unchanged (src/cache/); false with --no-cache. Unset means true. */
  cache?: boolean;
  /** portfolio --with-cities: build the portfolio's cities in the same run. */
  withCities?: boolean;
}

/**
 * `cwd` is where the command was run: --project, --data and --out given on the command line are
 * relative to it, as a shell user expects; the defaults are the project's own data/ and output/.
 */
export function resolveOptions(flags: CliFlags, cwd: string): Options {
  const problems: string[] = [];
  const root = resolve(cwd, flags.project ?? ".");
  if (flags.project !== undefined && !statSync(root, { throwIfNoEntry: false })?.isDirectory()) problems.push(`--project: no folder ${root}`);
  const formats = (flags.formats ?? DEFAULT_FORMATS.join(","))
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0) problems.push(`--formats: unknown format(s) ${unknown.join(", ")}; choose from ${FORMATS.join(", ")}`);
  else if (formats.length === 0) problems.push(`--formats: no format named; choose from ${FORMATS.join(", ")}`);
  const paper = (flags.paper ?? "a4").toLowerCase();
  if (paper !== "a4" && paper !== "letter") problems.push(`--paper: expected a4 or letter, got "${flags.paper}"`);
  const maxAge = Number(flags["max-age"] ?? 3);
  if (!Number.isInteger(maxAge) || maxAge < 0) problems.push(`--max-age: expected a whole number of years, got "${flags["max-age"]}"`);
  if (flags.edition !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(flags.edition))
    problems.push(`--edition: expected an edition id such as ja or print, got "${flags.edition}"`);
  if (problems.length > 0) throw new CitypitchError(EXIT.usage, problems.join("\n"), [], "run `citypitch --help` for the options");
  return {
    root,
    dataDir: flags.data === undefined ? resolve(root, "data") : resolve(cwd, flags.data),
    outDir: flags.out === undefined ? resolve(root, "output") : resolve(cwd, flags.out),
    formats: new Set(formats as Format[]),
    paper: paper as Paper,
    maxFigureAgeYears: maxAge,
    strict: flags.strict,
    ...(flags.edition !== undefined ? { edition: flags.edition } : {}),
    formatsGiven: flags.formats !== undefined,
    cache: !flags["no-cache"],
    ...(flags["with-cities"] ? { withCities: true } : {}),
  };
}
