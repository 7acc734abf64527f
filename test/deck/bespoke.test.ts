/**
 * The deck's HTML made in this process (src/deck/bespoke.ts) is marp-cli's own page, byte for byte:
 * the same Markdown and theme through the marp-cli binary give the same HTML but for the name
 * marp-cli gives the theme (a random one there, the theme's hash here). Checked for Testville and
 * for Injectville, whose words try to break out of the Markdown, its notes and its metadata. And
 * the build's HTML is that page, with the shipped fonts and the notes panes' font.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bespokeAvailable, bespokeEngine, bespokeHtml } from "../../src/deck/bespoke.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { convertDecks, makeScratch, writeMarpConfig } from "../../src/deck/convert.ts";
import { withNotesFont } from "../../src/deck/stage.ts";
import { notesFontStyle } from "../../src/deck/theme.ts";
import { buildDecks, injectionFixture, type DeckBuild } from "./project.ts";
import { joinPieces } from "../../src/output.ts";

/** The page bespokeHtml makes, in the pieces Staging.write takes, as one string. */
const page = (pieces: readonly (string | Buffer)[]) => joinPieces(pieces).toString("utf8");

const browser = findBrowser();
const SLUGS = ["testville", "injectville"] as const;

describe.skipIf(!browser)("the deck HTML made in this process", () => {
  let build: DeckBuild;
  const read = (slug: string, name: string) => readFileSync(join(build.outDir, slug, name), "utf8");
  /** marp-cli's HTML of each city's shipped Markdown, with its shipped theme. */
  const marpCli = new Map<string, string>();

  beforeAll(async () => {
    build = await buildDecks(injectionFixture(), [...SLUGS], "md,html");
    const work = mkdtempSync(join(tmpdir(), "citypitch-bespoke-"));
    const sources = join(work, "src");
    for (const slug of SLUGS) {
      mkdirSync(join(sources, slug), { recursive: true });
      writeFileSync(join(sources, slug, `${slug}-deck.md`), read(slug, `${slug}-deck.md`));
    }
    // Both cities share one theme (one language).
    const themePath = join(work, "citypitch.css");
    writeFileSync(themePath, read("testville", "testville-deck.theme.css"));
    const configPath = join(work, "marp.config.json");
    await writeMarpConfig(configPath);
    const outputDir = join(work, "out");
    await convertDecks({ format: "html", inputDir: sources, outputDir, themePath, configPath, decks: SLUGS.length, scratchDir: await makeScratch(join(work, "tmp")) });
    for (const slug of SLUGS) marpCli.set(slug, readFileSync(join(outputDir, slug, `${slug}-deck.html`), "utf8"));
  }, 240_000);

  it("mirrors the installed marp-cli", () => {
    expect(build.failures).toEqual([]);
    expect(bespokeAvailable()).toBe(true);
  });

  for (const slug of SLUGS) {
    it(`writes marp-cli's page for ${slug}, byte for byte but for the theme's name`, () => {
      const theme = read(slug, `${slug}-deck.theme.css`);
      const ours = page(bespokeHtml(bespokeEngine(theme), read(slug, `${slug}-deck.md`))!(theme));
      const theirs = marpCli.get(slug)!;
      const name = (html: string) => /<section id="1"[^>]* data-theme="([^"]+)"/.exec(html)?.[1];
      expect(name(ours)).toMatch(/^[0-9a-f]{40}$/);
      expect(name(theirs)).toBeTruthy();
      expect(ours).toBe(theirs.replaceAll(name(theirs)!, name(ours)!));
      // What makes it marp-cli's viewer: its script, on-screen controls and speaker notes.
      expect(ours).toContain('data-bespoke-marp-osc="presenter"');
      expect(ours).toMatch(/<div class="bespoke-marp-note" data-index="\d+" tabindex="0"><p>/);
    });
  }

  it("is the page the build ships, with the shipped fonts and the notes panes' font", () => {
    const theme = read("testville", "testville-deck.theme.css");
    const ours = page(bespokeHtml(bespokeEngine(theme), read("testville", "testville-deck.md"))!(theme));
    expect(read("testville", "testville-deck.html")).toBe(withNotesFont(Buffer.from(ours), theme).toString("utf8"));
    // The notes panes' font given to the page as it is made: the same page, without withNotesFont's copy of it.
    const style = notesFontStyle(theme);
    expect(style).toBeTruthy();
    expect(page(bespokeHtml(bespokeEngine(theme), read("testville", "testville-deck.md"))!(theme, `<style>${style}</style>`))).toBe(read("testville", "testville-deck.html"));
  });

  it("leaves to marp-cli what it does not mirror: slide transitions, and a deck without a language", () => {
    const theme = read("testville", "testville-deck.theme.css");
    const markdown = read("testville", "testville-deck.md");
    const engine = bespokeEngine(theme);
    expect(bespokeHtml(engine, markdown)).toBeDefined();
    expect(bespokeHtml(engine, markdown.replace(/^---\n/, "---\ntransition: fade\n"))).toBeUndefined();
    expect(bespokeHtml(engine, markdown.replace(/^lang: .*\n/m, ""))).toBeUndefined();
  });

  it("refuses shipped fonts that lack a family the deck was measured with", () => {
    const theme = read("testville", "testville-deck.theme.css");
    const finish = bespokeHtml(bespokeEngine(theme), read("testville", "testville-deck.md"))!;
    expect(() => finish(theme.replace(/@font-face \{ font-family: "[^"]+"; src: url\("data:font[^"]+"\) format\("[^"]+"\);[^}]*\}/, ""))).toThrow(/has no font of the family/);
  });
});
