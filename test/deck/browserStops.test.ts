/**
 * A browser that dies in the middle of a build (killed as the out-of-memory killer would kill it)
 * costs only the decks it had not finished: the build says what happened, as a known error, keeps
 * the deck files it wrote before, and writes every other format.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { ROOT } from "../helpers/project.ts";

const browser = findBrowser();
const work = mkdtempSync(join(tmpdir(), "citypitch-browser-stops-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A process's parent, from /proc (0 once it is gone). */
function parentOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return 0;
  }
}

/** Live processes whose command line contains `marker` and that `belongs` accepts. */
function processes(marker: string, belongs: (pid: string) => boolean): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker) && belongs(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The browsers `parent` started itself (Chromium's main process, spoken to over pipes). */
const browsersOf = (parent: number) => processes("--remote-debugging-pipe", (pid) => parentOf(pid) === parent);

/** The renderer processes of the browser `parent` started (through its zygote). */
function renderersOf(parent: number): number[] {
  const browsers = new Set(browsersOf(parent));
  return processes("--type=renderer", (pid) => {
    for (let at = parentOf(pid), hops = 0; at > 1 && hops < 6; at = parentOf(String(at)), hops++) if (browsers.has(at)) return true;
    return false;
  });
}

/** `build` of `slugs` (PDF deck and brochure) in a child, its trace on stderr, which `watch` reads as it grows. */
function buildWatched(slugs: readonly string[], data: string, out: string, watch: (stderr: string, pid: number) => void) {
  const build = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli.ts"), "build", ...slugs, "--formats", "pdf,brochure", "--data", data, "--out", out], {
    cwd: ROOT,
    env: { ...process.env, CHROME_PATH: browser, CITYPITCH_TRACE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  build.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    watch(stderr, build.pid!);
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) => build.on("exit", (code) => resolve({ code, stderr })));
}

describe.skipIf(!browser || process.platform !== "linux")("a browser killed in the middle of a build", () => {
  it("keeps the decks printed before, fails the others with what happened, and writes the other formats", async () => {
    const data = join(work, "data");
    const slugs = writeFictionalProject(data, 2, 5);
    const out = join(work, "out");
    let first: string | undefined;
    let bothPrinted = false;
    const { code, stderr } = await buildWatched(slugs, data, out, (stderr, pid) => {
      const printed = /deck: printed (\S+)/.exec(stderr);
      if (printed && !first) {
        first = printed[1]!;
        for (const browserPid of browsersOf(pid)) process.kill(browserPid, "SIGKILL");
        // With two pages (four cores or more) the other deck may have been printed in the same moment.
        bothPrinted = (stderr.match(/deck: printed /g) ?? []).length > 1;
      }
    });
    expect(first, stderr).toBeDefined();
    const other = slugs.find((slug) => slug !== first)!;
    expect(code === 4 || (bothPrinted && code === 0), stderr).toBe(true);
    expect(stderr).not.toContain("internal error");
    expect(existsSync(join(out, first!, `${first}-deck.pdf`))).toBe(true);
    if (!bothPrinted) {
      expect(stderr).toMatch(new RegExp(`pdf \\(${other}\\): the browser measuring the slides stopped \\(killed by SIGKILL\\) before it could`));
      expect(existsSync(join(out, other, `${other}-deck.pdf`))).toBe(false);
    }
    for (const slug of slugs) expect(existsSync(join(out, slug, `${slug}-brochure.pdf`))).toBe(true);
  }, 180_000);

  it("fails only the decks in the page whose renderer is killed, at once, and goes on with the next decks in a fresh page", async () => {
    const data = join(work, "data-renderer");
    const slugs = writeFictionalProject(data, 4, 11);
    const out = join(work, "out-renderer");
    let killedAt: { time: number; at: number; renderers: number } | undefined;
    const { code, stderr } = await buildWatched(slugs, data, out, (stderr, pid) => {
      // While the second deck is being measured: as the out-of-memory killer takes a renderer.
      if (!killedAt && new RegExp(`fit: ${slugs[1]} round 1 rendered`).test(stderr)) {
        const renderers = renderersOf(pid);
        for (const renderer of renderers) process.kill(renderer, "SIGKILL");
        killedAt = { time: Date.now(), at: stderr.length, renderers: renderers.length };
      }
    });
    expect(killedAt?.renderers, stderr).toBeGreaterThan(0);
    expect(code, stderr).toBe(4);
    expect(stderr).not.toContain("internal error");
    expect(stderr).toContain("browser: a page crashed; opening another");
    // The decks in the killed pages fail (one page on two cores, two pages on four or more), each
    // with what happened; a deck begun after the kill is printed: the browser went on.
    const missing = slugs.filter((slug) => !existsSync(join(out, slug, `${slug}-deck.pdf`)));
    expect(missing.length, stderr).toBeGreaterThan(0);
    expect(missing.length, stderr).toBeLessThanOrEqual(2);
    for (const slug of missing) expect(stderr).toMatch(new RegExp(`pdf \\(${slug}\\): the browser's page crashed before it could`));
    const after = [...stderr.slice(killedAt!.at).matchAll(/deck: printed (\S+)/g)].map((m) => m[1]!);
    expect(after.length, stderr).toBeGreaterThan(0);
    for (const slug of after) expect(existsSync(join(out, slug, `${slug}-deck.pdf`))).toBe(true);
    for (const slug of slugs) expect(existsSync(join(out, slug, `${slug}-brochure.pdf`))).toBe(true);
    // Not after a step's 30 s limit: the crash is heard at once.
    expect(Date.now() - killedAt!.time).toBeLessThan(25_000);
  }, 180_000);
});
