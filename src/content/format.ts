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

/** A figure split for a KPI tile: each part is styled differently. */
export interface TileParts {
  qualifier: string;
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
  /** 140000 → "140,000"; a value other than zero never rounds to "0". */
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

export function createWording(messages: Messages): Wording {
  const { locale } = messages;
  const t = messages.t;
  const number = (value: number, maxDecimals = 2) => {
    const tiny = value !== 0 && Math.abs(value) < 0.5 * 10 ** -maxDecimals;
    return new Intl.NumberFormat(locale, { maximumFractionDigits: tiny ? Math.min(20, statedDecimals(value)) : maxDecimals }).format(value);
  };
  const written = (value: number) => number(value, Math.min(20, Math.max(2, statedDecimals(value))));
  const value = (figure: Pick<Figure, "value" | "upper">) =>
    figure.upper === undefined ? written(figure.value) : t("figure.range", { from: written(figure.value), to: written(figure.upper) });
  const unitMessage = (unit: UnitId, part: string, figure: Pick<Figure, "value" | "upper">) =>
    t(`unit.${unit}.${part}`, { value: value(figure), count: figure.upper ?? figure.value });
  const numberPart = (figure: Pick<Figure, "value" | "upper" | "unit">) =>
    messages.has(`unit.${figure.unit}.number`) ? unitMessage(figure.unit, "number", figure) : value(figure);
  const withUnit = (figure: Pick<Figure, "value" | "upper" | "unit">, style: Style = "short") => unitMessage(figure.unit, style, figure);
  const qualifierWord = (figure: Pick<Figure, "qualifier">) => (figure.qualifier ? t(`qualifier.${figure.qualifier}.word`) : "");
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
  const list = (items: readonly string[], type: "conjunction" | "disjunction" = "conjunction") => new Intl.ListFormat(locale, { type }).format(items);
  const change = (earlier: number, later: number) => number(Math.abs(((later - earlier) / earlier) * 100), 1);
  return {
    messages,
    number,
    compact: (v) => new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(v),
    value,
    numberPart,
    withUnit,
    unitSymbol: (unit) => t(`unit.${unit}.symbol`),
    unitCaption: (unit) => t(`unit.${unit}.caption`),
    qualifierWord,
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
        number: numberPart(figure),
        unit: symbol,
        label: figure.label,
        year: year(figure),
        derived: figure.derived !== undefined,
        tight: symbol !== "" && withUnit(sample) === `${numberPart(sample)}${symbol}`,
      };
    },
    list,
    monthYear: (date) => new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" }).format(date),
  };
}
