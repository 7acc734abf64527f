/**
 * The print edition of the brochure, read back from the PDF: its page boxes (qpdf), its crop marks
 * (the content streams), its backgrounds in the bleed (pixels rendered by pdftoppm), and the same
 * pages and text as the screen edition.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCanvas } from "canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplates } from "../../src/content/templates.ts";
import type { CityContext } from "../../src/context.ts";
import { renderBrochure, TEMPLATE_DIR } from "../../src/brochure/render.ts";
import { CitypitchError } from "../../src/errors.ts";
import { fakeCharts } from "../brochure/fakeCharts.ts";
import { loadCity } from "../brochure/project.ts";
import { copyFixture, ROOT, runCli } from "../helpers/project.ts";
import { pageBoxesOf, pageContents, pixels, type Boxes } from "./read.ts";

const MM = 72 / 25.4;
const BLEED = 3 * MM;
const dir = mkdtempSync(join(tmpdir(), "citypitch-print-"));
let screen: string;
let print: string;
let ctx: CityContext;

async function render(context: CityContext): Promise<Buffer> {
  const templates = await loadTemplates(join(ROOT, TEMPLATE_DIR), ROOT);
  return renderBrochure(context, fakeCharts(context), templates);
}

const asPrint = (c: CityContext): CityContext => ({ ...c, edition: { ...c.edition, print: true } });

beforeAll(async () => {
  ctx = await loadCity("dalian");
  screen = join(dir, "screen.pdf");
  print = join(dir, "print.pdf");
  writeFileSync(screen, await render(ctx));
  writeFileSync(print, await render(asPrint(ctx)));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("print edition", () => {
  it("sets TrimBox, BleedBox (trim + 3 mm), CropBox and MediaBox on every page", () => {
    const pages = pageBoxesOf(print);
    const [screenPage] = pageBoxesOf(screen);
    expect(pages.length).toBeGreaterThan(2);
    for (const p of pages) {
      const { TrimBox: t, BleedBox: b, MediaBox: m, CropBox: c } = p;
      expect(t && b && m && c).toBeTruthy();
      // The trim is the screen edition's page.
      expect(t![2] - t![0]).toBeCloseTo(screenPage!.MediaBox![2], 2);
      expect(t![3] - t![1]).toBeCloseTo(screenPage!.MediaBox![3], 2);
      expect(b![0]).toBeCloseTo(t![0] - BLEED, 3);
      expect(b![1]).toBeCloseTo(t![1] - BLEED, 3);
      expect(b![2]).toBeCloseTo(t![2] + BLEED, 3);
      expect(b![3]).toBeCloseTo(t![3] + BLEED, 3);
      // Room for the marks outside the bleed, and a viewer shows the whole sheet.
      expect(m![0]).toBeLessThan(b![0] - 5 * MM);
      expect(m![1]).toBeLessThan(b![1] - 5 * MM);
      expect(m![2]).toBeGreaterThan(b![2] + 5 * MM);
      expect(m![3]).toBeGreaterThan(b![3] + 5 * MM);
      expect(c).toEqual(m);
    }
  });

  it("draws eight crop marks per page, outside the BleedBox, as a Page artifact", () => {
    const boxes = pageBoxesOf(print);
    pageContents(print).forEach((stream, i) => {
      const { MediaBox: m, BleedBox: b, TrimBox: t } = boxes[i] as Required<Boxes>;
      // Before the origin moves to the trim, only the marks are drawn: one Page artifact.
      const head = stream.slice(0, stream.indexOf(" cm", stream.indexOf("BDC")));
      expect(head).toMatch(/^1 0 0 -1 0 [\d.]+ cm\s*\/Artifact <<\s*\/Type \/Page\s*>> BDC\s*q\s*0\.25 w\s*\/CS\d+ CS\s*1 SCN/);
      const segments = [...head.matchAll(/([\d.]+) ([\d.]+) m\s+([\d.]+) ([\d.]+) l\s+S/g)].map((s) => s.slice(1, 5).map(Number) as [number, number, number, number]);
      expect(segments).toHaveLength(8);
      // Content coordinates here run top-down from the sheet's top-left corner.
      const bleed = { left: b[0], right: b[2], top: m[3] - b[3], bottom: m[3] - b[1] };
      const outside = (x: number, y: number) => x < bleed.left || x > bleed.right || y < bleed.top || y > bleed.bottom;
      for (const [x1, y1, x2, y2] of segments) {
        expect(outside(x1, y1) && outside(x2, y2)).toBe(true);
        // On a trim line, and wholly on one side of the bleed.
        const onTrim = [t[0], t[2]].some((x) => Math.abs(x - x1) < 0.01 && x1 === x2) || [m[3] - t[1], m[3] - t[3]].some((y) => Math.abs(y - y1) < 0.01 && y1 === y2);
        expect(onTrim).toBe(true);
        expect(Math.sign(x1 - bleed.left) === Math.sign(x2 - bleed.left) && Math.sign(y1 - bleed.top) === Math.sign(y2 - bleed.top)).toBe(true);
      }
    });
  });

  it("runs the covers' ground to the BleedBox edge and leaves the sheet outside it white", () => {
    const [first] = pageBoxesOf(print) as Required<Boxes>[];
    const b = first!.BleedBox;
    const m = first!.MediaBox;
    // 72 dpi: one pixel a point; sample a pixel wholly inside and one wholly outside each edge.
    const inLeft = Math.ceil(b[0]);
    const inRight = Math.floor(b[2]) - 1;
    const inTop = Math.ceil(m[3] - b[3]);
    const inBottom = Math.floor(m[3] - b[1]) - 1;
    const primary = hex(ctx.brand.colours.primary);
    const near = (px: number[], rgb: number[]) => px.every((v, k) => Math.abs(v - rgb[k]!) <= 6);
    const cover = pixels(print, 1);
    const back = pixels(print, pageBoxesOf(print).length);
    const mid = Math.round(m[2] / 2);
    const upper = Math.round(m[3] * 0.3);
    for (const [x, y] of [
      [inLeft, upper],
      [inRight, upper],
      [mid, inTop],
    ] as const)
      expect(near(cover.at(x, y), primary), `cover at ${x},${y}`).toBe(true);
    for (const [x, y] of [
      [inLeft, upper],
      [inRight, upper],
      [mid, inTop],
      [mid, inBottom],
      [inLeft, inTop],
      [inRight, inBottom],
    ] as const) {
      expect(near(back.at(x, y), primary), `back cover at ${x},${y}`).toBe(true);
    }
    for (const [x, y] of [
      [inLeft - 3, upper],
      [inRight + 3, upper],
      [mid, inTop - 3],
      [mid, inBottom + 3],
    ] as const) {
      expect(back.at(x, y), `sheet outside the bleed at ${x},${y}`).toEqual([255, 255, 255]);
    }
  });

  it("has the screen edition's pages and text", () => {
    const text = (file: string) => execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    expect(pageBoxesOf(print).length).toBe(pageBoxesOf(screen).length);
    expect(text(print)).toBe(text(screen));
  });

  it("refuses a raster logo under 300 dpi, naming the file and its resolution", async () => {
    const canvas = createCanvas(40, 40);
    const g = canvas.getContext("2d");
    g.fillStyle = "#0B3954";
    g.fillRect(0, 0, 40, 40);
    const logo = join(dir, "small-logo.png");
    writeFileSync(logo, canvas.toBuffer("image/png"));
    const coarse = asPrint({ ...ctx, brand: { ...ctx.brand, logo: { ...ctx.brand.logo, png: logo } } });
    const error = await render(coarse).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CitypitchError);
    const problems = (error as CitypitchError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.location.file).toContain("small-logo.png");
    // 40 px on the cover's 30 pt logo: 96 dpi, the worst of its placements.
    expect(problems[0]!.message).toContain("96 dpi");
    // The screen edition takes the same logo.
    await expect(render({ ...coarse, edition: ctx.edition })).resolves.toBeInstanceOf(Buffer);
  });
});

describe("a print edition declared in the data", () => {
  it("is built by `citypitch build` into its folder, on a sheet with 3 mm of bleed", () => {
    const data = copyFixture();
    appendFileSync(join(data, "cities", "testville.yaml"), "\neditions:\n  - id: print\n    language: en\n    formats: [charts, brochure]\n    print: true\n");
    const out = join(data, "out");
    try {
      const run = runCli(["build", "testville", "--data", data, "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      const pages = pageBoxesOf(join(out, "testville", "print", "testville-print-brochure.pdf"));
      expect(pages.length).toBeGreaterThan(2);
      for (const { TrimBox: t, BleedBox: b } of pages as Required<Boxes>[]) {
        expect(t[0] - b[0]).toBeCloseTo(BLEED, 3);
        expect(b[3] - t[3]).toBeCloseTo(BLEED, 3);
      }
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);
});

function hex(colour: string): number[] {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
}
