/**
 * The exported decks. One build of two cities (Testville and the hostile Injectville) in every
 * format, shared by all checks: one browser launch per format, as in a real build.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { EXIT } from "../../src/errors.ts";
import { buildDecks, injectionFixture, type DeckBuild } from "./project.ts";

const SLUGS = ["testville", "injectville"] as const;
const browser = findBrowser();

/** Slides in a marp-cli HTML deck: each is one <section> in the bespoke template. */
function slidesIn(html: string): number {
  return (html.match(/<section\b/g) ?? []).length;
}

describe.skipIf(!browser)("deck exports (HTML, PDF, PPTX)", () => {
  let build: DeckBuild;
  // The deck stage's PPTX is marp's picture PPTX (<slug>-deck-images.pptx); the editable one is src/pptx/'s.
  const file = (slug: string, ext: string) => join(build.outDir, slug, ext === "pptx" ? `${slug}-deck-images.pptx` : `${slug}-deck.${ext}`);

  beforeAll(async () => {
    build = await buildDecks(injectionFixture(), SLUGS, "md,html,pdf,pptx-images");
  });

  it("writes and logs every format for every city", () => {
    expect(build.failures).toEqual([]);
    for (const slug of SLUGS) {
      for (const ext of ["md", "html", "pdf", "pptx"]) {
        expect(existsSync(file(slug, ext)), `${slug}.${ext}`).toBe(true);
        expect(build.lines.some((l) => l.includes(`${slug}/${ext === "pptx" ? `${slug}-deck-images.pptx` : `${slug}-deck.${ext}`}`))).toBe(true);
      }
      const manifest = JSON.parse(readFileSync(join(build.outDir, slug, "manifest.json"), "utf8")) as { files: { name: string }[] };
      expect(manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining([`${slug}-deck.pdf`, `${slug}-deck-images.pptx`]));
    }
  });

  it("keeps the HTML self-contained: no http(s) resource in src, link href, CSS url() or @import", () => {
    const html = readFileSync(file("testville", "html"), "utf8");
    const resources = [
      ...html.matchAll(/\bsrc\s*=\s*["']?([^"'\s>]+)/gi),
      ...html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/gi),
      ...html.matchAll(/url\(\s*["']?([^"')]+)/gi),
      ...html.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/gi),
    ].map((m) => m[1]!);
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((r) => /^(https?:)?\/\//i.test(r))).toEqual([]);
    expect(html).not.toMatch(/data-marp-twemoji|twemoji/);
    expect(html).toMatch(/@font-face\s*\{[^}]*url\("data:font\/woff2;base64,/);
  });

  it("prints one PDF page per slide, with bookmarks and embedded TrueType fonts", () => {
    for (const slug of SLUGS) {
      const slides = slidesIn(readFileSync(file(slug, "html"), "utf8"));
      const info = execFileSync("pdfinfo", [file(slug, "pdf")], { encoding: "utf8" });
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1]), slug).toBe(slides);
    }
    type Outline = { title: string; kids: Outline[] };
    const qpdf = JSON.parse(execFileSync("qpdf", ["--json", "--json-key=outlines", file("testville", "pdf")], { encoding: "utf8" })) as { outlines: Outline[] };
    // One bookmark per slide title, at the top level; sub-headings (a chart's own title) sit beneath.
    expect(qpdf.outlines.map((o) => o.title)).toEqual(expect.arrayContaining(["Testville 测试城", "Testville at a glance", "Sources and notes"]));
    expect(qpdf.outlines.length).toBe(slidesIn(readFileSync(file("testville", "html"), "utf8")));
    const fonts = execFileSync("pdffonts", [file("testville", "pdf")], { encoding: "utf8" });
    expect(fonts).toMatch(/Inter-\S+\s+CID TrueType/);
    expect(fonts).toMatch(/NotoSansSC-\S+\s+CID TrueType/);
    expect(fonts).not.toMatch(/Type 3/);
  });

  it("puts non-empty speaker notes on every PPTX slide", () => {
    const zip = unzipSync(readFileSync(file("testville", "pptx")));
    const slides = Object.keys(zip).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    const notes = Object.keys(zip).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n));
    expect(slides.length).toBe(slidesIn(readFileSync(file("testville", "html"), "utf8")));
    expect(notes.length).toBe(slides.length);
    for (const name of notes) {
      const text = [...strFromU8(zip[name]!).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(" ");
      // The last run is the slide-number field; the notes are the sentences before it.
      expect(text.replace(/\s*\d+\s*$/, "").trim().length, name).toBeGreaterThan(40);
    }
  });

  it("renders the hostile city as literal text, slide for slide like the clean one", () => {
    const clean = readFileSync(file("testville", "html"), "utf8");
    const hostile = readFileSync(file("injectville", "html"), "utf8");
    expect(slidesIn(hostile)).toBe(slidesIn(clean));
    const css = [...hostile.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join("\n");
    expect(css.length).toBeGreaterThan(1000);
    expect(css).not.toContain("pwned");
    expect(hostile).toContain("Inject --- # Heading | pipe &lt;style&gt;");
    const text = execFileSync("pdftotext", ["-layout", file("injectville", "pdf"), "-"], { encoding: "utf8" });
    // pdftotext breaks long lines wherever it likes; compare without the whitespace.
    expect(text.replace(/\s+/g, "")).toContain("Inject---#Heading|pipe<style>section{--pwned-name:1}</style>");
  });
});

describe("deck stage without a browser", () => {
  it("writes no deck and reports the missing browser: every format needs it to measure the slides", async () => {
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = "/nonexistent/chromium";
    try {
      const build = await buildDecks(injectionFixture(), ["testville"], "md,html,pdf");
      expect(build.failures.map((f) => [f.format, f.slugs, f.error.exitCode])).toEqual(["md", "html", "pdf"].map((f) => [f, ["testville"], EXIT.missingTool]));
      const error = build.failures[0]!.error;
      expect(error.message).toMatch(/CHROME_PATH/);
      expect(error.message).toMatch(/measured/);
      expect(error.hint).toMatch(/apt-get install chromium/);
      expect(readdirSync(join(build.outDir, "testville")).filter((f) => f.includes("-deck"))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });

  it("does nothing when no deck format is asked for", async () => {
    const build = await buildDecks(injectionFixture(), ["testville"], "charts");
    expect(build.failures).toEqual([]);
    expect(readdirSync(join(build.outDir, "testville")).filter((f) => f.includes("-deck."))).toEqual([]);
  });
});
