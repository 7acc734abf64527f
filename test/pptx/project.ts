/**
 * PowerPoint test plumbing: building decks through the real stages (charts, the Marp Markdown for
 * comparison, the PPTX), reading the package's parts, and converting it with LibreOffice once.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { chartsStage } from "../../src/charts/stage.ts";
import { createCityContext } from "../../src/content/context.ts";
import type { ChartArtifact, CityContext } from "../../src/context.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import { deckStage } from "../../src/deck/stage.ts";
import { BuildLog } from "../../src/log.ts";
import { Staging } from "../../src/output.ts";
import { pptxStage } from "../../src/pptx/stage.ts";
import { options, ROOT } from "../helpers/project.ts";

export interface PptxBuild {
  outDir: string;
  failures: Awaited<ReturnType<typeof pptxStage>>;
  contexts: CityContext[];
  charts: ReadonlyMap<string, readonly ChartArtifact[]>;
  lines: string[];
}

/** Charts, then the Marp Markdown (when `md` is asked for) and the PPTX, committed as `citypitch build` would. */
export async function buildPptx(dataDir: string, slugs: readonly string[], formats = "md,pptx"): Promise<PptxBuild> {
  const outDir = mkdtempSync(join(tmpdir(), "citypitch-pptx-"));
  const opts = options({ data: dataDir, formats, out: outDir });
  const data = await loadAndValidate({ ...opts, slugs });
  const contexts = data.cities.map(({ city }) => createCityContext(city, data.brand, data.sources, opts));
  const staging = await Staging.create(outDir);
  const lines: string[] = [];
  const input = { contexts, staging, log: new BuildLog((line) => lines.push(line)), options: opts };
  try {
    const charts = await chartsStage(input);
    await deckStage(input, charts);
    const failures = await pptxStage(input, charts);
    await staging.commit(
      contexts.map((c) => c.city.slug),
      opts.formats,
      failures,
    );
    return { outDir, failures, contexts, charts, lines };
  } finally {
    await staging.discard();
  }
}

export type Parts = Record<string, Uint8Array>;

export function readParts(file: string): Parts {
  return unzipSync(readFileSync(file));
}

export const text = (parts: Parts, name: string) => {
  const part = parts[name];
  if (!part) throw new Error(`no part ${name}; parts: ${Object.keys(parts).join(", ")}`);
  return strFromU8(part);
};

export const decodeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** Slide part names in presentation order (presentation.xml's sldIdLst through its relationships). */
export function slideOrder(parts: Parts): string[] {
  const rels = text(parts, "ppt/_rels/presentation.xml.rels");
  const targets = new Map([...rels.matchAll(/<Relationship Id="(rId\d+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const ids = [...text(parts, "ppt/presentation.xml").matchAll(/<p:sldId [^>]*r:id="(rId\d+)"/g)].map((m) => m[1]!);
  return ids.map((id) => `ppt/${targets.get(id)!.replace(/^\.?\/?(ppt\/)?/, "")}`);
}

/** The text of a slide's title placeholder. */
export function slideTitle(xml: string): string {
  const shape = xml
    .split("<p:sp>")
    .map((s) => s.split("</p:sp>")[0]!)
    .find((s) => /<p:ph\b[^>]*\btype="title"/.test(s));
  if (!shape) return "";
  return decodeXml([...shape.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(""))
    .replace(/\s+/g, " ")
    .trim();
}

export function allText(xml: string): string {
  return decodeXml([...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(" "));
}

/**
 * A fontconfig file that adds only the brand's local-script font (so names in their own script
 * draw): the Latin brand fonts stay missing, and LibreOffice falls back to what this machine has
 * (DejaVu Sans on Debian, wider than both Inter and Arial), the hardest case for the text boxes.
 */
function fallbackFontConfig(dir: string): string {
  const file = join(dir, "fonts.conf");
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${join(ROOT, "node_modules/@expo-google-fonts/noto-sans-sc")}</dir>\n  <cachedir>${join(dir, "fc-cache")}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

/** LibreOffice Impress converts decks to PDF in one run (a private profile, a timeout); returns the PDFs' paths. */
export function convertWithLibreOffice(...pptx: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-lo-"));
  const out = join(dir, "out");
  mkdirSync(out);
  const result = spawnSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, ...pptx], {
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, FONTCONFIG_FILE: fallbackFontConfig(dir), HOME: dir },
  });
  if (result.error) throw new Error(`soffice could not run (is libreoffice-impress installed? npm run setup installs it): ${result.error.message}`);
  return pptx.map((file) => {
    const pdf = join(
      out,
      file
        .split("/")
        .at(-1)!
        .replace(/\.pptx$/, ".pdf"),
    );
    try {
      readFileSync(pdf);
    } catch {
      throw new Error(`LibreOffice could not open ${file}: exit ${result.status}\n${result.stdout}\n${result.stderr}`);
    }
    return pdf;
  });
}

/** Each page's text, from pdftotext. */
export function pdfPages(pdf: string): string[] {
  const result = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout.split("\f").slice(0, -1);
}

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word LibreOffice drew, with its box in points (pdftotext -bbox). */
export function pdfWords(pdf: string): Word[] {
  const result = spawnSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  const words: Word[] = [];
  let page = 0;
  for (const line of result.stdout.split("\n")) {
    if (line.includes("<page ")) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (m) words.push({ page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: decodeXml(m[5]!) });
  }
  return words;
}

export function removeLater(...dirs: string[]): () => void {
  return () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
}
