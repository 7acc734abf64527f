/**
 * Finding a Chromium-family browser for the PDF and PPTX decks. Looked up here rather than left to
 * marp-cli so that a missing browser is a clear, early message and not a stack from its launcher.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";

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
  const onPath = (env.PATH ?? "").split(delimiter).filter(Boolean).flatMap((dir) => COMMAND_NAMES.map((name) => join(dir, name)));
  return [...installed, ...onPath].find(isExecutable);
}

const LABELS: Record<string, string> = { md: "Markdown", html: "HTML", pdf: "PDF", pptx: "PPTX" };
const listed = (formats: readonly string[]) => formats.map((f) => LABELS[f] ?? f).join(" and ");

/** `written`: the browser-free formats that were still built, so the user knows what they have. */
export function missingBrowserError(formats: readonly string[], written: readonly string[], env: NodeJS.ProcessEnv = process.env): CitypitchError {
  const reason = env.CHROME_PATH ? `CHROME_PATH is set to ${env.CHROME_PATH}, which is not an executable file` : "no Chrome, Chromium or Edge was found";
  const kept = written.length === 0 ? "" : `; the ${listed(written)} deck${written.length > 1 ? "s were" : " was"} still written`;
  return new CitypitchError(
    EXIT.missingTool,
    `the ${listed(formats)} deck${formats.length > 1 ? "s need" : " needs"} a Chromium-family browser, and ${reason}${kept}`,
    [],
    "install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome) or set CHROME_PATH to its executable, then build again; or build with --formats md,html",
  );
}
