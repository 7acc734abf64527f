/**
 * The deck PDF printed in the browser session that measured the slides (src/deck/print.ts), and
 * the HTML whose fonts are swapped for the shipped WOFF2 ones: what they hold, read back.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { opaquePng } from "../../src/brochure/images.ts";
import { findBrowser } from "../../src/deck/browser.ts";
import { TESTVILLE } from "../helpers/project.ts";
import { buildDecks, type DeckBuild } from "./project.ts";

const browser = findBrowser();

describe.skipIf(!browser)("the printed deck", () => {
  let build: DeckBuild;
  const file = (name: string) => join(build.outDir, "testville", name);

  beforeAll(async () => {
    build = await buildDecks(TESTVILLE, ["testville"], "md,html,pdf");
  }, 240_000);

  it("carries the Markdown's title, description and author as document information", () => {
    expect(build.failures).toEqual([]);
    const md = readFileSync(file("testville-deck.md"), "utf8");
    const directive = (key: string) => JSON.parse(new RegExp(`^${key}: (".*")$`, "m").exec(md)![1]!) as string;
    const info = execFileSync("pdfinfo", [file("testville-deck.pdf")], { encoding: "utf8" });
    const field = (key: string) => new RegExp(`^${key}:\\s+(.*)$`, "m").exec(info)?.[1];
    expect(field("Title")).toBe(directive("title"));
    expect(field("Subject")).toBe(directive("description"));
    expect(field("Author")).toBe(directive("author"));
    expect(field("Tagged")).toBe("yes");
  });

  it("titles each bookmark with its heading's text as written, not as displayed", () => {
    type Outline = { title: string; kids: Outline[] };
    const outlines = (JSON.parse(execFileSync("qpdf", ["--json", "--json-key=outlines", file("testville-deck.pdf")], { encoding: "utf8" })) as { outlines: Outline[] }).outlines;
    const titles = (list: Outline[]): string[] => list.flatMap((o) => [o.title, ...titles(o.kids)]);
    // The headings of the HTML deck, as text: tags out, a line break a space, entities decoded.
    const html = readFileSync(file("testville-deck.html"), "utf8");
    const headings = [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) =>
      m[2]!
        .replace(/<br\s*\/?>/g, " ")
        .replace(/<[^>]+>/g, "")
        .replace(/&amp;/g, "&")
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/\s+/g, " ")
        .trim(),
    );
    expect(titles(outlines)).toEqual(headings);
    // A heading set in capitals by the theme keeps its own letter case in the bookmarks.
    expect(titles(outlines).some((t) => /[a-z]/.test(t) && t !== t.toUpperCase())).toBe(true);
  });

  it("ships the HTML with the WOFF2 fonts of the theme beside the Markdown, none of the TrueType ones it was measured with", () => {
    const html = readFileSync(file("testville-deck.html"), "utf8");
    const theme = readFileSync(file("testville-deck.theme.css"), "utf8");
    expect(html).not.toContain("data:font/ttf");
    // Each family's font, as the CSS names it (marp-cli's HTML has its spaces taken out).
    const faces = (css: string) => new Map([...css.matchAll(/@font-face\s*\{\s*font-family:\s*"([^"]+)";\s*src:\s*url\("([^"]+)"\)/g)].map((m) => [m[1]!, m[2]!]));
    const shipped = faces(theme);
    expect(shipped.size).toBeGreaterThan(1);
    expect(faces(html)).toEqual(shipped);
    for (const uri of shipped.values()) expect(uri).toMatch(/^data:font\/woff2;base64,/);
  });

  it("holds each chart picture as its PNG's own data at its full size: no stand-in is left, none re-encoded", async () => {
    const { PDFDocument, PDFName, PDFRawStream } = await import("pdf-lib");
    const md = readFileSync(file("testville-deck.md"), "utf8");
    const pictures = [...new Set([...md.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)].map((m) => m[1]!))].map((b64) => opaquePng(Buffer.from(b64, "base64"))!);
    expect(pictures.length).toBeGreaterThan(1);
    const doc = await PDFDocument.load(readFileSync(file("testville-deck.pdf")));
    const images = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is import("pdf-lib").PDFRawStream => object instanceof PDFRawStream && object.dict.get(PDFName.of("Subtype")) === PDFName.of("Image"));
    const size = (image: import("pdf-lib").PDFRawStream, key: string) => Number(image.dict.get(PDFName.of(key))?.toString());
    expect(images.map((image) => `${size(image, "Width")}x${size(image, "Height")}`).sort()).toEqual(pictures.map((p) => `${p.width}x${p.height}`).sort());
    for (const picture of pictures) {
      const image = images.find((i) => Buffer.from(i.contents).equals(picture.data));
      expect(image, `${picture.width}x${picture.height}`).toBeDefined();
      expect(image!.dict.get(PDFName.of("DecodeParms"))?.toString()).toContain(`/Columns ${picture.width}`);
    }
  });
});
