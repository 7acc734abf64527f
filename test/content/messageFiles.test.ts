import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, parse, parseDocument } from "yaml";
import { createWording } from "../../src/content/format.ts";
import { loadMessages, MESSAGES_DIR } from "../../src/content/messages.ts";
import type { Figure } from "../../src/data/schema.ts";
import { ROOT } from "../helpers/project.ts";

const dir = join(ROOT, MESSAGES_DIR);
const languages = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""));
const translated = languages.filter((l) => l !== "en");

/** Every message id a file defines ("unit.km.short"), as the loader walks it. */
function messageIds(language: string): string[] {
  const ids: string[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const id = [...path, String(pair.key.value)];
      if (isMap(pair.value)) walk(pair.value, id);
      else ids.push(id.join("."));
    }
  };
  walk(parseDocument(readFileSync(join(dir, `${language}.yaml`), "utf8")).contents, []);
  return ids.filter((id) => id !== "locale").sort();
}

// A value for every argument any message takes; selects fall through to `other` where unnamed.
const SAMPLE = {
  value: "5.4",
  amount: "540",
  count: 3,
  figure: "F",
  year: "2008",
  others: "2006",
  number: 3,
  from: "A",
  to: "B",
  sign: "up",
  publisher: "P",
  title: "T",
  sources: "S",
  figures: "F",
  label: "L",
  explain: "E",
  note: "N",
  kind: "K",
  subject: "S",
  head: "H",
  items: "I",
  city: "C",
  caption: "C",
  points: "P",
  change: "1%",
  via: "",
  date: "D",
  name: "N",
  stance: "growing",
  province: "P",
  country: "C",
  vintage: "V",
  part: 1,
  of: 2,
  local: "L",
  romanised: "R",
  tagline: "T",
  summary: "S",
  nickname: "N",
  port: "P",
  airport: "A",
  description: "D",
  status: "S",
  since: "2007",
  code: "C",
  sentence: "S",
  issuer: "I",
  headline: "H",
  action: "A",
  role: "R",
  email: "e@x.org",
  rank: 1,
  unit: "U",
  section: "S",
  n: 1,
  direction: "higher",
  spread: 3,
  indicators: 5,
  groups: 2,
  brand: "B",
  organisation: "O",
  person: "P",
  cities: "C",
  who: "person",
  translator: "named",
  by: "B",
  language: "L",
  refs: "[1]",
  refs2: "[2]",
  derived: "D",
  throughput: "T",
  containers: "C",
  text: "T",
  source: "S",
};

/** The message with SAMPLE's values, and "X" for any further argument it names. */
function fill(messages: ReturnType<typeof loadMessages>, id: string): string {
  const values: Record<string, string | number> = { ...SAMPLE };
  for (;;) {
    try {
      return messages.t(id, values);
    } catch (error) {
      const missing = /variable "(\w+)" was not provided/.exec((error as Error).message)?.[1];
      if (!missing || missing in values) throw error;
      values[missing] = "X";
    }
  }
}

const dalian = parse(readFileSync(join(ROOT, "data", "cities", "dalian.yaml"), "utf8"));
const dalianFigures: Figure[] = [dalian.coordinates.latitude];
const collect = (node: unknown): void => {
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    // Parsed without the schema, so a figure lacks the default yearBasis validation would give it.
    if (key === "figures" && !Array.isArray(value)) dalianFigures.push(...(Object.values(value as object) as Figure[]).map((f) => ({ ...f, yearBasis: f.yearBasis ?? "stated" })));
    else collect(value);
  }
};
collect(dalian);

describe("message files", () => {
  it("are there for the CJK edition languages", () => {
    expect(translated).toEqual(expect.arrayContaining(["ja", "zh-Hans", "ko"]));
  });

  it.each(translated)("%s has exactly the messages en.yaml has", (language) => {
    expect(messageIds(language)).toEqual(messageIds("en"));
  });

  it.each(languages)("%s parses, sets its own locale and fills in every message", (language) => {
    const messages = loadMessages(ROOT, language);
    expect(messages.language).toBe(language);
    if (language !== "en") expect(messages.locale).not.toMatch(/^en/);
    for (const id of messageIds(language)) {
      const text = fill(messages, id);
      expect(text, id).not.toMatch(/[{}]/);
    }
  });

  // Every word around a figure comes from the message file, so a CJK edition's figures carry no
  // English: only the symbols CJK text uses as they are (km, °N, %).
  it.each(translated)("%s words every Dalian figure without English", (language) => {
    const words = createWording(loadMessages(ROOT, language), language);
    for (const figure of dalianFigures) {
      const tile = words.tileParts(figure);
      for (const text of [words.figure(figure, "short"), words.figureWithYear(figure, "long"), tile.number, tile.unit, tile.qualifier, tile.year, words.unitCaption(figure.unit)]) {
        expect(text.replace(/km|°N/g, ""), `${figure.label}: ${text}`).not.toMatch(/[A-Za-z]/);
      }
    }
  });

  it.each<[string, Partial<Figure>, string]>([
    ["ja", { value: 165.44, unit: "million-tonnes", qualifier: "over" }, "1億6544万トン超"],
    ["ja", { value: 5.4, unit: "million-people" }, "540万人"],
    ["ja", { value: 50, unit: "cny-billion", qualifier: "target" }, "500億元"],
    ["zh-Hans", { value: 2.8, unit: "usd-billion" }, "28亿美元"],
    ["zh-Hans", { value: 3.81, unit: "million-containers" }, "381万个"],
    ["ko", { value: 140000, unit: "people" }, "14만\u00A0명"],
  ])("%s counts millions and billions in its own steps: %j is %s", (language, over, expected) => {
    const words = createWording(loadMessages(ROOT, language), language);
    const figure = { label: "L", value: 1, unit: "count", year: 2008, yearBasis: "stated", ...over } as Figure;
    expect(words.figure(figure, "short")).toBe(expected);
    // A tile splits the same text into number and unit, so the tile and the prose agree.
    const tile = words.tileParts(figure);
    expect(`${tile.number}${tile.tight ? "" : "\u00A0"}${tile.unit}`.replace(/\u00A0/g, " ")).toBe(words.withUnit(figure).replace(/\u00A0/g, " "));
  });
});
