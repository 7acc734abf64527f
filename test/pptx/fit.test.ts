/**
 * Text that outgrows its slide: a long list goes on over a "(continued)" slide, text that cannot
 * fit even alone fails the city's PPTX with exit 4 naming the city, the slide and the field, and
 * control characters never reach the package.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/errors.ts";
import { clean } from "../../src/pptx/text.ts";
import { copyFixture, edit, fictionalContacts, ROOT } from "../helpers/project.ts";
import { allText, buildPptx, readParts, removeLater, slideOrder, slideTitle, text, type Parts } from "./project.ts";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

/** Testville's PowerPoint, built from a copy of the fixture that `prepare` edits; any format that fails fails the test. */
async function testvillePptx(prepare: (data: string) => void = () => {}): Promise<Parts> {
  const data = copyFixture();
  prepare(data);
  const build = await buildPptx(data, ["testville"], "pptx");
  cleanups.push(removeLater(build.outDir, data));
  expect(build.failures).toEqual([]);
  return readParts(join(build.outDir, "testville", "testville-deck.pptx"));
}

/** The fixture's own PowerPoint, built once for the tests that only read it. */
let plain: Promise<Parts> | undefined;
const plainTestville = () => (plain ??= testvillePptx());

/** A shape's box on its slide, in EMU (its first offset and extent). */
function shapeBox(xml: string): { x: number; top: number; bottom: number; right: number } | undefined {
  const off = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(xml);
  const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(xml);
  if (!off || !ext) return undefined;
  return { x: Number(off[1]), top: Number(off[2]), bottom: Number(off[2]) + Number(ext[2]), right: Number(off[1]) + Number(ext[1]) };
}

const STRATEGY = "  strategy:\n    - An urban brand strategy aimed at a larger share of the global outsourcing market.\n";

describe("fitting the PPTX's text", () => {
  it("continues a long list on a '(continued)' slide, in order, with the Marp deck's title", async () => {
    const strands = Array.from(
      { length: 28 },
      (_, i) => `    - Strand ${i + 1} of the fictional plan, with more training, more parks, more fairs and a wider reach into new markets.\n`,
    ).join("");
    const parts = await testvillePptx((data) => {
      edit(data, "cities/testville.yaml", STRATEGY, `  strategy:\n${strands}`);
    });
    const titles = slideOrder(parts).map((n) => slideTitle(text(parts, n)));
    const at = titles.indexOf("Strategy and targets");
    expect(at).toBeGreaterThan(0);
    expect(titles[at + 1]).toBe("Strategy and targets (continued)");
    const pages = slideOrder(parts).filter((_, i) => titles[i]!.startsWith("Strategy and targets"));
    expect(titles.filter((t) => t === "Strategy and targets (continued)").length).toBe(pages.length - 1);
    const words = pages.map((n) => text(parts, n)).join("\n");
    for (const i of [1, 14, 28]) expect(words).toContain(`Strand ${i} of the fictional plan`);
  });

  it("sets five unplotted targets in a band under the strategy text when they cannot fit beside it, never over it", async () => {
    // Without the targets chart, all five targets are tiles: too many for the aside, 1.85 in wide in two columns.
    const parts = await testvillePptx((data) => {
      const chart = /  - id: outsourcing-targets\n(    .*\n)+/.exec(readFileSync(join(data, "cities", "testville.yaml"), "utf8"))![0];
      edit(data, "cities/testville.yaml", chart, "");
    });
    const slide = slideOrder(parts)
      .map((n) => text(parts, n))
      .find((xml) => slideTitle(xml) === "Strategy and targets")!;
    const shown = allText(slide).replace(/\s+/g, " ");
    for (const label of [
      "Outsourcing firms with turnover above RMB 1 billion",
      "Well-known Testville software brands",
      "Service-outsourcing employees",
      "Service-outsourcing output value",
      "Service-outsourcing exports",
    ])
      expect(shown).toContain(label);
    // Every tile (a rectangle in the tile colour) lies below the strategy's text box, inside the slide.
    const box = (sp: string) => shapeBox(sp)!;
    const shapes = slide.split("<p:sp>").slice(1);
    const textBox = box(shapes.find((sp) => sp.includes("An urban brand strategy"))!);
    const tiles = shapes.filter((sp) => /<a:srgbClr val="EEF3F6"/.test(sp) && /prst="rect"/.test(sp)).map(box);
    expect(tiles.length).toBe(5);
    for (const tile of tiles) {
      expect(tile.top).toBeGreaterThanOrEqual(textBox.bottom);
      expect(tile.bottom).toBeLessThanOrEqual(7.5 * 914400);
      expect(tile.right).toBeLessThanOrEqual(13.333 * 914400);
    }
  });

  it("draws a dozen qualified figures across, and sets their figures as tiles on the next slide when they cannot fit beside the chart", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `district${i + 1}`);
    const figures = ids
      .map(
        (id, i) =>
          `    ${id}:\n      label: Fictional district ${i + 1} firms\n      value: ${12_345 + i * 1_111}\n      unit: enterprises\n      year: 2007\n      qualifier: at-least\n      source: testville-almanac\n`,
      )
      .join("");
    const chart = `  - id: districts\n    kind: bar\n    title: Firms by district\n    caption: Every fictional district has thousands of firms.\n    figures: [${ids.map((id) => `economy.figures.${id}`).join(", ")}]\n    labelBy: label\n    labels: [${ids.map((_, i) => `D${i + 1}`).join(", ")}]\n    section: air\n`;
    const parts = await testvillePptx((data) => {
      edit(data, "cities/testville.yaml", "  figures: {}\n\nconnectivity:", `  figures:\n${figures}\nconnectivity:`);
      edit(data, "cities/testville.yaml", "charts:\n", `charts:\n${chart}`);
    });
    const slides = slideOrder(parts).map((n) => text(parts, n));
    const at = slides.findIndex((xml) => slideTitle(xml) === "Firms by district");
    expect(at).toBeGreaterThan(0);
    const after = slides.slice(at + 1).filter((xml) => slideTitle(xml) === "Firms by district (continued)");
    expect(after.length).toBeGreaterThan(0);
    const tiles = after.map(allText).join(" ").replace(/\s+/g, " ");
    for (let i = 1; i <= 12; i++) expect(tiles).toContain(`Fictional district ${i} firms`);
    // The native chart's bars run across: twelve "at least 12,345"-wide labels do not fit twelve columns.
    const charts = Object.entries(parts)
      .filter(([name]) => /^ppt\/charts\/chart\d+\.xml$/.test(name))
      .map(([, bytes]) => new TextDecoder().decode(bytes))
      .filter((xml) => xml.includes("D12"));
    expect(charts.length).toBe(1);
    expect(charts[0]).toMatch(/<c:barDir val="bar"\/>/);
  });

  it("gives a paired chart's long title a second line, taken from the chart's height, rather than refuse the slide", async () => {
    const long = "Cargo through the fictional Testville Port and its outer terminals, in millions of tonnes";
    const parts = await testvillePptx((data) => {
      edit(data, "cities/testville.yaml", "    title: Port cargo throughput\n", `    title: ${long}\n`);
    });
    const slide = slideOrder(parts)
      .map((n) => text(parts, n))
      .find((xml) => allText(xml).includes(long.slice(0, 40)))!;
    expect(slide).toBeDefined();
    const offsets = (xml: string) => shapeBox(xml)!;
    const title = offsets(slide.split("<p:sp>").find((sp) => sp.includes(long.slice(0, 40)))!);
    // The chart under it (the graphic frame in the same column) starts below the title's two lines.
    const frames = slide.split("<p:graphicFrame>").slice(1).map(offsets);
    const under = frames.find((f) => Math.abs(f.x - title.x) < 914400 / 4)!;
    expect(title.bottom - title.top).toBeGreaterThan(0.42 * 914400);
    expect(under.top).toBeGreaterThanOrEqual(title.bottom - 914400 * 0.05);
  });

  it("sets five full contacts in columns under the next steps when they do not fit beside them", async () => {
    const parts = await testvillePptx((data) => {
      edit(data, "cities/testville.yaml", "  contacts: []\n", fictionalContacts(4));
    });
    const slide = slideOrder(parts)
      .map((n) => text(parts, n))
      .find((xml) => slideTitle(xml) === "Put your next delivery centre in Testville")!;
    const shown = allText(slide);
    for (const i of [1, 2, 3, 4]) expect(shown).toContain(`desk${i}@invest.testville.example`);
    // Every text box inside the slide (7.5 in tall), the contacts' columns side by side.
    const boxes = slide
      .split("<p:sp>")
      .slice(1)
      .map((sp) => {
        const box = shapeBox(sp);
        return box ? { ...box, text: allText(sp) } : undefined;
      })
      .filter((b) => b !== undefined);
    for (const b of boxes) expect(b.bottom).toBeLessThanOrEqual(7.5 * 914400);
    const columns = new Set(boxes.filter((b) => b.text.includes("@invest.testville.example")).map((b) => b.x));
    expect(columns.size).toBeGreaterThanOrEqual(2);
  });

  it("runs each port fact's name into its text after a colon, as the Marp deck sets them apart", async () => {
    const parts = await plainTestville();
    const paragraphs = slideOrder(parts)
      .map((n) => text(parts, n))
      .flatMap((xml) => [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => allText(m[1]!).replace(/\s+/g, " ").trim()));
    expect(paragraphs).toContainEqual(expect.stringMatching(/^Mockport–Testville train ferry: A rail ferry/));
    expect(paragraphs).toContainEqual(expect.stringMatching(/^Terminals — Ore terminal: Deep-water berth/));
  });

  it("sets a tile's unit that does not fit beside its number on a line of its own, at its own size", async () => {
    const parts = await plainTestville();
    const glance = slideOrder(parts)
      .map((n) => text(parts, n))
      .find((xml) => slideTitle(xml) === "Testville at a glance")!;
    const paragraphs = [...glance.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => ({
      text: allText(m[1]!).replace(/\s+/g, " ").trim(),
      sizes: [...m[1]!.matchAll(/ sz="(\d+)"/g)].map((s) => Number(s[1])),
    }));
    // "3.81 m containers" is wider than its tile: the number alone, then its unit at half its size.
    const at = paragraphs.findIndex((p) => p.text === "3.81");
    expect(at).toBeGreaterThan(-1);
    expect(paragraphs[at + 1]!.text).toBe("m containers");
    expect(paragraphs[at + 1]!.sizes[0]! * 2).toBeCloseTo(paragraphs[at]!.sizes[0]!, -1);
    // A short unit stays beside its number, in the number's paragraph.
    expect(paragraphs.some((p) => /^5\.4 million$/.test(p.text))).toBe(true);
  });

  it("marks a derived value as derived beside its chart, as its tile is", async () => {
    const parts = await plainTestville();
    const shown = slideOrder(parts)
      .map((n) => allText(text(parts, n)).replace(/\s+/g, " "))
      .join("\n");
    expect(shown).toContain("Flights to Capital City a week, 2008 · derived");
    expect(shown).not.toContain("Flights to Fixturia a week, 2008 · derived");
  });

  it("gives service-line cards with long descriptions the slide to themselves, the markets following on the next", async () => {
    const long =
      "Back-office, finance, payroll and customer processes run around the clock for fictional clients in three languages, from two delivery centres with shared training, security and quality teams.";
    const parts = await testvillePptx((data) => {
      edit(data, "cities/testville.yaml", "      description: Back-office and customer processes run for foreign clients.\n", `      description: ${long} ${long}\n`);
    });
    const slides = slideOrder(parts).map((n) => text(parts, n));
    const at = slides.findIndex((xml) => slideTitle(xml) === "Service lines and markets");
    expect(allText(slides[at]!)).toContain("Back-office, finance, payroll");
    expect(slideTitle(slides[at + 1]!)).toBe("Service lines and markets (continued)");
    expect(allText(slides[at + 1]!)).toContain("Fixturia");
  });

  it("spreads service-line cards too tall for one slide over '(continued)' slides, a row of cards a slide, every card whole", async () => {
    const long =
      "Back-office, finance, payroll and customer processes run around the clock for fictional clients in three languages, from two delivery centres with shared training, security and quality teams.";
    const description = `      description: ${Array.from({ length: 5 }, () => long).join(" ")}\n`;
    const more = ["Design", "Data", "Games"].map((code) => `    - code: ${code}\n      name: Fictional ${code.toLowerCase()} services\n${description}`).join("");
    const parts = await testvillePptx((data) => {
      const file = "cities/testville.yaml";
      const yaml = readFileSync(join(data, file), "utf8").replace(/^ {6}description: (?!The core|A market).*\n(?=( {4}- code:| {2}markets:))/gm, description);
      writeFileSync(join(data, file), yaml);
      edit(data, file, "  markets:\n", `${more}  markets:\n`);
    });
    const order = slideOrder(parts);
    const titles = order.map((n) => slideTitle(text(parts, n)));
    const at = titles.indexOf("Service lines and markets");
    expect(titles[at + 1]).toBe("Service lines and markets (continued)");
    const pages = order.filter((_, i) => titles[i]!.startsWith("Service lines and markets")).map((n) => text(parts, n));
    // Eight cards in two rows of four: one row on each of the first two slides, then the markets.
    const codes = pages.map((xml) => ["BPO", "ITO", "KPO", "Embedded", "Own IP", "Design", "Data", "Games"].filter((code) => xml.includes(`<a:t>${code}</a:t>`)));
    expect(codes.slice(0, 2)).toEqual([
      ["BPO", "ITO", "KPO", "Embedded"],
      ["Own IP", "Design", "Data", "Games"],
    ]);
    expect(allText(pages[2]!)).toContain("Fixturia");
    // Every card inside the slide's body: above the footer band at 7.5 in less the margin.
    for (const xml of pages.slice(0, 2)) {
      const boxes = [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => shapeBox(m[0])).filter((b) => b !== undefined);
      expect(Math.max(...boxes.map((b) => b!.bottom))).toBeLessThan(7.5 * 914400);
    }
  });

  it("continues a long table on '(continued)' slides with its header row repeated", async () => {
    const markets = Array.from(
      { length: 24 },
      (_, i) => `    - name: Fictional market ${i + 1}\n      stance: new\n      description: A made-up market number ${i + 1}, listed to fill more than one slide with rows.\n`,
    ).join("");
    const parts = await testvillePptx((data) => {
      edit(data, "cities/testville.yaml", "  markets:\n", `  markets:\n${markets}`);
    });
    const order = slideOrder(parts);
    const titles = order.map((n) => slideTitle(text(parts, n)));
    const pages = order.filter((_, i) => titles[i]!.startsWith("Service lines and markets"));
    expect(pages.length).toBeGreaterThan(1);
    expect(titles.filter((t) => t === "Service lines and markets (continued)")).toHaveLength(pages.length - 1);
    const xml = pages.map((n) => text(parts, n));
    for (const page of xml) expect(page).toContain("<a:t>What it means</a:t>");
    const all = xml.join("\n");
    for (const i of [1, 12, 24]) expect(all).toContain(`<a:t>Fictional market ${i}</a:t>`);
    expect(all).toContain("<a:t>United States</a:t>");
  });

  it("fails the city's PPTX with exit 4, naming the city, the slide and the field, when a title cannot fit", async () => {
    const data = copyFixture();
    const long = Array.from({ length: 30 }, () => "delivery centre").join(" ");
    edit(data, "cities/testville.yaml", "  headline: Put your next delivery centre in Testville", `  headline: Put your next ${long} in Testville`);
    const build = await buildPptx(data, ["testville"], "pptx");
    cleanups.push(removeLater(build.outDir, data));
    expect(build.failures).toHaveLength(1);
    const [failure] = build.failures;
    expect(failure!.format).toBe("pptx");
    expect(failure!.slugs).toEqual(["testville"]);
    expect(failure!.error.exitCode).toBe(EXIT.renderFailed);
    expect(failure!.error.message).toContain("testville");
    expect(failure!.error.message).toContain("cta.headline");
    expect(failure!.error.message).toContain('slide "Put your next delivery centre');
    expect(failure!.error.problems[0]?.path).toBe("cta.headline");
  });

  it("names every slide whose text cannot fit in one run, not one a run", async () => {
    const data = copyFixture();
    const long = Array.from({ length: 30 }, () => "delivery centre").join(" ");
    edit(data, "cities/testville.yaml", "  headline: Put your next delivery centre in Testville", `  headline: Put your next ${long} in Testville`);
    edit(
      data,
      "cities/testville.yaml",
      "tagline: North Testland's seaport, gateway to Fixturia and Mockonia, and a software and services base",
      `tagline: ${Array.from({ length: 400 }, () => "gateway").join(" ")}`,
    );
    const build = await buildPptx(data, ["testville"], "pptx");
    cleanups.push(removeLater(build.outDir, data));
    expect(build.failures).toHaveLength(1);
    const { error } = build.failures[0]!;
    expect(error.exitCode).toBe(EXIT.renderFailed);
    expect(error.problems.map((p) => p.path).sort()).toEqual(["cta.headline", "tagline"]);
    expect(error.message).toContain("2 PowerPoint slides");
  });

  it("links a source's URL on the sources slide, exactly as written", async () => {
    const url = "https://example.org/almanac_(2008)?a=1&b=2";
    const parts = await testvillePptx((data) => {
      edit(data, "sources.yaml", "    note: A made-up source for test fixtures.", `    note: A made-up source for test fixtures.\n    url: "${url}"`);
    });
    const order = slideOrder(parts);
    const sources = order.findIndex((n) => slideTitle(text(parts, n)) === "Sources and notes");
    const rels = text(parts, order[sources]!.replace("slides/", "slides/_rels/") + ".rels");
    expect(rels).toContain(`Target="${url.replace(/&/g, "&amp;")}"`);
    expect(rels).toContain('TargetMode="External"');
  });

  it("takes every colour and typeface from the brand file: a second brand leaves none of the default's", async () => {
    const parts = await testvillePptx((data) => {
      copyFileSync(join(ROOT, "test", "fixtures", "brand-b", "brand.yaml"), join(data, "brand.yaml"));
    });
    const xml = Object.keys(parts)
      .filter((n) => /^ppt\/(slides|slideLayouts|slideMasters|charts|theme)\/[^/]+\.xml$/.test(n))
      .map((n) => text(parts, n))
      .join("\n");
    for (const colour of ["1F4E3D", "6B3F69", "E8735A", "FBF8F3", "EFE9E1"]) expect(xml).toContain(`val="${colour}"`);
    for (const colour of ["0B3954", "087E8B", "F5A623", "EEF3F6"]) expect(xml).not.toContain(colour);
    expect(xml).toContain('typeface="Source Serif 4 SemiBold"');
    expect(xml).toContain('typeface="Inter Light"');
    expect(xml).not.toMatch(/typeface="Inter"/);
  });

  it("strips C0 and C1 controls and lone surrogates, keeping newlines, tabs and real characters", () => {
    expect(clean("a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg")).toBe("abcdefg");
    expect(clean("line\nnext\tcol")).toBe("line\nnext\tcol");
    expect(clean("x\ud800y\udc00z")).toBe("xyz");
    expect(clean("大连 😀 €")).toBe("大连 😀 €");
  });
});
