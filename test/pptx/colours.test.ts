/**
 * Brand colours as PowerPoint text: a light accent (a yellow) is a fine rule or bar on a pale tile
 * and unreadable as words there. The deck sets text in the accent only taken darker until it reads,
 * and on primary-coloured slides only taken lighter until it does.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { contrast } from "../../src/brochure/colour.ts";
import type { Brand } from "../../src/data/schema.ts";
import { colours } from "../../src/pptx/theme.ts";
import { copyFixture, ROOT } from "../helpers/project.ts";
import { buildPptx, readParts, removeLater } from "./project.ts";

const YELLOW = "#F2C500";
const brandB = parse(readFileSync(join(ROOT, "test", "fixtures", "brand-b", "brand.yaml"), "utf8")) as Brand;
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

describe("the accent as PowerPoint text", () => {
  it("reads at 4.5:1 on the paper, the tiles and the primary ground, whatever the accent", () => {
    for (const accent of [YELLOW, "#FFF3B0", brandB.colours.accent, "#123456"]) {
      const c = { ...brandB.colours, accent };
      const col = colours({ ...brandB, colours: c });
      for (const ground of [c.paper, c.surface]) expect(contrast(`#${col.accentText}`, ground), `${accent} on ${ground}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(`#${col.secondaryText}`, c.surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(`#${col.accentOnPrimary}`, c.primary), `${accent} on the primary`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("sets the section dividers on the secondary ground, as the Marp deck does, their numeral at 3:1 on it", async () => {
    for (const accent of [YELLOW, "#FFF3B0", brandB.colours.accent, "#F5A623"]) {
      const c = { ...brandB.colours, accent, secondary: "#087E8B" };
      expect(contrast(`#${colours({ ...brandB, colours: c }).accentOnSecondary}`, c.secondary), accent).toBeGreaterThanOrEqual(3);
    }
    const data = copyFixture();
    const build = await buildPptx(data, ["testville"], "pptx");
    cleanups.push(removeLater(build.outDir, data));
    const parts = readParts(join(build.outDir, "testville", "testville-deck.pptx"));
    const layouts = Object.entries(parts)
      .filter(([name]) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(name))
      .map(([, bytes]) => new TextDecoder().decode(bytes));
    const divider = layouts.find((xml) => xml.includes('name="CITYPITCH_DIVIDER"'));
    expect(divider).toBeDefined();
    const secondary = parse(readFileSync(join(data, "brand.yaml"), "utf8"))
      .colours.secondary.slice(1)
      .toUpperCase();
    expect(/<p:bg>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"/.exec(divider!)?.[1]).toBe(secondary);
  });

  it("never sets a run in a yellow accent on a Testville deck, though its rules and bars stay yellow", async () => {
    const data = copyFixture();
    const brand = readFileSync(join(ROOT, "test", "fixtures", "brand-b", "brand.yaml"), "utf8").replace(`accent: "${brandB.colours.accent}"`, `accent: "${YELLOW}"`);
    expect(brand).toContain(YELLOW);
    writeFileSync(join(data, "brand.yaml"), brand);
    const build = await buildPptx(data, ["testville"], "pptx");
    cleanups.push(removeLater(build.outDir, data));
    expect(build.failures).toEqual([]);
    const parts = readParts(join(build.outDir, "testville", "testville-deck.pptx"));
    const xml = Object.entries(parts)
      .filter(([name]) => /^ppt\/(slides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(name))
      .map(([, bytes]) => new TextDecoder().decode(bytes))
      .join("\n");
    // Each run's colour and text. On the dark primary ground of the cover, the dividers and the closing slide the
    // yellow reads (9:1 on this brand's green) and stays; on the paper and the tiles it never shows.
    const runs = [...xml.matchAll(/<a:rPr\b[^>]*[^/]>([\s\S]*?)<\/a:rPr>\s*<a:t>([^<]*)<\/a:t>/g)].map((m) => ({
      yellow: m[1]!.includes(`val="${YELLOW.slice(1)}"`),
      text: m[2]!,
    }));
    expect(runs.length).toBeGreaterThan(100);
    // The closing slide is on the primary ground too: its links take the accent there.
    expect(runs.filter((r) => r.yellow).map((r) => r.text)).toEqual(["INVESTOR PROFILE, SERVICE OUTSOURCING", "01", "02", "desk@northwind.example", "https://northwind.example/"]);
    expect(contrast(YELLOW, brandB.colours.primary)).toBeGreaterThan(4.5);
    // The accent is still the brand's: its bars and rules are drawn in it.
    expect(xml).toContain(`val="${YELLOW.slice(1)}"`);
  }, 120_000);
});

describe("chart colours as PowerPoint text", () => {
  it("sets a share's number in its ring's colour only where that reads (3:1 on the paper), else taken towards the ink", async () => {
    // Pale second and third series colours: fine as a ring, unreadable as a number beside it.
    const pale = ["#A8D0F0", "#F5C6B8"];
    const data = copyFixture();
    const brand = readFileSync(join(ROOT, "test", "fixtures", "brand-b", "brand.yaml"), "utf8").replace(
      /chart: \[[^\]]*\]/,
      `chart: ["#1F4E3D", "${pale[0]}", "${pale[1]}", "#9DB8A6", "#C9A227"]`,
    );
    expect(brand).toContain(pale[0]);
    writeFileSync(join(data, "brand.yaml"), brand);
    const build = await buildPptx(data, ["testville"], "pptx");
    cleanups.push(removeLater(build.outDir, data));
    expect(build.failures).toEqual([]);
    const parts = readParts(join(build.outDir, "testville", "testville-deck.pptx"));
    const slides = Object.entries(parts)
      .filter(([name]) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
      .map(([, bytes]) => new TextDecoder().decode(bytes));
    const runColours = (xml: string) => [...xml.matchAll(/<a:rPr\b[^>]*>\s*<a:solidFill>\s*<a:srgbClr val="([0-9A-F]{6})"/g)].map((m) => `#${m[1]}`);
    const all = slides.flatMap(runColours);
    expect(all.length).toBeGreaterThan(100);
    for (const colour of pale) expect(all, `${colour} as text`).not.toContain(colour);
    // The share slide (its rings are doughnut charts) sets each number in a colour that reads on the paper.
    const paper = brandB.colours.paper;
    const readableShades = colours({ ...brandB, colours: { ...brandB.colours, chart: ["#1F4E3D", ...pale] } })
      .seriesText.slice(1)
      .map((c) => `#${c}`);
    expect(readableShades).not.toEqual(pale);
    const share = slides.find((xml) => readableShades.some((c) => runColours(xml).includes(c)));
    expect(share, "a slide with a ring's number in the pale colour taken darker").toBeDefined();
    for (const colour of runColours(share!)) expect(contrast(colour, paper), colour).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
