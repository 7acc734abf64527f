/**
 * The units a figure may carry. Intl has no unit for tonnes, containers or flights, so each unit
 * says how it reads short (tiles, chart axes) and long (prose); numbers themselves go through Intl.
 */
export interface UnitSpec {
  /** Shown after the number in tiles and charts ("Mt", "%"). */
  short: string;
  /** Shown after the number in running text ("million tonnes"). */
  long: string;
  /** Written before the number, for currencies ("RMB "). */
  prefix?: string;
  /** Whether the short form joins the number without a space ("70%", "39°N"). */
  tight?: boolean;
  /** A share of a whole: validation rejects values outside 0..100. */
  share?: boolean;
  /** May be negative (changes, money, coordinates); every other unit counts or measures something. */
  signed?: boolean;
  /** The values the unit can take at all (a latitude lies within ±90°). */
  range?: readonly [number, number];
}

export const UNITS = {
  "share-percent": { short: "%", long: "per cent", tight: true, share: true },
  "change-percent": { short: "%", long: "per cent", tight: true, signed: true },
  "million-people": { short: "million", long: "million" },
  km: { short: "km", long: "km" },
  "hours-per-year": { short: "hours/yr", long: "hours a year" },
  "degrees-north": { short: "°N", long: "° north", tight: true, signed: true, range: [-90, 90] },
  "million-tonnes": { short: "Mt", long: "million tonnes" },
  tonnes: { short: "t", long: "tonnes" },
  "million-containers": { short: "m containers", long: "million containers" },
  destinations: { short: "destinations", long: "destinations" },
  "countries-regions": { short: "countries & regions", long: "countries and regions" },
  "flights-per-day": { short: "flights/day", long: "flights a day" },
  "flights-per-week": { short: "flights/week", long: "flights a week" },
  enterprises: { short: "firms", long: "enterprises" },
  brands: { short: "brands", long: "brands" },
  people: { short: "people", long: "people" },
  "cny-billion": { short: "bn", long: "billion", prefix: "RMB ", signed: true },
  "usd-billion": { short: "bn", long: "billion", prefix: "US$", signed: true },
  count: { short: "", long: "" },
} as const satisfies Record<string, UnitSpec>;

export type UnitId = keyof typeof UNITS;

/**
 * Units that measure the same thing at another scale: a figure in one can be compared with an
 * indicator in the other, once multiplied by the factor (and the comparison says so).
 */
const SCALES: [UnitId, UnitId, number][] = [
  ["million-tonnes", "tonnes", 1e6],
  ["million-people", "people", 1e6],
  ["flights-per-day", "flights-per-week", 7],
];

/** The factor that turns a value in `from` into `to`: 1 for the same unit, undefined when none does. */
export function conversionFactor(from: UnitId, to: UnitId): number | undefined {
  if (from === to) return 1;
  for (const [a, b, factor] of SCALES) {
    if (a === from && b === to) return factor;
    if (b === from && a === to) return 1 / factor;
  }
  return undefined;
}
export const UNIT_IDS = Object.keys(UNITS) as [UnitId, ...UnitId[]];

export function unitSpec(unit: UnitId): UnitSpec {
  return UNITS[unit];
}
