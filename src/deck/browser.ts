/**
 * Finding a Chromium-family browser for the PDF and PPTX decks. Looked up here rather than left to
 * marp-cli so that a missing browser is a clear, early message and not a stack from its launcher.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";
import { runCommand } from "../exec.ts";
import { childEnvironment, probeTimeoutMs } from "./convert.ts";

const INSTALL_PATHS: Partial<Record<NodeJS.Platform, (env: NodeJS.ProcessEnv) => string[]>> = {
  linux: () => [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/opt/google/chrome/chrome",
    "/snap/bin/chromium",
    "/usr/bin/microsoft-edge",
  ],
  darwin: () => [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
  ],
  win32: (env) =>
    [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].flatMap((base) =>
      base ? [join(base, "Google", "Chrome", "Application", "chrome.exe"), join(base, "Microsoft", "Edge", "Application", "msedge.exe")] : [],
    ),
};

const COMMAND_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROME_PATH when set, else the usual install locations, else a browser on PATH. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.CHROME_PATH) return isExecutable(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  const installed = INSTALL_PATHS[platform]?.(env) ?? [];
  const onPath = (env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => COMMAND_NAMES.map((name) => join(dir, name)));
  return [...installed, ...onPath].find(isExecutable);
}

const LABELS: Record<string, string> = { md: "Markdown", html: "HTML", pdf: "PDF", pptx: "PPTX", "pptx-images": "picture PPTX" };
const listed = (formats: readonly string[]) => formats.map((f) => LABELS[f] ?? f).join(" and ");

/** `written`: the browser-free formats that were still built, so the user knows what they have. */
export function missingBrowserError(formats: readonly string[], written: readonly string[], env: NodeJS.ProcessEnv = process.env): CitypitchError {
  const reason = env.CHROME_PATH ? `CHROME_PATH is set to ${env.CHROME_PATH}, which is not an executable file` : "no Chrome, Chromium or Edge was found";
  const kept = written.length === 0 ? "" : `; the ${listed(written)} deck${written.length > 1 ? "s were" : " was"} still written`;
  return new CitypitchError(
    EXIT.missingTool,
    `the ${listed(formats)} deck${formats.length > 1 ? "s need" : " needs"} a Chromium-family browser, and ${reason}${kept}`,
    [],
    "install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome) or set CHROME_PATH to its executable, then build again; or build only what needs no browser, --formats charts,brochure,md,pptx",
  );
}

/**
 * `<browser> --version` under a short limit. A browser that cannot print its version will not
 * convert a deck either, and this finds out in seconds rather than after marp-cli's launch
 * timeouts (or never, for a program that does not answer at all).
 */
export async function probeBrowser(
  browserPath: string,
  formats: readonly string[],
  scratchDir: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<CitypitchError | undefined> {
  // chrome.exe prints no version on Windows (it starts the browser instead); marp-cli's own launch
  // timeout and the step limit are all there is there.
  if (platform === "win32") return undefined;
  const timeoutMs = probeTimeoutMs(env);
  const result = await runCommand(browserPath, ["--version"], { cwd: scratchDir, env: childEnvironment(scratchDir, env), timeoutMs });
  let reason: string | undefined;
  if (result.timedOut) reason = `did not answer \`--version\` within ${Number((timeoutMs / 1000).toFixed(1))} s`;
  else if (result.spawnError) reason = `could not be started (${result.spawnError.message})`;
  else if (result.code !== 0) {
    const said = (result.stderr.trim() || result.stdout.trim()).split("\n").at(-1)?.trim();
    reason = `failed on \`--version\` (${result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`})${said ? `: ${said}` : ""}`;
  }
  if (!reason) return undefined;
  const source = env.CHROME_PATH ? " (from CHROME_PATH)" : "";
  return new CitypitchError(
    EXIT.missingTool,
    `the ${listed(formats)} deck${formats.length > 1 ? "s need" : " needs"} a working Chromium-family browser, and the browser at ${browserPath}${source} ${reason}`,
    [],
    "set CHROME_PATH to a working Chromium or Chrome executable (Debian/Ubuntu: `sudo apt-get install chromium`) and build again; or build only what needs no browser, --formats charts,brochure,md,pptx",
  );
}
