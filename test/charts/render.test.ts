import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { plainSpaces } from "../helpers/words.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCanvas } from "canvas";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChartArtifact, CityContext } from "../../src/context.ts";
import { chartsStage } from "../../src/charts/stage.ts";
import { readPngHeader } from "../../src/charts/png.ts";
import { registerBrandFonts } from "../../src/charts/render.ts";
import { brandFonts } from "../../src/charts/theme.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { options } from "../helpers/project.ts";
import { cityContext, dalianContext } from "./context.ts";

/** Tag balance, quoting and a single root: enough to catch truncated or spliced SVG. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  for (const [tag] of body.matchAll(/<[^>]+>/g)) {
    expect(tag.split('"').length % 2, tag).toBe(1);
    const name = /^<\/?([A-Za-z][\w:.-]*)/.exec(tag)?.[1];
    expect(name, tag).toBeDefined();
    if (tag.startsWith("</")) expect(stack.pop(), tag).toBe(name);
    else if (!tag.endsWith("/>")) {
      if (stack.length === 0) roots += 1;
      stack.push(name!);
    } else if (stack.length === 0) roots += 1;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

interface Built {
  charts: readonly ChartArtifact[];
  dir: string;
  lines: string[];
}

async function build(contexts: CityContext[], formats = "charts"): Promise<Map<string, Built>> {
  const out = mkdtempSync(join(tmpdir(), "citypitch-charts-"));
  const opts = options({ out, formats });
  const staging = await Staging.create(out);
  const lines: string[] = [];
  const log = new BuildLog((line) => lines.push(line));
  const bySlug = await chartsStage({ contexts, staging, log, options: opts });
  await staging.commit(
    contexts.map((c) => c.city.slug),
    opts.formats,
  );
  await staging.discard();
  return new Map([...bySlug].map(([slug, charts]) => [slug, { charts, dir: join(out, slug, "charts"), lines }]));
}

let dalian: Built;
beforeAll(async () => {
  dalian = (await build([await dalianContext()])).get("dalian")!;
});

describe("charts stage", () => {
  it("renders all five of Dalian's charts and logs each file", () => {
    expect(dalian.charts.map((c) => `${c.kind}:${c.id}`)).toEqual([
      "bar:port-throughput",
      "bar:port-containers",
      "share:port-share",
      "hbar:weekly-flights",
      "target:outsourcing-targets",
    ]);
    expect(dalian.lines.filter((l) => /dalian\/charts\/[a-z-]+\.(png|svg)/.test(l))).toHaveLength(10);
  });

  it("writes 300 dpi RGB PNGs without alpha, the same bytes it returns", () => {
    for (const chart of dalian.charts) {
      const file = readFileSync(join(dalian.dir, `${chart.id}.png`));
      expect(file.equals(chart.png)).toBe(true);
      const header = readPngHeader(file);
      expect(header.colourType, chart.id).toBe(2);
      expect(header.bitDepth).toBe(8);
      expect(header.width).toBeGreaterThanOrEqual((chart.widthPt / 72) * 300);
      expect(header.height).toBeGreaterThanOrEqual(Math.floor((chart.heightPt / 72) * 300));
      expect(header.width / chart.widthPt).toBeCloseTo(header.height / chart.heightPt, 2);
    }
  });

  it("writes vector SVG sized in points, well formed, with no embedded raster", () => {
    for (const chart of dalian.charts) {
      const svg = readFileSync(join(dalian.dir, `${chart.id}.svg`), "utf8");
      expect(svg).toBe(chart.svg);
      expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<svg /);
      expect(svg).toContain(`width="${chart.widthPt}pt" height="${chart.heightPt}pt"`);
      expect(svg).not.toContain("<image");
      expect(svg).toContain("<path");
      assertWellFormedXml(svg);
    }
  });

  it("defines each letter of an SVG once and places it by reference, the value halo still stroked as outlines", () => {
    for (const chart of dalian.charts) {
      const svg = chart.svg;
      const symbols = new Set([...svg.matchAll(/<symbol [^>]*id="([^"]+)"/g)].map((m) => m[1]));
      const uses = [...svg.matchAll(/<use xlink:href="#([^"]+)"/g)].map((m) => m[1]);
      expect(symbols.size, chart.id).toBeGreaterThan(10);
      // Letters recur (every tick label has digits): more placements than letters, each one defined.
      expect(uses.length, chart.id).toBeGreaterThan(symbols.size);
      expect(uses.every((id) => symbols.has(id))).toBe(true);
    }
    // Every reference resolves inside its own file, and no two charts share an id: two charts set
    // inline in one web page draw their own letters and clips.
    const owners = new Map<string, string>();
    for (const chart of dalian.charts) {
      const ids = new Set([...chart.svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!));
      const refs = [...chart.svg.matchAll(/(?:href="#|url\(#)([^")]+)/g)].map((m) => m[1]!);
      expect(refs.length, chart.id).toBeGreaterThan(0);
      expect(
        refs.filter((id) => !ids.has(id)),
        chart.id,
      ).toEqual([]);
      for (const id of ids) {
        expect(owners.get(id), `${chart.id} and ${owners.get(id)} both define ${id}`).toBeUndefined();
        owners.set(id, chart.id);
      }
    }
    // A bar chart's values sit on a halo of the page colour: letters stroked 3 pt wide.
    const bars = dalian.charts.find((c) => c.id === "port-throughput")!.svg;
    expect(bars).toMatch(/<path style="fill:none;stroke-width:3;stroke-linecap:butt;stroke-linejoin:round;[^"]*" d="M [^"]{200,}"/);
  });

  it("carries the words the brochure and the deck need", () => {
    const flights = dalian.charts.find((c) => c.id === "weekly-flights")!;
    expect(flights.title).toBe("Flights a week by destination");
    expect(flights.section).toBe("air");
    expect(plainSpaces(flights.alt)).toContain("over 210 flights a week (derived)");
    expect(flights.sourceLine).toMatch(/^Source: .*Derived from published figures \(see notes\): Dalian–Beijing flights a week, 2008\.$/);
    for (const chart of dalian.charts) {
      expect(chart.refs.length, chart.id).toBeGreaterThan(0);
      expect(chart.refs).toEqual([...chart.refs].sort((a, b) => a - b));
      expect(chart.caption.length).toBeGreaterThan(0);
    }
  });

  it("renders without writing files when charts are not a requested format", async () => {
    const built = (await build([await cityContext()], "brochure")).get("testville")!;
    expect(built.charts).toHaveLength(5);
    expect(built.lines).toEqual([]);
    expect(existsSync(built.dir)).toBe(false);
    // The brochure and the deck place the PNG; the SVG, a file only, is not drawn.
    for (const chart of built.charts) {
      expect(readPngHeader(chart.png).colourType, chart.id).toBe(2);
      expect(chart.svg, chart.id).toBe("");
    }
  });
});

describe("fonts", () => {
  it("draws with the brand's own files, at distinct weights, not a system fallback", async () => {
    const ctx = await cityContext();
    registerBrandFonts(ctx.brand, ctx.options.root);
    const { fonts } = brandFonts(ctx.brand);
    const g = createCanvas(10, 10).getContext("2d");
    const width = (font: string) => {
      g.font = font;
      return g.measureText("Port cargo throughput 145.25 Mt").width;
    };
    const body = width(`20px ${fonts.body.family}`);
    const bold = width(`bold 20px ${fonts.bold.family}`);
    const heading = width(`bold 20px ${fonts.heading.family}`);
    expect(new Set([body, bold, heading, width("20px no-such-family")]).size).toBe(4);
    expect(body).toBeLessThan(bold);
    expect(bold).toBeLessThan(heading);
  });
});
