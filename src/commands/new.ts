/** `citypitch new <slug>`: a city file with every field present and commented, to fill in. */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import Handlebars from "handlebars";
import { CitypitchError, EXIT, type ExitCode } from "../errors.ts";
import type { Options } from "../options.ts";
import { RESERVED_SLUGS, SLUG } from "../data/schema.ts";
import { templateDir } from "../project.ts";

export async function runNew(args: readonly string[], options: Options): Promise<ExitCode> {
  const [slug, ...extra] = args;
  if (!slug || extra.length > 0) throw new CitypitchError(EXIT.usage, "`new` takes exactly one slug", [], "for example: citypitch new testville");
  if (!SLUG.test(slug)) throw new CitypitchError(EXIT.usage, `"${slug}" is not a valid slug`, [], "use lower-case letters and digits in words joined by -, at most 64 characters");
  if (RESERVED_SLUGS.includes(slug)) throw new CitypitchError(EXIT.usage, `"${slug}" is reserved: output/${slug}/ holds the portfolios`, [], "give the city another slug");
  const target = join(options.dataDir, "cities", `${slug}.yaml`);
  const shown = relative(options.root, target);
  if (existsSync(target)) throw new CitypitchError(EXIT.usage, `${shown} already exists`, [], "choose another slug or edit the existing file");
  const scaffold = await readFile(join(templateDir(options.root, "scaffold"), "city.yaml.hbs"), "utf8");
  const name = slug
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
  const text = Handlebars.create().compile(scaffold, { noEscape: true, strict: true })({ slug, name });
  await mkdir(join(options.dataDir, "cities"), { recursive: true });
  await writeFile(target, text, { flag: "wx" });
  console.log(`wrote ${shown}\nfill in the TODOs, then run: citypitch check ${slug}`);
  return EXIT.ok;
}
