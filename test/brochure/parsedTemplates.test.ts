/**
 * The brochure laid out from the template dry run's parse (src/brochure/parsedTemplates.ts): the
 * same PDF as from its own render, the parse taken once, and never one parsed from other files.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderBrochure, TEMPLATE_DIR } from "../../src/brochure/render.ts";
import { forgetParsedTemplates, keepParsedTemplates, takeParsedTemplates } from "../../src/brochure/parsedTemplates.ts";
import { compiledTemplates } from "../../src/content/templates.ts";
import { dryRunTemplates } from "../../src/content/dryRun.ts";
import { ROOT, TESTVILLE } from "../helpers/project.ts";
import { fakeCharts } from "./fakeCharts.ts";
import { loadCity } from "./project.ts";
import { pageText, readPdf } from "./readPdf.ts";
import { loadYamlFile } from "../../src/data/load.ts";
import type { Block } from "../../src/brochure/markdown/blocks.ts";

describe("the brochure from the dry run's parse of its templates", () => {
  it("is the brochure its own render makes, and takes the parse once", async () => {
    const ctx = await loadCity("testville", { data: TESTVILLE });
    const templates = await compiledTemplates(join(ROOT, TEMPLATE_DIR), ROOT);
    expect(templates.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const alone = await renderBrochure(ctx, fakeCharts(ctx), templates);
    const source = (await loadYamlFile(join(TESTVILLE, "cities", "testville.yaml"), ROOT)).loaded!;
    expect(await dryRunTemplates([{ ctx, source }], ROOT, { brochure: true, deck: false })).toEqual([]);
    const kept = takeParsedTemplates(ctx);
    expect(kept?.fingerprint).toBe(templates.fingerprint);
    expect(kept?.blocks.map(([name]) => name)).toEqual(templates.names.filter((name) => name !== "footer"));
    keepParsedTemplates(ctx, kept!);
    expect(Buffer.compare(await renderBrochure(ctx, fakeCharts(ctx), templates), alone)).toBe(0);
    expect(takeParsedTemplates(ctx)).toBeUndefined();
    // A later run keeps only what its own dry run parsed.
    keepParsedTemplates(ctx, kept!);
    forgetParsedTemplates();
    expect(takeParsedTemplates(ctx)).toBeUndefined();
  });

  it("lays out the parse it is given for those very files, and renders afresh for any others", async () => {
    const ctx = await loadCity("testville", { data: TESTVILLE });
    const templates = await compiledTemplates(join(ROOT, TEMPLATE_DIR), ROOT);
    const source = (await loadYamlFile(join(TESTVILLE, "cities", "testville.yaml"), ROOT)).loaded!;
    await dryRunTemplates([{ ctx, source }], ROOT, { brochure: true, deck: false });
    const parsed = takeParsedTemplates(ctx)!;
    // The first page's blocks, with a heading of their own in front: seen only where the parse is laid out.
    const marked = parsed.blocks.map(([name, blocks]): [string, Block[]] =>
      name === "10-at-a-glance" ? [name, [{ type: "heading", level: 2, text: [{ text: "Testville from the kept parse" }], line: 1 }, ...blocks]] : [name, blocks],
    );
    const text = async (fingerprint: string) => {
      keepParsedTemplates(ctx, { fingerprint, blocks: marked });
      const pdf = await readPdf(await renderBrochure(ctx, fakeCharts(ctx), templates));
      return pdf.pages.map((page) => pageText(page)).join("\n");
    };
    expect(await text("another set of template files")).not.toContain("Testville from the kept parse");
    expect(await text(templates.fingerprint!)).toContain("Testville from the kept parse");
  });
});
