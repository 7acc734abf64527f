/** The resolved options every command receives: flags parsed and checked once, here. */
import { resolve } from "node:path";
import { CitypitchError, EXIT } from "./errors.ts";

export const FORMATS = ["charts", "brochure", "md", "html", "pdf", "pptx", "pptx-images"] as const;
export type Format = (typeof FORMATS)[number];
/** What a build makes when --formats is not given: everything but the opt-in picture PPTX. */
export const DEFAULT_FORMATS: readonly Format[] = FORMATS.filter((f) => f !== "pptx-images");
export type Paper = "a4" | "letter";

export interface CliFlags {
  out?: string;
  data?: string;
  formats?: string;
  paper?: string;
  "max-age"?: string;
  strict: boolean;
}

export interface Options {
  root: string;
  dataDir: string;
  outDir: string;
  formats: ReadonlySet<Format>;
  paper: Paper;
  maxFigureAgeYears: number;
  strict: boolean;
}

export function resolveOptions(flags: CliFlags, root: string): Options {
  const problems: string[] = [];
  const formats = (flags.formats ?? DEFAULT_FORMATS.join(",")).split(",").map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0) problems.push(`--formats: unknown format(s) ${unknown.join(", ")}; choose from ${FORMATS.join(", ")}`);
  else if (formats.length === 0) problems.push(`--formats: no format named; choose from ${FORMATS.join(", ")}`);
  const paper = (flags.paper ?? "a4").toLowerCase();
  if (paper !== "a4" && paper !== "letter") problems.push(`--paper: expected a4 or letter, got "${flags.paper}"`);
  const maxAge = Number(flags["max-age"] ?? 3);
  if (!Number.isInteger(maxAge) || maxAge < 0) problems.push(`--max-age: expected a whole number of years, got "${flags["max-age"]}"`);
  if (problems.length > 0) throw new CitypitchError(EXIT.usage, problems.join("\n"), [], "run `citypitch --help` for the options");
  return {
    root,
    dataDir: resolve(root, flags.data ?? "data"),
    outDir: resolve(root, flags.out ?? "output"),
    formats: new Set(formats as Format[]),
    paper: paper as Paper,
    maxFigureAgeYears: maxAge,
    strict: flags.strict,
  };
}
