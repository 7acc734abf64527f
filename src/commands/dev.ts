/**
 * `citypitch dev [slug...]`: build, serve a live preview on 127.0.0.1, and rebuild on every change
 * to the data, the templates or the brand files. Each rebuild is an ordinary build into the normal
 * output folder (--out), so the preview shows exactly what `build` ships and a later `build` finds
 * everything in the cache; by default it makes only what the preview shows (brochure, deck Markdown
 * and HTML), the other formats' files staying from the last full build (marked carriedOver).
 * A build that fails leaves the output as it was: the page lays the problems over it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { CitypitchError, EXIT, formatProblems, type ExitCode } from "../errors.ts";
import { runBuild } from "../build.ts";
import { listCitySlugs } from "../data/validate.ts";
import { onInterrupt } from "../interrupt.ts";
import type { Format, Options } from "../options.ts";
import { describeFailure, readPreviewCities, type PreviewState } from "../dev/state.ts";
import { startPreviewServer } from "../dev/server.ts";
import { watchedPaths, watchProject } from "../dev/watch.ts";
import { PACKAGE_ROOT } from "../project.ts";

export const DEFAULT_PORT = 4321;
/** What the preview shows; `--formats` replaces it. */
export const DEV_FORMATS: readonly Format[] = ["brochure", "md", "html"];

export interface DevFlags {
  port?: string;
  /** The raw --formats flag: given, it is used as is; absent, the preview's formats are built. */
  formats?: string;
}

export async function runDev(rest: readonly string[], options: Options, flags: DevFlags): Promise<ExitCode> {
  const port = parsePort(flags.port);
  const devOptions: Options = flags.formats === undefined ? { ...options, formats: new Set(DEV_FORMATS) } : options;
  // Without names, every city, including one whose file appears while dev runs.
  const previewed = async () => (rest.length > 0 ? [...rest] : await listCitySlugs(options.dataDir));
  let slugs = await previewed();

  let state: PreviewState = { version: 0, building: true, cities: readPreviewCities(options.outDir, slugs) };
  const server = await startPreviewServer(options.outDir, port, state).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") throw new CitypitchError(EXIT.usage, `port ${port} on 127.0.0.1 is in use`, [], "choose another with --port, or stop what uses it");
    throw error;
  });
  const publish = (next: PreviewState) => server.publish((state = next));

  let running = false;
  let again = false;
  const rebuild = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    publish({ ...state, building: true });
    slugs = await previewed();
    const before = manifestsSignature(options.outDir, slugs);
    let failure: PreviewState["failure"];
    try {
      await runBuild(rest, devOptions);
    } catch (error) {
      failure = describeFailure(error);
      printFailure(error);
    }
    // The views reload only when the output changed: invalid data leaves them where they are.
    const changed = manifestsSignature(options.outDir, slugs) !== before;
    publish({ version: state.version + (changed ? 1 : 0), building: false, cities: readPreviewCities(options.outDir, slugs), failure });
    console.log(failure ? `\ncitypitch dev: the build failed; the preview shows the problems over the last good output` : `\ncitypitch dev: preview updated`);
    running = false;
    if (again) {
      again = false;
      await rebuild();
    }
  };

  const watcher = watchProject(
    watchedPaths(options.root, options.dataDir, PACKAGE_ROOT),
    (files) => {
      console.log(`\ncitypitch dev: ${files.map((f) => relative(options.root, f) || f).join(", ")} changed; rebuilding`);
      void rebuild();
    },
    undefined,
    options.outDir,
  );
  // Ctrl-C: the build's own cleanup (staging folder, lock, browsers) runs through the same handler;
  // this one stops listening and watching, so nothing is left behind.
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  const dispose = onInterrupt(() => {
    void watcher.close();
    void server.close();
    stopped();
  });
  console.log(`citypitch dev: preview at ${server.url}  (watching the data, templates and brand files; Ctrl-C stops)`);
  await rebuild();
  await done;
  dispose();
  return EXIT.ok;
}

function parsePort(flag: string | undefined): number {
  if (flag === undefined) return DEFAULT_PORT;
  const port = Number(flag);
  if (!/^\d+$/.test(flag) || port > 65535) throw new CitypitchError(EXIT.usage, `--port: expected a port number from 0 to 65535, got "${flag}"`, [], "0 picks a free port");
  return port;
}

/** The manifests of the previewed cities: they change exactly when a build changed the output. */
function manifestsSignature(outDir: string, slugs: readonly string[]): string {
  const hash = createHash("sha256");
  for (const slug of slugs) {
    try {
      hash.update(readFileSync(`${outDir}/${slug}/manifest.json`));
    } catch {
      hash.update(`no manifest for ${slug}`);
    }
  }
  return hash.digest("hex");
}

/** The terminal shows what the page shows: every problem with its place, field and hint. */
function printFailure(error: unknown): void {
  if (error instanceof CitypitchError) {
    if (error.problems.length > 0) console.error(formatProblems(error.problems) + "\n");
    console.error(`citypitch: ${error.message}`);
    if (error.hint) console.error(`hint: ${error.hint}`);
  } else {
    console.error("citypitch: internal error (this is a bug; please report it with the stack below)");
    console.error(error);
  }
}
