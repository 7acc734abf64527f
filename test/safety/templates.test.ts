/** A broken template is a user error: exit 4 with template:line:col, what is wrong and a hint. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../src/content/templates.ts";
import { CitypitchError, EXIT, formatProblems } from "../../src/errors.ts";
import { english } from "../helpers/words.ts";

async function failureOf(source: string, data: object = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-tpl-"));
  writeFileSync(join(dir, "page.hbs"), source);
  try {
    const set = await loadTemplates(dir, dir);
    set.render("page", data);
  } catch (error) {
    if (!(error instanceof CitypitchError)) throw error;
    expect(error.exitCode).toBe(EXIT.renderFailed);
    return formatProblems(error.problems);
  }
  throw new Error("the template rendered");
}

describe("template errors", () => {
  it.each([
    ["an unclosed block", "# Title\n\n{{#if city}}\nText", /^page\.hbs:\d+ {2}Handlebars syntax error: Expecting .*got 'EOF'\n {4}hint: check that every/],
    ["mismatched blocks", "line\n{{#each list}}x{{/if}}", /^page\.hbs:2:\d+ {2}each doesn't match if/],
    ["an unknown helper", "one\ntwo {{shout name}}", /^page\.hbs:2:5 {2}unknown helper "shout"\n {4}hint: the helpers are md, fig/],
    ["an unknown field", "a\nb\n  {{md nmae}}", /^page\.hbs:3:\d+ {2}nmae: "nmae" is not defined\n {4}hint: check the field name/],
    ["a missing partial", "{{> _card}}", /^page\.hbs {2}no partial "_card"\n {4}hint: partials are files named _card\.hbs/],
    ["a helper given the wrong kind of value", "{{fig name}}", /^page\.hbs {2}\{\{fig\}\} expects a figure/],
  ])("%s", async (_, source, expected) => {
    expect(await failureOf(source, { name: "Testville", list: [1], words: english })).toMatch(expected);
  });
});
