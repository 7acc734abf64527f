/**
 * The presenter's handout, read back from a real build (`citypitch build --formats md,handout`):
 * two slides a page, one bookmark per slide titled as the deck's slide, each slide's notes on its
 * slide's page, tagged with the edition's language, fonts embedded; and on Letter paper with
 * --paper letter. The deck's own Markdown, from the same build, says what the slides and notes are.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { runCli } from "../helpers/project.ts";
import { deckSlides, readHandout, type Handout } from "./read.ts";

const browser = findBrowser();

describe.skipIf(!browser)("presenter's handout", () => {
  const out = mkdtempSync(join(tmpdir(), "citypitch-handout-"));
  // Dalian declares editions: the English one is built, into output/dalian/en/.
  const file = join(out, "dalian", "en", "dalian-en-deck-handout.pdf");
  let slides: ReturnType<typeof deckSlides>;
  let handout: Handout;

  beforeAll(async () => {
    const run = runCli(["build", "dalian", "--edition", "en", "--out", out, "--formats", "md,handout", "--no-cache"]);
    expect(run.code, run.stderr).toBe(0);
    slides = deckSlides(readFileSync(join(out, "dalian", "en", "dalian-en-deck.md"), "utf8"));
    handout = await readHandout(readFileSync(file));
  }, 300_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("puts two slides on each page", () => {
    expect(slides.length).toBeGreaterThan(10);
    expect(handout.pages.length).toBe(Math.ceil(slides.length / 2));
    // A4, portrait.
    expect(handout.pages[0]!.width).toBeCloseTo(595, 0);
    expect(handout.pages[0]!.height).toBeCloseTo(842, 0);
  });

  it("has one bookmark per slide, titled as the deck's slide and pointing at its page", () => {
    expect(handout.outline.map((o) => o.title)).toEqual(slides.map((s) => s.title));
    handout.outline.forEach((o, i) => expect(o.page, o.title).toBe(Math.floor(i / 2)));
  });

  it("prints every slide's notes on the page of its slide", () => {
    const squash = (text: string) => text.replace(/\s+/g, "");
    slides.forEach((slide, i) => {
      const page = squash(handout.pages[Math.floor(i / 2)]!.text);
      expect(slide.notes.length, slide.title).toBeGreaterThan(0);
      expect(page).toContain(squash(slide.title));
      for (const line of slide.notes) expect(page, `slide ${i + 1}: ${line}`).toContain(squash(line));
    });
  });

  it("is tagged, in the edition's language, with its fonts embedded", () => {
    expect(handout.structTree).toBe(true);
    // The structure's element ids count from the handout's own first (as the deck PDF's do), not
    // from every document the browser's page held before it (the deck was fitted there first).
    const ids = [...readFileSync(file, "latin1").matchAll(/\(node(\d{8})\)/g)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect(Math.min(...ids)).toBe(1);
    expect(handout.lang).toBe("en");
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line, line).not.toMatch(/Type 3/);
      // Columns: name type encoding emb sub uni object ID.
      expect(line.trim().split(/\s+/).at(-5), line).toBe("yes");
    }
    // The brand's fonts (Inter, and Noto Sans SC for 大连), and no fallback from the machine's.
    expect(fonts.some((l) => /Inter/.test(l))).toBe(true);
    expect(fonts.some((l) => /NotoSans/.test(l))).toBe(true);
    for (const line of fonts) expect(line, line).toMatch(/^\S+\+(Inter|NotoSans)/);
  });

  it("follows --paper letter", async () => {
    const letter = mkdtempSync(join(tmpdir(), "citypitch-handout-letter-"));
    const run = runCli(["build", "dalian", "--edition", "en", "--out", letter, "--formats", "handout", "--paper", "letter", "--no-cache"]);
    expect(run.code, run.stderr).toBe(0);
    const read = await readHandout(readFileSync(join(letter, "dalian", "en", "dalian-en-deck-handout.pdf")));
    expect(read.pages.length).toBe(Math.ceil(slides.length / 2));
    expect(read.pages[0]!.width).toBeCloseTo(612, 0);
    expect(read.pages[0]!.height).toBeCloseTo(792, 0);
    rmSync(letter, { recursive: true, force: true });
  }, 300_000);
});
