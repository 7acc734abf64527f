/** Finding the processes a test may have left behind, by a marker in their command line (Linux). */
import { readdirSync, readFileSync } from "node:fs";
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
