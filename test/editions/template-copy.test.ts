/**
 * The page copy of the templates goes through templates/messages/: Dalian's Japanese edition,
 * built by the CLI, shows the Japanese of every heading its templates write with {{t}}, and the
 * English of none. The headings are found in the templates themselves (a `#`, `##` or `###` line
 * that is one {{t "id"}} call), their words in ja.yaml and en.yaml, so a heading added later is
 * checked too.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/project.ts";

let out = "";
const edition = (name: string) => join(out, "dalian", "ja", name);

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "citypitch-template-copy-"));
  const run = runCli(["build", "dalian", "--edition", "ja", "--formats", "brochure,md", "--out", out]);
  if (run.code !== 0) throw new Error(`the Dalian ja build failed (${run.code}):\n${run.stderr}`);
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const messages = (lang: string) => parse(readFileSync(join(ROOT, "templates", "messages", `${lang}.yaml`), "utf8")) as Record<string, unknown>;
const [en, ja] = [messages("en"), messages("ja")];

function message(file: Record<string, unknown>, id: string): string {
  const text = id.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], file);
  if (typeof text !== "string") throw new Error(`no message ${id}`);
  return text;
}

/** The ids of the headings a template folder writes as a single {{t}} call. */
function headingIds(folder: string): string[] {
  const dir = join(ROOT, "templates", folder);
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith(".hbs"))
    .flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/^#{1,3} \{\{t "([^"]+)"[^}]*\}\}$/gm)].map((m) => m[1]!));
  return [...new Set(ids)];
}

/** A message's own words: the text between its {placeholders}, without white space (pdftotext spaces CJK runs unevenly). */
const wordsOf = (text: string) =>
  text
    .split(/\{[^}]*\}/)
    .map((part) => part.replace(/\s+/g, ""))
    .filter((part) => part.length > 1);
const squeeze = (text: string) => text.replace(/\s+/g, "");

function expectTranslated(folder: string, shown: string, minimum: number): void {
  const ids = headingIds(folder);
  expect(ids.length).toBeGreaterThanOrEqual(minimum);
  const text = squeeze(shown);
  const missing = ids.filter((id) => !wordsOf(message(ja, id)).every((part) => text.includes(part)));
  expect(missing, "Japanese headings missing").toEqual([]);
  const english = ids.filter((id) => wordsOf(message(en, id)).some((part) => /[A-Za-z]{3}/.test(part) && text.includes(part)));
  expect(english, "English headings shown").toEqual([]);
}

describe("Dalian's Japanese edition", () => {
  it("heads the brochure's pages in Japanese only", () => {
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", edition("dalian-ja-brochure.pdf"), "-"], { encoding: "utf8" });
    expectTranslated("brochure", text, 20);
  });

  it("heads the deck's slides in Japanese only", () => {
    // Speaker notes and HTML attributes are not headings; what a slide shows is read.
    const markdown = readFileSync(edition("dalian-ja-deck.md"), "utf8")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<[^>]+>/g, "")
      .replace(/\\(.)/g, "$1");
    expectTranslated("deck", markdown, 8);
  });
});
