/**
 * The deck's pictures by reference (src/deck/pictures.ts): the Markdown fitted and measured names
 * each chart picture by a short URL; what ships has the pictures embedded, byte for byte as if
 * they had been embedded from the start; no text of a city file can pass for a picture's URL.
 */
import { tmpdir } from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChartArtifact, CityContext } from "../../src/context.ts";
import { chartsStage } from "../../src/charts/stage.ts";
import { BuildLog } from "../../src/log.ts";
import { joinPieces, Staging } from "../../src/output.ts";
import { Marp, renderForBrowser } from "../../src/deck/fit.ts";
import { PICTURE_URL, pictureUrl, picturesNamed, pngDataUri, withPictures, withPicturesInPieces } from "../../src/deck/pictures.ts";
import { loadDeckTemplates, renderDeck } from "../../src/deck/render.ts";
import type { TemplateSet } from "../../src/content/templates.ts";
import { TESTVILLE } from "../helpers/project.ts";
import { loadContexts } from "./project.ts";

describe("deck pictures by reference", () => {
  let ctx: CityContext;
  let charts: readonly ChartArtifact[];
  let templates: TemplateSet;
  beforeAll(async () => {
    [ctx] = (await loadContexts(TESTVILLE, ["testville"], "md")) as [CityContext];
    const staging = await Staging.create(tmpdir());
    try {
      charts = (await chartsStage({ contexts: [ctx], staging, log: new BuildLog(() => {}), options: ctx.options })).get("testville") ?? [];
    } finally {
      await staging.discard();
    }
    templates = await loadDeckTemplates(ctx.options.root);
  });

  it("names every chart once and carries none of its data, and ships exactly what embedding gives", () => {
    expect(charts.length).toBeGreaterThan(1);
    const byReference = renderDeck(templates, ctx, charts, undefined, { byReference: true });
    const embedded = renderDeck(templates, ctx, charts);
    expect(byReference).not.toMatch(/data:image\/png/);
    expect([...picturesNamed(byReference)].sort()).toEqual(charts.map((_, i) => i));
    // A tenth of the size: the pictures were nearly all of it.
    expect(byReference.length * 10).toBeLessThan(embedded.length);
    expect(withPictures(byReference, charts)).toBe(embedded);
    // In pieces for Staging.write, base64 a slice at a time: the same bytes (pictures of more than one slice).
    expect(charts.some((c) => c.png.length > 3 * 16 * 1024 + 1)).toBe(true);
    expect(joinPieces(withPicturesInPieces(byReference, charts)).equals(Buffer.from(embedded))).toBe(true);
    for (const chart of charts) expect(embedded).toContain(pngDataUri(chart.png));
  });

  it("puts each picture into the page as it is placed, or as its data URI", () => {
    const markdown = renderDeck(templates, ctx, charts, undefined, { byReference: true });
    const marp = new Marp();
    const placed: Buffer[] = [];
    const { html } = renderForBrowser(marp, markdown, charts, (png) => {
      placed.push(png);
      return `stand-in-${placed.length}.png`;
    });
    expect(placed).toEqual(charts.map((c) => c.png));
    expect(html).not.toMatch(PICTURE_URL);
    for (let i = 1; i <= charts.length; i++) expect(html).toContain(`stand-in-${i}.png`);
    const asTheyAre = renderForBrowser(marp, markdown, charts).html;
    for (const chart of charts) expect(asTheyAre).toContain(pngDataUri(chart.png));
  });

  it("cannot be named by a city's text: a look-alike URL stays text", () => {
    const real = pictureUrl(0);
    // The scheme holds a number drawn at start: twelve hex digits.
    expect(real).toMatch(/^cp-picture-[0-9a-f]{12}:0$/);
    const text = "Our port: cp-picture:0 and cp-picture-000000000000:0.";
    expect(withPictures(text, charts)).toBe(text);
    expect(() => withPictures(pictureUrl(charts.length), charts)).toThrow(/names picture/);
  });
});
