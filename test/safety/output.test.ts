/**
 * What a build may do to the output folder, tried as a careless or unlucky user would: it never
 * deletes what it did not make, never loses the last good files, leaves nothing behind when
 * stopped, and refuses (exit 5) an output folder it cannot use.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/errors.ts";
import { copyFixture, ROOT, runCli } from "../helpers/project.ts";

const data = copyFixture();
const freshOut = () => mkdtempSync(join(tmpdir(), "citypitch-safe-"));
const build = (out: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) => runCli(["build", "--data", data, "--out", out, ...extra], env);
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { generator?: string; files: { name: string; sha256: string; carriedOver?: boolean }[] };

describe("the output folder", () => {
  it("refuses a city named twice, before touching anything", () => {
    const out = freshOut();
    const run = runCli(["build", "testville", "testville", "--data", data, "--out", out]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('"testville" named more than once');
    expect(readdirSync(out)).toEqual([]);
  });

  it("never replaces a folder it did not make", () => {
    const out = freshOut();
    mkdirSync(join(out, "testville"));
    writeFileSync(join(out, "testville", "thesis.docx"), "a person's own work");
    const run = build(out, ["--formats", "md"]);
    expect(run.code).toBe(EXIT.output);
    expect(run.stderr).toMatch(/testville already exists and has no citypitch manifest\.json/);
    expect(readdirSync(join(out, "testville"))).toEqual(["thesis.docx"]);
    expect(readdirSync(out)).toEqual(["testville"]);
  });

  it("refuses --out pointing at a file", () => {
    const file = join(freshOut(), "notes.txt");
    writeFileSync(file, "keep me");
    const run = build(file, ["--formats", "md"]);
    expect(run.code).toBe(EXIT.output);
    expect(run.stderr).toContain("is a file");
    expect(readFileSync(file, "utf8")).toBe("keep me");
  });

  it("refuses to build while another build holds the folder, and takes over a dead build's lock", () => {
    const out = freshOut();
    writeFileSync(join(out, ".citypitch-lock"), JSON.stringify({ pid: process.pid, host: hostname(), started: "earlier" }));
    const busy = build(out, ["--formats", "md"]);
    expect(busy.code).toBe(EXIT.output);
    expect(busy.stderr).toContain(`another citypitch build (process ${process.pid}`);

    const dead = spawnSync("true").pid!;
    writeFileSync(join(out, ".citypitch-lock"), JSON.stringify({ pid: dead, host: hostname(), started: "earlier" }));
    mkdirSync(join(out, `.staging-${dead}-0badf00d`, "testville"), { recursive: true });
    const run = build(out, ["--formats", "md"]);
    expect(run.code, run.stderr).toBe(0);
    // The dead build's staging folder and lock are gone; only the city folder (and the cache) is left.
    expect(readdirSync(out).sort()).toEqual([".citypitch-cache", "testville"]);
  });

  it("writes a manifest that marks the folder as citypitch's", () => {
    const out = freshOut();
    expect(build(out, ["--formats", "md"]).code).toBe(0);
    expect(manifestOf(join(out, "testville")).generator).toBe("citypitch");
  });
});

describe("a format that fails keeps its last good files", () => {
  it("keeps the previous deck PDF when the browser is missing, and says so (exit 3)", () => {
    const out = freshOut();
    const first = build(out, ["--formats", "md,pdf"]);
    expect(first.code, first.stderr).toBe(0);
    const pdf = readFileSync(join(out, "testville", "testville-deck.pdf"));

    const second = build(out, ["--formats", "md,pdf"], { CHROME_PATH: join(ROOT, "no-such-browser") });
    expect(second.code).toBe(EXIT.missingTool);
    expect(second.stderr).toContain("previous build's files of the failed ones were kept");
    const dir = join(out, "testville");
    expect(readFileSync(join(dir, "testville-deck.pdf")).equals(pdf)).toBe(true);
    const entry = manifestOf(dir).files.find((f) => f.name === "testville-deck.pdf");
    expect(entry?.carriedOver).toBe(true);
    expect(readdirSync(out).sort()).toEqual([".citypitch-cache", "testville"]);
  });
});

describe("interrupted builds", () => {
  it("Ctrl-C removes the staging folder and the lock and keeps the previous build", async () => {
    const out = freshOut();
    expect(build(out, ["--formats", "md"]).code).toBe(0);
    const before = readFileSync(join(out, "testville", "testville-deck.md"));
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), "build", "--data", data, "--out", out, "--formats", "charts,brochure"], { cwd: ROOT });
    const stderr: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    // Interrupt once the build has taken the folder (its lock exists).
    await waitFor(() => existsSync(join(out, ".citypitch-lock")), 60_000);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    expect(code).toBe(130);
    expect(Buffer.concat(stderr).toString()).toContain("stopped by SIGINT");
    expect(readdirSync(out).sort()).toEqual([".citypitch-cache", "testville"]);
    expect(readFileSync(join(out, "testville", "testville-deck.md")).equals(before)).toBe(true);
  });
});

describe("a build that dies of an uncaught error", () => {
  it("leaves no browser and no staging folder behind when its stderr's reader goes away mid-build", async () => {
    const out = freshOut();
    const browsersBefore = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith("citypitch-browser-")));
    // Every stage mark goes to stderr: with its reader gone, the next mark is a write that fails (EPIPE).
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), "build", "--data", data, "--out", out, "--formats", "md,brochure"], {
      cwd: ROOT,
      env: { ...process.env, CITYPITCH_TRACE: "1" },
    });
    const exited = new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    await waitFor(() => existsSync(join(out, ".citypitch-lock")), 60_000);
    child.stderr.destroy();
    expect(await exited).not.toBe(0);
    // The browser it started (in a profile folder of its own) is gone, and so is that folder.
    const mine = readdirSync(tmpdir()).filter((n) => n.startsWith("citypitch-browser-") && !browsersBefore.has(n));
    const alive = () => mine.filter((dir) => spawnSync("pgrep", ["-f", dir]).status === 0);
    await waitFor(() => alive().length === 0, 10_000).catch(() => undefined);
    expect(alive()).toEqual([]);
    expect(readdirSync(out).filter((n) => n !== ".citypitch-cache")).toEqual([]);
  }, 120_000);
});

/**
 * A previous build that cannot be removed once the new one is in place (a folder in it made
 * read-only) needs a user the permissions bind: root ignores them, so the build runs as nobody.
 */
const asNobody = process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0;
describe.skipIf(!asNobody)("a previous build that cannot be removed", () => {
  it("leaves the new build in place, exit 0, and says where the previous one was left, rather than claim it unchanged", () => {
    const data = copyFixture();
    const out = join(mkdtempSync(join(tmpdir(), "citypitch-nobody-")), "out");
    spawnSync("chmod", ["-R", "a+rwX", join(out, ".."), data]);
    const run = (formats: string) =>
      spawnSync(
        "setpriv",
        [
          "--reuid=65534",
          "--regid=65534",
          "--clear-groups",
          process.execPath,
          "--import",
          "tsx",
          join(ROOT, "src/cli.ts"),
          "build",
          "--data",
          data,
          "--out",
          out,
          "--formats",
          formats,
          "testville",
        ],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, TMPDIR: join(out, "..") } },
      );
    expect(run("charts,md").status).toBe(0);
    spawnSync("chmod", ["555", join(out, "testville", "charts")]);
    const second = run("md");
    try {
      expect(second.status, second.stderr).toBe(0);
      expect(second.stderr).toMatch(/warning: could not remove .*testville\.previous-[0-9a-f]{8} \(permission denied\): the previous build of testville/);
      expect(second.stderr).not.toContain("unchanged");
      expect(JSON.parse(readFileSync(join(out, "testville", "manifest.json"), "utf8")).files.length).toBeGreaterThan(0);
    } finally {
      spawnSync("chmod", ["-R", "u+w", out]);
    }
  });
});

/**
 * A full or read-only disk needs a small file system of its own: a tmpfs, which root can mount
 * here and in CI. Where mounting is not allowed the case cannot be staged, and is skipped.
 */
const mountPoint = mkdtempSync(join(tmpdir(), "citypitch-tiny-"));
const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint]).status === 0;
afterAll(() => {
  if (mounted) spawnSync("umount", [mountPoint]);
});

describe.skipIf(!mounted)("a disk that cannot take the build", () => {
  it("reports a full disk (exit 5) and leaves no partial output", () => {
    const out = join(mountPoint, "full");
    const run = build(out, ["--formats", "charts"]);
    expect(run.code).toBe(EXIT.output);
    expect(run.stderr).toContain("the disk is full");
    expect(readdirSync(out)).toEqual([]);
  });

  it("reports a read-only folder (exit 5)", () => {
    spawnSync("mount", ["-o", "remount,ro", mountPoint]);
    try {
      const run = build(join(mountPoint, "full"), ["--formats", "md"]);
      expect(run.code).toBe(EXIT.output);
      expect(run.stderr).toContain("read-only");
    } finally {
      spawnSync("mount", ["-o", "remount,rw", mountPoint]);
    }
  });
});

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
