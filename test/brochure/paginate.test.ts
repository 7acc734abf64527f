import { describe, expect, it } from "vitest";
import type { Flowable } from "../../src/brochure/flowable.ts";
import { pageFill, paginate } from "../../src/brochure/paginate.ts";

/** A block of `lines` lines, 10 pt each, splittable between lines like a paragraph. */
function text(name: string, lines: number, extra: Partial<Flowable> = {}): Flowable {
  const piece = (n: number, first: boolean): Flowable => ({
    kind: name,
    height: n * 10,
    spaceBefore: first ? 10 : 0,
    spaceAfter: 10,
    section: "s",
    minHead: n >= 4 ? 20 : n * 10,
    split:
      n >= 4
        ? (room) => {
            const k = Math.min(Math.floor(room / 10), n - 2);
            return k >= 2 ? [piece(k, first), { ...piece(n - k, false), kind: `${name}'` }] : undefined;
          }
        : undefined,
    draw: () => {},
    ...extra,
  });
  return piece(lines, true);
}
const block = (name: string, height: number, extra: Partial<Flowable> = {}): Flowable => ({
  kind: name,
  height,
  spaceBefore: 10,
  spaceAfter: 10,
  section: "s",
  draw: () => {},
  ...extra,
});
const kinds = (pages: ReturnType<typeof paginate>) => pages.map((p) => p.items.map((i) => i.flowable.kind));

describe("paginate", () => {
  it("collapses spacing and drops it at the top of a page", () => {
    const pages = paginate([block("a", 40), block("b", 40, { spaceBefore: 20 })], 100);
    expect(pages[0]!.items.map((i) => i.y)).toEqual([0, 60]);
  });

  it("splits a paragraph between lines, two lines at least on each side", () => {
    expect(kinds(paginate([block("a", 60), text("p", 5)], 100))).toEqual([["a", "p"], ["p'"]]);
    expect(kinds(paginate([block("a", 75), text("p", 5)], 100))).toEqual([["a"], ["p"]]);
  });

  it("never leaves a heading at the foot of a page", () => {
    const pages = paginate([block("a", 60), block("h", 10, { keepWithNext: true }), block("fig", 30)], 100);
    expect(kinds(pages)).toEqual([["a"], ["h", "fig"]]);
  });

  it("moves a short section to a new page only when it does not fit", () => {
    const opener = (name: string) => block(name, 10, { keepWithNext: true, minRoom: 60 });
    expect(kinds(paginate([block("a", 40), opener("h1"), text("p", 2)], 100))).toEqual([["a", "h1", "p"]]);
    expect(kinds(paginate([block("a", 40), opener("h1"), text("p", 8)], 100))).toEqual([["a"], ["h1", "p"]]);
  });

  it("lets later blocks fill the hole a figure leaves, keeping figures in order", () => {
    const pages = paginate([block("a", 50), block("fig1", 60, { float: true }), block("fig2", 30, { float: true }), block("b", 20), block("c", 80)], 100);
    expect(kinds(pages)).toEqual([["a", "b"], ["fig1", "fig2"], ["c"]]);
  });

  it("keeps a source note with the block before it", () => {
    expect(kinds(paginate([block("a", 50), block("t", 30), block("note", 20, { keepWithPrevious: true })], 100))).toEqual([["a"], ["t", "note"]]);
  });

  it("makes no blank pages: a page break at the top of a page is ignored", () => {
    expect(kinds(paginate([block("a", 100), block("b", 10, { breakBefore: true })], 100))).toEqual([["a"], ["b"]]);
  });

  it("parts a softly kept group (tile rows) rather than leave a page more than 40% empty", () => {
    const row = (name: string, last = false) => block(name, 20, last ? {} : { keepWithNext: true, softKeep: true });
    expect(kinds(paginate([block("a", 50), row("r1"), row("r2"), row("r3", true)], 100))).toEqual([
      ["a", "r1"],
      ["r2", "r3"],
    ]);
    // Kept whole when moving it leaves the page at least 60% full…
    expect(kinds(paginate([block("a", 65), row("r1"), row("r2"), row("r3", true)], 100))).toEqual([["a"], ["r1", "r2", "r3"]]);
    // …and always for a hard keep (a heading and what follows it).
    expect(kinds(paginate([block("a", 50), block("h", 30, { keepWithNext: true }), block("b", 40)], 100))).toEqual([["a"], ["h", "b"]]);
  });

  it("tightens the spacing of the pieces a text splits into, when it tightens a section to pull a scrap back", () => {
    // Spaced as given, the last page holds only b2 (a scrap); tightened, two pages hold it all, and
    // p splits on the first where 4 pt less space before it let it keep a fourth line.
    const flowables = [block("a", 52), text("p", 6), block("b1", 31), block("b2", 20)];
    const pages = paginate(flowables, 100);
    expect(kinds(pages)).toEqual([
      ["a", "p"],
      ["p'", "b1", "b2"],
    ]);
    for (const page of pages) for (const { y, flowable } of page.items) expect(y + flowable.height).toBeLessThanOrEqual(100);
  });

  it("measures how full a page is", () => {
    const [first, second] = paginate([block("a", 50), block("b", 40), block("c", 30)], 100);
    expect(pageFill(first!, 100)).toBeCloseTo(1);
    expect(pageFill(second!, 100)).toBeCloseTo(0.3);
  });

  it("fills a hole of more than 40% before a figure with the start of a paragraph", () => {
    expect(kinds(paginate([block("a", 40), block("fig", 60, { float: true }), text("p", 8)], 100))).toEqual([
      ["a", "p"],
      ["fig", "p'"],
    ]);
    // A small hole is left as it is: the paragraph follows the figure whole.
    expect(kinds(paginate([block("a", 70), block("fig", 60, { float: true }), text("p", 3)], 100))).toEqual([["a"], ["fig", "p"]]);
  });

  describe("a heading and its short introduction, when what they introduce goes to the next page", () => {
    const heading = (level: number) => block(`h${level}`, 10, { keepWithNext: true });
    const intro = () => block("text", 10);

    it("go with a figure rather than end the page, and later blocks do not fill the hole before them", () => {
      const pages = paginate([block("a", 50), heading(2), intro(), block("fig", 50, { float: true }), block("b", 10)], 100);
      expect(kinds(pages)).toEqual([["a"], ["h2", "text", "fig", "b"]]);
    });

    it("go with a section's first sub-heading: an opener and its lead never end a page alone", () => {
      const opener = block("h1", 10, { keepWithNext: true, minRoom: 20 });
      expect(kinds(paginate([block("a", 50), opener, intro(), heading(2), block("fig", 40)], 100))).toEqual([["a"], ["h1", "text", "h2", "fig"]]);
    });

    it("stay when a heading of their own level follows: their sub-section is whole", () => {
      expect(kinds(paginate([block("a", 40), heading(2), intro(), heading(2), block("fig", 50)], 100))).toEqual([
        ["a", "h2", "text"],
        ["h2", "fig"],
      ]);
    });

    it("stay when they are all the page holds, or do not fit a page with what they introduce", () => {
      expect(kinds(paginate([heading(2), intro(), block("fig", 90, { float: true })], 100))).toEqual([["h2", "text"], ["fig"]]);
      expect(kinds(paginate([block("a", 30), heading(2), intro(), block("fig", 85, { float: true })], 100))).toEqual([["a", "h2", "text"], ["fig"]]);
    });

    it("go with a text that splits, when its first lines fit a page with them", () => {
      const pages = paginate([block("a", 60), heading(2), intro(), text("long", 15)], 100);
      expect(kinds(pages)[0]).toEqual(["a"]);
      expect(kinds(pages)[1]!.slice(0, 3)).toEqual(["h2", "text", "long"]);
    });

    it("never leave a heading ending the page they leave: a chain of headings goes whole", () => {
      const pages = paginate([block("a", 20), heading(1), heading(2), heading(3), intro(), block("fig", 20)], 100);
      for (const page of kinds(pages)) expect(page.at(-1)).not.toMatch(/^h\d$/);
      expect(kinds(pages)).toEqual([["a"], ["h1", "h2", "h3", "text", "fig"]]);
    });

    it("stay on a page that holds nothing else but headings and their introductions", () => {
      const opener = block("h1", 10, { keepWithNext: true, breakBefore: true });
      const pages = paginate([block("a", 50), opener, intro(), heading(2), intro(), block("fig", 55, { float: true })], 100);
      expect(kinds(pages)).toEqual([["a"], ["h1", "text", "h2", "text"], ["fig"]]);
    });

    it("take along the section title and lead above them, rather than leave those ending the page", () => {
      const opener = block("h1", 10, { keepWithNext: true, minRoom: 20 });
      // The sub-heading and its paragraph are the introduction that moves (35 of the 40 allowed);
      // the section's title and its one-line lead above them go too.
      const pages = paginate([block("a", 20), opener, block("text", 10), heading(2), block("text", 35), heading(3), block("table", 20)], 160);
      expect(kinds(pages)).toEqual([["a"], ["h1", "text", "h2", "text", "h3", "table"]]);
    });

    it("stay when the text after the heading is more than an introduction", () => {
      expect(kinds(paginate([block("a", 20), heading(2), block("text", 30), block("fig", 60, { float: true })], 100))).toEqual([["a", "h2", "text"], ["fig"]]);
    });
  });
});
