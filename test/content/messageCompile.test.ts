/**
 * The message formatters are made from the check's parse (handed over by the prefetch thread),
 * share one set of Intl formatters per file, and remember what a message said for the same
 * values: every message must still read exactly as intl-messageformat makes it from its text.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { cleanMessages, messagesFromClean, MESSAGES_DIR, parseMessages, type Messages } from "../../src/content/messages.ts";
import { CitypitchError } from "../../src/errors.ts";
import { ROOT } from "../helpers/project.ts";

const dir = join(ROOT, MESSAGES_DIR);
const languages = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -".yaml".length));

/** Values that fill every placeholder the shipped messages use, in two variants (plural one/other, select branches). */
const VALUES = [
  {
    count: 1,
    n: 1,
    value: "1",
    amount: "1",
    from: "1",
    to: "2",
    year: "2020",
    others: "2019",
    figure: "5 Mt",
    title: "Port",
    sign: "up",
    name: "Testville",
    date: "May 2026",
    refs: "[1]",
  },
  {
    count: 7,
    n: 3,
    value: "7.5",
    amount: "7500000",
    from: "3",
    to: "4",
    year: "2010",
    others: "2009 or 2008",
    figure: "over 70%",
    title: "Economy",
    sign: "down",
    name: "Testville",
    date: "June 2020",
    refs: "[2, 3]",
  },
];

describe.each(languages)("messages of %s", (language) => {
  const file = join(dir, `${language}.yaml`);
  const text = readFileSync(file, "utf8");
  const clean = cleanMessages(text, language)!;
  const handed = messagesFromClean(text, `${language}.yaml`, language, structuredClone(clean));
  const parsed = parseMessages(text, `${language}.yaml`, language);

  it("hands over a parse for every message, as plain data", () => {
    expect(clean.asts?.map(([id]) => id)).toEqual(clean.texts.map(([id]) => id));
    expect(clean.texts.length).toBeGreaterThan(50);
  });

  it("reads every message as intl-messageformat compiles its text, the first time and again", () => {
    const say = (m: Messages | IntlMessageFormat, id: string, values: (typeof VALUES)[number]) => {
      try {
        return m instanceof IntlMessageFormat ? String(m.format(values)) : m.t(id, values);
      } catch (error) {
        return error instanceof CitypitchError ? "error" : `unexpected ${String(error)}`;
      }
    };
    for (const [id, message] of clean.texts) {
      const reference = new IntlMessageFormat(message, clean.locale, undefined, { ignoreTag: true });
      for (const values of [...VALUES, ...VALUES]) {
        const expected = say(reference, id, values).replace(/^unexpected .*/, "error");
        expect(say(handed, id, values), `${language} ${id}`).toBe(expected);
        expect(say(parsed, id, values), `${language} ${id}`).toBe(expected);
      }
    }
  });
});

describe("remembered wording", () => {
  const text = readFileSync(join(dir, "en.yaml"), "utf8");

  it("tells one count from another after the first is remembered", () => {
    const messages = parseMessages(text, "en.yaml", "en");
    const one = messages.t("unit.destinations.long", { value: "1", count: 1 });
    const many = messages.t("unit.destinations.long", { value: "1", count: 5 });
    expect(one).not.toBe(many);
    expect(messages.t("unit.destinations.long", { value: "1", count: 1 })).toBe(one);
    expect(messages.t("unit.destinations.long", { value: "1", count: "1" })).toBe(
      new IntlMessageFormat("{count, plural, one {{value}\u00A0destination} other {{value}\u00A0destinations}}", "en").format({ value: "1", count: "1" }),
    );
  });

  it("still reports a message that cannot be filled in, every time", () => {
    const messages = parseMessages(text, "en.yaml", "en");
    expect(() => messages.t("unit.destinations.long", { value: "1" })).toThrow(CitypitchError);
    expect(() => messages.t("unit.destinations.long", { value: "1" })).toThrow(/cannot be filled in/);
  });
});
