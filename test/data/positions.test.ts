/**
 * A file the prefetch thread parsed clean comes with its nodes' positions (load.ts, positionsOf),
 * so that a warning about it is placed without parsing the file again: every place found from
 * them must be the one the parsed document gives, for every field and for paths that miss.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanYamlData, parseYamlText, type LoadedYaml, type YamlPositions } from "../../src/data/load.ts";
import { locate, locateValue, type PathKey } from "../../src/data/locate.ts";
import { ROOT, TESTVILLE } from "../helpers/project.ts";

/** Every path in the data, and from each a few that do not exist in it. */
function paths(data: unknown, path: PathKey[] = []): PathKey[][] {
  const out: PathKey[][] = [path, [...path, "noSuchKey"], [...path, 0], [...path, "0"], [...path, -1], [...path, 99], [...path, 1.5]];
  if (Array.isArray(data)) data.forEach((item, i) => out.push(...paths(item, [...path, i])));
  else if (typeof data === "object" && data !== null) for (const [key, value] of Object.entries(data)) out.push(...paths(value, [...path, key]));
  return out;
}

function both(text: string): { parsed: LoadedYaml; ahead: LoadedYaml } {
  const parsed = parseYamlText(text, "/x.yaml", "x.yaml").loaded!;
  const clean = cleanYamlData(text)!;
  expect(clean.positions).toBeDefined();
  const positions = JSON.parse(structuredClone(clean.positions!)) as YamlPositions;
  const ahead = {
    absPath: "/x.yaml",
    file: "x.yaml",
    data: clean.value,
    positions,
    get doc(): never {
      throw new Error("the document was asked for");
    },
    get lines(): never {
      throw new Error("the document was asked for");
    },
  };
  return { parsed, ahead };
}

describe("positions sent from the prefetch thread", () => {
  const texts: [string, string][] = [
    ["dalian.yaml", readFileSync(join(ROOT, "data", "cities", "dalian.yaml"), "utf8")],
    ["testville.yaml", readFileSync(join(TESTVILLE, "cities", "testville.yaml"), "utf8")],
    ["brand.yaml", readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")],
    [
      "empty values, flow collections, numeric-looking keys and nesting",
      'a:\nb: ~\n"2020": 1\nlist:\n  - x\n  -\n  - { k: [1, 2], "3": v }\n  - - deep\n    - er\nnested:\n  seq: []\n  map: {}\n',
    ],
    ["a sequence at the top", "- 1\n- a: 2\n-\n"],
    ["a scalar at the top", "just text\n"],
    ["nothing", ""],
  ];

  it.each(texts)("place every field where the document does: %s", (_, text) => {
    const { parsed, ahead } = both(text);
    const all = paths(parsed.data);
    expect(all.length).toBeGreaterThan(6);
    for (const path of all) {
      expect(locate(ahead, path), JSON.stringify(path)).toEqual(locate(parsed, path));
      expect(locateValue(ahead, path), JSON.stringify(path)).toEqual(locateValue(parsed, path));
    }
  });

  it.each([
    ["a number as a key", "2020: 1\n"],
    ["a boolean as a key", "true: 1\n"],
    ["an alias", "a: &x 1\nb: *x\n"],
  ])("are not sent for a document with %s, which is parsed again instead", (_, text) => {
    expect(cleanYamlData(text)?.value).toBeDefined();
    expect(cleanYamlData(text)?.positions).toBeUndefined();
  });
});
