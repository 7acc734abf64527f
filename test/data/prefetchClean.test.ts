/**
 * What the prefetch thread hands the main thread (src/data/prefetch.ts) must be what the main
 * thread would have made itself: a data file's data exactly as parseYamlText gives it, and
 * nothing at all for a file with anything to report (the main thread then reports it, as before);
 * a message file's messages exactly as parseMessages makes them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanMessages, messagesFromClean, parseMessages } from "../../src/content/messages.ts";
import { CitypitchError } from "../../src/errors.ts";
import { cleanYamlData, parseYamlText } from "../../src/data/load.ts";
import { ROOT, TESTVILLE } from "../helpers/project.ts";

describe("a data file parsed ahead", () => {
  it.each([join(ROOT, "data", "cities", "dalian.yaml"), join(ROOT, "data", "brand.yaml"), join(TESTVILLE, "cities", "testville.yaml")])(
    "gives the very data the main thread's parse gives: %s",
    (file) => {
      const text = readFileSync(file, "utf8");
      const own = parseYamlText(text, file, "x.yaml");
      expect(own.problems).toEqual([]);
      // Through a structured clone, as it crosses from the thread.
      expect(structuredClone(cleanYamlData(text))?.value).toEqual(own.loaded!.data);
    },
  );

  it.each([
    ["a key written twice", "a: 1\na: 2\n"],
    ["a syntax error", "a: [1, 2\nb: 3\n"],
    ["an unknown tag", "a: !thing 1\n"],
    ["a __proto__ key", "a:\n  __proto__: 1\n"],
    [
      "an alias bomb",
      `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 6 },
        (_, i) =>
          `${"b".repeat(i + 1)}: &${"b".repeat(i + 1)} [${Array(10)
            .fill(i === 0 ? "*a" : `*${"b".repeat(i)}`)
            .join(", ")}]`,
      ).join("\n")}\n`,
    ],
  ])("gives nothing for %s, which the main thread then reports", (_, text) => {
    expect(parseYamlText(text, "x.yaml", "x.yaml").problems.length).toBeGreaterThan(0);
    expect(cleanYamlData(text)).toBeUndefined();
  });
});

describe("a message file checked ahead", () => {
  const file = join(ROOT, "templates", "messages", "en.yaml");
  const text = readFileSync(file, "utf8");

  it("makes the same messages as parsing it here", () => {
    const own = parseMessages(text, "en.yaml", "en");
    const ahead = messagesFromClean(text, "en.yaml", "en", structuredClone(cleanMessages(text, "en")!));
    expect(ahead.locale).toBe(own.locale);
    const ids = [...cleanMessages(text, "en")!.texts.map(([id]) => id), "no.such.message"];
    expect(ids.length).toBeGreaterThan(100);
    for (const id of ids) {
      expect(ahead.has(id)).toBe(own.has(id));
      const values = { count: 3, n: 2, year: "2020", name: "Testville", value: "5", date: "May 2026" };
      const say = (m: typeof own) => {
        try {
          return m.t(id, values);
        } catch (error) {
          return error instanceof CitypitchError ? `${error.message} @ ${JSON.stringify(error.problems)}` : String(error);
        }
      };
      expect(say(ahead)).toBe(say(own));
    }
  });

  it("gives nothing for a file with a message that does not parse", () => {
    const broken = `${text}\nbrokenByTest: "{unclosed"\n`;
    expect(() => parseMessages(broken, "en.yaml", "en")).toThrow(CitypitchError);
    expect(cleanMessages(broken, "en")).toBeUndefined();
  });

  it("points a message that cannot be filled in at its line, as parsing it here does", () => {
    const own = parseMessages(text, "en.yaml", "en");
    const ahead = messagesFromClean(text, "en.yaml", "en", cleanMessages(text, "en")!);
    const id = "figure.range";
    const fail = (m: typeof own) => {
      try {
        m.t(id, {});
      } catch (error) {
        return (error as CitypitchError).problems[0];
      }
      return undefined;
    };
    expect(fail(own)?.location.line).toBeGreaterThan(1);
    expect(fail(ahead)).toEqual(fail(own));
  });
});
