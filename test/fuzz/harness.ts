/**
 * The fuzz harness: a throw-away project copy, the real CLI run in it (with a timeout and its own
 * TMPDIR), and checks that every output is well formed and nothing else changed.
 *
 * The project copy holds real copies of what a build reads (templates/, data/brand*, the font files
 * the fixture's brand.yaml names, package.json): no symlinks, so "brand files must resolve inside
 * the project" checks see an ordinary project.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { parse } from "yaml";
import { FIXTURE_DIR, getAt, invalidYaml, validYaml, type InvalidCase, type PathKey, type ValidCase } from "./arbitraries.ts";

export const REPO = join(import.meta.dirname, "..", "..");
/**
 * Where the CLI under test lives: this repository, or (CITYPITCH_UNDER_TEST) a copy of its src/,
 * templates/ and package.json taken at one moment, for fuzzing while others edit src/.
 */
export const UNDER_TEST = process.env.CITYPITCH_UNDER_TEST || REPO;
const TSX = join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
const CLI = join(UNDER_TEST, "src", "cli.ts");
export const CHROMIUM = process.env.CHROME_PATH || "/usr/bin/chromium";

/** A second fictional source, with a URL and words that need escaping. */
const EXTRA_SOURCES = `  testville-gazette:
    title: "The Testville Gazette <b>special</b> | issue #1 --- *fictional* & \`odd\`"
    publisher: Gazette Fixture Press
    year: 2007
    url: https://testville.example/gazette?a=1&b=<2>
`;

export interface Project {
  /** The folder that holds project/ and tmp/; removed by dispose(). */
  base: string;
  root: string;
  dataDir: string;
  outDir: string;
  tmpDir: string;
  /** Top-level names in tmpDir before any citypitch run (tsx's own cache). */
  tmpBaseline: Set<string>;
}

/** Files of the project copy that a run must never change (everything but out/). */
export function createProject(): Project {
  const base = mkdtempSync(join(tmpdir(), "citypitch-fuzz-"));
  const root = join(base, "project");
  const tmpDir = join(base, "tmp");
  mkdirSync(tmpDir, { recursive: true });
  mkdirSync(join(root, "data", "cities"), { recursive: true });
  cpSync(join(UNDER_TEST, "templates"), join(root, "templates"), { recursive: true });
  cpSync(join(REPO, "data", "brand"), join(root, "data", "brand"), { recursive: true });
  cpSync(join(REPO, "package.json"), join(root, "package.json"));
  const brandText = readFileSync(join(FIXTURE_DIR, "brand.yaml"), "utf8");
  writeFileSync(join(root, "data", "brand.yaml"), brandText);
  const brand = parse(brandText) as Record<string, unknown>;
  const files: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === "string" && /\.(ttf|otf|png|svg)$/.test(node)) files.push(node);
    else if (typeof node === "object" && node !== null) Object.values(node).forEach(walk);
  };
  walk(getAt(brand, ["fonts"]));
  walk(getAt(brand, ["logo"]));
  for (const file of files) {
    const target = join(root, file);
    if (existsSync(target)) continue;
    mkdirSync(join(target, ".."), { recursive: true });
    cpSync(join(REPO, file), target);
  }
  const sources = readFileSync(join(FIXTURE_DIR, "sources.yaml"), "utf8").replace(/\n*$/, "\n") + EXTRA_SOURCES;
  writeFileSync(join(root, "data", "sources.yaml"), sources);
  const project = { base, root, dataDir: join(root, "data"), outDir: join(root, "out"), tmpDir, tmpBaseline: new Set<string>() };
  return project;
}

/** Runs `--version` once so that tsx's compile cache exists before the baseline of TMPDIR is taken. */
export async function warmUp(project: Project): Promise<void> {
  await runCli(project, ["--version"], 120_000);
  project.tmpBaseline = new Set(readdirSync(project.tmpDir));
}

export function disposeProject(project: Project): void {
  rmSync(project.base, { recursive: true, force: true });
}

export function writeCities(project: Project, files: { slug: string; text: string }[]): void {
  const dir = join(project.dataDir, "cities");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const { slug, text } of files) writeFileSync(join(dir, `${slug}.yaml`), text);
}

// ---------------------------------------------------------------------------------------------
// Running the CLI

export interface RunResult {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
  /** Processes of the run's group still alive 2 s after it exited (a leaked browser): their commands. */
  leftoverProcesses: string | false;
}

/** The command as a person would type it, from inside the project copy. */
export function commandLine(project: Project, args: string[]): string {
  return `cd ${project.root} && TMPDIR=${project.tmpDir} node ${TSX} ${CLI} ${args.join(" ")}`;
}

export function runCli(project: Project, args: string[], timeoutMs: number): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, CLI, ...args], {
      cwd: project.root,
      env: { ...process.env, TMPDIR: project.tmpDir, TMP: project.tmpDir, TEMP: project.tmpDir, CHROME_PATH: CHROMIUM, NO_COLOR: "1", FORCE_COLOR: "0" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    let timedOut = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on("close", async (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      // Processes of the group that outlive the CLI by more than a grace period (a leaked browser).
      let left = groupMembers(child.pid!);
      for (let i = 0; i < 20 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = groupMembers(child.pid!);
      }
      if (left.length > 0) killGroup();
      resolve({ args, code, signal, stdout, stderr, timedOut, ms, leftoverProcesses: left.length > 0 ? left.join(", ") : false });
    });
  });
}

/** Live (non-zombie) processes of a process group, as "pid command". */
function groupMembers(pgid: number): string[] {
  const ps = spawnSync("ps", ["-e", "-o", "pgid=,pid=,stat=,comm="], { encoding: "utf8" });
  return (ps.stdout ?? "")
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[0]) === pgid && !(f[2] ?? "").startsWith("Z"))
    .map((f) => `${f[1]} ${f.slice(3).join(" ")}`);
}

// ---------------------------------------------------------------------------------------------
// Trees, hashes, temp folders

export function hashTree(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      const rel = relative(dir, path);
      if (skip(rel)) continue;
      if (entry.isDirectory()) {
        out.set(rel + "/", "dir");
        walk(path);
      } else out.set(rel, entry.isFile() ? createHash("sha256").update(readFileSync(path)).digest("hex") : `other:${entry.isSymbolicLink()}`);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function diffTrees(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [k, v] of before)
    if (!after.has(k)) changes.push(`removed ${k}`);
    else if (after.get(k) !== v) changes.push(`changed ${k}`);
  for (const k of after.keys()) if (!before.has(k)) changes.push(`added ${k}`);
  return changes;
}

/** Everything in the project copy except the output folder. */
export const projectHash = (p: Project) => hashTree(p.root, (rel) => rel === "out" || rel.startsWith("out/"));

/** New top-level entries in TMPDIR; removes them so the next run starts clean. */
export function takeTmpLeftovers(project: Project): string[] {
  const left = readdirSync(project.tmpDir).filter((name) => !project.tmpBaseline.has(name));
  for (const name of left) rmSync(join(project.tmpDir, name), { recursive: true, force: true });
  return left;
}

// ---------------------------------------------------------------------------------------------
// Output checks

function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

export async function checkPdf(path: string): Promise<string[]> {
  const { code, out } = await run("qpdf", ["--check", path]);
  return code === 0
    ? []
    : [
        `qpdf --check ${relativeName(path)} exited ${code}: ${
          out
            .split("\n")
            .filter((l) => /error|warning|damaged/i.test(l))
            .slice(0, 3)
            .join(" / ") || out.slice(-300)
        }`,
      ];
}

const relativeName = (path: string) => path.split("/").slice(-2).join("/");

/** Characters XML 1.0 forbids outright. */
const XML_BAD_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export async function checkPptx(path: string, browser: Checker): Promise<string[]> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(readFileSync(path)));
  } catch (error) {
    return [`${relativeName(path)} is not a valid zip: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (!entries["[Content_Types].xml"]) problems.push(`${relativeName(path)} has no [Content_Types].xml`);
  const xmls = Object.entries(entries).filter(([name]) => /\.(xml|rels)$/.test(name));
  for (const [name, bytes] of xmls) {
    const text = strFromU8(bytes);
    const bad = XML_BAD_CHAR.exec(text);
    if (bad) problems.push(`${relativeName(path)}!${name}: character U+${bad[0].charCodeAt(0).toString(16).padStart(4, "0")} is not allowed in XML`);
  }
  const verdicts = await browser.xmlErrors(xmls.map(([name, bytes]) => ({ name, text: strFromU8(bytes) })));
  for (const { name, error } of verdicts) problems.push(`${relativeName(path)}!${name} is not well-formed XML: ${error}`);
  return problems;
}

/** manifest.json lists exactly the files of output/<slug>/ with their size and SHA-256. */
export function checkManifest(cityDir: string): string[] {
  const path = join(cityDir, "manifest.json");
  if (!existsSync(path)) return [`${relativeName(path)} is missing`];
  let manifest: { files?: { name: string; size: number; sha256: string }[] };
  try {
    manifest = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return [`manifest.json does not parse: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  const onDisk = [...hashTree(cityDir)].filter(([k, v]) => v !== "dir" && k !== "manifest.json");
  const listed = new Map((manifest.files ?? []).map((f) => [f.name, f]));
  for (const [name, sha] of onDisk) {
    const entry = listed.get(name);
    if (!entry) problems.push(`manifest.json does not list ${name}`);
    else {
      if (entry.sha256 !== sha) problems.push(`manifest.json sha256 of ${name} does not match the file`);
      if (entry.size !== statSync(join(cityDir, name)).size) problems.push(`manifest.json size of ${name} does not match the file`);
    }
  }
  for (const name of listed.keys()) if (!onDisk.some(([k]) => k === name)) problems.push(`manifest.json lists ${name}, which is not in the folder`);
  return problems;
}

/** One Chromium for the whole run: network checks of HTML decks and strict XML parsing. */
export class Checker {
  private constructor(
    private readonly browser: Browser,
    private readonly xmlPage: Page,
  ) {}

  static async launch(): Promise<Checker> {
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check"],
    });
    const page = await browser.newPage();
    return new Checker(browser, page);
  }

  /** Requests the HTML deck makes when opened, other than data: and about: URLs (and itself), and any script dialog. */
  async htmlRequests(path: string): Promise<string[]> {
    const page = await this.browser.newPage();
    const url = `file://${path}`;
    const offending: string[] = [];
    try {
      // A dialog means data reached the page as script (an injected alert(1)).
      page.on("dialog", (dialog) => {
        offending.push(`dialog ${dialog.type()}: ${dialog.message().slice(0, 100)}`);
        void dialog.dismiss().catch(() => undefined);
      });
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        const u = request.url();
        if (u === url || u.startsWith("data:") || u.startsWith("about:") || u.startsWith("blob:")) void request.continue();
        else {
          offending.push(`${request.resourceType()} ${u.slice(0, 200)}`);
          void request.abort();
        }
      });
      await page.goto(url, { waitUntil: "load", timeout: 60_000 });
      // Give script-started requests (fonts, lazy images) a moment.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await new Promise((r) => setTimeout(r, 300));
    } catch (error) {
      offending.push(`(page failed to load: ${(error as Error).message})`);
    } finally {
      await page.close().catch(() => undefined);
    }
    return offending;
  }

  /** Each part Chromium's XML parser rejects, with its first error. */
  async xmlErrors(parts: { name: string; text: string }[]): Promise<{ name: string; error: string }[]> {
    const errors = await this.xmlPage.evaluate((list: { name: string; text: string }[]) => {
      const out: { name: string; error: string }[] = [];
      for (const { name, text } of list) {
        const doc = new DOMParser().parseFromString(text, "application/xml");
        const err = doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "parsererror")[0] ?? doc.getElementsByTagName("parsererror")[0];
        if (err) out.push({ name, error: (err.textContent ?? "").replace(/\s+/g, " ").slice(0, 300) });
      }
      return out;
    }, parts);
    return errors;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Properties: a batch of valid cities builds; each invalid city is reported and stops the build

export type Format = "charts" | "brochure" | "md" | "html" | "pdf" | "pptx";
export const FAST_FORMATS: Format[] = ["charts", "brochure", "md", "html"];
export const ALL_FORMATS: Format[] = ["charts", "brochure", "md", "html", "pdf", "pptx"];

export interface Failure {
  /** Groups failures into distinct defects ("build exit 70: TypeError ..."). */
  signature: string;
  detail: string;
  command: string;
  /** The YAML of the city, to replay it. */
  yaml: string;
  label: string;
}

export interface Timeouts {
  checkMs: number;
  buildBaseMs: number;
  buildPerCityMs: number;
}
export const DEFAULT_TIMEOUTS: Timeouts = { checkMs: 90_000, buildBaseMs: 120_000, buildPerCityMs: 45_000 };

const firstLine = (s: string) =>
  s
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim() ?? "";
const tail = (s: string, n = 1200) => (s.length > n ? "…" + s.slice(-n) : s);

/** A short, number-free description of how a run went wrong, for grouping. */
export function outcomeSignature(r: RunResult): string {
  if (r.timedOut) return "timeout";
  if (r.code === 70) {
    const err =
      r.stderr.split("\n").find((l) => /^\s*(\w*Error|RangeError|TypeError|ReferenceError)\b/.test(l)) ?? firstLine(r.stderr.replace(/^citypitch: internal error.*$/m, ""));
    return `exit 70: ${normalise(err)}`;
  }
  if (r.code === 0) return "exit 0";
  const msg = r.stderr.split("\n").find((l) => l.startsWith("citypitch:")) ?? firstLine(r.stderr);
  // The first error line, without its file and field, tells one kind of rejection from another.
  const problem = r.stderr.split("\n").find((l) => /^\S+(:\d+)*  (?!warning:)/.test(l));
  const what = problem ? ` [${normalise(problem.replace(/^\S+(:\d+)*  (\S+: )?/, ""))}]` : "";
  return `exit ${r.code ?? r.signal}: ${normalise(msg)}${what}`;
}

/**
 * Text that cannot fit a slide or a page is refused at build time with exit 4, as the layout issue
 * requires: every failed format named, every problem located at a field of a city file, the other
 * formats still written. That is a precise error, not a defect; the run counts it apart.
 */
export function locatedFitRefusal(r: RunResult): boolean {
  if (r.code !== 4 || r.timedOut) return false;
  const problems = r.stderr.split("\n").filter((l) => /^\S+(:\d+)*  (?!warning:)/.test(l));
  return /could not be built/.test(r.stderr) && problems.length > 0 && problems.every((l) => /^\S*cities\/[^/\s]+\.yaml:\d+:\d+  [\w.[\]-]+: /.test(l));
}

const normalise = (s: string) =>
  s
    .replace(/\/[^\s:'"]+/g, "<path>")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+(\.\d+)?/g, "N")
    .trim()
    .slice(0, 160);

/** Labels of the valid cities whose build refused text that cannot fit (see locatedFitRefusal). */
export const fitRefusals: string[] = [];

export interface ValidOutcome {
  label: string;
  failures: Failure[];
}

/** Builds valid cities, several in one project copy; on a batch failure, each city alone. */
export async function runValidBatch(
  project: Project,
  checker: Checker,
  cases: ValidCase[],
  formats: Format[],
  timeouts = DEFAULT_TIMEOUTS,
  labels = cases.map((_, i) => `valid#${i}`),
): Promise<ValidOutcome[]> {
  const slugs = uniqueSlugs(cases);
  const files = cases.map((c, i) => ({ slug: slugs[i]!, text: validYaml(c, slugs[i]!) }));
  const result = await buildAndCheck(project, checker, files, formats, timeouts, labels);
  if (result.batchFailure && cases.length > 1) {
    // Attribute: each city alone.
    const outcomes: ValidOutcome[] = [];
    for (let i = 0; i < cases.length; i++) {
      const single = await buildAndCheck(project, checker, [files[i]!], formats, timeouts, [labels[i]!]);
      outcomes.push(single.outcomes[0]!);
    }
    if (outcomes.every((o) => o.failures.length === 0)) {
      // Only the batch fails: the cities interact (or the failure is flaky). Keep it, on every city.
      const batchFailures = result.outcomes[0]!.failures.filter((f) => !f.signature.startsWith("valid city: an output"));
      return outcomes.map((o, i) => ({
        label: o.label,
        failures: batchFailures.map((f) => ({
          ...f,
          signature: `valid batch (fails only with ${cases.length} cities together): ${f.signature}`,
          yaml: files[i]!.text,
          label: o.label,
        })),
      }));
    }
    return outcomes;
  }
  return result.outcomes;
}

export function uniqueSlugs(cases: ValidCase[]): string[] {
  const seen = new Set<string>();
  return cases.map((c, i) => {
    let slug = cases.length === 1 ? c.slug : `${c.slug}-${i}`;
    while (seen.has(slug)) slug += "x";
    seen.add(slug);
    return slug;
  });
}

async function buildAndCheck(
  project: Project,
  checker: Checker,
  files: { slug: string; text: string }[],
  formats: Format[],
  timeouts: Timeouts,
  labels: string[],
): Promise<{ batchFailure: boolean; outcomes: ValidOutcome[] }> {
  writeCities(project, files);
  rmSync(project.outDir, { recursive: true, force: true });
  takeTmpLeftovers(project);
  const before = projectHash(project);
  const args = ["build", "--data", "data", "--out", "out", "--formats", formats.join(",")];
  const r = await runCli(project, args, timeouts.buildBaseMs + timeouts.buildPerCityMs * files.length);
  const command = commandLine(project, args);
  const shared: Omit<Failure, "yaml" | "label">[] = [];
  const add = (signature: string, detail: string) => shared.push({ signature, detail, command });
  const refused = locatedFitRefusal(r);
  if (refused) {
    // Only the cities the report names ("  md (slug-a, slug-b): …") were refused.
    const named = new Set([...r.stderr.matchAll(/^ {2}[\w-]+ \(([^)]*)\):/gm)].flatMap((m) => m[1]!.split(", ")));
    files.forEach((f, i) => named.has(f.slug) && fitRefusals.push(labels[i]!));
  }
  const batchFailure = (r.code !== 0 || r.timedOut) && !refused;
  if (batchFailure) add(`valid city: build ${outcomeSignature(r)}`, `exit ${r.code}${r.timedOut ? " (timed out, killed)" : ""} after ${Math.round(r.ms)} ms\n${tail(r.stderr)}`);
  if (r.leftoverProcesses) add("valid city: build left processes running after it exited", `still running 2 s after exit: ${r.leftoverProcesses}`);
  const changed = diffTrees(before, projectHash(project));
  if (changed.length > 0) add("valid city: build changed files outside the output folder", changed.slice(0, 10).join("\n"));
  const leftovers = takeTmpLeftovers(project);
  if (leftovers.length > 0)
    add(`valid city: build left files in TMPDIR (${[...new Set(leftovers.map((l) => l.replace(/[-_.][A-Za-z0-9]{6,}$/, "-*")))].join(", ")})`, leftovers.join(", "));
  if (existsSync(project.outDir)) {
    // The artifact cache (src/cache/) is the build's own, like the city folders.
    const strays = readdirSync(project.outDir).filter((n) => n !== ".citypitch-cache" && !files.some((f) => f.slug === n));
    if (strays.length > 0) add("valid city: stray entries in the output folder", strays.join(", "));
  }
  const outcomes: ValidOutcome[] = [];
  for (let i = 0; i < files.length; i++) {
    const { slug, text } = files[i]!;
    const failures: Failure[] = shared.map((s) => ({ ...s, yaml: text, label: labels[i]! }));
    const own = (signature: string, detail: string) => failures.push({ signature, detail, command, yaml: text, label: labels[i]! });
    if (!batchFailure) {
      const dir = join(project.outDir, slug);
      const expected = [
        ...(formats.includes("brochure") ? [`${slug}-brochure.pdf`] : []),
        ...(["md", "html", "pdf", "pptx"] as const).filter((f) => formats.includes(f)).map((f) => `${slug}-deck.${f}`),
      ];
      // A refused format (text that cannot fit) is named on stderr; every other output must be there.
      const refusedFormat = (n: string) => refused && new RegExp(`^  (${n.replace(/^.*-(brochure)\.pdf$|^.*-deck\.(\w+)$/, "$1$2")}) \\(`, "m").test(r.stderr);
      const missing = expected.filter((n) => !existsSync(join(dir, n)) && !refusedFormat(n));
      if (missing.length > 0) own("valid city: an output file is missing", missing.join(", "));
      for (const p of checkManifest(dir))
        own(
          `valid city: manifest.json ${p.includes("does not list") ? "misses files" : p.includes("sha256") ? "has a wrong sha256" : p.includes("size") ? "has a wrong size" : "is wrong"}`,
          p,
        );
      for (const pdf of [`${slug}-brochure.pdf`, `${slug}-deck.pdf`]) {
        if (!existsSync(join(dir, pdf))) continue;
        for (const p of await checkPdf(join(dir, pdf))) own(`valid city: ${pdf.endsWith("brochure.pdf") ? "brochure" : "deck"} PDF fails qpdf --check`, p);
      }
      const pptx = join(dir, `${slug}-deck.pptx`);
      if (existsSync(pptx)) for (const p of await checkPptx(pptx, checker)) own(`valid city: PPTX ${p.includes("not a valid zip") ? "is not a zip" : "has malformed XML"}`, p);
      const html = join(dir, `${slug}-deck.html`);
      if (existsSync(html)) {
        const requests = await checker.htmlRequests(html);
        const dialogs = requests.filter((q) => q.startsWith("dialog"));
        const network = requests.filter((q) => !q.startsWith("dialog"));
        if (dialogs.length > 0) own("valid city: HTML deck runs script from the data (a dialog opened)", dialogs.join("\n"));
        if (network.length > 0)
          own(`valid city: HTML deck makes network requests (${[...new Set(network.map((q) => q.split(" ")[0]))].join(", ")})`, network.slice(0, 10).join("\n"));
      }
    }
    outcomes.push({ label: labels[i]!, failures });
  }
  return { batchFailure, outcomes };
}

/** `file:line:col  path: message` lines of a report, with the file and path parsed out. */
export interface ReportLine {
  file: string;
  line: number;
  column: number;
  warning: boolean;
  path: string;
  message: string;
  raw: string;
}

export function parseReport(stderr: string): ReportLine[] {
  const out: ReportLine[] = [];
  for (const raw of stderr.split("\n")) {
    const m = /^(\S.*?):(\d+):(\d+)  (warning: )?(?:(\S+?): )?(.*)$/.exec(raw);
    if (m) out.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), warning: Boolean(m[4]), path: m[5] ?? "", message: m[6]!, raw });
  }
  return out;
}

export function formatPath(path: readonly PathKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/** A reported path matches the expected one when either is a prefix of the other at a field boundary. */
export function pathMatches(reported: string, expected: string): boolean {
  if (!reported || reported === "(top level)") return false;
  const within = (a: string, b: string) => a === b || (a.startsWith(b) && (a[b.length] === "." || a[b.length] === "["));
  return within(reported, expected) || within(expected, reported);
}

export interface InvalidOutcome {
  label: string;
  failures: Failure[];
}

/**
 * Checks and builds invalid cities, several in one data folder (each report line names its file).
 * A city whose defect the batch does not report, or a batch that does not exit 1, is run alone.
 */
export async function runInvalidBatch(
  project: Project,
  cases: InvalidCase[],
  timeouts = DEFAULT_TIMEOUTS,
  labels = cases.map((_, i) => `invalid#${i}`),
): Promise<InvalidOutcome[]> {
  const slugs = uniqueSlugs(cases.map((c) => c.base)).map((slug, i) => {
    const wanted = cases[i]!.defect.fileSlug;
    return wanted !== undefined && cases.findIndex((c) => c.defect.fileSlug === wanted) === i ? wanted : slug;
  });
  const files = cases.map((c, i) => ({ slug: slugs[i]!, text: invalidYaml(c, slugs[i]!) }));
  const batch = await checkInvalid(project, files, cases, timeouts, labels);
  if (cases.length === 1) return batch.outcomes;
  const outcomes: InvalidOutcome[] = [];
  for (let i = 0; i < cases.length; i++) {
    if (batch.clean && batch.outcomes[i]!.failures.length === 0) outcomes.push(batch.outcomes[i]!);
    else outcomes.push((await checkInvalid(project, [files[i]!], [cases[i]!], timeouts, [labels[i]!])).outcomes[0]!);
  }
  return outcomes;
}

async function checkInvalid(
  project: Project,
  files: { slug: string; text: string }[],
  cases: InvalidCase[],
  timeouts: Timeouts,
  labels: string[],
): Promise<{ clean: boolean; outcomes: InvalidOutcome[] }> {
  writeCities(project, files);
  // An earlier build's output that an invalid build must leave alone.
  rmSync(project.outDir, { recursive: true, force: true });
  mkdirSync(join(project.outDir, files[0]!.slug, "charts"), { recursive: true });
  writeFileSync(join(project.outDir, files[0]!.slug, "manifest.json"), JSON.stringify({ slug: files[0]!.slug, files: [] }) + "\n");
  writeFileSync(join(project.outDir, "keep.txt"), "from an earlier build\n");
  takeTmpLeftovers(project);
  const perCase: Failure[][] = files.map(() => []);
  let clean = true;
  for (const command of ["check", "build"] as const) {
    const beforeProject = projectHash(project);
    const beforeOut = hashTree(project.outDir);
    const args = [command, "--data", "data", "--out", "out", ...(command === "build" ? ["--formats", FAST_FORMATS.join(",")] : [])];
    const r = await runCli(project, args, command === "check" ? timeouts.checkMs : timeouts.buildBaseMs + timeouts.buildPerCityMs * files.length);
    const cmd = commandLine(project, args);
    const report = parseReport(r.stderr);
    const shared: [string, string][] = [];
    if (r.code !== 1 || r.timedOut) {
      clean = false;
      const defects = files.length === 1 ? `defect: ${cases[0]!.defect.note}\n` : "";
      shared.push([
        `invalid city: ${command} ${outcomeSignature(r)}`,
        `${defects}expected exit 1, got ${r.code}${r.timedOut ? " (timed out, killed)" : ""} after ${Math.round(r.ms)} ms\n${tail(r.stderr || r.stdout)}`,
      ]);
    }
    if (r.leftoverProcesses) shared.push([`invalid city: ${command} left processes running`, `still running 2 s after exit: ${r.leftoverProcesses}`]);
    const changedProject = diffTrees(beforeProject, projectHash(project));
    if (changedProject.length > 0) shared.push([`invalid city: ${command} changed files outside the output folder`, changedProject.slice(0, 10).join("\n")]);
    const changedOut = diffTrees(beforeOut, hashTree(project.outDir));
    if (changedOut.length > 0) shared.push([`invalid city: ${command} changed the output folder`, changedOut.slice(0, 10).join("\n")]);
    const leftovers = takeTmpLeftovers(project);
    if (leftovers.length > 0) shared.push([`invalid city: ${command} left files in TMPDIR`, leftovers.join(", ")]);
    if (shared.length > 0) clean = false;
    files.forEach(({ slug, text }, i) => {
      const failures = perCase[i]!;
      const tagged = (signature: string) => (files.length === 1 ? signature.replace(/^invalid city: /, `invalid city [${cases[i]!.defect.kind}]: `) : signature);
      for (const [signature, detail] of shared) failures.push({ signature: tagged(signature), detail, command: cmd, yaml: text, label: labels[i]! });
      if (r.code !== 1) return;
      const defect = cases[i]!.defect;
      const file = `data/cities/${slug}.yaml`;
      const lines = text.split("\n").length;
      const mine = report.filter((l) => l.file === file && !l.warning);
      const kind = defect.kind;
      const fail = (what: string, detail: string) =>
        failures.push({ signature: `invalid city [${kind}]: ${command} ${what}`, detail, command: cmd, yaml: text, label: labels[i]! });
      if (mine.length === 0) {
        const other = r.stderr
          .split("\n")
          .filter((l) => l.includes(slug))
          .slice(0, 3)
          .join("\n");
        fail("reports no located error for the file", `${defect.note}\n${other ? `lines naming the file:\n${other}` : "no line names the file"}`);
        return;
      }
      for (const l of mine) if (l.line < 1 || l.line > lines + 1 || l.column < 1) fail("reports a location outside the file", l.raw);
      if (defect.expectPath) {
        const want = formatPath(defect.expectPath);
        if (!mine.some((l) => pathMatches(l.path, want)))
          fail(
            `does not name ${want}`,
            `${defect.note}\nreported instead:\n${mine
              .slice(0, 4)
              .map((l) => l.raw)
              .join("\n")}`,
          );
      }
    });
  }
  return { clean, outcomes: files.map((_, i) => ({ label: labels[i]!, failures: perCase[i]! })) };
}

// ---------------------------------------------------------------------------------------------
// The whole run: generate, batch, attribute, group

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Share of runs that are valid cities (the rest are invalid). */
  validShare: number;
  /** Valid cities per build. */
  validBatch: number;
  /** Invalid cities per check/build. */
  invalidBatch: number;
  /** Every n-th valid batch also builds the browser formats (pdf, pptx); 0 never. */
  browserEvery: number;
  /** Builds allowed to minimise each distinct valid-city failure; 0 turns minimising off. */
  shrinkBudget: number;
  timeouts: Timeouts;
  log: (line: string) => void;
}

export interface Finding {
  signature: string;
  count: number;
  labels: string[];
  example: Failure;
  /** The smallest reproduction found (the defect on the plain fixture, or a shrunk valid city). */
  minimal?: { yaml: string; command: string; detail: string; note: string };
}

export interface FuzzSummary {
  seed: number;
  passed: number;
  failed: number;
  findings: Finding[];
  ms: number;
}

export function fuzzOptionsFromEnv(env: NodeJS.ProcessEnv, defaults: Partial<FuzzOptions> = {}): FuzzOptions {
  const num = (name: string, fallback: number) => (env[name] !== undefined && env[name] !== "" ? Number(env[name]) : fallback);
  return {
    runs: num("FUZZ_RUNS", defaults.runs ?? 40),
    seed: num("FUZZ_SEED", defaults.seed ?? (Date.now() ^ (process.pid << 8)) >>> 0),
    validShare: num("FUZZ_VALID_SHARE", defaults.validShare ?? 0.4),
    validBatch: num("FUZZ_VALID_BATCH", defaults.validBatch ?? 5),
    invalidBatch: num("FUZZ_INVALID_BATCH", defaults.invalidBatch ?? 12),
    browserEvery: num("FUZZ_BROWSER_EVERY", defaults.browserEvery ?? 4),
    shrinkBudget: num("FUZZ_SHRINK", defaults.shrinkBudget ?? 12),
    timeouts: { ...DEFAULT_TIMEOUTS, ...defaults.timeouts },
    log: defaults.log ?? ((line) => console.log(line)),
  };
}

const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export async function runFuzz(o: FuzzOptions, sample: { valid: ValidCase[]; invalid: InvalidCase[] }): Promise<FuzzSummary> {
  const started = performance.now();
  const project = createProject();
  const checker = await Checker.launch();
  const groups = new Map<string, Finding>();
  let passed = 0;
  let failed = 0;
  const record = (label: string, failures: Failure[], yaml: string) => {
    if (failures.length === 0) {
      passed++;
      return;
    }
    failed++;
    for (const f of failures) {
      const g = groups.get(f.signature);
      if (!g) {
        groups.set(f.signature, { signature: f.signature, count: 1, labels: [label], example: f });
        o.log(`    new failure (${label}): ${f.signature}\n      ${f.detail.split("\n").slice(0, 4).join("\n      ")}`);
      } else {
        g.count++;
        if (g.labels.length < 20) g.labels.push(label);
        if (yaml.length < g.example.yaml.length) g.example = f;
      }
    }
  };
  try {
    await warmUp(project);
    o.log(`fuzz: seed ${o.seed}, ${sample.valid.length} valid + ${sample.invalid.length} invalid cities, project copy ${project.root}`);
    const validBatches = chunk(
      sample.valid.map((c, i) => ({ c, label: `valid#${i}` })),
      Math.max(1, o.validBatch),
    );
    for (const [b, batch] of validBatches.entries()) {
      const formats = o.browserEvery > 0 && b % o.browserEvery === 0 ? ALL_FORMATS : FAST_FORMATS;
      const t = performance.now();
      const outcomes = await runValidBatch(
        project,
        checker,
        batch.map((x) => x.c),
        formats,
        o.timeouts,
        batch.map((x) => x.label),
      );
      outcomes.forEach((out, i) => record(out.label, out.failures, validYaml(batch[i]!.c)));
      o.log(
        `  valid batch ${b + 1}/${validBatches.length} (${batch.length} cities, ${formats.join(",")}): ${outcomes.filter((x) => x.failures.length === 0).length} ok in ${((performance.now() - t) / 1000).toFixed(1)} s; total ${passed} passed, ${failed} failed`,
      );
    }
    const invalidBatches = chunk(
      sample.invalid.map((c, i) => ({ c, label: `invalid#${i}` })),
      Math.max(1, o.invalidBatch),
    );
    for (const [b, batch] of invalidBatches.entries()) {
      const t = performance.now();
      const outcomes = await runInvalidBatch(
        project,
        batch.map((x) => x.c),
        o.timeouts,
        batch.map((x) => x.label),
      );
      outcomes.forEach((out, i) => record(out.label, out.failures, invalidYaml(batch[i]!.c)));
      o.log(
        `  invalid batch ${b + 1}/${invalidBatches.length} (${batch.length} cities): ${outcomes.filter((x) => x.failures.length === 0).length} ok in ${((performance.now() - t) / 1000).toFixed(1)} s; total ${passed} passed, ${failed} failed`,
      );
    }
    // Minimal reproductions, once per distinct failure.
    if (groups.size > 0) o.log(`minimal reproductions for ${groups.size} distinct failure(s)...`);
    for (const g of groups.values()) {
      const label = g.labels[0]!;
      o.log(`  ${label}: ${g.signature.slice(0, 120)}`);
      const index = Number(label.split("#")[1]);
      if (label.startsWith("invalid")) {
        const c = sample.invalid[index]!;
        const minimal = { base: { slug: "testville", edits: [] }, defect: c.defect };
        const [out] = await runInvalidBatch(project, [minimal], o.timeouts, ["minimal"]);
        const same = out!.failures.find((f) => f.signature === g.signature) ?? out!.failures[0];
        g.minimal = same
          ? {
              yaml: invalidYaml(minimal),
              command: same.command,
              detail: same.detail,
              note:
                same.signature === g.signature
                  ? `the defect alone on the plain Testville fixture reproduces it`
                  : `on the plain fixture the defect gives instead: ${same.signature}`,
            }
          : { yaml: invalidYaml(minimal), command: "", detail: "", note: "does NOT reproduce on the plain fixture: it needs the random base city (see the example)" };
      } else if (o.shrinkBudget > 0) {
        g.minimal = await shrinkValid(project, checker, sample.valid[index]!, g.signature, o);
      }
    }
  } finally {
    await checker.close();
    disposeProject(project);
  }
  const findings = [...groups.values()].sort((a, b) => b.count - a.count);
  return { seed: o.seed, passed, failed, findings, ms: performance.now() - started };
}

/** Greedy edit removal: the smallest edit list (within the budget) that still fails the same way. */
async function shrinkValid(project: Project, checker: Checker, c: ValidCase, signature: string, o: FuzzOptions): Promise<Finding["minimal"]> {
  const formats = /PPTX|deck PDF|TMPDIR|processes/.test(signature) ? ALL_FORMATS : FAST_FORMATS;
  let budget = o.shrinkBudget;
  let best = c;
  let bestFailure: Failure | undefined;
  const fails = async (candidate: ValidCase) => {
    budget--;
    const [out] = await runValidBatch(project, checker, [candidate], formats, o.timeouts, ["shrink"]);
    const f = out!.failures.find((x) => x.signature === signature);
    if (f) bestFailure = f;
    return Boolean(f);
  };
  // The fixture with no edits first: if it fails, the city has nothing to do with it.
  if (await fails({ slug: "testville", edits: [] })) {
    return {
      yaml: validYaml({ slug: "testville", edits: [] }),
      command: bestFailure!.command,
      detail: bestFailure!.detail,
      note: "the unmodified Testville fixture already fails this way",
    };
  }
  bestFailure = undefined;
  let size = Math.ceil(best.edits.length / 2);
  while (size >= 1 && budget > 0) {
    let removed = false;
    for (let start = 0; start < best.edits.length && budget > 0; start += size) {
      const candidate = { slug: best.slug, edits: [...best.edits.slice(0, start), ...best.edits.slice(start + size)] };
      if (await fails(candidate)) {
        best = candidate;
        removed = true;
        start -= size;
      }
    }
    if (!removed) size = Math.floor(size / 2);
  }
  if (!bestFailure) {
    // Confirm the original alone (it may have needed its batch).
    if (!(await fails(best))) return { yaml: validYaml(best), command: "", detail: "", note: "did not reproduce when built alone" };
  }
  return {
    yaml: validYaml(best),
    command: bestFailure!.command,
    detail: bestFailure!.detail,
    note: `shrunk to ${best.edits.length} edit(s) of the fixture: ${JSON.stringify(best.edits).slice(0, 1500)}`,
  };
}

export function formatSummary(s: FuzzSummary): string {
  const refused = [...new Set(fitRefusals)].length;
  const lines = [`${s.passed} passed, ${s.failed} failed (seed ${s.seed}, ${(s.ms / 1000).toFixed(0)} s)`];
  if (refused > 0) lines.push(`(of the passed, ${refused} valid city run(s) refused text too long for a slide or page: exit 4, every problem located at its field)`);
  for (const g of s.findings) {
    lines.push(
      "",
      `FAIL x${g.count}: ${g.signature}`,
      `  cases: ${g.labels.join(", ")}`,
      `  command: ${g.example.command}`,
      `  detail: ${g.example.detail.split("\n").join("\n    ")}`,
    );
    if (g.minimal) lines.push(`  minimal: ${g.minimal.note}`, ...(g.minimal.detail ? [`    ${g.minimal.detail.split("\n").slice(0, 8).join("\n    ")}`] : []));
  }
  return lines.join("\n");
}
