/**
 * How a figure reads, everywhere: tiles, chart labels, prose, speaker notes, alt text. Numbers go
 * through Intl in the edition's locale; every word around them (units, qualifiers, years) comes
 * from the message file (templates/messages/<lang>.yaml), so the brochure and the deck can never
 * disagree about a figure, and another language only needs another message file.
 */
import type { Figure } from "../data/schema.ts";
import { statedDecimals } from "../data/figures.ts";
import type { UnitId } from "../data/units.ts";
import type { Messages } from "./messages.ts";
import { scriptKey } from "../data/scriptFonts.ts";

/** A figure split for a KPI tile: each part is styled differently. */
export interface TileParts {
  qualifier: string;
  /** The qualifier goes after the number and its unit (Wording.qualifierFollows). */
  qualifierAfter: boolean;
  number: string;
  unit: string;
  label: string;
  year: string;
  derived: boolean;
  /** The unit hugs the number ("90%", "39°N") rather than following a space ("5.4 million"). */
  tight: boolean;
}

export type Style = "short" | "long";

export interface Wording {
  readonly messages: Messages;
  /** The edition's language (BCP 47): what fonts and `lang` follow, even where its messages fall back to English. */
  readonly language: string;
  /** 140000 → "140,000" ("14万" in Japanese and Chinese); a value other than zero never rounds to "0". */
  number(value: number, maxDecimals?: number): string;
  /** 1.5e15 → "1500T": for axis ticks. */
  compact(value: number): string;
  /** The bare number or range, with the decimals the data has: "165.44", "4–6". */
  value(figure: Pick<Figure, "value" | "upper">): string;
  /** The number as a tile shows it, with a currency before it where the unit has one: "RMB 50". */
  numberPart(figure: Pick<Figure, "value" | "upper" | "unit">): string;
  /** Number with its unit: "165.44 Mt" (short) or "165.44 million tonnes" (long). */
  withUnit(figure: Pick<Figure, "value" | "upper" | "unit">, style?: Style): string;
  unitSymbol(unit: UnitId): string;
  /** "Million tonnes": a chart's unit line; empty for bare counts. */
  unitCaption(unit: UnitId): string;
  qualifierWord(figure: Pick<Figure, "qualifier">): string;
  /**
   * Whether the language writes the qualifier after the number ("70%超", "1억 톤 이상"), as its
   * phrase for it does: where a tile or a chart sets the word beside the number, it goes after.
   */
  qualifierFollows(figure: Pick<Figure, "qualifier">): boolean;
  /** "over 165.44 Mt": the qualifier stays with the number, so "over 70%" never shrinks to "70%". */
  figure(figure: Figure, style?: Style): string;
  /** "2007", "2010 target", "2008, as published", "2007 (or 2006)". */
  year(figure: Figure): string;
  /** "over 165.44 million tonnes (2007)". */
  figureWithYear(figure: Figure, style?: Style): string;
  /** Growth between two values, unsigned: "13.9%". */
  percentChange(earlier: number, later: number): string;
  /** Growth with its sign: "+13.9%", "−4%". */
  signedChange(earlier: number, later: number): string;
  tileParts(figure: Figure): TileParts;
  /** "a, b and c" / "a, b or c" in the edition's language. */
  list(items: readonly string[], type?: "conjunction" | "disjunction"): string;
  /** "November 2026". */
  monthYear(date: Date): string;
}

export function createWording(messages: Messages, language: string = messages.language): Wording {
  const { locale } = messages;
  const t = messages.t;
  const myriad = myriadStyle(locale);
  // Every fitting round words every figure again: the same numbers, the same text.
  const numbers = new Map<string, string>();
  const number = (value: number, maxDecimals = 2) => {
    const key = `${Object.is(value, -0) ? "-0" : value}/${maxDecimals}`;
    return numbers.get(key) ?? numbers.set(key, spell(value, maxDecimals)).get(key)!;
  };
  const spell = (value: number, maxDecimals: number) => {
    const tiny = value !== 0 && Math.abs(value) < 0.5 * 10 ** -maxDecimals;
    const digits = tiny ? Math.min(20, statedDecimals(value)) : maxDecimals;
    return myriad && Math.abs(value) >= 1e4 ? myriadNumber(value, digits, locale, myriad) : numberFormat(locale, { maximumFractionDigits: digits }).format(value);
  };
  const written = (value: number) => number(value, Math.min(20, Math.max(2, statedDecimals(value))));
  const value = (figure: Pick<Figure, "value" | "upper">) =>
    figure.upper === undefined ? written(figure.value) : t("figure.range", { from: written(figure.value), to: written(figure.upper) });
  // The same quantity counted in ones ("5.4 million" → 5400000, which Japanese writes 540万), for
  // messages whose language groups large numbers in its own steps.
  const amount = (figure: Pick<Figure, "value" | "upper" | "unit">) => {
    const scale = UNIT_MAGNITUDE[figure.unit] ?? 1;
    const inOnes = (v: number) => written(Number((v * scale).toPrecision(15)));
    return figure.upper === undefined ? inOnes(figure.value) : t("figure.range", { from: inOnes(figure.value), to: inOnes(figure.upper) });
  };
  const unitMessage = (unit: UnitId, part: string, figure: Pick<Figure, "value" | "upper">) =>
    t(`unit.${unit}.${part}`, { value: value(figure), amount: amount({ ...figure, unit }), count: figure.upper ?? figure.value });
  const numberPart = (figure: Pick<Figure, "value" | "upper" | "unit">) =>
    messages.has(`unit.${figure.unit}.number`) ? unitMessage(figure.unit, "number", figure) : value(figure);
  const withUnit = (figure: Pick<Figure, "value" | "upper" | "unit">, style: Style = "short") => unitMessage(figure.unit, style, figure);
  const qualifierWord = (figure: Pick<Figure, "qualifier">) => (figure.qualifier ? t(`qualifier.${figure.qualifier}.word`) : "");
  const qualifierFollows = (figure: Pick<Figure, "qualifier">) =>
    figure.qualifier !== undefined && t(`qualifier.${figure.qualifier}.phrase`, { figure: "\u0000" }).startsWith("\u0000") && qualifierWord(figure) !== "";
  const figureText = (figure: Figure, style: Style = "short") => {
    const body = withUnit(figure, style);
    return figure.qualifier ? t(`qualifier.${figure.qualifier}.phrase`, { figure: body }) : body;
  };
  const year = (figure: Figure) => {
    if (figure.qualifier === "target") return t("year.target", { year: String(figure.year) });
    const others = [...new Set((figure.alternatives ?? []).map((a) => a.year).filter((y): y is number => y !== undefined && y !== figure.year))];
    if (others.length > 0) return t("year.disputed", { year: String(figure.year), others: list(others.map(String), "disjunction") });
    // A value citypitch computed was not published as such, whatever its inputs' year basis.
    if (figure.yearBasis === "publication" && !figure.derived) return t("year.published", { year: String(figure.year) });
    return t("year.plain", { year: String(figure.year) });
  };
  const lists = new Map<string, string>();
  const list = (items: readonly string[], type: "conjunction" | "disjunction" = "conjunction") => {
    const key = `${type}${JSON.stringify(items)}`;
    return lists.get(key) ?? lists.set(key, listFormat(locale, type).format(items)).get(key)!;
  };
  const months = new Map<number, string>();
  const change = (earlier: number, later: number) => number(Math.abs(((later - earlier) / earlier) * 100), 1);
  return {
    messages,
    language,
    number,
    compact: (v) => numberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(v),
    value,
    numberPart,
    withUnit,
    unitSymbol: (unit) => t(`unit.${unit}.symbol`),
    unitCaption: (unit) => t(`unit.${unit}.caption`),
    qualifierWord,
    qualifierFollows,
    figure: figureText,
    year,
    figureWithYear: (figure, style = "long") => t("figure.withYear", { figure: figureText(figure, style), year: year(figure) }),
    percentChange: (earlier, later) => t("figure.change", { value: change(earlier, later) }),
    signedChange: (earlier, later) => t("figure.changeSigned", { sign: later > earlier ? "up" : later < earlier ? "down" : "none", value: change(earlier, later) }),
    tileParts(figure) {
      const symbol = t(`unit.${figure.unit}.symbol`);
      const sample = { value: 1, unit: figure.unit };
      return {
        qualifier: qualifierWord(figure),
        qualifierAfter: qualifierFollows(figure),
        number: numberPart(figure),
        unit: symbol,
        label: figure.label,
        year: year(figure),
        derived: figure.derived !== undefined,
        tight: symbol !== "" && withUnit(sample) === `${numberPart(sample)}${symbol}`,
      };
    },
    list,
    monthYear: (date) => {
      const key = date.getTime();
      return months.get(key) ?? months.set(key, monthYearFormat(locale).format(date)).get(key)!;
    },
  };
}

/** How many ones a unit counts: what `{amount}` in a unit message multiplies the value by. */
const UNIT_MAGNITUDE: Partial<Record<UnitId, number>> = {
  "million-people": 1e6,
  "million-tonnes": 1e6,
  "million-containers": 1e6,
  "cny-billion": 1e9,
  "usd-billion": 1e9,
};

/** The words for 10^4, 10^8 and 10^12 and how groups join, in languages that count in myriads. */
interface Myriad {
  units: [string, string, string];
  /** Korean spaces its groups and keeps thousands separators inside them ("1억 6,544만"). */
  spaced: boolean;
}

/**
 * Japanese, Chinese and Korean group large numbers by 10^4, not 10^3: 14万 (140,000), 1億6544万
 * (165,440,000). Intl only does this rounded (compact notation gives "1.7億"), which would change
 * the figure, so the exact form is written here from Intl's own digits.
 */
function myriadStyle(locale: string): Myriad | undefined {
  const key = scriptKey(locale);
  if (key === "ja") return { units: ["万", "億", "兆"], spaced: false };
  if (key === "zh-Hans") return { units: ["万", "亿", "万亿"], spaced: false };
  if (key === "zh-Hant") return { units: ["萬", "億", "兆"], spaced: false };
  if (key === "ko") return { units: ["만", "억", "조"], spaced: true };
  return undefined;
}

/**
 * Intl formatters, made once per locale and options: making one costs a hundred times more than
 * using it, and a build formats tens of thousands of numbers (every fitting round words them all).
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
/** ES2023's "negative" (Node 20 has it; TypeScript's library does not name it yet). */
const NO_SIGN_ON_ZERO = "negative" as unknown as Intl.NumberFormatOptions["signDisplay"];
/** No sign on a zero: "-0" (a value of -0, or -0.01 to one decimal) reads as a negative number. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\0${JSON.stringify(options)}`;
  return numberFormats.get(key) ?? numberFormats.set(key, new Intl.NumberFormat(locale, { signDisplay: NO_SIGN_ON_ZERO, ...options })).get(key)!;
}
// Likewise the month-and-year dates: a reference list dates every source.
const monthYearFormats = new Map<string, Intl.DateTimeFormat>();
function monthYearFormat(locale: string): Intl.DateTimeFormat {
  return monthYearFormats.get(locale) ?? monthYearFormats.set(locale, new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" })).get(locale)!;
}
const listFormats = new Map<string, Intl.ListFormat>();
function listFormat(locale: string, type: "conjunction" | "disjunction"): Intl.ListFormat {
  const key = `${locale}\0${type}`;
  return listFormats.get(key) ?? listFormats.set(key, new Intl.ListFormat(locale, { type })).get(key)!;
}

function myriadNumber(value: number, maxDecimals: number, locale: string, style: Myriad): string {
  // Intl rounds and spells the digits; "en" with no grouping gives plain "12345.67" to cut up.
  const plainDigits = numberFormat("en", { maximumFractionDigits: maxDecimals, useGrouping: false }).format(Math.abs(value));
  const [whole, fraction] = plainDigits.split(".") as [string, string | undefined];
  const groups: string[] = [];
  for (let end = whole.length; end > 0; end -= 4) groups.unshift(whole.slice(Math.max(0, end - 4), end));
  // Past 10^16 there is no common word (京 is rare): such a number is written in plain digits.
  // So is a number with a fraction and no ones ("1万0.5" reads as a slip).
  if (groups.length > style.units.length + 1 || (fraction && Number(groups.at(-1)) === 0)) return numberFormat(locale, { maximumFractionDigits: maxDecimals }).format(value);
  const inner = numberFormat(locale, { useGrouping: style.spaced });
  const parts: string[] = [];
  groups.forEach((group, i) => {
    const power = groups.length - 1 - i;
    const n = Number(group);
    const last = power === 0;
    if (n === 0 && !(last && fraction)) return;
    const digits = `${inner.format(n)}${last && fraction ? `.${fraction}` : ""}`;
    parts.push(last ? digits : `${digits}${style.units[power - 1] ?? ""}`);
  });
  const sign =
    value < 0
      ? (numberFormat(locale, {})
          .formatToParts(-1)
          .find((p) => p.type === "minusSign")?.value ?? "-")
      : "";
  return sign + parts.join(style.spaced ? " " : "");
}
