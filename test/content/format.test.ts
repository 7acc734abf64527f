import { describe, expect, it } from "vitest";
import type { Figure } from "../../src/data/schema.ts";
import type { Figure as F } from "../../src/data/schema.ts";
import { english, plainSpaces } from "../helpers/words.ts";

const formatFigure = (f: F, style?: "short" | "long") => plainSpaces(english.figure(f, style));
const formatYear = english.year;
const formatFigureWithYear = (f: F) => plainSpaces(english.figureWithYear(f));
const tileParts = english.tileParts;
import { escapeMarkdown, unescapeMarkdown } from "../../src/content/markdown.ts";
import { createWording } from "../../src/content/format.ts";
import { loadMessages } from "../../src/content/messages.ts";
import { ROOT } from "../helpers/project.ts";

const figure = (over: Partial<Figure>): Figure => ({ label: "Test figure", value: 1, unit: "count", year: 2007, yearBasis: "stated", ...over });

describe("figure wording", () => {
  it.each<[Partial<Figure>, string, string]>([
    [{ value: 165.44, unit: "million-tonnes", qualifier: "over" }, "over 165.44 Mt", "over 165.44 million tonnes"],
    [{ value: 70, unit: "share-percent", qualifier: "over" }, "over 70%", "over 70 per cent"],
    [{ value: 140000, unit: "people" }, "140,000 people", "140,000 people"],
    [{ value: 50, unit: "cny-billion" }, "RMB 50 bn", "RMB 50 billion"],
    [{ value: 2.8, unit: "usd-billion" }, "US$2.8 bn", "US$2.8 billion"],
    [{ value: 4, upper: 6, unit: "enterprises" }, "4–6 firms", "4–6 enterprises"],
    [{ value: 39, unit: "degrees-north", qualifier: "about" }, "about 39°N", "about 39° north"],
    [{ value: 1906, unit: "km" }, "1,906 km", "1,906 km"],
  ])("%j reads %s / %s", (over, short, long) => {
    expect(formatFigure(figure(over), "short")).toBe(short);
    expect(formatFigure(figure(over), "long")).toBe(long);
  });

  it("keeps a number with its unit and its qualifier with a no-break space", () => {
    expect(english.figure(figure({ value: 165.44, unit: "million-tonnes", qualifier: "over" }))).toBe("over\u00A0165.44\u00A0Mt");
    expect(english.figure(figure({ value: 50, unit: "cny-billion" }), "long")).toBe("RMB\u00A050\u00A0billion");
  });

  it("writes zero without a sign, whether the data says 0 or -0", () => {
    expect(english.value(figure({ value: -0 }))).toBe("0");
    expect(formatFigure(figure({ value: -0, unit: "people", qualifier: "over" }))).toBe("over 0 people");
    expect(english.number(-5)).toBe("-5");
  });

  it("never rounds a value other than zero to 0, and keeps the decimals the data has", () => {
    expect(english.value(figure({ value: 0.0001 }))).toBe("0.0001");
    expect(english.value(figure({ value: 1.2345 }))).toBe("1.2345");
    expect(english.number(0.004)).toBe("0.004");
    expect(english.compact(1.5e15)).toBe("1500tn");
  });

  it("says what kind of year a figure has", () => {
    expect(formatYear(figure({ year: 2007 }))).toBe("2007");
    expect(formatYear(figure({ year: 2010, qualifier: "target" }))).toBe("2010 target");
    expect(formatYear(figure({ year: 2008, yearBasis: "publication" }))).toBe("2008, as published");
    expect(formatFigureWithYear(figure({ value: 13.9, unit: "change-percent" }))).toBe("13.9 per cent (2007)");
  });

  it("splits a tile so the qualifier is never lost", () => {
    expect(tileParts(figure({ value: 90, unit: "share-percent", qualifier: "over" }))).toMatchObject({ qualifier: "over", number: "90", unit: "%" });
    expect(tileParts(figure({ value: 50, unit: "cny-billion", derived: { method: "sum", inputs: ["a.b"], explain: "x" } }))).toMatchObject({
      number: "RMB\u00A050",
      unit: "bn",
      derived: true,
    });
  });
});

describe("where a tile sets its qualifier", () => {
  const wording = (language: string) => createWording(loadMessages(ROOT, language));
  it("after the number where the language writes it there (70%超, 1억 톤 이상), before it elsewhere", () => {
    const over = figure({ value: 70, unit: "share-percent", qualifier: "over" });
    const about = figure({ value: 39, unit: "degrees-north", qualifier: "about" });
    expect(english.qualifierFollows(over)).toBe(false);
    expect(wording("ja").qualifierFollows(over)).toBe(true);
    expect(wording("ja").qualifierFollows(about)).toBe(false);
    expect(wording("ko").qualifierFollows(over)).toBe(true);
    expect(wording("zh-Hans").qualifierFollows(over)).toBe(false);
    expect(wording("ja").tileParts(over)).toMatchObject({ qualifier: "超", qualifierAfter: true });
    // A target's year says "target": its tile takes no qualifier, before or after.
    expect(wording("ko").qualifierFollows(figure({ qualifier: "target" }))).toBe(false);
    expect(english.qualifierFollows(figure({}))).toBe(false);
  });
});

describe("Markdown escaping", () => {
  it("folds white space, so data indented by four spaces can never become a code block", () => {
    expect(escapeMarkdown("    Head of\n\n      investor relations  ")).toBe("Head of investor relations");
    expect(escapeMarkdown("165.44\u00A0Mt")).toBe("165\\.44\u00A0Mt");
  });

  it.each(["---", "# Heading", "a | b", "<style>body{}</style>", "<!-- note -->", "*bold* _it_ [link](x)", "R&D\nsecond line"])(
    "%j cannot become Markdown structure and round-trips",
    (input) => {
      const escaped = escapeMarkdown(input);
      expect(escaped).not.toMatch(/(^|[^\\])[#|*_[\]<>]/);
      expect(escaped).not.toContain("\n");
      expect(escaped.startsWith("---")).toBe(false);
      expect(unescapeMarkdown(escaped)).toBe(input.replace(/\n/g, " "));
    },
  );
});
