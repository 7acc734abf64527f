import { describe, expect, it } from "vitest";
import { linkTarget } from "../../src/brochure/links.ts";
import { parseInline } from "../../src/brochure/markdown/inline.ts";
import { escapeMarkdown, markdownLinkDestination } from "../../src/content/markdown.ts";

const linkOf = (source: string) => parseInline(source).find((s) => s.link)?.link;

describe("link destinations in the brochure's inline Markdown", () => {
  it("reads balanced parentheses as part of the URL", () => {
    expect(parseInline("see [Harbour](https://t.example/wiki/Harbour_(north)) now")).toEqual([
      { text: "see " },
      { text: "Harbour", link: "https://t.example/wiki/Harbour_(north)" },
      { text: " now" },
    ]);
    expect(linkOf("[a](https://t.example/a_(b_(c))_d)")).toBe("https://t.example/a_(b_(c))_d");
  });

  it("reads backslash escapes (as the md helper writes them) as the characters", () => {
    const url = "https://t.example/a_(b)?q=1&r=[2]";
    expect(linkOf(`[x](${escapeMarkdown(url)})`)).toBe(url);
    expect(linkOf("[x](https://t.example/\\)x)")).toBe("https://t.example/)x");
  });

  it("reads what the url helper writes as the URL exactly as written, parentheses and brackets included", () => {
    const url = "https://t.example/Harbour_(north)/desk?a=1&b=[2]";
    expect(linkOf(`[x](${markdownLinkDestination(url)})`)).toBe(url);
    // Only what a <…> destination cannot hold is percent-encoded.
    const awkward = "https://t.example/a (b)/<c>\\d";
    const target = linkOf(`[x](${markdownLinkDestination(awkward)})`)!;
    expect(target).not.toMatch(/[\s<>\\]/);
    expect(decodeURI(target)).toBe(awkward);
  });

  it("reads <…> destinations, and refuses unbalanced or broken ones as links", () => {
    expect(linkOf("[x](<https://t.example/a b)>)")).toBe("https://t.example/a b)");
    expect(linkOf("[x](https://t.example/a(b)")).toBeUndefined();
    expect(linkOf("[x](https://t.example/a b)")).toBeUndefined();
    expect(
      parseInline("[x](https://t.example/a(b)")
        .map((s) => s.text)
        .join(""),
    ).toBe("[x](https://t.example/a(b)");
  });
});

describe("link targets the PDF may hold", () => {
  it("accepts https, http and mailto, as ASCII", () => {
    expect(linkTarget("https://t.example/a_(b)")).toBe("https://t.example/a_(b)");
    expect(linkTarget("http://t.example/")).toBe("http://t.example/");
    expect(linkTarget("mailto:desk@t.example")).toBe("mailto:desk@t.example");
    expect(linkTarget("https://t.example/a b/é")).toBe("https://t.example/a%20b/%C3%A9");
    expect(linkTarget("https://t.example/%28x%29")).toBe("https://t.example/%28x%29");
  });

  it("refuses every other scheme, however it is written", () => {
    for (const url of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,hi",
      "file:///etc/passwd",
      "vbscript:x",
      "ftp://t.example/",
      "//t.example/",
      "https:",
      "mailto:",
      "",
      undefined,
    ]) {
      expect(linkTarget(url), String(url)).toBeUndefined();
    }
  });
});
