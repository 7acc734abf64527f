/** Finding the processes a test may have left behind, by a marker in their command line (Linux). */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { expect } from "vitest";

/** Live (not zombie) processes whose command line contains `marker`. */
export function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(marker)) found.push(`${pid} ${cmdline}`);
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** Killed processes take a moment to disappear from /proc: up to ten seconds on a busy machine (the whole suite on two cores). */
export async function expectNoProcessWith(marker: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (processesWith(marker).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(processesWith(marker)).toEqual([]);
}

/**
 * A child process (tsx) that runs `setup`, a module's worth of statements whose last one opens a
 * browser session, then loads a page and stays up: resolves once it says it is ready (false when
 * it ended first). For tests that kill it outright and look at what it leaves.
 */
export async function sessionChild(setup: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ child: ChildProcessByStdio<null, Readable, null>; ready: boolean }> {
  const script = [
    ...setup,
    "if (!('use' in session)) throw session;",
    "await session.use('load', ({ page }) => page.setContent('<p>up</p>'));",
    "console.log('ready');",
    "setInterval(() => {}, 1000);",
  ].join("\n");
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
  const ready = await new Promise<boolean>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(true));
    child.on("exit", () => resolve(false));
  });
  return { child, ready };
}
