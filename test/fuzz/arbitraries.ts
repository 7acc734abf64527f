/**
 * fast-check arbitraries for the CLI fuzz run: random VALID cities (the Testville fixture with
 * random edits) and INVALID cities (a valid one plus one KNOWN defect).
 *
 * A case is plain data (a list of edits on the fixture), never a closure, so that it prints, replays
 * and minimises: drop edits one by one and the city stays valid.
 * Everything here is fictional: Testville and its made-up neighbours.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { parse, stringify } from "yaml";

export const FIXTURE_DIR = join(import.meta.dirname, "..", "fixtures", "testville");
export const FIXTURE_TEXT = readFileSync(join(FIXTURE_DIR, "cities", "testville.yaml"), "utf8");

export type PathKey = string | number;
type Json = unknown;
type Obj = Record<string, Json>;

/** Sets (or, with `delete`, removes) one value at a path of the city. */
export interface Edit {
  path: PathKey[];
  value?: Json;
  delete?: true;
  /** Edits that only make sense together (a derived figure and its inputs): applied, and shrunk, as one. */
  group?: Edit[];
}

export interface ValidCase {
  /** The slug stem; the harness suffixes a batch index so that batched slugs are unique. */
  slug: string;
  edits: Edit[];
}

export interface Defect {
  /** A stable name for the kind of defect ("figure.value.string"), used to group findings. */
  kind: string;
  /** What is wrong, in words. */
  note: string;
  edits: Edit[];
  /** A change to the YAML text after it is written (defects YAML cannot express as data). */
  raw?:
    | { kind: "alias-bomb" }
    | { kind: "duplicate-key"; key: string }
    | { kind: "prepend"; text: string }
    | { kind: "replace"; find: string; text: string }
    | { kind: "whole"; text: string };
  /** The field path the report should name (`charts[0].id`); a parent or child path also counts. */
  expectPath?: PathKey[];
  /** A slug the file is named after and carries (for slug defects); otherwise the harness picks one. */
  fileSlug?: string;
}

export interface InvalidCase {
  base: ValidCase;
  defect: Defect;
}

// ---------------------------------------------------------------------------------------------
// The fixture, and applying edits to it

export function fixtureCity(): Obj {
  return parse(FIXTURE_TEXT) as Obj;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Own-property writes only: a key named `__proto__` must become a key, not a prototype. */
function put(container: Json, key: PathKey, value: Json): void {
  Object.defineProperty(container as object, key, { value, enumerable: true, writable: true, configurable: true });
}

export function getAt(root: Json, path: readonly PathKey[]): Json {
  let node: Json = root;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Obj)[key as string];
  }
  return node;
}

export function applyEdits(city: Obj, edits: readonly Edit[]): Obj {
  for (const edit of edits) {
    if (edit.group) {
      applyEdits(city, edit.group);
      continue;
    }
    let node: Json = city;
    for (const key of edit.path.slice(0, -1)) {
      let next = getAt(node, [key]);
      if (next === null || typeof next !== "object") {
        next = {};
        put(node, key, next);
      }
      node = next;
    }
    const last = edit.path.at(-1)!;
    if (edit.delete) {
      if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
      else delete (node as Obj)[last as string];
    } else put(node, last, structuredClone(edit.value));
  }
  return city;
}

/** The fixture's sources' years: a result may not be dated after its source appeared. */
const SOURCE_YEARS: Record<string, number> = { "testville-almanac": 2008, "testville-gazette": 2007 };

export function validCity(c: ValidCase, slug = c.slug): Obj {
  const city = applyEdits(fixtureCity(), c.edits);
  city.slug = slug;
  // An edit may drop a target's qualifier or give a figure a source of an earlier year: such a
  // figure is dated at its source's year, so that the case stays valid; likewise a figure "as
  // published" in another year than its source's says its year is stated.
  const walk = (node: Json) => {
    if (isObj(node) && "value" in node && "unit" in node && typeof node.year === "number") {
      const published = typeof node.source === "string" ? SOURCE_YEARS[node.source] : undefined;
      if (node.qualifier !== "target" && published !== undefined && node.year > published) node.year = published;
      // "As published" holds only its source's own year: any other is a year the source states.
      if (node.yearBasis === "publication" && published !== undefined && node.year !== published) node.yearBasis = "stated";
      return;
    }
    if (isObj(node)) for (const v of Object.values(node)) walk(v);
    else if (Array.isArray(node)) for (const v of node) walk(v);
  };
  walk(city);
  return city;
}

export function toYaml(city: Obj): string {
  return "# Fictional fuzz city, generated from the Testville fixture.\n" + stringify(city, { lineWidth: 0 });
}

export function validYaml(c: ValidCase, slug = c.slug): string {
  return toYaml(validCity(c, slug));
}

/** A billion-laughs document: nine levels of ten aliases, expanding to 10^9 strings. */
export function aliasBomb(slug: string): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = "abcdefghi";
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1]!;
    levels.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${prev}`).join(",")}]`);
  }
  return `# alias bomb\nslug: ${slug}\n${levels.join("\n")}\ntagline: *i\n`;
}

export function invalidYaml(c: InvalidCase, slug = c.base.slug): string {
  const city = validCity(c.base, slug);
  applyEdits(city, c.defect.edits);
  const raw = c.defect.raw;
  if (raw?.kind === "alias-bomb") return aliasBomb(slug);
  let text = toYaml(city);
  if (raw?.kind === "duplicate-key") text = text.replace(/^tagline: .*$/m, (line) => `${line}\n${raw.key}: Duplicate value`);
  if (raw?.kind === "prepend") text = raw.text + text;
  if (raw?.kind === "replace") text = text.replace(new RegExp(raw.find, "m"), raw.text);
  if (raw?.kind === "whole") text = raw.text;
  return text;
}

// ---------------------------------------------------------------------------------------------
// What the fixture holds: prose fields, figures, lists

const STRUCTURED_KEYS = new Set([
  "slug",
  "unit",
  "source",
  "yearBasis",
  "qualifier",
  "mode",
  "status",
  "stance",
  "section",
  "kind",
  "labelBy",
  "id",
  "date",
  "localLanguage",
  "language",
  "inputs",
  "figures",
  "highlights",
  "method",
  "email",
  "url",
  "value",
  "upper",
  "year",
  "since",
  "dataAsOf",
  "factor",
]);

/** Paths of every prose string in the fixture (fields a person writes words into). */
export function prosePaths(city: Obj = fixtureCity()): PathKey[][] {
  const out: PathKey[][] = [];
  const walk = (node: Json, path: PathKey[]) => {
    if (typeof node === "string") {
      const key = [...path].reverse().find((k) => typeof k === "string") as string;
      if (!STRUCTURED_KEYS.has(key) && !path.includes("highlights") && !(path[0] === "charts" && path[2] === "figures")) out.push(path);
    } else if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else if (isObj(node)) for (const [k, v] of Object.entries(node)) if (!(k === "figures" && isObj(v) && path.length === 0)) walk(v, [...path, k]);
  };
  walk(city, []);
  return out;
}

export interface FigureRef {
  path: PathKey[];
  dotted: string;
  unit: string;
}

export function figurePaths(city: Obj = fixtureCity()): FigureRef[] {
  const out: FigureRef[] = [];
  const walk = (node: Json, path: PathKey[]) => {
    if (isObj(node) && "value" in node && "unit" in node && "year" in node) {
      out.push({ path, dotted: path.join("."), unit: String(node.unit) });
      return;
    }
    if (isObj(node)) for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(city, []);
  return out;
}

/** Figures whose values feed a derivation (or are derived); their values are randomised together. */
const DERIVED_GROUP = new Set([
  "connectivity.port.figures.throughput",
  "connectivity.port.figures.throughputGrowth",
  "connectivity.port.figures.throughput2006",
  "connectivity.port.figures.containers",
  "connectivity.port.figures.containersGrowth",
  "connectivity.port.figures.containers2006",
  "connectivity.airport.figures.beijingDaily",
  "connectivity.airport.figures.beijingWeekly",
]);

// ---------------------------------------------------------------------------------------------
// Text of any script, with Markdown-, HTML- and Marp-hostile pieces

export const SCRIPT_SAMPLES = [
  "Café Übersee, Ærøskøbing, Łódź, São Tomé, Ñandú, façade, naïve",
  "Δοκιμούπολη, λιμάνι και αεροδρόμιο",
  "Тестоград: порт, аэропорт, ЖЩЯ",
  "测试城港口吞吐量，软件外包基地",
  "テスト市の港と空港",
  "테스트시 항구",
  "مدينة الاختبار، ميناء ومطار",
  "עיר המבחן, נמל ושדה תעופה",
  "परीक्षणनगर का बंदरगाह क्षि त्र",
  "เมืองทดสอบ ท่าเรือ",
  "👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 🇫🇷 👍🏽 ❤️",
  "e\u0301 a\u0308\u0323 Z\u0351\u0352\u0353 o\u0338 q\u0307\u0323",
  "ǅ ﬁ ﬀ Ⅻ ½ ² ℃ № ™ © ®",
  "\u00a0non-breaking\u00a0space and\u200bzero\u200bwidth",
  "left \u200f RLM and \u200e LRM marks",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛 𠀀𠀁 (astral)",
];

export const HOSTILE_SAMPLES = [
  "---",
  "\n---\n",
  "# Heading",
  "## ",
  "|",
  "| a | b |\n|---|---|",
  "<style>h1{display:none}</style>",
  "<style>",
  "<!--",
  "-->",
  "<!-- fit -->",
  "<!-- _class: lead -->",
  "*",
  "**",
  "_",
  "__",
  "`",
  "```",
  "```js\nx\n```",
  "$",
  "$$",
  "$x^2$",
  "\\",
  "\\\\",
  "\\n",
  "<script>alert(1)</script>",
  "</div>",
  "<div class=x>",
  '<span lang="x">',
  "<br>",
  "{{title}}",
  "{{{raw}}}",
  "{{> partial}}",
  "&amp;",
  "&lt;",
  "&#0;",
  "&",
  "<",
  ">",
  '"',
  "'",
  ":::",
  "::chart port-share",
  "::tiles a.b",
  ":::callout",
  "[link](http://evil.example/)",
  "![img](http://evil.example/x.png)",
  "<https://evil.example/>",
  '<img src="http://evil.example/p.png">',
  "@import url(http://evil.example/x.css);",
  "url(http://evil.example/y)",
  "www.evil.example",
  "mailto:a@b.example",
  ":smile:",
  ":+1:",
  "[^1]",
  "> quote",
  "- item",
  "1. item",
  "+ item",
  "~~x~~",
  "==mark==",
  "\t",
  "\n",
  "\n\n",
  "  ",
  "% percent",
  "%%",
  "RMB ",
  "US$",
  "°N",
  "TODO later",
  "<marp>",
  "@page { }",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ufffd",
  "Supercalifragilisticexpialidocious".repeat(8),
  "https://testville.example/" + "a/".repeat(60),
  "测试城".repeat(40),
  "-".repeat(120),
  "_".repeat(80),
];

const WORDS = ["Testville", "harbour", "outsourcing", "Fixturia", "Mockonia", "port", "talent", "software", "zone", "fund", "a", "the"];

/**
 * What the fixture brand's fonts can draw (body, heading and local fonts; tab and newline need no
 * glyph). The build refuses text with characters none of them covers (src/data/glyphs.ts), so valid
 * text keeps only covered characters; uncovered scripts are an invalid-city defect of their own.
 */
const REPO_ROOT = join(import.meta.dirname, "..", "..");
const COVERAGE_FONTS = (() => {
  const brand = parse(readFileSync(join(FIXTURE_DIR, "brand.yaml"), "utf8")) as { fonts: Record<string, Record<string, string>> };
  return [brand.fonts.body!.regular!, brand.fonts.heading!.regular!, brand.fonts.local!.regular!].map(
    (file) => fontkit.create(readFileSync(join(REPO_ROOT, file))) as fontkit.Font,
  );
})();
const coverageCache = new Map<number, boolean>();
export function covered(cp: number): boolean {
  // Tab, line breaks and default-ignorable characters (ZWJ, variation selectors, bidi marks) draw nothing.
  if (cp === 9 || cp === 10 || /^\p{Default_Ignorable_Code_Point}$/u.test(String.fromCodePoint(cp))) return true;
  let known = coverageCache.get(cp);
  if (known === undefined) {
    known = COVERAGE_FONTS.some((font) => font.hasGlyphForCodePoint(cp));
    coverageCache.set(cp, known);
  }
  return known;
}
export const keepCovered = (s: string) => [...s].filter((ch) => covered(ch.codePointAt(0)!)).join("");

/**
 * Strips control characters, the noncharacters U+FFFE/U+FFFF and directional embeddings, overrides
 * and isolates (all invalid in prose) from generated "valid" text.
 */
export const stripControls = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff\u202a-\u202e\u2066-\u2069]/g, "");
/** Lone surrogates cannot be written as UTF-8 at all. */
const stripLoneSurrogates = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...SCRIPT_SAMPLES) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SAMPLES) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 12 }) },
);

/** Random prose of any script: 1 to a few hundred characters, sometimes long; never blank. */
export const proseArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 14 }), fc.constantFrom(" ", "", " ", "\n"), fc.nat({ max: 19 }))
  .map(([pieces, sep, longChance]) => {
    let s = keepCovered(stripLoneSurrogates(stripControls(pieces.join(sep))));
    if (longChance === 0) while (s.length < 600) s += ` ${s}`;
    s = s.slice(0, longChance === 0 ? 900 : 300);
    s = stripLoneSurrogates(s);
    return s.trim() === "" ? `Testville ${s}` : s;
  });

/** Short prose for labels and names (1 to ~40 characters). */
export const shortProseArb: fc.Arbitrary<string> = fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => {
  const s = keepCovered(stripLoneSurrogates(stripControls(p.join(" ")))).slice(0, 40);
  return stripLoneSurrogates(s).trim() === "" ? "Testville" : stripLoneSurrogates(s);
});

// ---------------------------------------------------------------------------------------------
// Numbers at the edges

const COUNT_UNITS = new Set(["people", "enterprises", "brands", "destinations", "countries-regions", "flights-per-day", "flights-per-week", "count"]);

export function valueArb(unit: string): fc.Arbitrary<number> {
  if (unit === "share-percent") return fc.oneof(fc.constantFrom(0, 100, 0.001, 99.99, 50, 33.3), fc.integer({ min: 0, max: 100 }));
  if (unit === "change-percent") return fc.oneof(fc.constantFrom(-99.9, -12.5, -0.01, -0, 0, 0.01, 13.9, 250, 1234.5, 1e-12, 123456.789012345), fc.integer({ min: -99, max: 500 }));
  if (unit === "degrees-north") return fc.oneof(fc.constantFrom(-90, -33.9, 0, 0.0001, 39, 89.9999, 90), fc.integer({ min: -90, max: 90 }));
  if (unit === "cny-billion" || unit === "usd-billion")
    return fc.oneof(fc.constantFrom(-2.5, -0.001, -0, 0, 0.001, 2.8, 50, 99999.99, -1e15, 1e15), fc.integer({ min: -1000, max: 100000 }));
  if (COUNT_UNITS.has(unit)) return fc.oneof(fc.constantFrom(0, 1, 2, 7, 999, 1000, 140000, 999999999, 1e12, 1e15), fc.integer({ min: 0, max: 100000 }));
  return fc.oneof(
    fc.constantFrom(0, 1e-12, 1e-6, 0.000123, 0.5, 1, 3.14159265358979, 12345.678, 987654321, 1e12, 999999999999999, 1e15, 165.44),
    fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((x) => Number(x.toPrecision(6))),
  );
}

const yearArb = fc.integer({ min: 1800, max: 2200 });
/** A figure's year: no later than its source's (the fixture's sources are of 2007 and 2008), or the figure is refused. */
const figureYearArb = fc.integer({ min: 1800, max: 2007 });
const qualifierArb = fc.constantFrom("over", "about", "up-to", "at-least", "target");
const yearBasisArb = fc.constantFrom("stated", "inferred", "publication");
const sourceIdArb = fc.constantFrom("testville-almanac", "testville-gazette");
const keyArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_]{0,14}$/);
/** Slug-like: lower-case words joined by single hyphens (the SLUG rule), at most 64 characters. */
const slugWordsArb = (maxWords: number) => fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: maxWords }).map((ws) => ws.join("-"));
const chartIdArb = slugWordsArb(4);

/** A valid ISO date (a real calendar day) between 1800 and 2200. */
const dateArb = fc.date({ min: new Date("1800-01-01T00:00:00Z"), max: new Date("2200-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const ALL_LOCAL_NAMES: [string, string][] = [
  ["zh-Hans", "测试城"],
  ["zh-Hant", "測試城"],
  ["ja", "テスト市"],
  ["ko", "테스트시"],
  ["ar", "مدينة الاختبار"],
  ["he", "עיר המבחן"],
  ["hi", "परीक्षणनगर"],
  ["th", "เมืองทดสอบ"],
  ["el", "Δοκιμούπολη"],
  ["ru", "Тестоград"],
  ["fr-CA", "Villetest-sur-Mer"],
  ["sr-Latn-RS", "Testograd"],
  ["und", "Testville"],
  ["de-CH-1996", "Teststadt"],
];

/** Local names the brand fonts can draw (the others feed the glyph defect). */
const LOCAL_NAMES = ALL_LOCAL_NAMES.filter(([, name]) => [...name].every((ch) => covered(ch.codePointAt(0)!)));

/** Random optional parts of one figure (unit kept, so charts stay single-unit). */
function figureEditsArb(ref: FigureRef): fc.Arbitrary<Edit[]> {
  const p = ref.path;
  const inGroup = DERIVED_GROUP.has(ref.dotted);
  const value = inGroup ? fc.constant(undefined) : fc.option(valueArb(ref.unit), { nil: undefined });
  return fc
    .record({
      value,
      upperPlus: fc.option(fc.constantFrom(0, 0.5, 1, 2, 1000), { nil: undefined }),
      year: fc.option(figureYearArb, { nil: undefined }),
      qualifier: fc.option(fc.option(qualifierArb, { nil: null }), { nil: undefined }),
      yearBasis: fc.option(yearBasisArb, { nil: undefined }),
      note: fc.option(fc.option(fc.oneof(proseArb, fc.constant("")), { nil: null }), { nil: undefined }),
      locator: fc.option(fc.option(fc.oneof(shortProseArb, fc.constant("")), { nil: null }), { nil: undefined }),
      label: fc.option(shortProseArb, { nil: undefined }),
      source: fc.option(fc.option(sourceIdArb, { nil: null }), { nil: undefined }),
      alternatives: fc.option(fc.array(fc.record({ value: valueArb(ref.unit), year: fc.option(figureYearArb, { nil: undefined }), note: shortProseArb }), { maxLength: 3 }), {
        nil: undefined,
      }),
    })
    .map((r) => {
      const edits: Edit[] = [];
      const fixtureValue = getAt(fixtureCity(), [...p, "value"]) as number;
      const v = r.value ?? fixtureValue;
      if (r.value !== undefined) edits.push({ path: [...p, "value"], value: r.value });
      if (r.upperPlus !== undefined && !inGroup) {
        const upper = Math.min(ref.unit === "share-percent" ? 100 : ref.unit === "degrees-north" ? 90 : 1e15, v + r.upperPlus);
        edits.push({ path: [...p, "upper"], value: upper });
      } else if (r.value !== undefined && getAt(fixtureCity(), [...p, "upper"]) !== undefined) {
        edits.push({ path: [...p, "upper"], value: Math.min(ref.unit === "share-percent" ? 100 : ref.unit === "degrees-north" ? 90 : 1e15, v + 2) });
      }
      if (r.year !== undefined) edits.push({ path: [...p, "year"], value: r.year });
      if (r.qualifier === null) edits.push({ path: [...p, "qualifier"], delete: true });
      else if (r.qualifier !== undefined) edits.push({ path: [...p, "qualifier"], value: r.qualifier });
      if (r.yearBasis !== undefined) edits.push({ path: [...p, "yearBasis"], value: r.yearBasis });
      for (const key of ["note", "locator", "source"] as const) {
        const x = r[key];
        if (x === null) edits.push({ path: [...p, key], delete: true });
        else if (x !== undefined) edits.push({ path: [...p, key], value: x });
      }
      if (r.label !== undefined) edits.push({ path: [...p, "label"], value: r.label });
      if (r.alternatives !== undefined) {
        const alts = r.alternatives.map((a) => {
          const alt: Obj = { value: a.value, note: a.note };
          if (a.year !== undefined) alt.year = a.year;
          return alt;
        });
        edits.push(alts.length === 0 ? { path: [...p, "alternatives"], delete: true } : { path: [...p, "alternatives"], value: alts });
      }
      return edits;
    });
}

/** Consistent random values for the derived figures and their inputs. */
const derivedGroupArb: fc.Arbitrary<Edit[]> = fc
  .record({
    throughput: fc.option(
      fc.oneof(
        fc.constantFrom(0, 0.01, 1e9),
        fc.integer({ min: 1, max: 100000 }).map((x) => x / 100),
      ),
      { nil: undefined },
    ),
    growth: fc.option(
      fc.oneof(
        fc.constantFrom(-50, -0.5, 0, 0.1, 300),
        fc.integer({ min: -900, max: 5000 }).map((x) => x / 10),
      ),
      { nil: undefined },
    ),
    daily: fc.option(fc.oneof(fc.constantFrom(0, 1, 1000), fc.integer({ min: 0, max: 500 })), { nil: undefined }),
  })
  .map(({ throughput, growth, daily }) => {
    const edits: Edit[] = [];
    const port = ["connectivity", "port", "figures"];
    if (throughput !== undefined || growth !== undefined) {
      const t = throughput ?? 165.44;
      const g = growth ?? 13.9;
      edits.push({ path: [...port, "throughput", "value"], value: t }, { path: [...port, "throughputGrowth", "value"], value: g });
      edits.push({ path: [...port, "throughput2006", "value"], value: Number((t / (1 + g / 100)).toFixed(2)) });
    }
    if (daily !== undefined) {
      const air = ["connectivity", "airport", "figures"];
      edits.push({ path: [...air, "beijingDaily", "value"], value: daily }, { path: [...air, "beijingWeekly", "value"], value: daily * 7 });
    }
    return edits.length === 0 ? [] : [{ path: [], group: edits }];
  });

const namedArb = fc.record({ name: shortProseArb, description: proseArb });
const LIST_ARBS: [PathKey[], fc.Arbitrary<Json[]>][] = [
  [["geography", "seas"], fc.array(shortProseArb, { maxLength: 6 })],
  [["geography", "neighbours"], fc.array(shortProseArb, { maxLength: 6 })],
  [["economy", "strengths"], fc.array(shortProseArb, { minLength: 1, maxLength: 12 })],
  [["connectivity", "port", "facilities"], fc.array(namedArb, { maxLength: 10 })],
  [
    ["connectivity", "links"],
    fc.array(
      fc.record({
        name: shortProseArb,
        mode: fc.constantFrom("rail-ferry", "ferry", "rail", "road", "air", "sea"),
        status: fc.constantFrom("operating", "testing", "planned", "under-construction"),
        description: proseArb,
      }),
      { maxLength: 8 },
    ),
  ],
  [["connectivity", "zones"], fc.array(fc.record({ name: shortProseArb, since: yearArb, description: proseArb }), { maxLength: 8 })],
  [["industry", "segments"], fc.array(fc.record({ code: shortProseArb, name: shortProseArb, description: proseArb }), { minLength: 1, maxLength: 10 })],
  [["industry", "markets"], fc.array(fc.record({ name: shortProseArb, stance: fc.constantFrom("established", "growing", "new"), description: proseArb }), { maxLength: 8 })],
  [["industry", "strategy"], fc.array(proseArb, { maxLength: 40 })],
  [["talent", "measures"], fc.array(proseArb, { maxLength: 15 })],
  [["policy", "documents"], fc.array(fc.record({ title: proseArb, issuer: shortProseArb, source: sourceIdArb }), { maxLength: 30 })],
  [["policy", "funds"], fc.array(namedArb, { maxLength: 8 })],
  [["policy", "incentives"], fc.array(proseArb, { maxLength: 15 })],
  [["cta", "actions"], fc.array(shortProseArb, { maxLength: 4 })],
  [
    ["cta", "contacts"],
    fc.array(
      fc.record(
        {
          name: shortProseArb,
          role: shortProseArb,
          email: fc.constantFrom("desk@testville.example", "a.b+c@invest.testville.example"),
          url: fc.constantFrom("https://testville.example/", "https://testville.example/a?b=c&d=<e>#f"),
          phone: fc.constantFrom("+99 555 0100", "(555) 010-0199 ext. 7"),
        },
        { requiredKeys: ["name"] },
      ),
      { maxLength: 3 },
    ),
  ],
];

/** Slug stems (the harness may add "-<n>"): plain, random words, and odd-but-valid ones. */
export const slugStemArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant("fuzzville") },
  { weight: 3, arbitrary: slugWordsArb(4) },
  { weight: 1, arbitrary: fc.constantFrom("0", "a-b", "con", "nul", "aux", "x".repeat(56), "1-2-3") },
);

const FIGURES = figurePaths();

/**
 * Fields set in fixed areas (the cover, the one-page back cover): the build stops with exit 4 and a
 * located "too long" message when they overflow (src/brochure/fit.ts). They get short text (≤ 60
 * characters; lists and contacts are capped too), the rest up to several hundred characters.
 */
const FIXED_AREA = new Set([
  "name.en",
  "name.local",
  "name.romanised",
  "tagline",
  "edition.title",
  "country",
  "province",
  "cta.headline",
  "cta.body",
  "cta.actions",
  "cta.contacts",
]);
const shorten = (text: string) => {
  const s = stripLoneSurrogates([...text].slice(0, 60).join(""));
  return s.trim() === "" ? "Testville" : s;
};

/** Extra figures in the empty economy.figures map, of one unit so they can share a bar chart. */
const extraFiguresArb = fc
  .record({
    unit: fc.constantFrom("cny-billion", "usd-billion", "people", "change-percent", "share-percent", "km", "count", "tonnes"),
    keys: fc.oneof({ weight: 4, arbitrary: fc.uniqueArray(keyArb, { maxLength: 6 }) }, { weight: 1, arbitrary: fc.uniqueArray(keyArb, { minLength: 10, maxLength: 24 }) }),
    year: figureYearArb,
  })
  .chain(({ unit, keys, year }) =>
    fc.tuple(
      fc.constant(unit),
      fc.constant(keys),
      fc.array(fc.tuple(valueArb(unit), shortProseArb, fc.boolean(), fc.option(qualifierArb, { nil: undefined })), { minLength: keys.length, maxLength: keys.length }),
      fc.constant(year),
    ),
  )
  .map(([unit, keys, values, year]) => {
    const figures: Obj = {};
    keys.forEach((key, i) => {
      const [value, label, sourced, qualifier] = values[i]!;
      const f: Obj = { label, value, unit, year };
      if (sourced) f.source = "testville-almanac";
      if (qualifier) f.qualifier = qualifier;
      figures[key] = f;
    });
    return { unit, keys, figures };
  });

export const validCaseArb: fc.Arbitrary<ValidCase> = fc
  .record({
    slug: slugStemArb,
    prose: fc.array(fc.tuple(fc.nat(), proseArb), { maxLength: 30 }),
    figureEdits: fc
      .uniqueArray(fc.nat({ max: FIGURES.length - 1 }), { maxLength: 12 })
      .chain((picks) => fc.tuple(...picks.map((i) => figureEditsArb(FIGURES[i]!))).map((es) => es.flat())),
    derived: derivedGroupArb,
    lists: fc
      .array(fc.nat({ max: LIST_ARBS.length - 1 }), { maxLength: 6 })
      .chain((idx) => fc.tuple(...[...new Set(idx)].map((i) => LIST_ARBS[i]![1].map((v) => ({ path: LIST_ARBS[i]![0], value: v }) as Edit)))),
    name: fc.option(fc.tuple(fc.constantFrom(...LOCAL_NAMES), fc.option(proseArb, { nil: undefined })), { nil: undefined }),
    romanised: fc.option(fc.option(shortProseArb, { nil: null }), { nil: undefined }),
    nickname: fc.option(fc.option(shortProseArb, { nil: null }), { nil: undefined }),
    longitude: fc.option(fc.record({ value: fc.oneof(fc.constantFrom(0, 121.6, 180), fc.integer({ min: 0, max: 180 })), year: figureYearArb }), { nil: undefined }),
    date: fc.option(dateArb, { nil: undefined }),
    dataAsOf: fc.option(yearArb, { nil: undefined }),
    language: fc.option(fc.option(fc.constantFrom("en", "en-GB", "en-US", "en-Latn-IE"), { nil: null }), { nil: undefined }),
    extra: fc.option(extraFiguresArb, { nil: undefined }),
    highlights: fc.option(fc.tuple(fc.integer({ min: 6, max: 8 }), fc.array(fc.nat(), { minLength: 8, maxLength: 8 })), { nil: undefined }),
    charts: fc.option(fc.subarray([0, 1, 2, 3, 4]), { nil: undefined }),
    chartIds: fc.uniqueArray(chartIdArb, { minLength: 6, maxLength: 6 }),
    // Captions sit under their chart on one page: the build stops (exit 4) past ~600 characters (F5).
    chartTexts: fc.array(
      fc.option(
        fc.tuple(
          shortProseArb,
          proseArb.map((t) => t.slice(0, 200)).filter((t) => t.trim() !== ""),
        ),
        { nil: undefined },
      ),
      { minLength: 6, maxLength: 6 },
    ),
    chartLabels: fc.array(fc.option(fc.option(fc.array(shortProseArb, { minLength: 3, maxLength: 3 }), { nil: null }), { nil: undefined }), { minLength: 6, maxLength: 6 }),
    chartLabelBy: fc.array(fc.option(fc.constantFrom("year", "label"), { nil: undefined }), { minLength: 6, maxLength: 6 }),
    // Only the sections whose templates place charts (templates/brochure: ::charts port|air|industry).
    extraChart: fc.option(fc.tuple(fc.constantFrom("bar", "hbar", "target", "share"), fc.constantFrom("port", "air", "industry"), fc.constantFrom("label", "year"), fc.boolean()), {
      nil: undefined,
    }),
  })
  .map((r) => {
    const edits: Edit[] = [];
    const prose = prosePaths();
    for (const [i, text] of r.prose) {
      const path = prose[i % prose.length]!;
      edits.push({ path, value: FIXED_AREA.has(path.join(".")) || FIXED_AREA.has(path.slice(0, 2).join(".")) ? shorten(text) : text });
    }
    edits.push(...r.figureEdits, ...r.derived, ...(r.lists as Edit[]));
    if (r.name) {
      const [[tag, local], en] = r.name;
      edits.push({ path: ["name", "localLanguage"], value: tag }, { path: ["name", "local"], value: local });
      if (en) edits.push({ path: ["name", "en"], value: shorten(en) });
    }
    if (r.romanised === null) edits.push({ path: ["name", "romanised"], delete: true });
    else if (r.romanised !== undefined) edits.push({ path: ["name", "romanised"], value: r.romanised });
    if (r.nickname === null) edits.push({ path: ["geography", "nickname"], delete: true });
    else if (r.nickname !== undefined) edits.push({ path: ["geography", "nickname"], value: r.nickname });
    if (r.longitude)
      edits.push({
        path: ["coordinates", "longitude"],
        value: { label: "Longitude", value: r.longitude.value, unit: "count", year: r.longitude.year, source: "testville-gazette" },
      });
    if (r.date) edits.push({ path: ["edition", "date"], value: r.date });
    if (r.dataAsOf !== undefined) edits.push({ path: ["edition", "dataAsOf"], value: r.dataAsOf });
    if (r.language === null) edits.push({ path: ["edition", "language"], delete: true });
    else if (r.language !== undefined) edits.push({ path: ["edition", "language"], value: r.language });
    let extraPaths: string[] = [];
    if (r.extra && r.extra.keys.length > 0) {
      edits.push({ path: ["economy", "figures"], value: r.extra.figures });
      extraPaths = r.extra.keys.map((k) => `economy.figures.${k}`);
    }
    const allPaths = [...FIGURES.map((f) => f.dotted), ...extraPaths];
    if (r.highlights) {
      const [n, picks] = r.highlights;
      edits.push({ path: ["highlights"], value: picks.slice(0, n).map((i) => allPaths[i % allPaths.length]) });
    }
    // Charts: a subset of the fixture's, re-identified and re-worded, plus one over the extra figures.
    const fixtureCharts = fixtureCity().charts as Obj[];
    const kept = r.charts ?? [0, 1, 2, 3, 4];
    const charts: Obj[] = kept.map((i, j) => {
      const chart = structuredClone(fixtureCharts[i]!);
      chart.id = r.chartIds[j]!;
      const texts = r.chartTexts[j];
      if (texts) [chart.title, chart.caption] = texts;
      const labels = r.chartLabels[j];
      if (labels === null) delete chart.labels;
      else if (labels) chart.labels = labels.slice(0, (chart.figures as unknown[]).length);
      if (r.chartLabelBy[j]) chart.labelBy = r.chartLabelBy[j];
      return chart;
    });
    if (r.extraChart && r.extra && r.extra.keys.length > 0) {
      const [kind, section, labelBy, withLabels] = r.extraChart;
      // A bar chart of a negative value is refused (crossChecks.ts): a valid city charts amounts only.
      const negative = Object.values(r.extra.figures as Obj).some((f) => Number((f as Obj).value) < 0 || Number((f as Obj).upper ?? 0) < 0);
      if ((kind !== "share" || r.extra.unit === "share-percent") && !((kind === "bar" || kind === "hbar") && negative)) {
        const chart: Obj = { id: r.chartIds[5]!, kind, title: "Extra figures", caption: "Generated figures of one unit.", figures: extraPaths, labelBy, section };
        if (withLabels) chart.labels = r.extra.keys.map((k) => `Label ${k}`);
        charts.push(chart);
      }
    }
    edits.push({ path: ["charts"], value: charts });
    return { slug: r.slug, edits };
  });

// ---------------------------------------------------------------------------------------------
// Invalid cities: one known defect each

const CONTROL_CHARS = [...Array(32).keys()].filter((c) => c !== 9 && c !== 10).concat([...Array(33).keys()].map((i) => 0x7f + i));

const f = (...path: PathKey[]) => path;
const POP = f("geography", "figures", "population");
const THROUGHPUT = f("connectivity", "port", "figures", "throughput");
const SHARE = f("connectivity", "port", "figures", "seaFreightShare");
const EMPLOYEES = f("industry", "targets", "figures", "employees");
const FIRMS = f("industry", "targets", "figures", "largeEnterprises");

/**
 * A defect: its edits, preceded by edits that restore the fixture's charts, highlights and lists the
 * defect points into (a random base may have fewer charts or items), so each case has exactly its
 * own defect and not a half-made chart besides.
 */
const defect = (kind: string, note: string, edits: Edit[], expectPath?: PathKey[], raw?: Defect["raw"]): Defect => {
  const restore: Edit[] = [];
  const fixture = fixtureCity();
  for (const container of RESTORABLE) {
    if (edits.some((e) => container.every((k, i) => e.path[i] === k) && e.path.length > container.length)) {
      restore.push({ path: container, value: getAt(fixture, container) });
    }
  }
  return { kind, note, edits: [...restore, ...edits], expectPath, ...(raw ? { raw } : {}) };
};
const RESTORABLE: PathKey[][] = [
  ["charts"],
  ["highlights"],
  ["connectivity", "links"],
  ["connectivity", "zones"],
  ["industry", "segments"],
  ["industry", "markets"],
  ["policy", "documents"],
  ["connectivity", "port", "figures"],
  ["connectivity", "airport", "figures"],
  ["geography", "figures"],
  ["industry", "targets", "figures"],
];

export const defectArb: fc.Arbitrary<Defect> = fc.oneof(
  // wrong types
  fc
    .constantFrom("lots", "12", "1,000", "1e3", "NaN", "∞", "")
    .map((s) => defect("type.value-string", `figure value is the string ${JSON.stringify(s)}`, [{ path: [...THROUGHPUT, "value"], value: s }], [...THROUGHPUT, "value"])),
  fc.constantFrom(NaN, Infinity, -Infinity).map((x) => defect("type.value-nan-inf", `figure value is YAML ${x}`, [{ path: [...POP, "value"], value: x }], [...POP, "value"])),
  fc
    .constantFrom<[PathKey[], Json]>(
      // Prose may be one text per language ({ en: "x" } is valid): a map whose value is not text is not.
      [["tagline"], { en: 5 }],
      [["country"], 42],
      [
        ["geography", "summary"],
        ["a", "b"],
      ],
      [["name", "en"], true],
      [["cta", "headline"], null],
      [["industry", "segments", 0, "name"], { x: 1 }],
    )
    .map(([path, value]) => defect("type.text-not-string", `${path.join(".")} is ${JSON.stringify(value)}`, [{ path, value }], path)),
  fc
    .constantFrom<[PathKey[], Json]>(
      [["highlights", 0], { path: "geography.figures.population" }],
      [["charts", 0, "figures", 0], { a: 1 }],
      [["connectivity", "port", "figures", "throughput2006", "derived", "inputs", 0], ["x"]],
      [["highlights", 1], 7],
    )
    .map(([path, value]) => defect("type.figure-path-not-string", `${path.join(".")} is ${JSON.stringify(value)}`, [{ path, value }], path)),
  fc
    .constantFrom<[PathKey[], Json]>([[...POP], "5.4 million"], [[...POP], 5.4], [["geography", "figures"], ["population"]], [["charts"], { id: "x" }])
    .map(([path, value]) => defect("type.container-wrong", `${path.join(".")} is ${JSON.stringify(value)}`, [{ path, value }], path)),
  fc
    .constantFrom<[PathKey[], Json]>(
      [[...POP, "year"], "2008"],
      [[...POP, "year"], 2008.5],
      [[...POP, "year"], 1799],
      [[...POP, "year"], 2201],
      [["edition", "dataAsOf"], "2008"],
      [["connectivity", "zones", 0, "since"], 20070],
    )
    .map(([path, value]) => defect("type.year", `${path.join(".")} is ${JSON.stringify(value)}`, [{ path, value }], path)),
  // missing required fields
  fc
    .constantFrom<PathKey[]>(
      ["tagline"],
      ["country"],
      ["edition", "date"],
      ["name", "local"],
      [...POP, "unit"],
      [...POP, "year"],
      [...POP, "label"],
      [...POP, "value"],
      ["industry"],
      ["cta", "body"],
      ["charts", 0, "kind"],
      ["connectivity", "port", "figures", "throughput2006", "derived", "explain"],
    )
    .map((path) => defect("missing.required", `required ${path.join(".")} is missing`, [{ path, delete: true }], path)),
  // unknown fields
  fc
    .constantFrom<PathKey[]>(["colour"], ["name", "fr"], [...POP, "units"], [...POP, "Value"], ["charts", 0, "color"], ["edition", "author"])
    .map((path) => defect("unknown.field", `unknown field ${path.join(".")}`, [{ path, value: "surplus" }], path)),
  // unknown enum values
  fc
    .constantFrom<[PathKey[], string]>(
      [[...POP, "unit"], "furlongs"],
      [[...POP, "unit"], "Million-People"],
      [[...POP, "qualifier"], "roughly"],
      [[...POP, "yearBasis"], "guessed"],
      [["connectivity", "port", "figures", "throughput2006", "derived", "method"], "average"],
      [["charts", 0, "kind"], "pie"],
      [["charts", 0, "section"], "sports"],
      [["connectivity", "links", 0, "mode"], "teleport"],
      [["industry", "markets", 0, "stance"], "hostile"],
    )
    .map(([path, value]) => defect("unknown.enum", `${path.join(".")} is "${value}"`, [{ path, value }], path)),
  // impossible dates
  fc
    .constantFrom("2026-13-45", "2026-02-30", "2026-00-10", "0000-00-00", "2026-1-5", "28.11.2026", "2026-11-28T00:00:00Z")
    .map((d) => defect("date.impossible", `edition.date is ${d}`, [{ path: ["edition", "date"], value: d }], ["edition", "date"])),
  // figure paths that do not exist
  fc
    .constantFrom<[PathKey[], string]>(
      [["highlights", 0], "geography.figures.nope"],
      [["charts", 0, "figures", 0], "connectivity.port.figures.throughputt"],
      [["connectivity", "port", "figures", "throughput2006", "derived", "inputs", 0], "connectivity.port.figures.missing"],
      [["highlights", 2], "geography.figures.population.value"],
      [["highlights", 3], "geography.figures"],
      [["highlights", 4], "geography.figures.constructor"],
      [["highlights", 5], "geography.figures.__proto__"],
      [["charts", 1, "figures", 0], "toString.valueOf"],
      [["highlights", 0], "population"],
      [["highlights", 0], "a..b"],
    )
    .map(([path, value]) => defect("path.missing-figure", `${path.join(".")} names "${value}"`, [{ path, value }], path)),
  // unknown source ids, including Object.prototype names
  fc
    .tuple(fc.constantFrom("nope", "toString", "constructor", "__proto__", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__", "Testville-Almanac"), fc.boolean())
    .map(([id, onDocument]) => {
      const path = onDocument ? ["policy", "documents", 0, "source"] : [...POP, "source"];
      return defect("source.unknown", `${path.join(".")} is the unknown source id "${id}"`, [{ path, value: id }], path);
    }),
  // figure keys named __proto__ (and friends)
  fc
    .constantFrom<PathKey[]>(["economy", "figures"], ["connectivity", "port", "figures"])
    .map((at) =>
      defect(
        "figure-key.__proto__",
        `a figure under the key "__proto__" in ${at.join(".")}`,
        [{ path: [...at, "__proto__"], value: { label: "Prototype", value: 1, unit: "count", year: 2008, source: "testville-almanac" } }],
        [...at, "__proto__"],
      ),
    ),
  // shares above 100 (value, upper, alternatives) and below 0
  fc
    .constantFrom<[PathKey[], number]>(
      [[...SHARE, "value"], 100.5],
      [[...SHARE, "value"], 1000],
      [[...SHARE, "value"], -1],
      [[...SHARE, "upper"], 101],
      [[...SHARE, "alternatives"], 150],
    )
    .map(([path, x]) => {
      const value = path.at(-1) === "alternatives" ? [{ value: x, note: "An impossible reading." }] : x;
      const at = path.at(-1) === "alternatives" ? [...path, 0, "value"] : path;
      return defect(`share.out-of-range.${String(path.at(-1))}`, `${path.join(".")} = ${x} on a share-percent figure`, [{ path, value }], at);
    }),
  // negative counts of people and enterprises
  fc
    .constantFrom<[PathKey[], number]>(
      [[...EMPLOYEES, "value"], -1],
      [[...EMPLOYEES, "value"], -140000],
      [[...FIRMS, "value"], -4],
      [[...POP, "value"], -5.4],
      [["industry", "targets", "figures", "softwareBrands", "value"], -50],
    )
    .map(([path, x]) =>
      defect(
        "count.negative",
        `${path.join(".")} = ${x} (a count cannot be negative)`,
        [{ path, value: x }, ...(path[3] === "largeEnterprises" ? [{ path: [...FIRMS, "upper"], value: 6 }] : [])],
        path,
      ),
    ),
  // upper < value, and alternative value on a count that is negative
  fc.constant(defect("range.upper-below", "range upper end below its lower end", [{ path: [...FIRMS, "upper"], value: 3 }], [...FIRMS, "upper"])),
  // unsafe URLs
  fc
    .constantFrom("javascript:alert(1)", "JAVASCRIPT:alert(1)", "file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "ftp://testville.example/")
    .map((url) => defect("url.unsafe", `cta.contacts[0].url is ${url}`, [{ path: ["cta", "contacts"], value: [{ name: "Investor desk", url }] }], ["cta", "contacts", 0, "url"])),
  // control characters in prose
  fc.tuple(fc.constantFrom(...CONTROL_CHARS), fc.nat(), fc.constantFrom("start", "middle", "end")).map(([code, i, where]) => {
    const paths = prosePaths();
    const path = paths[i % paths.length]!;
    const ch = String.fromCharCode(code);
    const base = "Testville harbour";
    // \v, \f and \r at either end are trimmed away by the schema (harmless), so those go in the middle.
    const trimmable = code === 0x0b || code === 0x0c || code === 0x0d;
    const value = trimmable || where === "middle" ? `Testville${ch}harbour` : where === "start" ? ch + base : base + ch;
    return defect("prose.control-char", `U+${code.toString(16).toUpperCase().padStart(4, "0")} in ${path.join(".")}`, [{ path, value }], path);
  }),
  // directional embeddings, overrides and isolates in prose
  fc.tuple(fc.constantFrom(0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069), fc.nat()).map(([code, i]) => {
    const paths = prosePaths();
    const path = paths[i % paths.length]!;
    return defect("prose.directional", `U+${code.toString(16).toUpperCase()} in ${path.join(".")}`, [{ path, value: `Test${String.fromCharCode(code)}ville harbour` }], path);
  }),
  // text the brand's fonts cannot draw (a script outside Inter + Noto Sans SC, emoji)
  fc.tuple(fc.constantFrom(...SCRIPT_SAMPLES.filter((t) => [...t].some((ch) => !covered(ch.codePointAt(0)!)))), fc.nat()).map(([t, i]) => {
    const paths = prosePaths();
    const path = paths[i % paths.length]!;
    return defect("glyph.uncovered", `${path.join(".")} holds characters no brand font has: ${JSON.stringify(t.slice(0, 20))}`, [{ path, value: t }], path);
  }),
  // invalid BCP 47 tags
  fc
    .constantFrom("zh\nHans", "zh-Hans\n", "not a tag!", "en_US", "zh-", "x", "123", "<script>", 'zh-Hans" onload="x', "e n", "toolongsubtag-abcdefghi")
    .map((tag) => defect("bcp47.invalid", `name.localLanguage is ${JSON.stringify(tag)}`, [{ path: ["name", "localLanguage"], value: tag }], ["name", "localLanguage"])),
  // duplicate chart ids
  fc.nat({ max: 3 }).map((i) =>
    defect(
      "chart.duplicate-id",
      "two charts share one id",
      [
        { path: ["charts", i + 1, "id"], value: "dup-id" },
        { path: ["charts", 0, "id"], value: "dup-id" },
      ],
      ["charts", i + 1, "id"],
    ),
  ),
  // other cross-field rules
  fc.constantFrom(
    defect(
      "highlights.count",
      "only five highlights",
      [
        {
          path: ["highlights"],
          value: [
            "geography.figures.population",
            "connectivity.port.figures.throughput",
            "connectivity.port.figures.containers",
            "connectivity.airport.figures.dailyFlights",
            "industry.targets.figures.employees",
          ],
        },
      ],
      ["highlights"],
    ),
    defect("list.empty-required", "no industry segments", [{ path: ["industry", "segments"], value: [] }], ["industry", "segments"]),
    defect("chart.labels-count", "three labels for two figures", [{ path: ["charts", 2, "labels"], value: ["a", "b", "c"] }], ["charts", 2, "labels"]),
    defect(
      "chart.mixed-units",
      "a bar chart mixing Mt and containers",
      [{ path: ["charts", 0, "figures"], value: ["connectivity.port.figures.throughput", "connectivity.port.figures.containers"] }],
      ["charts", 0, "figures"],
    ),
    defect("chart.share-non-share", "a share chart of a non-share figure", [{ path: ["charts", 2, "figures", 0], value: "connectivity.port.figures.throughput" }], ["charts", 2]),
    defect(
      "derived.mismatch",
      "a derived value that contradicts its inputs",
      [{ path: ["connectivity", "port", "figures", "throughput2006", "value"], value: 150 }],
      ["connectivity", "port", "figures", "throughput2006", "value"],
    ),
    defect(
      "derived.scale-no-factor",
      "a scale derivation without factor",
      [{ path: ["connectivity", "airport", "figures", "beijingWeekly", "derived", "factor"], delete: true }],
      ["connectivity", "airport", "figures", "beijingWeekly", "derived"],
    ),
    defect(
      "derived.growth-minus-100",
      "prior-from-growth with growth of -100 % (division by zero)",
      [{ path: [...THROUGHPUT.slice(0, 3), "throughputGrowth", "value"], value: -100 }],
      ["connectivity", "port", "figures", "throughput2006"],
    ),
    defect("slug.mismatch", "slug does not match the file name", [{ path: ["slug"], value: "other-town" }], ["slug"]),
    ...["-", "--", "a--b", "-lead", "trail-", "Testville", "x".repeat(70), "test_ville", "testvillé"].map((bad) => ({
      ...defect("slug.format", `the slug and file name ${JSON.stringify(bad)}`, [], ["slug"]),
      fileSlug: bad,
    })),
    defect("chart.id-format", "a chart id with capitals and a space", [{ path: ["charts", 0, "id"], value: "Port Share" }], ["charts", 0, "id"]),
    defect("contact.email", "an invalid e-mail address", [{ path: ["cta", "contacts"], value: [{ name: "Desk", email: "desk at testville" }] }], ["cta", "contacts", 0, "email"]),
    defect("text.blank", "a required text that is only spaces", [{ path: ["tagline"], value: "   " }], ["tagline"]),
  ),
  // derivation cycles: consistent numbers, but a figure derived from itself
  fc.constantFrom(
    defect(
      "derived.cycle-self",
      "a figure derived from itself (scale × 1)",
      [
        {
          path: ["connectivity", "airport", "figures", "beijingDaily", "derived"],
          value: { method: "scale", factor: 1, inputs: ["connectivity.airport.figures.beijingDaily"], explain: "Itself." },
        },
      ],
      ["connectivity", "airport", "figures", "beijingDaily", "derived"],
    ),
    defect(
      "derived.cycle-pair",
      "two figures derived from each other",
      [
        {
          path: ["connectivity", "airport", "figures", "beijingDaily", "derived"],
          value: { method: "scale", factor: 1 / 7, inputs: ["connectivity.airport.figures.beijingWeekly"], explain: "Weekly over seven." },
        },
      ],
      ["connectivity", "airport", "figures", "beijingDaily", "derived"],
    ),
  ),
  // unknown keys with prototype names
  fc
    .constantFrom<PathKey[]>(["__proto__"], [...POP, "__proto__"], ["name", "constructor"], ["cta", "toString"])
    .map((path) => defect("unknown.proto-key", `unknown key ${path.join(".")}`, [{ path, value: { polluted: true } }], path)),
  // YAML-level defects
  fc.constantFrom(
    defect("yaml.deep-nesting", "a value nested 5000 flow sequences deep", [], undefined, {
      kind: "replace",
      find: "^tagline: .*$",
      text: `tagline: ${"[".repeat(5000)}x${"]".repeat(5000)}`,
    }),
    defect("yaml.binary-tag", "a !!binary value where text goes", [], ["tagline"], { kind: "replace", find: "^tagline: .*$", text: "tagline: !!binary aGVsbG8gd29ybGQ=" }),
    defect("yaml.custom-tag", "an unknown local tag on a value (an error since 11e69c8)", [], undefined, {
      kind: "replace",
      find: "^tagline: .*$",
      text: "tagline: !testville/evil 'x'",
    }),
    defect("yaml.timestamp-tag", "edition date as an explicit !!timestamp", [], ["edition", "date"], {
      kind: "replace",
      find: "^  date: .*$",
      text: "  date: !!timestamp 2026-11-28",
    }),
    defect("yaml.set-tag", "a !!set where a list of text goes", [], ["economy", "strengths"], {
      kind: "replace",
      find: "^  strengths:",
      text: "  strengths: !!set { Shipping, Finance }\n  _strengthsWere:",
    }),
    defect("yaml.merge-key", "a YAML 1.1 merge key", [], ["tagline"], { kind: "replace", find: "^tagline: .*$", text: "tagline:\n  <<: { en: x }" }),
    defect("yaml.multi-document", "two YAML documents in one file", [], undefined, { kind: "prepend", text: "slug: first-document\n---\n" }),
    defect("yaml.hex-year", "a figure's year written 0o3730x (a string, not a number)", [], undefined, {
      kind: "replace",
      find: "^(      year: )2008$",
      text: "      year: 0o3730x",
    }),
    defect("yaml.tab-indent", "a tab used for indentation", [], undefined, { kind: "replace", find: "^  summary: ", text: "\tsummary: " }),
  ),
  fc.constantFrom(
    defect("yaml.empty-file", "an empty city file", [], undefined, { kind: "whole", text: "" }),
    defect("yaml.only-comment", "a city file holding only a comment", [], undefined, { kind: "whole", text: "# nothing here\n" }),
    defect("yaml.top-level-list", "a city file that is a list", [], undefined, { kind: "whole", text: "- slug: testville\n" }),
    defect("yaml.top-level-scalar", "a city file that is one string", [], undefined, { kind: "whole", text: "Testville\n" }),
    defect("yaml.null-document", "a city file that is null", [], undefined, { kind: "whole", text: "~\n" }),
  ),
  fc
    .constantFrom("2024-02-30", "2023-02-29", "2026-04-31", "+2026-11-28", "2026-11-28 ")
    .map((d) => defect("date.impossible", `edition.date is ${JSON.stringify(d)}`, [{ path: ["edition", "date"], value: d }], ["edition", "date"])),
  // YAML-level defects
  fc.constant(defect("yaml.alias-bomb", "a billion-laughs alias bomb", [], undefined, { kind: "alias-bomb" })),
  fc.constant(defect("yaml.duplicate-key", "a duplicated top-level key", [], ["tagline"], { kind: "duplicate-key", key: "tagline" })),
  fc.constant(defect("yaml.syntax", "a YAML syntax error (unclosed flow sequence)", [], undefined, { kind: "prepend", text: "broken: [a, b\n" })),
);

export const invalidCaseArb: fc.Arbitrary<InvalidCase> = fc.record({ base: validCaseArb, defect: defectArb });

/** The same defect on the plain fixture: the minimal reproduction of a finding. */
export function minimalInvalid(c: InvalidCase): InvalidCase {
  return { base: { slug: "testville", edits: [] }, defect: c.defect };
}
