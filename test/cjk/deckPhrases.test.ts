/**
 * Chinese display type in the deck breaks between words (src/deck/phrases.ts): the marks in the
 * Markdown, and where the lines really break when Chromium sets the built HTML of the Chinese
 * fixture in narrow columns. Japanese and English decks are left to themselves.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/deck/browser.ts";
import { headingSlug, markPhraseBreaks } from "../../src/deck/phrases.ts";
import { ROOT, runCli } from "../helpers/project.ts";
import { STATIC_SLIDES } from "../helpers/staticSlides.ts";

describe("word breaks marked in Chinese display type", () => {
  const deck = [
    "<!-- _class: title -->",
    "",
    "## 测试城市概况",
    '<span class="tagline">北测试国的海港，通往菲克斯图里亚的门户，软件与服务基地</span>',
    "",
    "测试城市位于北测试国南端。",
    "",
    "<!--",
    "## 软件与服务基地",
    "-->",
    "",
    "---",
    "",
    "<!-- _class: divider -->",
    "",
    "## 服务外包",
    "",
    "测试城市围绕服务外包打造城市品牌。",
    "",
    '## [软件基地](https://example.org/软件基地) <span lang="en">Testville</span>',
  ].join("\n");
  const marked = markPhraseBreaks(deck, "zh-Hans");

  it("marks headings, the tagline and a divider's text between Han words, and nothing else", () => {
    expect(marked).toContain('<span class="tagline">北<wbr>测试<wbr>国<wbr>的<wbr>海港，通往');
    expect(marked).toContain("软件<wbr>与<wbr>服务<wbr>基地</span>");
    expect(marked).toMatch(/^## 测试<wbr>城市/m);
    // The divider's paragraph is display type; another slide's body text is not.
    expect(marked).toContain("\n测试<wbr>城市<wbr>围绕");
    expect(marked).toContain("\n测试城市位于北测试国南端。");
    // Speaker notes are plain text to whoever reads them: never marked.
    expect(marked).toContain("<!--\n## 软件与服务基地\n-->");
    // A link's address and a tag's attributes stay as written.
    expect(marked).toContain("](https://example.org/软件基地)");
    expect(marked).toContain('<span lang="en">Testville</span>');
    // Taking the marks out gives the deck back.
    expect(marked.replaceAll("<wbr>", "")).toBe(deck);
  });

  it("leaves Japanese (Chromium's auto-phrase) and English as they are", () => {
    expect(markPhraseBreaks(deck, "ja")).toBe(deck);
    expect(markPhraseBreaks(deck, "en")).toBe(deck);
  });

  it("gives a marked heading the id of the heading without marks", () => {
    expect(headingSlug("大连<wbr>概<wbr>览")).toBe(headingSlug("大连概览"));
    expect(headingSlug("Port and airport: in figures")).toBe("port-and-airport-in-figures");
  });
});

const executablePath = findBrowser();

describe.skipIf(!executablePath)("the Chinese deck as Chromium sets it", () => {
  let out = "";
  let html = "";
  let browser: Browser;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "citypitch-zh-phrases-"));
    const run = runCli(["build", "testville", "--data", join(ROOT, "test", "fixtures", "testville-zh"), "--out", out, "--formats", "html"]);
    if (run.code !== 0) throw new Error(`the Chinese build failed (${run.code}):\n${run.stderr}`);
    html = readFileSync(join(out, "testville", "testville-deck.html"), "utf8");
    browser = await puppeteer.launch({ executablePath: executablePath!, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("breaks the headings, the tagline and the dividers' text only between words, even in narrow columns", async () => {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: 1280, height: 720 });
    await page.setContent(html, { waitUntil: "load", timeout: 60_000 });
    await page.addStyleTag({ content: STATIC_SLIDES });
    // Narrow columns, so that every display line breaks a few times.
    await page.addStyleTag({ content: "section h2, section .tagline, section .lead, section.divider p { max-width: 7.5em !important; width: 7.5em !important; }" });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const set = await page.evaluate(() =>
      [...document.querySelectorAll("section h2, section .tagline, section .lead, section.divider p")].map((element) => {
        // Where each line starts: the offset into the element's text of the first character set lower than the one before it.
        let text = "";
        const starts: number[] = [];
        let lastTop: number | undefined;
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const content = node.textContent ?? "";
          for (let i = 0; i < content.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (rect && rect.width > 0) {
              if (lastTop !== undefined && rect.top > lastTop + rect.height / 2) starts.push(text.length + i);
              lastTop = rect.top;
            }
          }
          text += content;
        }
        return { text, starts };
      }),
    );
    await page.close();
    const chinese = set.filter(({ text }) => /\p{Script=Han}{4}/u.test(text));
    expect(chinese.length).toBeGreaterThan(10);
    const words = new Intl.Segmenter("zh-Hans", { granularity: "word" });
    const insideWords = chinese.flatMap(({ text, starts }) => {
      const bounds = new Set([...words.segment(text)].map((s) => s.index));
      return starts.filter((at) => !bounds.has(at)).map((at) => `${text.slice(Math.max(0, at - 4), at)}/${text.slice(at, at + 4)}`);
    });
    expect(insideWords).toEqual([]);
    // The columns are narrow enough that the lines do break.
    expect(chinese.reduce((n, { starts }) => n + starts.length, 0)).toBeGreaterThan(30);
  });

  it("keeps the marks out of the headings' ids", () => {
    const ids = [...html.matchAll(/<h2 id="([^"]*)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.filter((id) => /wbr/.test(id))).toEqual([]);
  });
});
