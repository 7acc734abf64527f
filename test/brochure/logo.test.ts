/**
 * A logo of any proportions: a fictional wordmark six times as wide as high (test/fixtures/logo-wide)
 * keeps its proportions in the brochure (pdfimages: the same resolution across as down) and in the
 * PowerPoint's slide masters (its picture's width over height), and stays on the slide.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTheme } from "../../src/brochure/theme.ts";
import { buildThemes } from "../../src/deck/theme.ts";
import type { Brand } from "../../src/data/schema.ts";
import { parse } from "yaml";
import { copyFixture, ROOT } from "../helpers/project.ts";
import { buildPptx, readParts, removeLater } from "../pptx/project.ts";
import { overlappingText, textOutside } from "./layout.ts";
import { brochureFor } from "./project.ts";
import { readPdf } from "./readPdf.ts";

const WIDE = { png: "test/fixtures/logo-wide/logo.png", svg: "test/fixtures/logo-wide/logo.svg", aspect: 6 };
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

let data: string;
beforeAll(() => {
  data = copyFixture();
  const brandFile = join(data, "brand.yaml");
  copyFileSync(join(ROOT, "test", "fixtures", "brand-b", "brand.yaml"), brandFile);
  const text = readFileSync(brandFile, "utf8");
  writeFileSync(brandFile, text.replace("png: test/fixtures/brand-b/logo.png", `png: ${WIDE.png}`).replace("svg: test/fixtures/brand-b/logo.svg", `svg: ${WIDE.svg}`));
  expect(readFileSync(brandFile, "utf8")).toContain(WIDE.png);
});

describe("a wide logo", () => {
  it("keeps its proportions on every page of the brochure, and the text beside it keeps clear of it", async () => {
    const bytes = await brochureFor("testville", { data });
    const file = join(mkdtempSync(join(tmpdir(), "citypitch-logo-")), "testville.pdf");
    writeFileSync(file, bytes);
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    const rows = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" })
      .split("\n")
      .slice(2)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === "600" && cols[4] === "100");
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const cols of rows) expect(Number(cols[12]), `page ${cols[0]}`).toBe(Number(cols[13]));
    const pdf = await readPdf(bytes);
    const brand = parse(readFileSync(join(data, "brand.yaml"), "utf8")) as Brand;
    expect(textOutside(pdf, createTheme(brand, "a4").content)).toEqual([]);
    expect(overlappingText(pdf)).toEqual([]);
  });

  it("keeps its proportions on the deck's title slide and in its footers, inside their boxes", async () => {
    const brand = parse(readFileSync(join(data, "brand.yaml"), "utf8")) as Brand;
    const theme = (await buildThemes(brand, ROOT, "Testville")).truetype;
    const size = (name: string) => {
      const [, w, h] = new RegExp(`--cp-logo-${name}-size: ([\\d.]+)px ([\\d.]+)px;`).exec(theme)!;
      return { width: Number(w), height: Number(h) };
    };
    const cover = size("cover");
    const footer = size("footer");
    expect(cover.width / cover.height).toBeCloseTo(WIDE.aspect, 1);
    expect(footer.width / footer.height).toBeCloseTo(WIDE.aspect, 1);
    expect(cover.width).toBeLessThanOrEqual(300);
    expect(footer.width).toBeLessThanOrEqual(110);
    // The layout sizes the logo by them, and the footer's text starts clear of it.
    expect(theme).toContain("var(--cp-logo-cover-size");
    expect(theme).toContain("var(--cp-logo-footer-size");
    expect(Number(/--cp-logo-footer-room: (\d+)px;/.exec(theme)![1])).toBeGreaterThan(footer.width);
  });

  it("keeps its proportions in the PowerPoint's masters, inside the slide, clear of the title", async () => {
    const build = await buildPptx(data, ["testville"], "pptx");
    cleanups.push(removeLater(build.outDir));
    expect(build.failures).toEqual([]);
    const parts = readParts(join(build.outDir, "testville", "testville-deck.pptx"));
    const width = Number(/<p:sldSz cx="(\d+)"/.exec(new TextDecoder().decode(parts["ppt/presentation.xml"]))![1]);
    const layouts = Object.keys(parts).filter((name) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(name));
    let pictures = 0;
    for (const name of layouts) {
      const xml = new TextDecoder().decode(parts[name]);
      for (const pic of xml.match(/<p:pic>[\s\S]*?<\/p:pic>/g) ?? []) {
        const [, x, y, cx, cy] = /<a:off x="(\d+)" y="(\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(pic)!.map(Number);
        pictures++;
        expect(cx! / cy!, name).toBeCloseTo(WIDE.aspect, 1);
        // Its corners rounded, as the brochure clips it: a square logo's white corners never show.
        expect(pic, name).toContain('<a:prstGeom prst="roundRect">');
        expect(x! + cx!, name).toBeLessThanOrEqual(width);
        // A title level with the logo (the content slides') stops short of it.
        const title = /<p:sp>(?:(?!<\/p:sp>)[\s\S])*?type="title"(?:(?!<\/p:sp>)[\s\S])*?<a:off x="(\d+)" y="(\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"/
          .exec(xml)
          ?.slice(1)
          .map(Number);
        if (title && title[1]! < y! + cy! && y! < title[1]! + title[3]!) expect(title[0]! + title[2]!, name).toBeLessThanOrEqual(x!);
      }
    }
    expect(pictures).toBeGreaterThanOrEqual(3);
  });
});
