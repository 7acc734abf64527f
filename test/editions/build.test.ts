/**
 * Editions built through the CLI: each in output/<slug>/<id>/ with files that say the edition, the
 * audience on the cover, in the PDF's metadata and on the closing slide, the sections chosen and
 * ordered, --edition building one, and an unknown --edition refused.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { allText, readParts, slideOrder, text } from "../pptx/project.ts";
import { readPdf } from "../brochure/readPdf.ts";
import { loadMessages } from "../../src/content/messages.ts";
import { ROOT, runCli } from "../helpers/project.ts";
import { AUDIENCE, editionsFixture } from "./fixture.ts";

const FORMATS = "charts,brochure,pptx";
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
const pdfText = (file: string, page?: number) => execFileSync("pdftotext", [...(page ? ["-f", String(page), "-l", String(page)] : []), "-layout", file, "-"], { encoding: "utf8" });
const pdfInfo = (file: string) => execFileSync("pdfinfo", [file], { encoding: "utf8" });

describe("a city with editions", () => {
  const data = editionsFixture();
  const out = mkdtempSync(join(tmpdir(), "citypitch-editions-"));
  const city = join(out, "testville");
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = runCli(["build", "--formats", FORMATS, "--data", data, "--out", out, "testville"]);
  });

  it("builds each edition into its own folder, with files named for it, and nothing at the city's top but the manifest", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(city).sort()).toEqual(["acme", "manifest.json", "zh"]);
    const all = files(city);
    expect(all).toContain("zh/testville-zh-brochure.pdf");
    expect(all).toContain("acme/testville-acme-brochure.pdf");
    // The Chinese edition is made as charts and brochure only; the audience edition in PowerPoint too.
    expect(all).toContain("acme/testville-acme-deck.pptx");
    expect(all.filter((f) => f.endsWith(".pptx"))).toEqual(["acme/testville-acme-deck.pptx"]);
    expect(all.filter((f) => f.startsWith("zh/charts/") && f.endsWith(".png")).length).toBeGreaterThanOrEqual(5);
    const manifest = JSON.parse(readFileSync(join(city, "manifest.json"), "utf8"));
    expect(manifest.editions).toEqual([
      { id: "zh", language: "zh-Hans" },
      { id: "acme", language: "en" },
    ]);
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(all.filter((f) => f !== "manifest.json"));
    expect(run.stdout).toMatch(/testville\/zh\/testville-zh-brochure\.pdf\s+\d/);
  });

  it("sets the Chinese edition in Chinese where the file has Chinese, and English elsewhere, with the draft disclosed", () => {
    const file = join(city, "zh", "testville-zh-brochure.pdf");
    const cover = pdfText(file, 1);
    expect(cover).toContain("测试城");
    expect(cover).toContain("投资概况：服务外包");
    expect(cover).not.toContain("Testville\n");
    expect(pdfInfo(file)).toMatch(/^Title:\s+测试城: 投资概况：服务外包$/m);
    const all = pdfText(file).replace(/\s+/g, "");
    expect(all).toContain("测试兰北部的海港");
    expect(all).toContain("FixtureTranslator");
    // Untranslated prose falls back to the English text.
    expect(all).toContain("SamplePeninsula");
  });

  it("names the audience on the cover and in the PDF's Subject, only in its edition", () => {
    const acme = join(city, "acme", "testville-acme-brochure.pdf");
    const prepared = `Prepared for ${AUDIENCE.organisation}, ${AUDIENCE.person}`;
    expect(pdfText(acme, 1).replace(/\s+/g, " ")).toContain(prepared);
    expect(pdfInfo(acme)).toMatch(new RegExp(`^Subject:\\s+${prepared} · North Testland's seaport`, "m"));
    const zh = join(city, "zh", "testville-zh-brochure.pdf");
    expect(pdfText(zh)).not.toContain(AUDIENCE.organisation);
    expect(pdfInfo(zh)).not.toContain(AUDIENCE.organisation);
  });

  it("orders and leaves out the brochure's sections as the edition says", async () => {
    const acme = await readPdf(readFileSync(join(city, "acme", "testville-acme-brochure.pdf")));
    const zh = await readPdf(readFileSync(join(city, "zh", "testville-zh-brochure.pdf")));
    const chapters = (pdf: typeof acme) => pdf.outline.map((o) => o.title);
    const acmeChapters = chapters(acme);
    // order: [industry, port], then the rest as the templates have them; talent and air left out.
    expect(acmeChapters.indexOf("The service-outsourcing industry")).toBe(1);
    expect(acmeChapters.indexOf("Shipping & logistics hub")).toBe(2);
    expect(acmeChapters.indexOf("At a glance")).toBe(3);
    expect(acmeChapters).not.toContain("Talent");
    expect(acmeChapters).not.toContain("Air connectivity");
    // The Chinese edition's chapters are headed in Chinese (templates/messages/zh-Hans.yaml).
    const zhTitle = (section: string) => loadMessages(ROOT, "zh-Hans").t(`brochure.${section}.title`);
    expect(chapters(zh)).toContain(zhTitle("talent"));
    expect(chapters(zh)).toContain(zhTitle("air"));
    expect(chapters(zh).indexOf(zhTitle("port"))).toBeGreaterThan(-1);
    expect(chapters(zh).indexOf(zhTitle("port"))).toBeLessThan(chapters(zh).indexOf(zhTitle("industry")));
  });

  it("puts the audience and the edition's contact on the PowerPoint's closing slide and in its subject", () => {
    const parts = readParts(join(city, "acme", "testville-acme-deck.pptx"));
    const slides = slideOrder(parts).map((name) => allText(text(parts, name)));
    const closing = slides.find((s) => s.includes(`Prepared for ${AUDIENCE.organisation}, ${AUDIENCE.person}`));
    expect(closing).toBeDefined();
    expect(closing).toContain("Fixture Desk");
    expect(slides.filter((s) => s.includes(AUDIENCE.organisation))).toHaveLength(1);
    expect(text(parts, "docProps/core.xml")).toContain(`Prepared for ${AUDIENCE.organisation}, ${AUDIENCE.person}`);
    // Industry, then the port, then the rest; the air section's chart slide is left out.
    const at = (needle: string) => slides.findIndex((s) => s.includes(needle));
    expect(at("Service lines and markets")).toBeGreaterThan(0);
    expect(at("Service lines and markets")).toBeLessThan(at("Gateway by sea and air"));
    expect(at("Gateway by sea and air")).toBeLessThan(at("Testville at a glance"));
    expect(at("Flights a week by destination")).toBe(-1);
    expect(at("Put your next delivery centre")).toBe(slides.length - 2);
  });

  it("builds one edition with --edition and keeps the others' files as they were", () => {
    const zhBrochure = join(city, "zh", "testville-zh-brochure.pdf");
    const before = readFileSync(zhBrochure);
    const again = runCli(["build", "--formats", "brochure", "--edition", "acme", "--data", data, "--out", out, "testville"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/testville\/acme\/testville-acme-brochure\.pdf/);
    expect(again.stdout).not.toMatch(/testville\/zh\//);
    expect(readFileSync(zhBrochure).equals(before)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(city, "manifest.json"), "utf8"));
    const entry = (name: string) => manifest.files.find((f: { name: string }) => f.name === name);
    expect(entry("zh/testville-zh-brochure.pdf")?.carriedOver).toBe(true);
    expect(entry("acme/testville-acme-deck.pptx")?.carriedOver).toBe(true);
    expect(entry("acme/testville-acme-brochure.pdf")?.carriedOver).toBeUndefined();

    const fresh = mkdtempSync(join(tmpdir(), "citypitch-editions-"));
    const one = runCli(["build", "--formats", "brochure", "--edition", "zh", "--data", data, "--out", fresh, "testville"]);
    expect(one.code, one.stderr).toBe(0);
    expect(files(join(fresh, "testville"))).toEqual(["manifest.json", "zh/testville-zh-brochure.pdf"]);
  });

  it("refuses an --edition no city declares, as a usage error naming the ones there are", () => {
    const target = mkdtempSync(join(tmpdir(), "citypitch-editions-"));
    const wrong = runCli(["build", "--formats", "brochure", "--edition", "ja", "--data", data, "--out", target, "testville"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--edition ja: testville declares no edition "ja"/);
    expect(wrong.stderr).toMatch(/testville: zh, testville: acme/);
    expect(readdirSync(target)).toEqual([]);
    const malformed = runCli(["build", "--edition", "../x", "--data", data, "--out", target, "testville"]);
    expect(malformed.code).toBe(2);
  });
});
