/**
 * Writes a project folder of clearly fictional cities for tests and benchmarks: `count` variations
 * of the Testville fixture (deterministic for a seed) with their figures tagged with shared
 * indicators, some figures missing, some from other years, some in a convertible unit, and a
 * portfolio comparing them all. Never for shipped output: every name and number is invented.
 *
 *   tsx scripts/fictional-cities.ts <out-dir> [count=15] [seed=1]
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument, type Document } from "yaml";

const ROOT = join(import.meta.dirname, "..");
const FIXTURE = join(ROOT, "test", "fixtures", "testville");
const NAMES = [
  "Mockbury",
  "Stubport",
  "Fixtureton",
  "Sampleford",
  "Dummyhaven",
  "Placeholder Bay",
  "Loremburg",
  "Ipsum Harbour",
  "Fakesby",
  "Proxyton",
  "Shimwick",
  "Harnessport",
  "Assertfield",
  "Specville",
  "Benchmouth",
  "Mockingham",
  "Teston Quay",
];

/** Figures tagged with an indicator in every generated city (path → indicator id). */
const INDICATORS: Record<string, string> = {
  "geography.figures.population": "population",
  "geography.figures.coastline": "coastline",
  "connectivity.port.figures.throughput": "port-cargo",
  "connectivity.port.figures.containers": "port-containers",
  "connectivity.port.figures.destinations": "port-destinations",
  "connectivity.airport.figures.dailyFlights": "flights-daily",
  "connectivity.airport.figures.japanWeekly": "flights-japan",
  "connectivity.airport.figures.koreaWeekly": "flights-korea",
  "industry.targets.figures.employees": "outsourcing-employees",
  "industry.targets.figures.outputValue": "outsourcing-output",
};
/** Figures no chart or highlight of the fixture needs, so a city may leave them out. */
const OPTIONAL = ["geography.figures.coastline", "connectivity.port.figures.destinations", "industry.targets.figures.outputValue"];

/** mulberry32: a small seeded generator, so the same seed always gives the same cities. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number, decimals: number) => (decimals >= 0 ? Number(x.toFixed(decimals)) : Math.round(x / 10 ** -decimals) * 10 ** -decimals);
const path = (dotted: string) => dotted.split(".");
/** 1 + a growth rate in percent, as a person writes it: 1.128, not 1.1280000000000001. */
const factor = (percent: number) => String(Number((1 + percent / 100).toPrecision(12)));

export function fictionalCity(index: number, seed: number): { slug: string; text: string } {
  const rand = random(seed * 1000 + index);
  const name = NAMES[index % NAMES.length]! + (index >= NAMES.length ? ` ${Math.floor(index / NAMES.length) + 1}` : "");
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const doc = parseDocument(readFileSync(join(FIXTURE, "cities", "testville.yaml"), "utf8")) as Document;
  const text = doc.toString().replaceAll("Testville", name);
  const city = parseDocument(text);
  city.setIn(["slug"], slug);
  city.setIn(["name", "local"], name);
  city.setIn(["name", "localLanguage"], "en");
  city.deleteIn(["name", "romanised"]);
  // A figure given a value of its own loses the fixture's notes and alternative readings, which
  // speak of the fixture's numbers ("states 5.4 million … and 6 million").
  const setValue = (dotted: string, value: number) => {
    city.setIn([...path(dotted), "value"], value);
    city.deleteIn([...path(dotted), "note"]);
    city.deleteIn([...path(dotted), "alternatives"]);
    return value;
  };
  const scale = (dotted: string, low: number, high: number, decimals: number) =>
    setValue(dotted, round(Number(city.getIn([...path(dotted), "value"])) * (low + rand() * (high - low)), decimals));
  scale("geography.figures.population", 0.3, 2.5, 1);
  scale("geography.figures.coastline", 0.2, 1.5, 0);
  const growth = round(2 + rand() * 20, 1);
  setValue("connectivity.port.figures.throughputGrowth", growth);
  const throughput = scale("connectivity.port.figures.throughput", 0.2, 2, 2);
  setValue("connectivity.port.figures.throughput2006", round(throughput / (1 + growth / 100), 2));
  city.setIn([...path("connectivity.port.figures.throughput2006"), "derived", "explain"], `${throughput} Mt divided by ${factor(growth)}.`);
  const containerGrowth = round(2 + rand() * 20, 1);
  setValue("connectivity.port.figures.containersGrowth", containerGrowth);
  const containers = scale("connectivity.port.figures.containers", 0.2, 2, 2);
  setValue("connectivity.port.figures.containers2006", round(containers / (1 + containerGrowth / 100), 2));
  city.setIn([...path("connectivity.port.figures.containers2006"), "derived", "explain"], `${containers} million divided by ${factor(containerGrowth)}.`);
  scale("connectivity.port.figures.destinations", 0.3, 1.5, 0);
  scale("connectivity.airport.figures.dailyFlights", 0.3, 2, 0);
  const daily = scale("connectivity.airport.figures.beijingDaily", 0.3, 2, 0);
  setValue("connectivity.airport.figures.beijingWeekly", daily * 7);
  scale("connectivity.airport.figures.japanWeekly", 0.2, 2, 0);
  scale("connectivity.airport.figures.koreaWeekly", 0.2, 2, 0);
  scale("industry.targets.figures.employees", 0.2, 2, -3);
  scale("industry.targets.figures.outputValue", 0.2, 2, 0);
  for (const [dotted, indicator] of Object.entries(INDICATORS)) city.setIn([...path(dotted), "indicator"], indicator);
  // Some cities publish figures from another year, in another unit, or not at all.
  if (index % 4 === 1) {
    // A year the source states (an older count it quotes), not the year it appeared.
    city.setIn([...path("connectivity.airport.figures.dailyFlights"), "year"], 2003);
    city.setIn([...path("connectivity.airport.figures.dailyFlights"), "yearBasis"], "stated");
  }
  if (index % 5 === 2) {
    const tonnes = Number(city.getIn([...path("connectivity.port.figures.throughput"), "value"])) * 1e6;
    city.deleteIn(["charts"]);
    city.setIn(["charts"], parseDocument(text).getIn(["charts"]));
    // A second throughput figure in tonnes, tagged instead of the one in million tonnes.
    city.deleteIn([...path("connectivity.port.figures.throughput"), "indicator"]);
    city.setIn([...path("connectivity.port.figures.throughputTonnes")], {
      label: "Port cargo throughput",
      value: Math.round(tonnes),
      unit: "tonnes",
      year: 2007,
      source: "fictional-yearbook",
      indicator: "port-cargo",
    });
  }
  // Some publish only last year's throughput, derived from this year's and its growth: compared with its mark.
  if (index % 5 === 4) {
    city.deleteIn([...path("connectivity.port.figures.throughput"), "indicator"]);
    city.setIn([...path("connectivity.port.figures.throughput2006"), "indicator"], "port-cargo");
  }
  // The fixture's captions describe its own growth ("more than an eighth"): each city's say its own.
  const captionOf = (id: string, caption: string) => {
    const charts = city.get("charts") as { items: { get(key: string): unknown; set(key: string, value: unknown): void }[] };
    charts.items.find((chart) => chart.get("id") === id)?.set("caption", caption);
  };
  captionOf("port-throughput", `Cargo through ${name} Port grew by ${growth}% in a single year.`);
  captionOf("port-containers", `Container volumes ${containerGrowth > growth ? "grew faster still" : "grew too"}, by ${containerGrowth}%.`);
  if (index % 3 === 0) for (const dotted of OPTIONAL.slice(0, 1 + (index % 2))) city.deleteIn(path(dotted));
  return { slug, text: `# ${name} is a fictional city made by scripts/fictional-cities.ts for tests; nothing in it is true.\n${city.toString()}` };
}

export function writeFictionalProject(outDir: string, count = 15, seed = 1): string[] {
  mkdirSync(join(outDir, "cities"), { recursive: true });
  mkdirSync(join(outDir, "portfolios"), { recursive: true });
  cpSync(join(FIXTURE, "brand.yaml"), join(outDir, "brand.yaml"));
  // A second source, with an address, so shared sources, per-value sources and links are all exercised.
  writeFileSync(
    join(outDir, "sources.yaml"),
    `${readFileSync(join(FIXTURE, "sources.yaml"), "utf8").trimEnd()}\n  fictional-yearbook:\n    title: "Fictional Port Yearbook"\n    publisher: Nowhere Harbour Board (fictional)\n    year: 2008\n    url: https://example.org/fictional-port-yearbook\n    note: A made-up source for test fixtures.\n`,
  );
  // The shared catalogue, its two measures named after real countries renamed after the fixture's
  // fictional neighbours: invented flight counts must not read as flights to Japan or Korea.
  const catalogue = readFileSync(join(ROOT, "data", "indicators.yaml"), "utf8")
    .replace("label: Flights to Japan", "label: Flights to Fixturia")
    .replace("between the city and Japan.", "between the city and Fixturia (a fictional country).")
    .replace("label: Flights to Korea", "label: Flights to Mockonia")
    .replace("between the city and the Republic of Korea.", "between the city and Mockonia (a fictional country).");
  if (/Japan|Korea/.test(catalogue.replace(/flights-(japan|korea)/g, "")))
    throw new Error("data/indicators.yaml changed: rename its real countries for the fictional project here");
  writeFileSync(join(outDir, "indicators.yaml"), catalogue);
  const slugs: string[] = [];
  for (let i = 0; i < count; i++) {
    const { slug, text } = fictionalCity(i, seed);
    writeFileSync(join(outDir, "cities", `${slug}.yaml`), text);
    slugs.push(slug);
  }
  const indicators = (ids: string[], rank = "higher") => ids.map((id) => `      - { id: ${id}, rank: ${rank} }`).join("\n");
  writeFileSync(
    join(outDir, "portfolios", "fictional.yaml"),
    `# A portfolio of fictional cities, for tests and benchmarks only.
title: Fictional destinations compared
subtitle: Invented cities for testing citypitch
cities: [${slugs.join(", ")}]
maxYearSpread: 2
groups:
  - title: City
    indicators:
${indicators(["population", "coastline"], "none")}
  - title: Port
    indicators:
${indicators(["port-cargo", "port-containers", "port-destinations"])}
  - title: Air
    indicators:
${indicators(["flights-daily", "flights-japan", "flights-korea"])}
  - title: Outsourcing plans
    indicators:
${indicators(["outsourcing-employees", "outsourcing-output"])}
`,
  );
  return slugs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, count, seed] = process.argv.slice(2);
  if (!out) throw new Error("usage: tsx scripts/fictional-cities.ts <out-dir> [count] [seed]");
  const slugs = writeFictionalProject(out, Number(count ?? 15), Number(seed ?? 1));
  console.log(`wrote ${slugs.length} fictional cities and portfolios/fictional.yaml to ${out}`);
}
