/**
 * Numbers as Japanese, Chinese and Korean readers write them: large numbers in steps of 10^4
 * (万, 億/亿), exact, so a figure keeps its value; and the same quantity counted in ones for unit
 * messages that name the scale themselves ({amount}).
 */
import { describe, expect, it } from "vitest";
import { createWording } from "../../src/content/format.ts";
import { parseMessages } from "../../src/content/messages.ts";

/** A message file with only what these tests use, so they do not depend on the shipped wording. */
function words(locale: string) {
  const file = [
    `locale: ${locale}`,
    "unit:",
    '  million-people: { short: "{amount}人", long: "{value}" }',
    '  cny-billion: { short: "{amount}元", long: "{value}" }',
    '  share-percent: { short: "{value}%", long: "{value}" }',
    'figure: { range: "{from}～{to}" }',
  ].join("\n");
  return createWording(parseMessages(file, `${locale}.yaml`, locale.split("-")[0]!));
}

/** Reads a myriad-grouped number back, to show the written form keeps the value. */
function readMyriad(text: string, units: [string, string, string]): number {
  let total = 0;
  let rest = text.replace(/[,\s]/g, "");
  for (const [unit, scale] of [
    [units[2], 1e12],
    [units[1], 1e8],
    [units[0], 1e4],
  ] as const) {
    const at = rest.indexOf(unit);
    if (at >= 0) {
      total += Number(rest.slice(0, at)) * scale;
      rest = rest.slice(at + unit.length);
    }
  }
  return total + (rest ? Number(rest) : 0);
}

describe("large numbers in myriads", () => {
  const ja = words("ja-JP");
  const zh = words("zh-CN");
  const ko = words("ko-KR");
  const en = words("en-GB");

  it("writes 万 and 億 in Japanese, 万 and 亿 in Chinese, exactly", () => {
    expect(ja.number(140000)).toBe("14万");
    expect(ja.number(165440000)).toBe("1億6544万");
    expect(zh.number(165440000)).toBe("1亿6544万");
    expect(ja.number(1.2e12)).toBe("1兆2000億");
    expect(ko.number(165440000)).toBe("1억 6,544만");
    expect(ja.number(12345.67)).toBe("1万2345.67");
    expect(ja.number(-250000000)).toBe("-2億5000万");
  });

  it("keeps every value: the written form reads back to the number", () => {
    for (const value of [10000, 14000, 99999, 100000, 5400000, 165440000, 300000000, 1234567891, 9.99e14]) {
      expect(readMyriad(ja.number(value), ["万", "億", "兆"]), `${value}`).toBe(value);
      expect(readMyriad(zh.number(value), ["万", "亿", "万亿"]), `${value}`).toBe(value);
    }
  });

  it("leaves numbers below 10,000, years and English alone", () => {
    expect(ja.number(9999)).toBe("9,999");
    expect(ja.number(2.5)).toBe("2.5");
    expect(en.number(165440000)).toBe("165,440,000");
    expect(ja.figure({ label: "x", value: 70, unit: "share-percent", year: 2008, source: "s" } as never)).toBe("70%");
  });

  it("gives unit messages the quantity in ones, so a scale word travels with its number", () => {
    expect(ja.withUnit({ value: 5.4, unit: "million-people" })).toBe("540万人");
    expect(zh.withUnit({ value: 50, unit: "cny-billion" })).toBe("500亿元");
    expect(ja.withUnit({ value: 1, unit: "cny-billion" })).toBe("10億元");
    expect(ja.withUnit({ value: 165.44, upper: 200, unit: "million-people" })).toBe("1億6544万～2億人");
    // Floating point never leaks into the written number (0.1 × 3 × 10^6 is 300000.00000000006).
    expect(ja.withUnit({ value: 0.30000000000000004, unit: "million-people" })).toBe("30万人");
  });
});
