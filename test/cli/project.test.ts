/**
 * citypitch run from outside its repository on a project folder: `--project` from another
 * directory, the shipped templates and brand when the project has none, a project's own templates
 * winning over them, and `init` scaffolding a project that builds at once.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveProjectFile } from "../../src/paths.ts";
import { EXIT } from "../../src/errors.ts";
import { copyFixture, ROOT, TESTVILLE } from "../helpers/project.ts";

/** Runs the checkout's bin (which loads tsx itself) in `cwd`, far from the repository. */
function citypitch(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [join(ROOT, "bin", "citypitch.cjs"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch = (name: string) => mkdtempSync(join(tmpdir(), `citypitch-${name}-`));
const pdfText = (file: string) => execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });

/** A project holding Testville's city and sources only: no brand, no templates. */
function bareProject(): string {
  const project = scratch("project");
  mkdirSync(join(project, "data"));
  cpSync(join(TESTVILLE, "cities"), join(project, "data", "cities"), { recursive: true });
  cpSync(join(TESTVILLE, "sources.yaml"), join(project, "data", "sources.yaml"));
  return project;
}

describe("--project", () => {
  it("checks a project from another directory, with citypitch's own brand and templates when it has none", () => {
    const project = bareProject();
    const elsewhere = scratch("cwd");
    const { code, stdout, stderr } = citypitch(["check", "--project", project], elsewhere);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok {2}data\/cities\/testville\.yaml: /m);
  });

  it("locates problems from the current directory, so the path printed is the file to open", () => {
    const project = bareProject();
    const file = join(project, "data", "cities", "testville.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("tagline: North", "tagline: 42\nnotAField: North"));
    const elsewhere = scratch("cwd");
    const { code, stderr } = citypitch(["check", "--project", project], elsewhere);
    expect(code).toBe(1);
    const shown = relative(elsewhere, file);
    expect(shown.startsWith("..")).toBe(true);
    expect(stderr).toContain(`${shown}:`);
    expect(stderr).not.toMatch(/^data\/cities\/testville\.yaml:/m);
  });

  it("resolves a relative --project against the current directory and refuses one that does not exist", () => {
    const parent = scratch("parent");
    const project = bareProject();
    cpSync(project, join(parent, "mine"), { recursive: true });
    expect(citypitch(["check", "--project", "mine"], parent).code).toBe(0);
    const missing = citypitch(["check", "--project", "nowhere"], parent);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--project: no folder ${join(parent, "nowhere")}`);
  });

  it("builds into the project's output/ with the shipped templates, and a project's own template folder wins", () => {
    const project = bareProject();
    const elsewhere = scratch("cwd");
    const shipped = citypitch(["build", "--project", project, "--formats", "brochure"], elsewhere);
    expect(shipped.stderr).toBe("");
    expect(shipped.code).toBe(0);
    const pdf = join(project, "output", "testville", "testville-brochure.pdf");
    expect(pdfText(pdf)).toContain("At a glance");
    expect(readdirSync(elsewhere)).toEqual([]);

    // The project's templates/brochure/ replaces the shipped folder: its edited heading shows.
    cpSync(join(ROOT, "templates", "brochure"), join(project, "templates", "brochure"), { recursive: true });
    const page = join(project, "templates", "brochure", "10-at-a-glance.hbs");
    writeFileSync(page, readFileSync(page, "utf8").replace(/^# .*$/m, "# Testville in brief"));
    const own = citypitch(["build", "--project", project, "--formats", "brochure"], elsewhere);
    expect(own.stderr).toBe("");
    expect(own.code).toBe(0);
    const text = pdfText(pdf);
    expect(text).toContain("Testville in brief");
    expect(text).not.toContain("At a glance");
  });
});

describe("citypitch init", () => {
  it("scaffolds a project that builds at once, and refuses a folder that is not empty", () => {
    const parent = scratch("init");
    const init = citypitch(["init", "cities"], parent);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("citypitch build sampleport");
    const project = join(parent, "cities");
    for (const file of [
      "README.md",
      ".gitignore",
      "data/brand.yaml",
      "data/brand/logo.png",
      "data/brand/logo.svg",
      "data/sources.yaml",
      "data/cities/sampleport.yaml",
      "schema/city.schema.json",
    ]) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    expect(existsSync(join(project, "templates"))).toBe(false);

    const again = citypitch(["init", "cities"], parent);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("cities is not empty");

    const build = citypitch(["build"], project);
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
    const out = join(project, "output", "sampleport");
    for (const file of ["sampleport-brochure.pdf", "sampleport-deck.html", "sampleport-deck.pdf", "sampleport-deck.pptx", "manifest.json"]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(pdfText(join(out, "sampleport-brochure.pdf"))).toContain("Sampleport");
  });

  it("with --force adds only what is missing, and with --templates copies the templates to edit", () => {
    const project = scratch("force");
    writeFileSync(join(project, "README.md"), "my own notes\n");
    const init = citypitch(["init", "--force", "--templates"], project);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("kept 1 that were already there (README.md)");
    expect(readFileSync(join(project, "README.md"), "utf8")).toBe("my own notes\n");
    for (const kind of ["brochure", "deck", "portfolio", "messages"]) {
      expect(readdirSync(join(project, "templates", kind)).sort()).toEqual(readdirSync(join(ROOT, "templates", kind)).sort());
    }
    expect(citypitch(["check"], project).code).toBe(0);
  });
});

describe("brand files under node_modules/", () => {
  it("are found among citypitch's own packages when the project has none, and never outside that package", () => {
    const project = scratch("fonts");
    const font = resolveProjectFile(project, "node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf");
    expect(font).toEqual({ ok: true, path: realpathSync(join(ROOT, "node_modules", "@expo-google-fonts", "inter", "400Regular", "Inter_400Regular.ttf")) });
    // Climbing out of the package stays refused, even though the path starts inside node_modules/.
    expect(resolveProjectFile(project, "node_modules/@expo-google-fonts/inter/../../../package.json").ok).toBe(false);
    expect(resolveProjectFile(project, "node_modules/no-such-package/font.ttf")).toEqual({ ok: false, reason: "missing" });
    expect(resolveProjectFile(project, "../outside.ttf")).toEqual({ ok: false, reason: "outside" });
  });
});

describe("the bin", () => {
  it("gives libuv's thread pool as many threads as cores, two to four, and keeps a size the user set", () => {
    const run = (size?: string) => {
      const env: NodeJS.ProcessEnv = { ...process.env, CITYPITCH_TRACE: "1" };
      delete env.UV_THREADPOOL_SIZE;
      if (size) env.UV_THREADPOOL_SIZE = size;
      return spawnSync(process.execPath, [join(ROOT, "bin", "citypitch.cjs"), "check", "--data", join(tmpdir(), "citypitch-no-such-data")], { env, encoding: "utf8" }).stderr;
    };
    expect(run()).toContain(`(thread pool ${Math.min(4, Math.max(2, availableParallelism()))})`);
    expect(run("3")).toContain("(thread pool 3)");
  });

  it("runs V8 without its background threads on two cores or fewer, and keeps a threading flag the user gave node", () => {
    const run = (nodeFlags: string[], nodeOptions?: string) =>
      spawnSync(process.execPath, [...nodeFlags, join(ROOT, "bin", "citypitch.cjs"), "check", "--data", join(tmpdir(), "citypitch-no-such-data")], {
        env: { ...process.env, CITYPITCH_TRACE: "1", NODE_OPTIONS: nodeOptions ?? "" },
        encoding: "utf8",
      });
    const plain = run([]);
    // The CLI's own answer and exit code come through the process that started it.
    expect(plain.status).toBe(EXIT.invalidData);
    expect(plain.stderr).toContain("citypitch-no-such-data");
    expect(plain.stderr).toContain(availableParallelism() <= 2 ? "cli: V8 without its background threads" : "cli: V8 with its background threads");
    for (const own of [run(["--single-threaded-gc"]), run([], "--v8-pool-size=2")]) {
      expect(own.status).toBe(EXIT.invalidData);
      expect(own.stderr).toContain("cli: V8 with its background threads");
    }
  });

  it("passes a signal sent to it on to the build, which undoes what it had begun", async () => {
    const data = copyFixture();
    const out = scratch("signal");
    const child = spawn(process.execPath, [join(ROOT, "bin", "citypitch.cjs"), "build", "--data", data, "--out", out, "--formats", "charts,brochure"], {
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
    });
    const stderr: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(out, ".citypitch-lock")) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(join(out, ".citypitch-lock")), "the build had taken the folder").toBe(true);
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(Buffer.concat(stderr).toString()).toContain("stopped by SIGTERM");
    expect(readdirSync(out)).toEqual([]);
    const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(processes.split("\n").filter((p) => p.includes(out))).toEqual([]);
  }, 90_000);
});
