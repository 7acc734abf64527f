import { createCanvas, loadImage } from "canvas";
import { beforeAll, describe, expect, it } from "vitest";
import { readPngHeader } from "../../src/charts/png.ts";
import { registerBrandFonts, renderPng } from "../../src/charts/render.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import type { CityContext } from "../../src/context.ts";
import { chartById, cityContext } from "./context.ts";

function chunks(png: Buffer): { type: string; data: Buffer }[] {
  const found: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    found.push({ type: png.toString("ascii", at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return found;
}

const hex = (r: number, g: number, b: number) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`.toUpperCase();

describe("chart PNGs", () => {
  let ctx: CityContext;
  let png: Buffer;
  const draw = () => {
    const chart = chartById(ctx, "port-throughput");
    return renderPng(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart));
  };
  beforeAll(async () => {
    ctx = await cityContext();
    registerBrandFonts(ctx.brand, ctx.options.root);
    png = await draw();
  });

  it("is 8-bit RGB with no alpha channel, 300 dpi at the size it is placed at", () => {
    const { widthPt, heightPt } = chartSize(chartById(ctx, "port-throughput"));
    expect(readPngHeader(png)).toEqual({ width: (widthPt / 72) * 300, height: (heightPt / 72) * 300, bitDepth: 8, colourType: 2 });
    const phys = chunks(png).find((c) => c.type === "pHYs")!.data;
    // 300 dots per inch in pixels per metre, both ways, unit metre.
    expect([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]]).toEqual([11811, 11811, 1]);
  });

  it("holds nothing that varies between runs", async () => {
    const types = new Set(chunks(png).map((c) => c.type));
    for (const varying of ["tIME", "tEXt", "zTXt", "iTXt"]) expect(types.has(varying), varying).toBe(false);
    expect((await draw()).equals(png)).toBe(true);
  });

  it("keeps the drawing's colours: the page colour at the edges, the brand's series colour in the bars", async () => {
    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    const g = canvas.getContext("2d");
    g.drawImage(image, 0, 0);
    const { data } = g.getImageData(0, 0, image.width, image.height);
    const counts = new Map<string, number>();
    for (let i = 0; i < data.length; i += 4) {
      const colour = hex(data[i]!, data[i + 1]!, data[i + 2]!);
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
    const at = (x: number, y: number) => hex(...([0, 1, 2].map((k) => data[(y * image.width + x) * 4 + k]!) as [number, number, number]));
    expect([at(0, image.height - 1), at(image.width - 1, image.height - 1)]).toEqual([ctx.brand.colours.paper, ctx.brand.colours.paper]);
    // Solid bars: a swapped channel order or a broken filter would leave none of this colour.
    expect(counts.get(ctx.brand.colours.chart[0]!.toUpperCase()) ?? 0).toBeGreaterThan(data.length / 4 / 20);
  });
});
