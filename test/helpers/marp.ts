/** The plain Marp CLI, as a reader of a shipped deck Markdown would run it. */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * The HTML the Marp CLI makes of `markdown` when run in a copy of `folder` (so it reads the
 * .marprc.yml and theme shipped beside the Markdown, and writes nothing into the build's output).
 */
export function marpCliHtml(folder: string, markdown: string): string {
  const copy = mkdtempSync(join(tmpdir(), "citypitch-standalone-"));
  cpSync(folder, copy, { recursive: true });
  const marp = join(dirname(createRequire(import.meta.url).resolve("@marp-team/marp-cli/package.json")), "marp-cli.js");
  execFileSync(process.execPath, [marp, "--no-stdin", markdown, "-o", "out.html"], { cwd: copy, env: { ...process.env, TMPDIR: copy }, timeout: 120_000, stdio: "pipe" });
  return readFileSync(join(copy, "out.html"), "utf8");
}
