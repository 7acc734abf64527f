/**
 * Any brand: the Testville brochure built with a second, fictional brand (test/fixtures/brand-b)
 * draws with that brand's colours and fonts only. Every fill and stroke colour operator of the PDF
 * is read back (after qpdf decompresses the content streams) and compared with both palettes.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { contrast, toHex } from "../../src/brochure/colour.ts";
import { createTheme, palette } from "../../src/brochure/theme.ts";
import type { Brand } from "../../src/data/schema.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { readableBrandColours } from "../../src/data/brandColours.ts";
import type { LoadedYaml } from "../../src/data/load.ts";
import { copyFixture, edit, options, positionOf, ROOT, runCli } from "../helpers/project.ts";
import { blankPages, overlappingText, textOutside } from "./layout.ts";
import { brochureFor } from "./project.ts";
import { pageText, readPdf, type ReadPdf } from "./readPdf.ts";

const BRAND_B = join(ROOT, "test", "fixtures", "brand-b", "brand.yaml");
const brandB = parse(readFileSync(BRAND_B, "utf8")) as Brand;
const defaults = parse(readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")) as Brand;
/** Colours the brochure code once hard-coded for the default brand (tints of its palette). */
const FORMER_CONSTANTS = ["#FFFFFF", "#7FB7BE", "#12476A", "#3A6B8A", "#E8F0F4", "#FDF3E0", "#D3DDE3", "#9AA7B0", "#A9C3D1", "#D6E4EC"];

const tmp = mkdtempSync(join(tmpdir(), "citypitch-brand-b-"));
let file: string;
let pdf: ReadPdf;
/** Every colour set by a colour operator (rg/RG, sc/SC, scn/SCN), as #RRGGBB. */
let drawn: Set<string>;

/** The colours of every `r g b rg|RG|sc|SC|scn|SCN` operator in the PDF's (decompressed) content streams. */
function drawingColours(pdfFile: string): Set<string> {
  const qdf = join(tmp, "qdf.pdf");
  execFileSync("qpdf", ["--qdf", "--object-streams=disable", pdfFile, qdf]);
  const text = readFileSync(qdf, "latin1");
  const colours = new Set<string>();
  for (const m of text.matchAll(/(?<![\w.])([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG|sc|SC|scn|SCN)\b/g)) {
    colours.add(toHex([Number(m[1]) * 255, Number(m[2]) * 255, Number(m[3]) * 255]));
  }
  // No grey or CMYK operator sneaks a colour past the check.
  expect(text).not.toMatch(/(?<![\w.])[\d.]+ (g|G)\n/);
  expect(text).not.toMatch(/(?<![\w.])([\d.]+ ){4}(k|K)\n/);
  return colours;
}

beforeAll(async () => {
  const data = copyFixture();
  copyFileSync(BRAND_B, join(data, "brand.yaml"));
  file = join(tmp, "testville-brand-b.pdf");
  const bytes = await brochureFor("testville", { data });
  writeFileSync(file, bytes);
  pdf = await readPdf(bytes);
  drawn = drawingColours(file);
});

describe("the Testville brochure in a second brand (Northwind, fictional)", () => {
  it("draws none of the default brand's colours, nor the constants that once stood in for them", () => {
    const old = [...Object.values(defaults.colours).flat(), ...FORMER_CONSTANTS].map((c) => c.toUpperCase());
    expect(old.filter((c) => drawn.has(c))).toEqual([]);
  });

  it("draws with the second brand's colours", () => {
    const c = brandB.colours;
    for (const colour of [c.primary, c.secondary, c.accent, c.ink, c.muted, c.paper, c.surface]) expect(drawn, colour).toContain(colour.toUpperCase());
    // Every other colour is one of the palette's derived tints and shades.
    const derived = new Set(
      Object.values(palette(c))
        .flat()
        .map((x) => x.toUpperCase()),
    );
    expect([...drawn].filter((x) => !derived.has(x))).toEqual([]);
  });

  it("embeds the second brand's fonts, and only those", () => {
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    expect(fonts).toMatch(/SourceSerif4-SemiBold/);
    expect(fonts).toMatch(/SourceSerif4-Bold/);
    expect(fonts).toMatch(/Inter-Light/);
    expect(fonts).not.toMatch(/Inter-Regular|Inter-ExtraBold/);
  });

  it("names the brand and lays out cleanly in its fonts", () => {
    const theme = createTheme(brandB, "a4");
    expect(pdf.info.Author).toBe("Northwind Promotion Agency");
    expect(textOutside(pdf, theme.content)).toEqual([]);
    expect(blankPages(pdf)).toEqual([]);
    expect(overlappingText(pdf)).toEqual([]);
  });

  it("never names the tool in the agency's pages: derived values are said to be derived, not by whom", () => {
    const words = pdf.pages.map((page) => pageText(page, true)).join("\n");
    expect(words).toContain("Northwind");
    expect(words).toMatch(/derived from published figures/i);
    expect(words).not.toMatch(/citypitch/i);
  });
});

describe("derived palettes", () => {
  it("keeps text readable (4.5:1) on the paper, the surface and the dark ground, for both brands", () => {
    for (const brand of [defaults, brandB]) {
      const p = palette(brand.colours);
      expect(contrast(p.secondaryText, p.paper)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(p.mutedText, p.surface)).toBeGreaterThanOrEqual(4.5);
      for (const onDark of [p.onDark, p.onDarkSoft, p.onDarkMuted, p.onDarkSecondary, p.onDarkAccent, p.onDarkInk])
        expect(contrast(onDark, p.primary), onDark).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("pushes a too-faint brand colour towards the ink or the paper until it reads", () => {
    const pale = palette({ ...brandB.colours, secondary: "#E0D0E0", muted: "#C8C8C8", accent: "#2A5A48" });
    expect(contrast(pale.secondaryText, pale.paper)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(pale.mutedText, pale.surface)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(pale.onDarkAccent, pale.primary)).toBeGreaterThanOrEqual(4.5);
    // A brand colour that already reads is used as it is.
    expect(palette(brandB.colours).secondaryText).toBe(brandB.colours.secondary);
  });
});

describe("a brand whose primary colour is too pale to read on its paper", () => {
  it("draws its headings and covers in the same hue taken darker to 3:1, and says so at the colour's line", async () => {
    const data = copyFixture();
    copyFileSync(BRAND_B, join(data, "brand.yaml"));
    edit(data, "brand.yaml", 'secondary: "#6B3F69"', 'secondary: "#F7D6E0"');
    const text = edit(data, "brand.yaml", 'primary: "#1F4E3D"', 'primary: "#BFE3F0"');
    const validated = await loadAndValidate({ ...options(), dataDir: data, slugs: ["testville"] });
    const used = validated.brand.colours.primary;
    expect(contrast("#BFE3F0", brandB.colours.paper)).toBeLessThan(1.5);
    expect(contrast(used, brandB.colours.paper)).toBeGreaterThanOrEqual(3);
    // Still a blue: the same hue, not a grey.
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(used.slice(i, i + 2), 16));
    expect(b!).toBeGreaterThan(r! + 60);
    expect(g!).toBeGreaterThan(r!);
    // The secondary, the dividers' ground, alike.
    expect(contrast(validated.brand.colours.secondary, brandB.colours.paper)).toBeGreaterThanOrEqual(3);
    expect(validated.warnings.map((w) => w.path)).toEqual(["colours.primary", "colours.secondary"]);
    const warning = validated.warnings.find((w) => w.path === "colours.primary")!;
    expect(warning.message).toContain(used);
    expect(warning.location.line).toBe(positionOf(text, "#BFE3F0").line);
    const pdfFile = join(tmp, "testville-pale.pdf");
    writeFileSync(pdfFile, await brochureFor("testville", { data }));
    const colours = drawingColours(pdfFile);
    expect(colours).toContain(used.toUpperCase());
    expect(colours).not.toContain("#BFE3F0");
    expect(colours).not.toContain("#F7D6E0");
  });
});

describe("a brand whose muted grey is too pale for small text", () => {
  it("sets source lines, footers and chart labels in every output in the same hue taken darker to 4.5:1 on paper and tiles, and says so", async () => {
    const data = copyFixture();
    copyFileSync(BRAND_B, join(data, "brand.yaml"));
    const text = edit(data, "brand.yaml", 'muted: "#6A625C"', 'muted: "#B8B2AC"');
    const validated = await loadAndValidate({ ...options(), dataDir: data, slugs: ["testville"] });
    const used = validated.brand.colours.muted;
    expect(contrast("#B8B2AC", brandB.colours.paper)).toBeLessThan(2.5);
    expect(contrast(used, brandB.colours.paper)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(used, brandB.colours.surface)).toBeGreaterThanOrEqual(4.5);
    const warning = validated.warnings.find((w) => w.path === "colours.muted")!;
    expect(warning.message).toContain(used);
    expect(warning.location.line).toBe(positionOf(text, "#B8B2AC").line);
    // The deck's theme and the charts, which once took the colour as given, take the readable one.
    const out = mkdtempSync(join(tmpdir(), "citypitch-pale-muted-"));
    const run = runCli(["build", "--formats", "charts,md", "--data", data, "--out", out, "testville"]);
    expect(run.code, run.stderr).toBe(0);
    const theme = readFileSync(join(out, "testville", "testville-deck.theme.css"), "utf8");
    const chart = readFileSync(join(out, "testville", "charts", "port-throughput.svg"), "utf8");
    expect(theme.toUpperCase()).not.toContain("#B8B2AC");
    expect(theme.toUpperCase()).toContain(used.toUpperCase());
    expect(chart).not.toMatch(/rgb\(72\.2%, ?69\.8%, ?67\.5%\)|#B8B2AC/i);
  });
});

describe("a brand whose primary is a mid-tone of its own", () => {
  it("is drawn in it as it is, without a warning: only a colour too pale to read is changed", () => {
    const brand = { ...brandB, colours: { ...brandB.colours, paper: "#FFFFFF", primary: "#1E88E5", secondary: "#00A0B0" } };
    expect(contrast("#1E88E5", "#FFFFFF")).toBeLessThan(4.5);
    const { brand: used, problems } = readableBrandColours(brand, {} as LoadedYaml);
    expect(problems).toEqual([]);
    expect(used.colours).toEqual(brand.colours);
  });
});
