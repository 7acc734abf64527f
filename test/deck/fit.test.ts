/**
 * Measured fit: the built decks' slides keep their content inside the safe area (inside the
 * margins, above the footer), measured in Chromium on the HTML marp-cli wrote. Testville and Dalian
 * fit without continuation slides; a city with five times the prose builds with continuation slides;
 * a city with a 300-character name and a 5,000-character tagline fails with exit 4 naming them.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { fieldRunningOver, measurePage, type SlideMeasure } from "../../src/deck/fit.ts";
import { EXIT, formatProblem } from "../../src/errors.ts";
import { copyFixture, edit, fictionalContacts } from "../helpers/project.ts";
import { buildDecks, ROOT, type DeckBuild } from "./project.ts";
import { HUGE_NAME, longTextFixture } from "./longText.ts";
import { STATIC_SLIDES } from "../helpers/staticSlides.ts";

const executablePath = findBrowser();

async function measureBuilt(browser: Browser, file: string): Promise<SlideMeasure[]> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: 1280, height: 720 });
    await page.setContent(readFileSync(file, "utf8"), { waitUntil: "load", timeout: 60_000 });
    await page.addStyleTag({ content: STATIC_SLIDES });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return await measurePage(page);
  } finally {
    await page.close();
  }
}

/** Text set smaller than `minimum` px, in a deck loaded as measureBuilt loads it. */
async function smallText(browser: Browser, file: string, minimum: number): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: 1280, height: 720 });
    await page.setContent(readFileSync(file, "utf8"), { waitUntil: "load", timeout: 60_000 });
    await page.addStyleTag({ content: STATIC_SLIDES });
    return await page.evaluate((min) => {
      const found: string[] = [];
      document.querySelectorAll("section").forEach((section, index) => {
        const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const el = node.parentElement;
          if (!el || !node.textContent?.trim() || el.getBoundingClientRect().width === 0) continue;
          const px = parseFloat(getComputedStyle(el).fontSize);
          if (px < min) found.push(`slide ${index + 1}: ${px} px "${node.textContent.trim().slice(0, 40)}"`);
        }
      });
      return found;
    }, minimum);
  } finally {
    await page.close();
  }
}

/** Supporting text (source lines, years, footers, sources slide) stays readable when projected, at every type step. */
const MIN_TEXT_PX = 12;

const outside = (slides: SlideMeasure[]) => slides.filter((s) => s.overflow > 1).map((s) => `slide ${s.index} "${s.title}": ${Math.round(s.overflow)} px (${s.worst})`);
const classesOf = (html: string) => [...html.matchAll(/<section\b[^>]*\bclass="([^"]*)"/g)].map((m) => m[1]!);

describe.skipIf(!executablePath)("measured deck fit", () => {
  let browser: Browser;
  let fixture: DeckBuild;
  let dalian: DeckBuild;
  const html = (build: DeckBuild, slug: string) => join(build.outDir, slug, `${slug}-deck.html`);

  beforeAll(async () => {
    [fixture, dalian] = await Promise.all([
      buildDecks(longTextFixture(), ["testville", "longville", "hugeville"], "md,html"),
      buildDecks(join(ROOT, "data"), ["dalian"], "md,html"),
    ]);
    browser = await puppeteer.launch({ executablePath: executablePath!, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("fits Testville and Dalian without continuation slides", async () => {
    expect(dalian.failures).toEqual([]);
    for (const [build, slug] of [
      [fixture, "testville"],
      [dalian, "dalian"],
    ] as const) {
      const file = html(build, slug);
      const slides = await measureBuilt(browser, file);
      expect(outside(slides), slug).toEqual([]);
      const classes = classesOf(readFileSync(file, "utf8"));
      // Every slide was laid out and measured (a hidden slide would measure nothing).
      expect(slides.length, slug).toBe(classes.length);
      expect(slides.filter((s) => s.title.length > 0).length, slug).toBe(classes.length);
      expect(classes.length, slug).toBeLessThanOrEqual(16);
      expect(
        classes.filter((c) => c.includes("continued")),
        slug,
      ).toEqual([]);
      // The measuring marks never ship.
      expect(readFileSync(join(build.outDir, slug, `${slug}-deck.md`), "utf8")).not.toMatch(/fit-[a-z0-9]+-\d/);
    }
  });

  it("keeps Dalian's HTML under 1 MB", () => {
    expect(statSync(html(dalian, "dalian")).size).toBeLessThanOrEqual(1_000_000);
  });

  it("continues five times the prose on further slides, every one inside its safe area", async () => {
    const file = html(fixture, "longville");
    const slides = await measureBuilt(browser, file);
    expect(outside(slides)).toEqual([]);
    expect(slides.filter((s) => s.title.length > 0).length).toBe(slides.length);
    const source = readFileSync(file, "utf8");
    const classes = classesOf(source);
    for (const layout of ["split", "cards", "columns"]) expect(classes.filter((c) => c.split(" ").includes(layout) && c.includes("continued")).length, layout).toBeGreaterThan(0);
    expect(source).toContain("Where Longville sits (continued)");
  });

  it(`sets no text below ${MIN_TEXT_PX} px, at any type step`, async () => {
    for (const [build, slug] of [
      [dalian, "dalian"],
      [fixture, "longville"],
    ] as const)
      expect(await smallText(browser, html(build, slug), MIN_TEXT_PX), slug).toEqual([]);
  });

  it("fails the city that cannot fit with exit 4, naming the slide, the template line and the field at its place", () => {
    const failed = fixture.failures.filter((f) => f.slugs.includes("hugeville"));
    expect(failed.map((f) => f.format).sort()).toEqual(["html", "md"]);
    expect(failed.every((f) => f.error.exitCode === EXIT.renderFailed)).toBe(true);
    expect(fixture.failures.flatMap((f) => f.slugs)).not.toContain("longville");
    const problems = failed.flatMap((f) => f.error.problems);
    const lines = problems.map(formatProblem);
    const tagline = problems.find((p) => p.path === "tagline");
    expect(tagline, lines.join("\n")).toBeDefined();
    expect(tagline!.location.file).toMatch(/cities\/hugeville\.yaml$/);
    expect(tagline!.location.line).toBeGreaterThan(0);
    expect(tagline!.message).toMatch(/^slide 1 ".*" of the deck does not fit/);
    expect(tagline!.message).toMatch(/templates\/deck\/deck\.hbs:\d+/);
    expect(tagline!.message).toContain("5,000 characters");
    expect(
      problems.some((p) => p.path === "name.en"),
      lines.join("\n"),
    ).toBe(true);
    expect(HUGE_NAME.length).toBe(300);
    // The city's other files were not written; the others' were.
    expect(fixture.lines.some((l) => l.includes("hugeville-deck"))).toBe(false);
    expect(fixture.lines.some((l) => l.includes("longville/longville-deck.html"))).toBe(true);
  });
});

describe.skipIf(!executablePath)("a closing slide with too many next steps", () => {
  it("names the list of steps as the field to shorten, not the paragraph above it", async () => {
    const data = copyFixture();
    const steps = Array.from({ length: 16 }, (_, i) => `    - Step ${i + 1}, to meet the fictional investment office and its partners`).join("\n");
    edit(
      data,
      "cities/testville.yaml",
      "  actions:\n    - Request a site and talent briefing\n    - Ask for the full policy documents\n    - Arrange a visit during the international service outsourcing fair\n",
      `  actions:\n${steps}\n`,
    );
    const build = await buildDecks(data, ["testville"], "md");
    const problems = build.failures.flatMap((f) => f.error.problems);
    expect(problems.map((p) => p.path)).toContain("cta.actions");
    expect(problems.map((p) => p.path)).not.toContain("cta.body");
    rmSync(build.outDir, { recursive: true, force: true });
  }, 120_000);
});

describe.skipIf(!executablePath)("a closing slide with five full contacts", () => {
  it.each([
    ["sets the contacts three abreast under the next steps at its last step, rather than refuse the deck", 4],
    ["sets six contacts (seven with the brand's) four abreast across the slide, rather than refuse the deck", 6],
  ])(
    "%s",
    async (_, count) => {
      const data = copyFixture();
      edit(data, "cities/testville.yaml", "  contacts: []\n", fictionalContacts(count));
      const build = await buildDecks(data, ["testville"], "md");
      expect(build.failures.flatMap((f) => f.error.problems.map(formatProblem))).toEqual([]);
      const markdown = readFileSync(join(build.outDir, "testville", "testville-deck.md"), "utf8");
      expect(markdown).toMatch(/<!-- _class: closing denser -->/);
      for (let i = 1; i <= count; i++) expect(markdown).toContain(`desk${i}@invest.testville.example`);
      rmSync(build.outDir, { recursive: true, force: true });
    },
    120_000,
  );
});

describe.skipIf(!executablePath)("a city with many geography figures", () => {
  it("sets five or more tiles in a band under the text, the text continuing on the next slide, rather than refuse the deck", async () => {
    const data = copyFixture();
    const extra = Array.from(
      { length: 8 },
      (_, i) =>
        `    district${i + 1}:\n      label: Fictional district ${i + 1} area\n      value: ${120 + i * 17}\n      unit: km\n      year: 2008\n      source: testville-almanac\n`,
    ).join("");
    const sunshineNote = "      note: An annual average; the profile calls it the sunniest of all Testlandic cities.\n";
    edit(data, "cities/testville.yaml", sunshineNote, `${sunshineNote}${extra}`);
    const build = await buildDecks(data, ["testville"], "md");
    expect(build.failures.flatMap((f) => f.error.problems.map(formatProblem))).toEqual([]);
    const markdown = readFileSync(join(build.outDir, "testville", "testville-deck.md"), "utf8");
    for (let i = 1; i <= 8; i++) expect(markdown).toContain(`Fictional district ${i} area`);
    // The tiles are on the first slide; the facts they pushed off it continue on the next.
    expect(markdown).toContain("## Where Testville sits \\(continued\\)");
    const first = markdown.split("## Where Testville sits")[1]!;
    expect(first).toContain("Fictional district 8 area");
    rmSync(build.outDir, { recursive: true, force: true });
  }, 120_000);
});

describe.skipIf(!executablePath)("many service lines with long descriptions", () => {
  it("shares the cards out over the slides, two or more a slide, rather than one card alone and the rest crowded", async () => {
    const data = copyFixture();
    const long =
      "Back-office, finance, payroll and customer processes run around the clock for fictional clients in three languages, from two delivery centres with shared training, security and quality teams.";
    const description = `      description: ${Array.from({ length: 5 }, () => long).join(" ")}\n`;
    const file = join(data, "cities/testville.yaml");
    const more = ["Design", "Data", "Games"].map((code) => `    - code: ${code}\n      name: Fictional ${code.toLowerCase()} services\n${description}`).join("");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace(/^ {6}description: (?!The core|A market).*\n(?=( {4}- code:| {2}markets:))/gm, description)
        .replace("  markets:\n", `${more}  markets:\n`),
    );
    const build = await buildDecks(data, ["testville"], "md");
    expect(build.failures.flatMap((f) => f.error.problems.map(formatProblem))).toEqual([]);
    const markdown = readFileSync(join(build.outDir, "testville", "testville-deck.md"), "utf8");
    const slides = markdown.split(/^---$/m).filter((slide) => /^## Service lines and markets/m.test(slide));
    const cards = slides.map((slide) => (slide.match(/<span class="code">/g) ?? []).length).filter((n) => n > 0);
    expect(cards.reduce((a, b) => a + b, 0)).toBe(8);
    expect(Math.min(...cards)).toBeGreaterThanOrEqual(2);
    rmSync(build.outDir, { recursive: true, force: true });
  }, 120_000);
});

describe.skipIf(!executablePath)("a service line's code too wide for its card", () => {
  it("steps the cards' type down before the code wraps, and wraps it at the last step rather than refuse the deck", async () => {
    const data = copyFixture();
    edit(data, "cities/testville.yaml", "    - code: BPO", "    - code: Supercalifragilisticexpialidocious-Outsourcing");
    const build = await buildDecks(data, ["testville"], "md");
    expect(build.failures).toEqual([]);
    const markdown = readFileSync(join(build.outDir, "testville", "testville-deck.md"), "utf8");
    expect(markdown).toMatch(/<!-- _class: cards denser -->/);
    rmSync(build.outDir, { recursive: true, force: true });
  }, 120_000);
});

describe("the field a fit error names", () => {
  const ref = (field: string, text: string) => ({ field, file: "city" as const, text, needle: "" });
  const candidates = [ref("industry.segments[3].name", "Embedded software"), ref("industry.segments[3].code", "Embedded"), ref("industry.summary", "A long summary ".repeat(20))];
  it("is the one whose text the measure found running over, however short", () => {
    expect(fieldRunningOver('"Embedded" runs out of its box', candidates)?.field).toBe("industry.segments[3].code");
    expect(fieldRunningOver('"BPO" runs into "Embedded software"', [ref("title", "Service lines"), ...candidates])?.field).toBe("industry.segments[3].name");
    expect(fieldRunningOver('p "A long summary"', candidates)).toBeUndefined();
  });
});
