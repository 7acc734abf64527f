/**
 * Hostile and careless data, one case per row: each must fail validation (what `check` and `build`
 * both run first) with a located problem naming the field, never pass silently and never crash.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { deflateSync } from "node:zlib";
import { rgbPng } from "../../src/deck/standIns.ts";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument, Scalar, type Document } from "yaml";
import { validateForRun } from "../../src/commands/check.ts";
import { CitypitchError, EXIT, formatProblems } from "../../src/errors.ts";
import { copyFixture, options, ROOT } from "../helpers/project.ts";

mkdirSync(join(ROOT, ".tmp"), { recursive: true });

type Edit = (city: Document, files: { sources: Document; brand: Document; dir: string }) => void;

/** A double-quoted scalar, so any character (line breaks included) survives the round trip. */
const quoted = (value: string) => Object.assign(new Scalar(value), { type: Scalar.QUOTE_DOUBLE });

const FIGURE = ["connectivity", "port", "figures", "throughput"];
const SHARE = ["connectivity", "port", "figures", "foreignContainerShare"];

/** [case, edit, expected field path, expected words in the message] */
const CASES: [string, Edit, string, RegExp][] = [
  // Class 1: unsafe links and values that reach a template raw.
  ["javascript: URL in a contact", (c) => c.setIn(["cta", "contacts"], [{ name: "Desk", url: "javascript:alert(1)" }]), "cta.contacts[0].url", /http:\/\/, https:\/\/ or mailto:/],
  ["file: URL in a contact", (c) => c.setIn(["cta", "contacts"], [{ name: "Desk", url: "file:///etc/passwd" }]), "cta.contacts[0].url", /other kinds of link are refused/],
  ["data: URL in a source", (_, f) => f.sources.setIn(["sources", "testville-almanac", "url"], "data:text/html,<script>1</script>"), "sources.testville-almanac.url", /refused/],
  ["language tag with a line break", (c) => c.setIn(["name", "localLanguage"], quoted("zh\n:::\nInjected notice")), "name.localLanguage", /BCP 47/],
  ["edition language that is not a tag", (c) => c.setIn(["edition", "language"], "en<script>"), "edition.language", /BCP 47/],
  // Class 2: characters that corrupt outputs.
  ["a control character in prose", (c) => c.setIn(["tagline"], quoted("Bell \u0007 here")), "tagline", /U\+0007/],
  [
    "a summary of 200,000 characters",
    (c) => c.setIn(["geography", "summary"], "A fictional harbour town. ".repeat(8000)),
    "geography.summary",
    /is 207,999 characters long, more than the 10,000 a field may hold/,
  ],
  ["a right-to-left override in the city's name", (c) => c.setIn(["name", "en"], quoted("Test\u202Eville")), "name.en", /directional formatting character U\+202E/],
  ["a C1 control character in a note", (c) => c.setIn([...FIGURE, "note"], quoted("next line \u0085")), "connectivity.port.figures.throughput.note", /U\+0085/],
  ["a lone surrogate", (c) => c.setIn(["economy", "summary"], quoted("broken \ud800 pair")), "economy.summary", /U\+D800/],
  // A result dated after its source appeared: it would make every other city's value look old in a comparison.
  [
    "a result from after its source was published",
    (c) => c.setIn([...FIGURE, "year"], 2100),
    "connectivity.port.figures.throughput.year",
    /published in \d{4}: a source cannot report results from after it appeared/,
  ],
  // "As published" beside a year that is not the source's: "1800, as published" from a 2008 book.
  [
    "a publication year that is not the source's",
    (c) => c.setIn(["geography", "figures", "population", "year"], 1800),
    "geography.figures.population.year",
    /yearBasis: publication\), but it says 1800 and "testville-almanac" was published in 2008/,
  ],
  // Class 4: user errors that used to be internal errors.
  ["a number where a figure path belongs", (c) => c.setIn(["highlights", 0], 42), "highlights[0]", /expected text/],
  ["a mapping where a figure path belongs", (c) => c.setIn(["charts", 0, "figures", 0], { a: 1 }), "charts[0].figures[0]", /expected text/],
  [
    "an unknown derivation method",
    (c) => c.setIn(["connectivity", "port", "figures", "throughput2006", "derived", "method"], "guess"),
    "connectivity.port.figures.throughput2006.derived.method",
    /expected one of/,
  ],
  ["an impossible date", (c) => c.setIn(["edition", "date"], "2026-13-45"), "edition.date", /not a date in the calendar/],
  ["29 February in a common year", (c) => c.setIn(["edition", "date"], "2027-02-29"), "edition.date", /not a date in the calendar/],
  // Class 5: silently wrong validation.
  ["a source id named after Object.prototype", (c) => c.setIn([...FIGURE, "source"], "toString"), "connectivity.port.figures.throughput.source", /unknown source id "toString"/],
  ["a source id 'constructor'", (c) => c.setIn([...FIGURE, "source"], "constructor"), "connectivity.port.figures.throughput.source", /unknown source id/],
  ["a share range above 100 %", (c) => c.setIn([...SHARE, "upper"], 140), "connectivity.port.figures.foreignContainerShare.upper", /between 0 and 100/],
  [
    "a share alternative above 100 %",
    (c) => c.setIn([...SHARE, "alternatives"], [{ value: 120, note: "another reading" }]),
    "connectivity.port.figures.foreignContainerShare.alternatives[0].value",
    /between 0 and 100/,
  ],
  [
    "a negative number of containers",
    (c) => c.setIn(["connectivity", "port", "figures", "containers", "value"], -3),
    "connectivity.port.figures.containers.value",
    /cannot be negative/,
  ],
  ["a latitude beyond the pole", (c) => c.setIn(["coordinates", "latitude", "value"], 95), "coordinates.latitude.value", /between -90 and 90/],
  ["a number too large to read", (c) => c.setIn([...FIGURE, "value"], 1e308), "connectivity.port.figures.throughput.value", /at most/],
  [
    "a tiny derived value checked to its own precision",
    (c) => c.setIn(["connectivity", "port", "figures", "throughput2006", "value"], 0.0000001),
    "connectivity.port.figures.throughput2006.value",
    /does not match its inputs/,
  ],
  ["a chart in a section no output shows", (c) => c.setIn(["charts", 0, "section"], "talent"), "charts[0].section", /not show charts in/],
  ["a slug with characters a shell reads", (c) => c.setIn(["slug"], "-rf"), "slug", /slugs are/],
  ["a slug that is not the file's name", (c) => c.setIn(["slug"], "other-town"), "slug", /does not match the file name testville\.yaml/],
  ["a carriage return inside prose", (c) => c.setIn(["tagline"], quoted("Testville\rharbour")), "tagline", /U\+000D/],
  [
    "a figure key that breaks the key rule",
    (c) => c.setIn(["economy", "figures", "_x"], { label: "X", value: 1, unit: "count", year: 2008, source: "testville-almanac" }),
    "economy.figures._x",
    /key "_x": figure keys are letters/,
  ],
  [
    "a script the brand's fonts cannot draw, in a figure label",
    (c) => c.setIn([...FIGURE, "label"], "เมืองทดสอบ"),
    "connectivity.port.figures.throughput.label",
    /no glyph for "เ" \(U\+0E40\)/,
  ],
  ["an emoji in prose, with a brand that has no emoji font", (c) => c.setIn(["tagline"], "Harbour city 🚢"), "tagline", /no glyph for "🚢"/],
  [
    "a figure derived from itself",
    (c) =>
      c.setIn(
        ["connectivity", "port", "figures", "throughput2006", "derived", "inputs"],
        ["connectivity.port.figures.throughput2006", "connectivity.port.figures.throughputGrowth"],
      ),
    "connectivity.port.figures.throughput2006.derived.inputs",
    /derived from itself/,
  ],
];

async function problemsFor(edit: Edit): Promise<string> {
  const dir = copyFixture();
  const read = (file: string) => parseDocument(readFileSync(join(dir, file), "utf8"));
  const city = read("cities/testville.yaml");
  const sources = read("sources.yaml");
  const brand = read("brand.yaml");
  edit(city, { sources, brand, dir });
  writeFileSync(join(dir, "cities/testville.yaml"), city.toString());
  writeFileSync(join(dir, "sources.yaml"), sources.toString());
  writeFileSync(join(dir, "brand.yaml"), brand.toString());
  try {
    await validateForRun([], options({ data: dir }));
  } catch (error) {
    if (!(error instanceof CitypitchError)) throw error;
    expect(error.exitCode).toBe(EXIT.invalidData);
    return formatProblems(error.problems);
  }
  throw new Error("the data passed validation");
}

describe("bad data is refused with a located problem", () => {
  it.each(CASES)("%s", async (_, edit, path, message) => {
    const report = await problemsFor(edit);
    const line = report.split("\n").find((l) => l.includes(`  ${path}: `));
    expect(line, report).toBeDefined();
    expect(line).toMatch(/\.yaml:\d+:\d+ {2}/);
    expect(line).toMatch(message);
    // The data's control characters are named, never echoed to the terminal.
    expect(report).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});

describe("a shape problem does not hide the others", () => {
  it("reports a text of the wrong type, a missing text and an unknown field with the unknown source and highlight beside them, at once", async () => {
    const report = await problemsFor((c) => {
      c.setIn(["country"], 42);
      c.deleteIn(["province"]);
      c.setIn(["provinse"], "Example Province");
      c.setIn([...FIGURE, "source"], "nosuch-source");
      c.setIn(["highlights", 0], "geography.figures.nosuch");
    });
    for (const [path, message] of [
      ["country", /expected text/],
      ["province", /required field is missing/],
      ["provinse", /unknown field "provinse"/],
      ["connectivity.port.figures.throughput.source", /unknown source id "nosuch-source"/],
      ["highlights[0]", /figure that does not exist/],
    ] as const) {
      const line = report.split("\n").find((l) => l.includes(`  ${path}: `));
      expect(line, `${path} in\n${report}`).toMatch(message);
    }
    // The stand-in that let the cross-checks run is never reported.
    expect(report).not.toContain("(invalid)");
  });
});

/** [case, change to the fixture copy, expected words in the located report] */
const FILE_CASES: [string, (dir: string) => void, RegExp][] = [
  [
    "bytes that are not UTF-8",
    (dir) => appendBytes(dir, "cities/testville.yaml", Buffer.from([0x6e, 0x6f, 0x74, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a])),
    /testville\.yaml:\d+:7 {2}the file is not valid UTF-8: byte \d+ \(0xFF\)/,
  ],
  ["a YAML alias bomb", (dir) => appendText(dir, "cities/testville.yaml", bomb()), /testville\.yaml:\d+:\d+ {2}YAML aliases expand too far/],
  [
    "a __proto__ key",
    (dir) => replaceText(dir, "cities/testville.yaml", "  figures: {}", "  figures:\n    __proto__:\n      label: x"),
    /testville\.yaml:\d+:5 {2}economy\.figures\.__proto__: the key "__proto__" is not allowed/,
  ],
  [
    "an unknown YAML tag",
    (dir) => replaceText(dir, "cities/testville.yaml", "tagline: North", "tagline: !testville/evil North"),
    /testville\.yaml:\d+:\d+ {2}unknown YAML tag: !testville\/evil/,
  ],
  [
    "a character no font can draw, in a city that also has a shape error",
    (dir) => replaceText(dir, "cities/testville.yaml", "tagline: North", "seas: 3\ntagline: เมือง North"),
    /tagline: the brand's fonts have no glyph for "เ"/,
  ],
  [
    "a line indented with a tab",
    (dir) => replaceText(dir, "cities/testville.yaml", "\n  local: ", "\n\tlocal: "),
    /testville\.yaml:5:1 {2}this line is indented with a tab; YAML indents with spaces only/,
  ],
  ["a key written twice", (dir) => appendText(dir, "cities/testville.yaml", "\ntagline: again\n"), /testville\.yaml:\d+:1 {2}tagline: duplicate key "tagline"/],
  [
    "YAML nested thousands deep",
    (dir) => appendText(dir, "cities/testville.yaml", `\ndeep: ${"[".repeat(5000)}x${"]".repeat(5000)}\n`),
    /testville\.yaml:\d+:\d+ {2}(the YAML is nested too deeply to read|YAML syntax error)/,
  ],
  [
    "a brand logo that links outside the project",
    (dir) => linkLogo(dir, "/etc/passwd"),
    /brand\.yaml:\d+:\d+ {2}logo\.png: file lies outside the project: .*\(it is a link to \/etc\/passwd\)/,
  ],
  ["a brand font that is not a font", (dir) => fakeFont(dir, "not a font at all"), /brand\.yaml:\d+:\d+ {2}fonts\.body\.regular: .*is not a TrueType or OpenType font/],
  [
    "a brand font that is damaged",
    (dir) => fakeFont(dir, Buffer.concat([Buffer.from([0, 1, 0, 0]), Buffer.alloc(64, 7)])),
    /fonts\.body\.regular: .*(is damaged|has no characters)/,
  ],
  [
    "a city whose slug is portfolio, where output/portfolio/ holds the portfolios",
    (dir) => {
      replaceText(dir, "cities/testville.yaml", "slug: testville", "slug: portfolio");
      renameSync(join(dir, "cities/testville.yaml"), join(dir, "cities/portfolio.yaml"));
    },
    /portfolio\.yaml:\d+:\d+ {2}slug: is reserved: output\/portfolio\/ holds the portfolios/,
  ],
  ["a logo whose bytes are not a PNG", (dir) => fakeLogo(dir, "<svg xmlns='http://www.w3.org/2000/svg'/>"), /logo\.png: .*is not a PNG image/],
  [
    "a logo PNG whose header claims 60,000 pixels square (a kilobyte of data)",
    (dir) => fakeLogo(dir, rgbPng(60000, 60000, deflateSync(Buffer.alloc(1024)))),
    /brand\.yaml:\d+:\d+ {2}logo\.png: .*is 60000 × 60000 pixels, more than a logo needs/,
  ],
  [
    "a logo PNG whose pixel data does not decompress",
    (dir) => fakeLogo(dir, rgbPng(8, 8, Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff]))),
    /logo\.png: .*is a damaged PNG image \(its pixel data does not decompress/,
  ],
  [
    "a logo PNG with fewer pixels than its size",
    (dir) => fakeLogo(dir, rgbPng(64, 64, deflateSync(Buffer.alloc(100)))),
    /logo\.png: .*is a damaged PNG image \(its pixel data holds 100 bytes where its size needs 12352\)/,
  ],
];

describe("bad files are refused with a located problem", () => {
  it.each(FILE_CASES)("%s", async (_, change, expected) => {
    const dir = copyFixture();
    change(dir);
    let report = "";
    try {
      await validateForRun([], options({ data: dir }));
    } catch (error) {
      if (!(error instanceof CitypitchError)) throw error;
      expect(error.exitCode).toBe(EXIT.invalidData);
      report = formatProblems(error.problems);
    }
    expect(report).toMatch(expected);
  });
});

function appendBytes(dir: string, file: string, bytes: Buffer): void {
  writeFileSync(join(dir, file), Buffer.concat([readFileSync(join(dir, file)), bytes]));
}
function appendText(dir: string, file: string, text: string): void {
  appendBytes(dir, file, Buffer.from(text));
}
function replaceText(dir: string, file: string, find: string, replace: string): void {
  const text = readFileSync(join(dir, file), "utf8");
  expect(text.split(find)).toHaveLength(2);
  writeFileSync(join(dir, file), text.replace(find, replace));
}
/** A "billion laughs": nine aliases nine levels deep. */
function bomb(): string {
  const levels = ["a", "b", "c", "d", "e", "f", "g"];
  return (
    "\nbomb:\n" +
    levels
      .map(
        (name, i) =>
          `  ${name}: &${name} [${
            i === 0
              ? '"lol"'
              : Array(9)
                  .fill(`*${levels[i - 1]}`)
                  .join(", ")
          }]`,
      )
      .join("\n") +
    "\n"
  );
}

/**
 * Brand files must live inside the project (the repository root, where the tests run); each case
 * writes its own file under .tmp/ there and points brand.yaml at it.
 */
const projectDirs: string[] = [];
afterAll(() => {
  for (const dir of projectDirs) rmSync(dir, { recursive: true, force: true });
});
function projectFile(name: string, bytes: string | Buffer, link = false): string {
  const dir = mkdtempSync(join(ROOT, ".tmp", "safety-"));
  projectDirs.push(dir);
  const path = join(dir, name);
  if (link) symlinkSync(bytes.toString(), path);
  else writeFileSync(path, bytes);
  return relative(ROOT, path);
}
function linkLogo(dir: string, target: string): void {
  replaceText(dir, "brand.yaml", "png: data/brand/logo.png", `png: ${projectFile("logo.png", target, true)}`);
}
function fakeFont(dir: string, bytes: string | Buffer): void {
  replaceText(dir, "brand.yaml", "regular: node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf", `regular: ${projectFile("font.ttf", bytes)}`);
}
function fakeLogo(dir: string, bytes: string | Buffer): void {
  replaceText(dir, "brand.yaml", "png: data/brand/logo.png", `png: ${projectFile("logo.png", bytes)}`);
}
