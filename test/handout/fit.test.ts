/**
 * How a slide and its notes share a half page, printed in a real browser: short notes go below a
 * large slide, longer ones start beside a smaller slide and run on under it, and notes that fit
 * at no step stop the build naming the slide.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { openMeasureSession, type BrowserSession } from "../../src/deck/session.ts";
import { CitypitchError, EXIT } from "../../src/errors.ts";
import { handoutDocument, type HandoutSlide } from "../../src/handout/layout.ts";
import { printHandout, type HandoutInfo } from "../../src/handout/render.ts";
import { readHandout } from "./read.ts";

const browser = findBrowser();
const MM = 72 / 25.4;

const slide = (title: string, notes: string): HandoutSlide => ({
  svg: `<svg data-marpit-svg="" viewBox="0 0 1280 720"><foreignObject width="1280" height="720"><section style="width:1280px;height:720px;background:#0B3954;color:#fff"><h2>${title}</h2></section></foreignObject></svg>`,
  notes,
});
/** `n` distinct sentences, one a line. */
const sentences = (n: number) =>
  Array.from({ length: n }, (_, i) => `Sentence ${i + 1} of the speaker notes says something the presenter wants to remember about this slide.`).join("\n");

const info = (titles: string[]): HandoutInfo => ({
  title: "Fixture",
  author: "citypitch",
  lang: "en",
  date: new Date("2026-01-01T00:00:00Z"),
  slideTitles: titles,
  city: "testville",
  cityFile: "data/cities/testville.yaml",
});
const look = {
  lang: "en",
  title: "Fixture",
  paper: "a4" as const,
  bodyFont: "sans-serif",
  headingFont: "sans-serif",
  colours: { ink: "#1B1F24", muted: "#5A6470", primary: "#0B3954", rule: "#D0D7DE" },
};

describe.skipIf(!browser)("fitting notes to the handout's half pages", () => {
  let session: BrowserSession;
  const scratch = mkdtempSync(join(tmpdir(), "citypitch-handout-fit-"));
  beforeAll(async () => {
    session = await openMeasureSession(browser!, scratch, 1);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const print = (slides: HandoutSlide[]) =>
    session.use("test", ({ page, step }) => printHandout(page, step, handoutDocument({ slides, css: "" }, look), info(slides.map((s) => /<h2>(.*)<\/h2>/.exec(s.svg)![1]!))));

  it("sets short notes below the slide and longer ones beside it, running on under it", async () => {
    const read = await readHandout(await print([slide("Short", sentences(2)), slide("Longer", sentences(12))]));
    expect(read.pages).toHaveLength(1);
    const items = read.pages[0]!.items;
    // Slide 1 (top half): its notes start at the left margin, under the slide.
    const short = items.filter((i) => i.str.startsWith("Sentence 1 of") || i.str.startsWith("Sentence 2 of"))[0]!;
    expect(short.x).toBeLessThan(20 * MM);
    // Slide 2 (bottom half): its first sentence starts right of the slide, its last at the margin below it.
    const notes = items.filter((i) => i.top > read.pages[0]!.height / 2);
    const start = notes.find((i) => i.str.startsWith("Sentence 1 of"))!;
    const end = notes.find((i) => i.str.startsWith("Sentence 12 of"))!;
    expect(start.x).toBeGreaterThan(100 * MM);
    expect(end.x).toBeLessThan(20 * MM);
    expect(end.top).toBeGreaterThan(start.top);
  }, 60_000);

  it("stops with exit 4 naming the slide whose notes fit at no step", async () => {
    const error = await print([slide("Fine", sentences(2)), slide("Far too long", sentences(120))]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CitypitchError);
    expect((error as CitypitchError).exitCode).toBe(EXIT.renderFailed);
    expect((error as CitypitchError).message).toContain('slide 2 ("Far too long")');
    expect((error as CitypitchError).message).not.toContain("slide 1");
    expect((error as CitypitchError).problems[0]!.location.file).toBe("data/cities/testville.yaml");
  }, 60_000);
});
