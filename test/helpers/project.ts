/** Shared test plumbing: the repo root, fixture copies in temp folders, and running the CLI. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveOptions, type CliFlags, type Options } from "../../src/options.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const TESTVILLE = join(ROOT, "test", "fixtures", "testville");

export function options(flags: Partial<CliFlags> = {}): Options {
  return resolveOptions({ strict: false, ...flags }, ROOT);
}

/** A fresh copy of the Testville data folder that a test may edit freely. */
export function copyFixture(from = TESTVILLE): string {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-data-"));
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** Replaces exactly one occurrence of `find` in a file of a fixture copy; fails loudly otherwise. */
export function edit(dataDir: string, file: string, find: string | RegExp, replace: string): string {
  const path = join(dataDir, file);
  const text = readFileSync(path, "utf8");
  const matches = typeof find === "string" ? text.split(find).length - 1 : (text.match(new RegExp(find, "g")) ?? []).length;
  if (matches !== 1) throw new Error(`fixture edit expected one match of ${find} in ${file}, found ${matches}`);
  const next = text.replace(find, replace);
  writeFileSync(path, next);
  return next;
}

/** 1-based line and column of the first occurrence of `needle`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A city file's `contacts:` block of `count` fictional contacts, each with a role, an email, a phone and a web address. */
export function fictionalContacts(count: number): string {
  const contact = (i: number) =>
    `    - name: Fictional investment desk ${i}\n      role: Head of the fictional office for outsourcing investors\n      email: desk${i}@invest.testville.example\n      phone: +99 555 0100 ext. ${i}\n      url: https://testville.example/invest/desk-${i}/contact\n`;
  return `  contacts:\n${Array.from({ length: count }, (_, i) => contact(i + 1)).join("")}`;
}
