import { describe, expect, it } from "vitest";
import { escapeMarkdown, markdownLinkDestination } from "../../src/content/markdown.ts";
import { parseBlocks, type Block } from "../../src/brochure/markdown/blocks.ts";
import { parseInline, plainText } from "../../src/brochure/markdown/inline.ts";
import { CitypitchError } from "../../src/errors.ts";

/** The error parseBlocks throws for `source`, with its one problem. */
function failure(source: string): { message: string; hint?: string; file?: string } {
  try {
    parseBlocks(source, "templates/brochure/x.hbs");
  } catch (error) {
    expect(error).toBeInstanceOf(CitypitchError);
    const problem = (error as CitypitchError).problems[0]!;
    return { message: problem.message, hint: problem.hint, file: problem.location?.file };
  }
  throw new Error(`no error for ${source}`);
}

describe("brochure inline Markdown (markdown-it)", () => {
  it("reads bold, italic, links and citation marks", () => {
    expect(parseInline("Cargo **over 165 Mt** in _2007_ \\[1, 5\\] [mail](mailto:a@b\\.example)")).toEqual([
      { text: "Cargo " },
      { text: "over 165 Mt", bold: true },
      { text: " in " },
      { text: "2007", italic: true },
      { text: " " },
      { text: "[1, 5]", cite: true },
      { text: " " },
      { text: "mail", link: "mailto:a@b.example" },
    ]);
  });

  it("keeps snake_case and an unclosed ** literal, as CommonMark (and so the deck) reads them", () => {
    expect(parseInline("file_name_here and snake_case")).toEqual([{ text: "file_name_here and snake_case" }]);
    expect(parseInline("**open but never closed, and more text")).toEqual([{ text: "**open but never closed, and more text" }]);
    expect(parseInline("a * b * c")).toEqual([{ text: "a * b * c" }]);
  });

  it("reads entities: &nbsp; is a no-break space, &amp; &lt; &gt; the characters", () => {
    expect(plainText(parseInline("165.44&nbsp;Mt"))).toBe("165.44\u00A0Mt");
    expect(plainText(parseInline("R&amp;D &lt;b&gt; &copy;"))).toBe("R&D <b> ©");
  });

  it("keeps escaped data literal, however much Markdown it holds", () => {
    const data = "R&D **not bold** _x_ [a](b) | # <style> 1. \\ end `code` ~~s~~ &nbsp; \\[1\\]";
    expect(parseInline(escapeMarkdown(data))).toEqual([{ text: data }]);
  });

  it("reads a citation mark only where the cite helper wrote one", () => {
    expect(parseInline("x \\[1, 4, 12\\] y")[1]).toEqual({ text: "[1, 4, 12]", cite: true });
    expect(parseInline(escapeMarkdown("[see note]"))).toEqual([{ text: "[see note]" }]);
  });

  it("reads link destinations with parentheses, escapes and the url helper's <…> form", () => {
    const linkOf = (source: string) => parseInline(source).find((s) => s.link)?.link;
    expect(linkOf("[w](https://t.example/wiki/Harbour_(north))")).toBe("https://t.example/wiki/Harbour_(north)");
    expect(linkOf("[w](https://t.example/a\\_\\(b\\))")).toBe("https://t.example/a_(b)");
    const url = "https://t.example/Harbour_(north)/desk?a=1&b=[2]";
    expect(linkOf(`[x](${markdownLinkDestination(url)})`)).toBe(url);
    // Not a link: the text stays as written.
    expect(plainText(parseInline("[x](https://t.example/a b)"))).toBe("[x](https://t.example/a b)");
  });

  it("turns a hard line break into a newline the typesetter obeys, and a soft one into a space", () => {
    expect(plainText(parseInline("one\\\ntwo\nthree"))).toBe("one\ntwo three");
  });
});

describe("brochure blocks (markdown-it)", () => {
  const source = [
    "# Title", // 1
    "", // 2
    "First line", // 3
    "continued.", // 4
    "", // 5
    "- one", // 6
    "- two", // 7
    "  wrapped", // 8
    "", // 9
    "::chart port-share", // 10
    "", // 11
    ":::callout Note **this**", // 12
    "Inside.", // 13
    ":::", // 14
    "", // 15
    ":::table", // 16
    "| A | B |", // 17
    "|---|---|", // 18
    "| 1 \\| x | 2 |", // 19
    ":::", // 20
    ":::table", // 21
    "| Key | value_one |", // 22
    "| Other | \\*two\\* |", // 23
    ":::", // 24
    "3. third", // 25
    "4. fourth", // 26
    "::tiles columns=2 a.b c.d", // 27
    "::newpage", // 28
  ].join("\n");
  const blocks = parseBlocks(source, "t.hbs");

  it("parses headings, paragraphs, lists, directives and containers, each with its line", () => {
    expect(blocks.map((b) => [b.type, b.line])).toEqual([
      ["heading", 1],
      ["paragraph", 3],
      ["list", 6],
      ["directive", 10],
      ["container", 12],
      ["container", 16],
      ["container", 21],
      ["list", 25],
      ["directive", 27],
      ["directive", 28],
    ]);
    expect(blocks[1]).toMatchObject({ text: [{ text: "First line continued." }] });
    expect(blocks[2]).toMatchObject({ ordered: false, items: [[{ text: "one" }], [{ text: "two wrapped" }]] });
    expect(blocks[3]).toMatchObject({ name: "chart", args: ["port-share"] });
    expect(blocks[4]).toMatchObject({
      name: "callout",
      args: ["Note", "**this**"],
      title: [{ text: "Note " }, { text: "this", bold: true }],
      body: [{ type: "paragraph", line: 13 }],
    });
    expect(blocks[7]).toMatchObject({ ordered: true, start: 3, items: [[{ text: "third" }], [{ text: "fourth" }]] });
    expect(blocks[8]).toMatchObject({ name: "tiles", args: ["columns=2", "a.b", "c.d"] });
    expect(blocks[9]).toMatchObject({ name: "newpage", args: [] });
  });

  it("reads pipe tables with a header rule (GFM) and without one (a key/value table)", () => {
    expect(blocks[5]).toMatchObject({
      name: "table",
      header: true,
      rows: [
        [[{ text: "A" }], [{ text: "B" }]],
        [[{ text: "1 | x" }], [{ text: "2" }]],
      ],
    });
    expect(blocks[6]).toMatchObject({
      name: "table",
      header: false,
      rows: [
        [[{ text: "Key" }], [{ text: "value_one" }]],
        [[{ text: "Other" }], [{ text: "*two*" }]],
      ],
    });
  });

  it("nests a container inside another when the outer fence is longer", () => {
    const [outer] = parseBlocks(["::::callout Box", "Intro.", "", ":::notice Inner", "Inside.", ":::", "::::", "After."].join("\n"), "t.hbs") as Extract<
      Block,
      { type: "container" }
    >[];
    expect(outer).toMatchObject({
      name: "callout",
      line: 1,
      body: [
        { type: "paragraph", line: 2 },
        { type: "container", name: "notice", line: 4, body: [{ type: "paragraph", line: 5 }] },
      ],
    });
  });

  it("names the template and line when a container is never closed", () => {
    const problem = failure("Text.\n\n:::callout\ntext");
    expect(problem.file).toBe("templates/brochure/x.hbs");
    expect(problem.message).toMatch(/^rendered line 3: ":::callout" is never closed/);
  });

  it("refuses a container opened inside another with the same fence, and a stray :::", () => {
    expect(failure(":::callout\na\n:::notice\nb\n:::\n:::").message).toMatch(/rendered line 3: ":::notice" is never closed/);
    expect(failure("Text.\n:::\n").message).toMatch(/rendered line 2: ":::" closes nothing here/);
  });

  it("refuses what the brochure cannot show: deep headings, code blocks, quotes, rules", () => {
    expect(failure("#### Deep").message).toMatch(/level-4 heading/);
    expect(failure("Text.\n\n    indented code").message).toMatch(/rendered line 3: a code block/);
    expect(failure("> quoted").message).toMatch(/block quote/);
    expect(failure("Text.\n\n---\n").message).toMatch(/rendered line 3: a rule/);
  });
});
