import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../../src/content/markdown.ts";
import { parseBlocks } from "../../src/brochure/markdown/blocks.ts";
import { parseInline } from "../../src/brochure/markdown/inline.ts";

describe("brochure inline Markdown", () => {
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

  it("keeps escaped data literal, however much Markdown it holds", () => {
    const data = "R&D **not bold** _x_ [a](b) | # <style> 1. \\ end";
    expect(parseInline(escapeMarkdown(data))).toEqual([{ text: data }]);
  });
});

describe("brochure blocks", () => {
  it("parses headings, paragraphs, lists, directives and containers", () => {
    const blocks = parseBlocks(
      ["# Title", "", "First line", "continued.", "", "- one", "- two", "  wrapped", "", "::chart port-share", "", ":::callout Note this", "Inside.", ":::", "", ":::table", "| A | B |", "|---|---|", "| 1 \\| x | 2 |", ":::"].join("\n"),
      "t.hbs",
    );
    expect(blocks.map((b) => b.type)).toEqual(["heading", "paragraph", "list", "directive", "container", "container"]);
    expect(blocks[1]).toMatchObject({ text: [{ text: "First line continued." }], line: 3 });
    expect(blocks[2]).toMatchObject({ ordered: false, items: [[{ text: "one" }], [{ text: "two wrapped" }]] });
    expect(blocks[3]).toMatchObject({ name: "chart", args: ["port-share"] });
    expect(blocks[4]).toMatchObject({ name: "callout", args: ["Note", "this"], body: [{ type: "paragraph" }] });
    expect(blocks[5]).toMatchObject({ name: "table", header: true, rows: [[[{ text: "A" }], [{ text: "B" }]], [[{ text: "1 | x" }], [{ text: "2" }]]] });
  });

  it("names the template when a container is never closed", () => {
    expect(() => parseBlocks(":::callout\ntext", "templates/brochure/x.hbs")).toThrow(/cannot be laid out/);
    try {
      parseBlocks(":::callout\ntext", "templates/brochure/x.hbs");
    } catch (error) {
      expect((error as { problems: { location: { file: string }; message: string }[] }).problems[0]).toMatchObject({
        location: { file: "templates/brochure/x.hbs" },
        message: expect.stringContaining("never closed"),
      });
    }
  });
});
