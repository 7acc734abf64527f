/**
 * What viewers of the built deck see: the Markdown renders with its brand theme in the plain Marp
 * CLI from its own folder; slide numbers count the title slide, as every viewer does; contacts are
 * links in HTML and PDF; chart alt text reads its numbers exactly in HTML and PDF; the notes panes
 * get the theme's fonts (the local-script one included); the HTML stays small.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChartArtifact } from "../../src/context.ts";
import { chartsStage } from "../../src/charts/stage.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { marpCliHtml } from "../helpers/marp.ts";
import { TESTVILLE } from "../helpers/project.ts";
import { buildDecks, loadContexts, type DeckBuild } from "./project.ts";

const browser = findBrowser();
const WJ = /\u2060/g;

/** Every string value under `key` in qpdf's JSON of a PDF (u: strings decoded by qpdf). */
function pdfStrings(file: string, key: string): string[] {
  const json = execFileSync("qpdf", ["--json=2", "--json-key=qpdf", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return [...json.matchAll(new RegExp(`"${key.replace("/", "\\/")}": "((?:[^"\\\\]|\\\\.)*)"`, "g"))].map((m) => (JSON.parse(`"${m[1]}"`) as string).replace(/^u:/, ""));
}

describe.skipIf(!browser)("the deck in its viewers", () => {
  let build: DeckBuild;
  let artifacts: readonly ChartArtifact[];
  const dir = () => join(build.outDir, "testville");
  const file = (name: string) => join(dir(), name);

  beforeAll(async () => {
    build = await buildDecks(TESTVILLE, ["testville"], "md,html,pdf");
    const [ctx] = await loadContexts(TESTVILLE, ["testville"], "md");
    const staging = await Staging.create(tmpdir());
    try {
      artifacts = (await chartsStage({ contexts: [ctx!], staging, log: new BuildLog(() => {}), options: ctx!.options })).get("testville")!;
    } finally {
      await staging.discard();
    }
  }, 240_000);

  it("ships the Markdown with its theme and the settings the Marp CLI and VS Code read", () => {
    expect(build.failures).toEqual([]);
    const manifest = JSON.parse(readFileSync(file("manifest.json"), "utf8")) as { files: { name: string }[] };
    expect(manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining(["testville-deck.md", "testville-deck.theme.css", ".marprc.yml", ".vscode/settings.json"]));
    expect(readFileSync(file("testville-deck.theme.css"), "utf8")).toMatch(/^\/\* @theme citypitch \*\//);
    expect(readFileSync(file(".marprc.yml"), "utf8")).toContain("./testville-deck.theme.css");
    expect(JSON.parse(readFileSync(file(".vscode/settings.json"), "utf8"))["markdown.marp.themes"]).toEqual(["./testville-deck.theme.css"]);
  });

  it("renders the shipped Markdown with the brand theme in the plain Marp CLI, run in its folder", () => {
    const html = marpCliHtml(dir(), "testville-deck.md");
    // The branded tiles' rules and tokens, not the default theme's.
    expect(html).toContain("--cp-primary");
    expect(html).toMatch(/section\.kpi[^{]*ul\s*\{[^}]*grid-template-columns/);
    expect(html).not.toContain("--color-fg-default");
    expect((html.match(/<section\b/g) ?? []).length).toBe((readFileSync(file("testville-deck.html"), "utf8").match(/<section\b/g) ?? []).length);
    // The HTML tags the templates write survive (they would be escaped without the config's allowlist).
    expect(html).toContain('<span class="tagline">');
  });

  it("numbers slides as every viewer counts them: the title slide is 1, unnumbered", () => {
    const html = readFileSync(file("testville-deck.html"), "utf8");
    const sections = html.match(/<section\b[^>]*>/g) ?? [];
    expect(sections[0]).not.toMatch(/data-marpit-pagination=/);
    expect(sections[1]).toMatch(/data-marpit-pagination="2"/);
    for (const section of sections.slice(1)) expect(section).toMatch(new RegExp(`data-marpit-pagination-total="${sections.length}"`));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file("testville-deck.pdf")], { encoding: "utf8" }))![1]);
    expect(pages).toBe(sections.length);
    const second = execFileSync("pdftotext", ["-f", "2", "-l", "2", "-layout", file("testville-deck.pdf"), "-"], { encoding: "utf8" });
    expect(second).toMatch(new RegExp(`\\b2 / ${sections.length}\\b`));
  });

  it("makes the contacts links in the HTML and the PDF", () => {
    const html = readFileSync(file("testville-deck.html"), "utf8");
    expect(html).toContain('<a href="mailto:investors@citypitch.example">');
    expect(html).toContain('<a href="https://citypitch.example/">');
    expect(pdfStrings(file("testville-deck.pdf"), "/URI")).toEqual(expect.arrayContaining(["mailto:investors@citypitch.example", "https://citypitch.example/"]));
  });

  it("reads chart alt text exactly, numbers and percentages included, in the HTML and the PDF", () => {
    const expected = artifacts.map((a) => a.alt.replace(/\s+/g, " ")).sort();
    expect(expected.some((alt) => /\d\.\d/.test(alt) && /%/.test(alt))).toBe(true);
    const html = readFileSync(file("testville-deck.html"), "utf8");
    const alts = [...html.matchAll(/<img\b[^>]*\balt="([^"]*)"/g)].map((m) =>
      m[1]!
        .replace(/&amp;/g, "&")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(WJ, ""),
    );
    expect(alts.sort()).toEqual(expected);
    const pdf = pdfStrings(file("testville-deck.pdf"), "/Alt").map((a) => a.replace(WJ, ""));
    expect(pdf.sort()).toEqual(expected);
  });

  it("gives the notes panes the theme's fonts, with the local-script characters the notes use", () => {
    const html = readFileSync(file("testville-deck.html"), "utf8");
    const rule = /\.bespoke-marp-note,\.bespoke-marp-presenter-note-container\{font-family:([^}]*)\}/.exec(html);
    expect(rule?.[1]).toMatch(/"cp-Inter_400Regular", "cp-NotoSansSC_400Regular-subset"/);
    const face = /font-family:\s*"cp-NotoSansSC_400Regular-subset";\s*src:\s*url\("data:font\/woff2;base64,([^"]+)"/.exec(html);
    const font = fontkit.create(Buffer.from(face![1]!, "base64"));
    for (const ch of "测试城") expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
  });

  it("keeps the HTML small: fonts are WOFF2 subsets", () => {
    expect(existsSync(file("testville-deck.html"))).toBe(true);
    expect(statSync(file("testville-deck.html")).size).toBeLessThan(1_000_000);
    const fonts = execFileSync("pdffonts", [file("testville-deck.pdf")], { encoding: "utf8" });
    expect(fonts).toMatch(/CID TrueType/);
    expect(fonts).not.toMatch(/Type 3/);
  });
});
