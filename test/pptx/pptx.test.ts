/**
 * Testville's editable PowerPoint: native charts with the figures in their workbooks, notes, alt
 * text, links, the slide sequence of the Marp deck, and a real second reader: LibreOffice Impress
 * opens it and every slide's title and the KPI figures come out of its PDF.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unescapeMarkdown } from "../../src/content/markdown.ts";
import type { CityContext } from "../../src/context.ts";
import { TESTVILLE } from "../helpers/project.ts";
import {
  allText,
  buildPptx,
  convertWithLibreOffice,
  decodeXml,
  pdfPages,
  pdfWords,
  readParts,
  removeLater,
  slideOrder,
  slideTitle,
  text,
  type Parts,
  type PptxBuild,
} from "./project.ts";

/** The slide in points: the rule above the footer, the footer's top, the right margin, the page. */
const FOOTER_RULE = 6.9 * 72;
const FOOTER_TOP = 6.95 * 72;
const RIGHT_EDGE = (13.333 - 0.5) * 72;
const PAGE_H = 7.5 * 72;

/** The words of a deck's running foot. */
function footerWords(ctx: CityContext): string[] {
  const t = ctx.words.messages.t;
  const date = ctx.words.monthYear(ctx.buildDate);
  return [ctx.city.name.en, ctx.city.edition.title, t("edition.date", { date }), t("edition.vintage", { year: String(ctx.city.edition.dataAsOf) }), "·"].join(" ").split(/\s+/);
}

let build: PptxBuild;
let parts: Parts;
let slides: string[];
let file: string;
let cleanup: () => void;

beforeAll(async () => {
  build = await buildPptx(TESTVILLE, ["testville"]);
  file = join(build.outDir, "testville", "testville-deck.pptx");
  parts = readParts(file);
  slides = slideOrder(parts).map((name) => text(parts, name));
  cleanup = removeLater(build.outDir);
});
afterAll(() => cleanup?.());

/** The Marp deck's slide headings, as a reader sees them. */
function marpHeadings(): string[] {
  const md = readFileSync(join(build.outDir, "testville", "testville-deck.md"), "utf8");
  const body = md.replace(/^---\n[\s\S]*?\n---\n/, "");
  return body
    .split(/\n---\n/)
    .map((slide) => /^## (.*)$/m.exec(slide)?.[1] ?? "")
    .map((h) =>
      unescapeMarkdown(h.replace(/<[^>]+>/g, " "))
        .replace(/\s+/g, " ")
        .trim(),
    );
}

describe("Testville's PPTX", () => {
  it("is written, logged and no failure", () => {
    expect(build.failures).toEqual([]);
    expect(build.lines.some((l) => l.includes("testville-deck.pptx"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(build.outDir, "testville", "manifest.json"), "utf8"));
    expect(JSON.stringify(manifest)).toContain("testville-deck.pptx");
  });

  it("has the Marp deck's slides, in its order, under the same titles", () => {
    const titles = slides.map(slideTitle);
    expect(titles).toEqual(marpHeadings());
    expect(titles).toHaveLength(15);
    expect(titles[1]).toBe("Testville at a glance");
    expect(titles.at(-1)).toBe("Sources and notes");
  });

  it("draws the charts as native charts, with the figures in the chart and in its workbook", () => {
    const charts = Object.keys(parts)
      .filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    expect(charts).toHaveLength(5);
    const xml = charts.map((n) => text(parts, n));
    // Port throughput: columns, the derived year hatched and labelled, the published one with its qualifier.
    expect(xml[0]).toContain("<c:barChart>");
    expect(xml[0]).toContain('<c:barDir val="col"/>');
    expect(xml[0]).toMatch(/<c:v>145\.25<\/c:v>[\s\S]*<c:v>165\.44<\/c:v>/);
    expect(xml[0]).toMatch(/<a:t>over\s165\.44\sMt<\/a:t>/);
    expect(xml[0]).toContain("<a:t>derived</a:t>");
    expect(xml[0]).toContain('<a:pattFill prst="wdUpDiag">');
    // Two doughnuts for the shares, the rest of the whole in the second point.
    expect(xml[2]).toContain("<c:doughnutChart>");
    expect(xml[2]).toMatch(/<c:v>70<\/c:v>[\s\S]*<c:v>30<\/c:v>/);
    expect(xml[3]).toMatch(/<c:v>90<\/c:v>[\s\S]*<c:v>10<\/c:v>/);
    // Weekly flights: horizontal bars ranked largest first, top to bottom.
    expect(xml[4]).toContain('<c:barDir val="bar"/>');
    expect(xml[4]).toContain('<c:orientation val="maxMin"/>');
    expect(xml[4]).toMatch(/<c:v>210<\/c:v>[\s\S]*<c:v>70<\/c:v>[\s\S]*<c:v>40<\/c:v>/);
    expect(xml[4]).toMatch(/Capital City[\s\S]*Fixturia[\s\S]*Mockonia/);
    // Each chart's embedded workbook (what "Edit Data" opens) holds the values.
    const rels = text(parts, "ppt/charts/_rels/chart1.xml.rels");
    const workbook = /Target="\.\.\/embeddings\/([^"]+\.xlsx)"/.exec(rels)![1]!;
    const sheet = unzipSync(parts[`ppt/embeddings/${workbook}`]!);
    const cells = strFromU8(sheet["xl/worksheets/sheet1.xml"]!);
    expect(cells).toContain("145.25");
    expect(cells).toContain("165.44");
  });

  it("gives every picture and every chart alt text, the charts the chart images' alt", () => {
    const ctxAlt = new Map(build.charts.get("testville")!.map((a) => [a.id, a.alt]));
    const all = slides.join("\n");
    // The logo sits on the layouts; a picture on a slide would be checked the same way.
    const layouts = Object.keys(parts)
      .filter((n) => /^ppt\/slide(Layout|Master)s\/slide(Layout|Master)\d+\.xml$/.test(n))
      .map((n) => text(parts, n));
    const pictures = [...[all, ...layouts].join("\n").matchAll(/<p:pic>[\s\S]*?<p:cNvPr ([^>]*)>/g)];
    expect(pictures.length).toBeGreaterThan(0);
    for (const p of pictures) expect(/descr="([^"]{6,})"/.test(p[1]!)).toBe(true);
    const frames = [...all.matchAll(/<p:graphicFrame>\s*<p:nvGraphicFramePr>\s*<p:cNvPr ([^>]*)>/g)].map((m) => m[1]!);
    const chartFrames = [...all.matchAll(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g)].map((m) => m[0]).filter((f) => f.includes("<c:chart "));
    expect(chartFrames).toHaveLength(5);
    const descr = (frame: string) => decodeXml(/descr="([^"]*)"/.exec(frame)?.[1] ?? "");
    for (const frame of chartFrames) expect(descr(frame).length).toBeGreaterThan(10);
    const alts = chartFrames.map(descr);
    expect(alts).toContain(ctxAlt.get("port-throughput"));
    expect(alts).toContain(ctxAlt.get("port-containers"));
    expect(alts).toContain(ctxAlt.get("port-share"));
    expect(alts).toContain(ctxAlt.get("weekly-flights"));
    // The target panels are a native table; it carries the target chart's alt text.
    expect(frames.map((f) => decodeXml(/descr="([^"]*)"/.exec(f)?.[1] ?? ""))).toContain(ctxAlt.get("outsourcing-targets"));
  });

  it("has speaker notes on every slide, with the figures worded as in the Marp deck", () => {
    const notes = Object.keys(parts).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n));
    expect(notes).toHaveLength(15);
    const glance = allText(text(parts, "ppt/notesSlides/notesSlide2.xml")).replace(/\u00a0/g, " ");
    expect(glance).toContain("Port cargo throughput: over 165.44 million tonnes (2007).");
    expect(glance).toContain("Service-outsourcing employees: 140,000 people (2010 target).");
    const title = allText(text(parts, "ppt/notesSlides/notesSlide1.xml"));
    expect(title).toContain("Thank you for your time. This short profile presents Testville, written 测试城 and read Cèshìchéng");
    for (const n of notes) expect(text(parts, n)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });

  it("says in its notes what the Marp deck's notes say, slide for slide", () => {
    const md = readFileSync(join(build.outDir, "testville", "testville-deck.md"), "utf8");
    const flat = (t: string) =>
      t
        .replace(/\u2060/g, "")
        .replace(/\s+/g, " ")
        .trim();
    const marp = [...md.matchAll(/<!--\n([\s\S]*?)\n-->/g)].map((m) => flat(m[1]!));
    const ours = slideOrder(parts).map((slide) => {
      const rels = text(parts, slide.replace("slides/", "slides/_rels/") + ".rels");
      const notes = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(rels)![1]!;
      // The notes page's own slide-number field comes last.
      return flat(allText(text(parts, `ppt/notesSlides/${notes}`))).replace(/ \d+$/, "");
    });
    expect(ours).toEqual(marp);
  });

  it("links contacts and source URLs", () => {
    const rels = Object.keys(parts)
      .filter((n) => /^ppt\/slides\/_rels\/slide\d+\.xml\.rels$/.test(n))
      .map((n) => text(parts, n))
      .join("\n");
    expect(rels).toMatch(/Target="mailto:investors@citypitch\.example"[^>]*TargetMode="External"|TargetMode="External"[^>]*Target="mailto:investors@citypitch\.example"/);
    expect(rels).toContain('Target="https://citypitch.example/"');
  });

  it("numbers slides from the title slide on, and shows the number on every slide but the title", () => {
    const layouts = Object.keys(parts)
      .filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n))
      .map((n) => text(parts, n));
    // The content, divider and closing layouts carry the number; the title slide's does not.
    const numbered = layouts.filter((l) => l.includes('type="slidenum"'));
    expect(numbered.length).toBe(3);
    expect(slides[0]).not.toContain('type="slidenum"');
    for (const slide of slides.slice(1)) expect(slide).toContain('type="slidenum"');
  });

  it("names the brand's fonts and puts the Office fallbacks in the theme", () => {
    expect(slides[1]).toContain('typeface="Inter SemiBold"');
    expect(slides[1]).toContain('typeface="Inter"');
    const theme = text(parts, "ppt/theme/theme1.xml");
    expect(theme).toMatch(/<a:majorFont><a:latin typeface="Arial"/);
    expect(theme).toMatch(/<a:minorFont><a:latin typeface="Arial"/);
  });

  it("is byte-identical when built again", async () => {
    const again = await buildPptx(TESTVILLE, ["testville"], "pptx");
    try {
      expect(readFileSync(join(again.outDir, "testville", "testville-deck.pptx")).equals(readFileSync(file))).toBe(true);
    } finally {
      removeLater(again.outDir)();
    }
  });

  it("opens in LibreOffice Impress: every slide's title and the KPI figures are in its PDF, and no text runs off its area", async () => {
    const dalian = await buildPptx("data", ["dalian"], "pptx");
    const cleanDalian = removeLater(dalian.outDir);
    expect(dalian.failures).toEqual([]);
    const [pdf, dalianPdf] = convertWithLibreOffice(file, join(dalian.outDir, "dalian", "dalian-deck.pptx"));
    cleanDalian();
    // Nothing crosses into the footer band or past the right margin, on any slide of either deck.
    const footers = [build.contexts[0]!, dalian.contexts[0]!].map((ctx) => new Set(footerWords(ctx)));
    [pdfWords(pdf!), pdfWords(dalianPdf!)].forEach((words, i) => {
      expect(words.filter((w) => w.yMin >= FOOTER_TOP).length).toBeGreaterThan(50);
      const overflow = words.filter(
        (w) => (w.yMax > FOOTER_RULE && !(w.yMin >= FOOTER_TOP && (footers[i]!.has(w.text) || w.text === String(w.page)))) || w.xMax > RIGHT_EDGE || w.yMax > PAGE_H,
      );
      expect(overflow.map((w) => `page ${w.page}: ${w.text}`)).toEqual([]);
    });
    const pages = pdfPages(pdf!);
    expect(pages).toHaveLength(15);
    const flat = (s: string) => s.replace(/\s+/g, " ");
    slides.map(slideTitle).forEach((title, i) => expect(flat(pages[i]!)).toContain(flat(title)));
    for (const kpi of ["5.4", "165.44", "3.81", "90", "130", "70", "140,000", "RMB 50"]) expect(flat(pages[1]!)).toContain(kpi);
    expect(flat(pages[4]!)).toMatch(/over\s165\.44\sMt/);
    expect(flat(pages[4]!)).toContain("derived");
    expect(flat(pages[7]!)).toMatch(/over\s210/);
    // The number a viewer shows: the title slide counts as 1 and shows none.
    pages.slice(1).forEach((page, i) => expect(page.trim().split(/\s+/).at(-1)).toBe(String(i + 2)));
  });
});
