/**
 * How a figure reads, everywhere: tiles, chart labels, prose, speaker notes, alt text. Numbers go
 * through Intl; the unit, qualifier and year rules live here once so the brochure and the deck
 * can never disagree about a figure.
 */
import { UNITS } from "../data/units.ts";
import type { Figure } from "../data/schema.ts";
import { statedDecimals } from "../data/figures.ts";

const LOCALE = "en-GB";

const QUALIFIER_WORDS: Record<NonNullable<Figure["qualifier"]>, string> = {
  over: "over",
  about: "about",
  "up-to": "up to",
  "at-least": "at least",
  target: "",
};

/**
 * 140000 → "140,000", 2.8 → "2.8", 1.2345 → "1.23" (at most `maxDecimals`), except that a value
 * other than zero never rounds to "0": 0.0001 → "0.0001", with the decimals it is written with.
 */
export function formatNumber(value: number, maxDecimals = 2): string {
  const tiny = value !== 0 && Math.abs(value) < 0.5 * 10 ** -maxDecimals;
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: tiny ? Math.min(20, statedDecimals(value)) : maxDecimals }).format(value);
}

/** 1.5e15 → "1500T": for axis ticks, where sixteen digits would crowd the plot. */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

/** The bare number or range of a figure, as many decimals as the data was written with: "165.44", "4–6". */
export function formatValue(figure: Pick<Figure, "value" | "upper">): string {
  const written = (value: number) => formatNumber(value, Math.min(20, Math.max(2, statedDecimals(value))));
  return figure.upper === undefined ? written(figure.value) : `${written(figure.value)}–${written(figure.upper)}`;
}

/** Number with its unit: "165.44 Mt", "RMB 50 bn", "90%", "39°N" (short) or "165.44 million tonnes" (long). */
export function formatWithUnit(figure: Pick<Figure, "value" | "upper" | "unit">, style: "short" | "long" = "short"): string {
  const unit = UNITS[figure.unit];
  const label = style === "short" ? unit.short : unit.long;
  const prefix = "prefix" in unit ? unit.prefix : "";
  const number = `${prefix}${formatValue(figure)}`;
  if (!label) return number;
  return "tight" in unit && unit.tight && style === "short" ? `${number}${label}` : `${number} ${label}`;
}

export function qualifierWord(figure: Pick<Figure, "qualifier">): string {
  return figure.qualifier ? QUALIFIER_WORDS[figure.qualifier] : "";
}

/** "over 165.44 Mt": the qualifier stays with the number, so "over 70%" can never shrink to "70%". */
export function formatFigure(figure: Figure, style: "short" | "long" = "short"): string {
  const word = qualifierWord(figure);
  const body = formatWithUnit(figure, style);
  return word ? `${word} ${body}` : body;
}

/** "2007", "2010 target", "2008, as published" (year of the source, not a stated reference year). */
export function formatYear(figure: Figure): string {
  if (figure.qualifier === "target") return `${figure.year} target`;
  // A source that can be read as another year says so wherever the year is shown, not only in the notes.
  const otherYears = [...new Set((figure.alternatives ?? []).map((a) => a.year).filter((y): y is number => y !== undefined && y !== figure.year))];
  if (otherYears.length > 0) return `${figure.year} (or ${otherYears.join(" or ")})`;
  // A value citypitch computed was not published as such, whatever its inputs' year basis.
  if (figure.yearBasis === "publication" && !figure.derived) return `${figure.year}, as published`;
  return String(figure.year);
}

/** The figure as a sentence fragment with its year: "over 165.44 million tonnes (2007)". */
export function formatFigureWithYear(figure: Figure, style: "short" | "long" = "long"): string {
  return `${formatFigure(figure, style)} (${formatYear(figure)})`;
}

/** Growth between two values, in per cent, for alt text and notes. */
export function percentChange(earlier: number, later: number): string {
  return `${formatNumber(((later - earlier) / earlier) * 100, 1)}%`;
}

/** A figure split for a KPI tile: each part is styled differently. */
export interface TileParts {
  qualifier: string;
  number: string;
  unit: string;
  label: string;
  year: string;
  derived: boolean;
}

export function tileParts(figure: Figure): TileParts {
  const unit = UNITS[figure.unit];
  return {
    qualifier: qualifierWord(figure),
    number: `${"prefix" in unit ? unit.prefix : ""}${formatValue(figure)}`,
    unit: unit.short,
    label: figure.label,
    year: formatYear(figure),
    derived: figure.derived !== undefined,
  };
}
