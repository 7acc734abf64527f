/**
 * A city's local name beside its name: shown where it says something the name does not (Dalian
 * 大连), left out where it is the name in another form of its characters (大連 in the Japanese
 * edition). Read back from the built Japanese and English editions of Dalian: the brochure's cover,
 * the deck's title slide and the PowerPoint's title.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { showsLocalName } from "../../src/content/names.ts";
import { readPdf, pageText } from "../brochure/readPdf.ts";
import { runCli } from "../helpers/project.ts";
import { allText, readParts, slideOrder, text } from "../pptx/project.ts";

describe("whether the local name is shown", () => {
  it("is shown in another script, or in letters", () => {
    expect(showsLocalName({ en: "Dalian", local: "大连" })).toBe(true);
    expect(showsLocalName({ en: "ハルビン", local: "哈尔滨" })).toBe(true);
    expect(showsLocalName({ en: "다롄", local: "大连" })).toBe(true);
    expect(showsLocalName({ en: "Testville", local: "テストヴィル" })).toBe(true);
  });

  it("is left out when it is the name, or the name in another form of its Han characters", () => {
    expect(showsLocalName({ en: "大连", local: "大连" })).toBe(false);
    expect(showsLocalName({ en: "大連", local: "大连" })).toBe(false);
    expect(showsLocalName({ en: "东京", local: "東京" })).toBe(false);
    expect(showsLocalName({ en: "広州", local: "广州" })).toBe(false);
  });

  it("is shown when the Han names differ in length: not the same name", () => {
    expect(showsLocalName({ en: "大連市", local: "大连" })).toBe(true);
  });
});

describe("Dalian's local name in its Japanese and English editions", () => {
  let out = "";
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "citypitch-local-name-"));
    const run = runCli(["build", "dalian", "--out", out, "--formats", "brochure,md,pptx"]);
    if (run.code !== 0) throw new Error(`the build failed (${run.code}):\n${run.stderr}`);
  }, 180_000);
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });
  const file = (edition: string, name: string) => join(out, "dalian", edition, `dalian-${edition}-${name}`);

  it("sets the Japanese cover, title slide and PowerPoint title as 大連, once", async () => {
    const cover = pageText((await readPdf(readFileSync(file("ja", "brochure.pdf")))).pages[0]!);
    expect(cover).toContain("大連");
    expect(cover).not.toContain("大连");
    const title = readFileSync(file("ja", "deck.md"), "utf8").match(/^## .*$/m)![0];
    expect(title).toBe("## 大連");
    const parts = readParts(file("ja", "deck.pptx"));
    const first = allText(text(parts, slideOrder(parts)[0]!));
    expect(first).toContain("大連");
    expect(first).not.toContain("大连");
  });

  it("still gives the English edition the local name beside Dalian", async () => {
    const cover = pageText((await readPdf(readFileSync(file("en", "brochure.pdf")))).pages[0]!);
    expect(cover).toContain("Dalian");
    expect(cover).toContain("大连");
    expect(readFileSync(file("en", "deck.md"), "utf8")).toMatch(/^## Dalian <span class="local" lang="zh-Hans">大连<\/span>$/m);
    const parts = readParts(file("en", "deck.pptx"));
    expect(allText(text(parts, slideOrder(parts)[0]!))).toContain("大连");
  });
});
