#!/usr/bin/env -S npx tsx
/** argv → options → command. Known errors print cleanly with their exit code; bugs keep their stack. */
// First, so that it takes effect before the other modules run (see v8Flags.ts).
import "./v8Flags.ts";
import { parseArgs } from "node:util";
import { CitypitchError, EXIT, formatProblems, showLocationsFrom, type ExitCode, type Problem } from "./errors.ts";
import { resolveOptions, FORMATS, type CliFlags } from "./options.ts";
import { VERSION } from "./version.ts";
import { trace } from "./trace.ts";

const HELP = `citypitch ${VERSION}: investor brochures and slide decks from typed city data

Usage:
  citypitch build [slug...]    validate, then write output/<slug>/ (all cities when none named)
  citypitch check [slug...]    validate only; writes nothing
  citypitch new <slug>         scaffold data/cities/<slug>.yaml with every field, commented
  citypitch portfolio <id>     compendium PDF and comparison deck of data/portfolios/<id>.yaml in output/portfolio/<id>/;
                               with --with-cities, its cities are built into output/<slug>/ in the same run
  citypitch init [dir]         start a project in dir (default: the project folder): data, brand and
                               an example fictional city that builds at once
  citypitch dev [slug...]      live preview on http://127.0.0.1:4321/: rebuilds on every change to the
                               data, templates and brand (the brochure and deck; --formats for more)

Options:
  --project DIR      the project folder (default: the current one); data/, output/ and
                     templates/ are found there, citypitch's own templates and brand when it has none
  --out DIR          output folder (default: output in the project)
  --data DIR         data folder (default: data in the project)
  --formats LIST     comma-separated: ${FORMATS.join(",")}
                     (default: all but pptx-images, the PPTX of slide pictures)
  --paper SIZE       brochure paper: a4 or letter (default: a4; an edition's own paper wins)
  --edition ID       build only this edition of the city (its id in the city file's editions:)
  --max-age YEARS    warn on figures older than this, counted from the edition's dataAsOf (default: 3)
  --strict           treat warnings as errors
  --no-cache         build every file again instead of reusing unchanged ones from <out>/.citypitch-cache/
  --with-cities      portfolio: also build each of its cities, sharing the validation, the browser
                     and the charts (faster than \`build\` followed by \`portfolio\`)
  --templates        init: also copy citypitch's templates into the project, to edit
  --force            init: write into a folder that is not empty (existing files are kept)
  --port N           dev: the preview's port on 127.0.0.1 (default: 4321; 0 picks a free one)
  -h, --help         show this help
  -v, --version      show the version

Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 a needed tool is missing (browser),
            4 rendering failed, 5 the output folder cannot be used (not writable, disk full,
            another build writing to it, or a folder citypitch did not make in the way),
            70 internal error (a bug: please report it with the stack)`;

export async function main(argv: string[]): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        project: { type: "string" },
        out: { type: "string" },
        data: { type: "string" },
        formats: { type: "string" },
        paper: { type: "string" },
        edition: { type: "string" },
        "max-age": { type: "string" },
        strict: { type: "boolean", default: false },
        "no-cache": { type: "boolean", default: false },
        "with-cities": { type: "boolean", default: false },
        templates: { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        port: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
    });
  } catch (error) {
    throw new CitypitchError(EXIT.usage, (error as Error).message, [], "run `citypitch --help` for the options");
  }
  const { values, positionals } = parsed;
  if (values.help) return print(HELP);
  if (values.version) return print(VERSION);
  trace(`cli: arguments read (thread pool ${process.env.UV_THREADPOOL_SIZE ?? "4, libuv's default"})`);
  trace(`cli: V8 ${process.execArgv.includes("--single-threaded") ? "without its background threads (--single-threaded)" : "with its background threads"}`);
  const [command, ...rest] = positionals;
  if (values["with-cities"] && command !== "portfolio")
    throw new CitypitchError(
      EXIT.usage,
      "--with-cities goes with the portfolio command only",
      [],
      "run `citypitch portfolio <id> --with-cities` to build a portfolio and its cities",
    );
  const options = resolveOptions(values as CliFlags, process.cwd());
  showLocationsFrom(options.root);
  // The data and message files are parsed on the second core while this one loads the command.
  if (command === "build" || command === "check") (await import("./data/prefetch.ts")).prefetchProject(options, rest, command);
  (await import("./sourceDate.ts")).sourceDateEpoch();
  switch (command) {
    // Each command loads only what it needs: `--version` and `check` never load the renderers.
    case "build":
      return afterwardsClearingTemp((await import("./build.ts")).runBuild(rest, options));
    case "check":
      return (await import("./commands/check.ts")).runCheck(rest, options);
    case "new":
      return (await import("./commands/new.ts")).runNew(rest, options);
    case "portfolio":
      return afterwardsClearingTemp((await import("./commands/portfolio.ts")).runPortfolio(rest, options));
    case "dev":
      // It runs for hours: what killed builds left is cleared as it starts, beside its first build.
      void import("./tempFolders.ts").then((temp) => temp.clearDeadTempFolders()).catch(() => undefined);
      return (await import("./commands/dev.ts")).runDev(rest, options, { port: values.port, formats: values.formats });
    case "init":
      return (await import("./commands/init.ts")).runInit(rest, options, { templates: values.templates, force: values.force });
    case undefined:
      throw new CitypitchError(EXIT.usage, "no command given", [], "run `citypitch build`, `citypitch check` or `citypitch --help`");
    default:
      throw new CitypitchError(EXIT.usage, `unknown command "${command}"`, [], "the commands are build, check, new, portfolio, dev and init");
  }
}

/**
 * A build (of cities or a portfolio) clears, once it is done, the temp folders that killed builds
 * left: theirs are found by their owner's process id (src/tempFolders.ts). Done at the end, not
 * the start, so that it costs the build nothing; however the build ended.
 */
async function afterwardsClearingTemp(command: Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await command;
  } finally {
    await (await import("./tempFolders.ts")).clearDeadTempFolders();
  }
}

function print(text: string): ExitCode {
  console.log(text);
  return EXIT.ok;
}

/** A heading of their own, so that errors printed after a build's warnings are not read as more of them. */
function problemsHeading(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  if (errors === 0) return `\n${warnings} warning(s), which --strict counts as errors:`;
  return `\n${errors} error(s)${warnings > 0 ? ` and ${warnings} warning(s)` : ""}:`;
}

function report(error: unknown): ExitCode {
  if (error instanceof CitypitchError) {
    if (error.problems.length > 0) console.error(`${problemsHeading(error.problems)}\n${formatProblems(error.problems)}\n`);
    console.error(`citypitch: ${error.message}`);
    if (error.hint) console.error(`hint: ${error.hint}`);
    return error.exitCode;
  }
  console.error("citypitch: internal error (this is a bug; please report it with the stack below)");
  console.error(error);
  return EXIT.bug;
}

/**
 * The process must end when the command has: a browser or a timer some library left behind would
 * otherwise keep it alive. Output is flushed first; the timer does not itself keep the process up.
 */
function exitSoon(code: ExitCode): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}

main(process.argv.slice(2)).then(
  (code) => exitSoon(code),
  (error) => exitSoon(report(error)),
);
