/**
 * Any brand, beyond the brochure: Testville's charts and deck theme made with the second, fictional
 * brand (test/fixtures/brand-b) carry its colours and none of the default palette's.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartsStage } from "../../src/charts/stage.ts";
import { createCityContext } from "../../src/content/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import type { Brand } from "../../src/data/schema.ts";
import { buildTheme } from "../../src/deck/theme.ts";
import { contrast } from "../../src/brochure/colour.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { tmpdir } from "node:os";
import { copyFixture, options, ROOT } from "../helpers/project.ts";

const BRAND_B = join(ROOT, "test", "fixtures", "brand-b", "brand.yaml");
const palette = (file: string) =>
  Object.values((parse(readFileSync(file, "utf8")) as Brand).colours)
    .flat()
    .map((c) => c.toUpperCase());
const defaults = palette(join(ROOT, "data", "brand.yaml"));
const brandB = palette(BRAND_B);

/** The ways a colour is written: #RRGGBB in CSS, rgb(r%,g%,b%) in node-canvas SVG. */
function spellings(hex: string): string[] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const percent = (v: number) => `${Number(((v / 255) * 100).toFixed(6))}%`;
  return [hex, hex.toLowerCase(), `rgb(${percent(r!)},${percent(g!)},${percent(b!)})`];
}
const uses = (text: string, hex: string) => spellings(hex).some((s) => text.includes(s));

describe("a second brand's charts and deck theme", () => {
  it("use its palette and none of the default one's", async () => {
    const dir = copyFixture();
    copyFileSync(BRAND_B, join(dir, "brand.yaml"));
    const opts = options({ data: dir, formats: "charts" });
    const data = await loadAndValidate({ ...opts, slugs: [] });
    const ctx = createCityContext(data.cities[0]!.city, data.brand, data.sources, opts);
    const staging = await Staging.create(tmpdir());
    try {
      const charts = (await chartsStage({ contexts: [ctx], staging, log: new BuildLog(() => {}), options: opts })).get("testville")!;
      const svg = charts.map((c) => c.svg).join("\n");
      const theme = await buildTheme(ctx.brand, ROOT, "Testville 测试城");
      for (const hex of defaults.filter((c) => !brandB.includes(c))) {
        expect(uses(svg, hex), `default colour ${hex} in a chart`).toBe(false);
        expect(uses(theme, hex), `default colour ${hex} in the deck theme`).toBe(false);
      }
      expect(uses(svg, brandB[0]!)).toBe(true);
      for (const hex of ["#1F4E3D", "#E8735A"]) expect(uses(theme, hex), hex).toBe(true);
    } finally {
      await staging.discard();
    }
  });

  it("sets the deck title's local name in a colour that reads on the primary ground (3:1), whatever the fourth chart colour", async () => {
    const brand = parse(readFileSync(BRAND_B, "utf8")) as Brand;
    // A fourth chart colour as dark as the primary: a fine bar, a local name no one can read on it.
    for (const fourth of ["#23503F", brand.colours.chart[3]!, "#FFE08A"]) {
      const chart = [...brand.colours.chart];
      chart[3] = fourth;
      const theme = await buildTheme({ ...brand, colours: { ...brand.colours, chart } }, ROOT, "Testville 测试城");
      const local = /--cp-local-on-primary: (#[0-9A-Fa-f]{6});/.exec(theme)?.[1];
      expect(local, fourth).toBeDefined();
      expect(contrast(local!, brand.colours.primary), `${fourth} → ${local}`).toBeGreaterThanOrEqual(3);
      // A colour that already reads is the brand's own.
      if (contrast(fourth, brand.colours.primary) >= 3) expect(local!.toUpperCase()).toBe(fourth.toUpperCase());
    }
    expect(/section\.title h2 \.local \{[^}]*color: var\(--cp-local-on-primary/.test(readFileSync(join(ROOT, "templates", "deck", "theme.css"), "utf8"))).toBe(true);
  });
});
