/**
 * `citypitch init [dir]`: a project folder that builds at once: the example city Sampleport (made
 * up), its sources, the default brand with its logo, the JSON Schemas editors complete fields from,
 * and with --templates a copy of the shipped templates to edit. Never overwrites a file: a folder
 * that is not empty is refused, and with --force only the files it lacks are added.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { CitypitchError, EXIT, type ExitCode } from "../errors.ts";
import type { Options } from "../options.ts";
import { PACKAGE_ROOT } from "../project.ts";

export interface InitFlags {
  /** Copy the shipped templates into the project, where they override citypitch's own. */
  templates: boolean;
  /** Write into a folder that already has files, adding only the ones it lacks. */
  force: boolean;
}

/** Template folders a project can override; the scaffold itself is citypitch's business. */
const EDITABLE_TEMPLATES = ["brochure", "deck", "portfolio", "messages"];
export const EXAMPLE_CITY = "sampleport";

/** Every file of `dir`, relative to it. */
function filesIn(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

/** What init copies, as [from (absolute), to (relative to the project)]. Pure but for listing folders. */
export function scaffoldFiles(flags: Pick<InitFlags, "templates">): [string, string][] {
  const from = (dir: string, to = dir) => filesIn(join(PACKAGE_ROOT, dir)).map((f): [string, string] => [join(PACKAGE_ROOT, dir, f), join(to, f)]);
  // npm leaves files named .gitignore out of a package, so the scaffold's is stored without the dot.
  const project = from(join("templates", "scaffold", "project"), ".").map(([abs, rel]): [string, string] => [abs, rel === "gitignore" ? ".gitignore" : rel]);
  return [
    ...project,
    [join(PACKAGE_ROOT, "data", "brand.yaml"), join("data", "brand.yaml")],
    ...from(join("data", "brand")),
    ...from("schema"),
    ...(flags.templates ? EDITABLE_TEMPLATES.flatMap((kind) => from(join("templates", kind))) : []),
  ];
}

export async function runInit(args: readonly string[], options: Options, flags: InitFlags): Promise<ExitCode> {
  if (args.length > 1) throw new CitypitchError(EXIT.usage, "`init` takes at most one folder", [], "for example: citypitch init my-cities");
  const target = args[0] === undefined ? options.root : resolve(args[0]);
  const shown = relative(process.cwd(), target) || ".";
  if (existsSync(target) && !statSync(target).isDirectory()) throw new CitypitchError(EXIT.usage, `${shown} is a file, not a folder`, [], "name a new folder for the project");
  const present = existsSync(target) ? readdirSync(target) : [];
  if (present.length > 0 && !flags.force) {
    throw new CitypitchError(
      EXIT.usage,
      `${shown} is not empty (it has ${present.slice(0, 3).join(", ")}${present.length > 3 ? ", …" : ""})`,
      [],
      "name a new or empty folder, or add --force to add only the files it lacks (nothing is overwritten)",
    );
  }
  let written = 0;
  const kept: string[] = [];
  for (const [from, to] of scaffoldFiles(flags)) {
    const dest = join(target, to);
    if (existsSync(dest)) {
      kept.push(to);
      continue;
    }
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(from, dest);
    written++;
  }
  const cd = shown === "." ? "" : `cd ${shown} && `;
  console.log(
    `wrote ${written} file(s) in ${shown}${kept.length > 0 ? `; kept ${kept.length} that were already there (${kept.slice(0, 3).join(", ")}${kept.length > 3 ? ", …" : ""})` : ""}`,
  );
  console.log(`next: ${cd}citypitch build ${EXAMPLE_CITY}   (an example, made-up city; see README.md)`);
  return EXIT.ok;
}
