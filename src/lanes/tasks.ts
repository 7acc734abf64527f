/**
 * The work a lane does, written once and run either on the lane's worker thread or, when there is
 * no worker, in the calling thread: the results are the same either way. Everything crosses the
 * thread boundary by structured clone, so tasks take and return plain data: the city contexts'
 * data (not their functions, rebuilt on the other side), chart buffers, file bytes.
 */
import type { ChartArtifact, CityContext } from "../context.ts";
import type { Brand, City, SourceRegistry } from "../data/schema.ts";
import { CitypitchError, type ExitCode, type Problem } from "../errors.ts";
import type { BuildLog } from "../log.ts";
import type { Format, Options } from "../options.ts";
import type { Staging, WrittenFile } from "../output.ts";
import type { ChartsBySlug, FormatFailure, StageInput } from "../stage.ts";
import type { ChartPictures, CompendiumRequest } from "../portfolio/onLane.ts";
import type { LaneChart, LanePng, CityChartJobs } from "../charts/onLane.ts";
import type { FinishedDeck } from "../deck/pdfInfo.ts";
import type { ParsedTemplates } from "../brochure/parsedTemplates.ts";

/** A city context as data: what createCityContext builds it from. */
export interface ContextData {
  city: City;
  brand: Brand;
  sources: SourceRegistry;
  options: Options;
  edition: CityContext["edition"];
}

export const contextData = (ctx: CityContext): ContextData => ({ city: ctx.city, brand: ctx.brand, sources: ctx.sources, options: ctx.options, edition: ctx.edition });

export interface StagedFile {
  slug: string;
  name: string;
  bytes: Uint8Array;
  ms: number;
}

export interface ErrorData {
  exitCode: ExitCode;
  message: string;
  problems: readonly Problem[];
  hint?: string;
}

export interface StageResult {
  files: StagedFile[];
  failures: { format: FormatFailure["format"]; slugs: readonly string[]; error: ErrorData }[];
}

export interface Tasks {
  /** Loads the modules the other tasks use (the brochure's, and the PPTX's when asked), so that the first task does not wait for them. */
  warm(formats?: readonly Format[]): Promise<void>;
  /** `parsed`: each context's templates as the dry run parsed them, where it did (src/brochure/parsedTemplates.ts). */
  brochure(contexts: readonly ContextData[], options: Options, charts: [string, ChartArtifact[]][], parsed?: (ParsedTemplates | undefined)[]): Promise<StageResult>;
  pptx(contexts: readonly ContextData[], options: Options, charts: [string, ChartArtifact[]][]): Promise<StageResult>;
  /** A portfolio's compendium (src/portfolio/onLane.ts): laid out first, drawn once its charts are painted. */
  layOutCompendium(request: CompendiumRequest): Promise<number>;
  drawCompendium(key: string, pictures: ChartPictures): Promise<Uint8Array>;
  /** Charts' PNGs (src/charts/onLane.ts); only once the calling thread has loaded node-canvas and registered the fonts. */
  drawCharts(charts: readonly LaneChart[], brand: Brand, root: string, language: string): Promise<Uint8Array[]>;
  /** The cities' chart SVG files (src/charts/onLane.ts), on the same condition as drawCharts. */
  drawSvgs(requests: readonly CityChartJobs[], claims: Int32Array): Promise<({ svg: string; ms: number } | undefined)[][]>;
  /** The cities' chart PNGs the main thread has not claimed (src/charts/onLane.ts), on the same condition. */
  drawPngs(requests: readonly CityChartJobs[], claims: Int32Array): Promise<LanePng[][]>;
  /** A deck's PDF as Chromium printed it, finished (src/deck/pdfInfo.ts). */
  finishDeckPdf(pdf: Uint8Array, deck: FinishedDeck, headings: readonly string[], date: Date): Promise<Uint8Array>;
}

export const tasks: Tasks = {
  async layOutCompendium(request) {
    return (await import("../portfolio/onLane.ts")).layOutCompendium(request);
  },

  async drawCompendium(key, pictures) {
    return (await import("../portfolio/onLane.ts")).drawCompendium(key, pictures);
  },

  async drawCharts(charts, brand, root, language) {
    return (await import("../charts/onLane.ts")).drawLaneCharts(charts, brand, root, language);
  },

  async drawPngs(requests, claims) {
    return (await import("../charts/onLane.ts")).drawLanePngs(requests, claims);
  },

  async drawSvgs(requests, claims) {
    return (await import("../charts/onLane.ts")).drawCityChartJobs(requests, claims);
  },

  async finishDeckPdf(pdf, deck, headings, date) {
    return (await import("../deck/pdfInfo.ts")).finishDeckPdf(pdf, deck, headings, date);
  },

  async warm(formats = ["brochure"]) {
    // Not the chart renderer: node-canvas may load here only once the main thread has (see charts/onLane.ts).
    await Promise.all([import("../content/context.ts"), formats.includes("brochure") && import("../brochure/stage.ts"), formats.includes("pptx") && import("../pptx/stage.ts")]);
  },

  async brochure(contexts, options, charts, parsed = []) {
    const { keepParsedTemplates } = await import("../brochure/parsedTemplates.ts");
    contexts.forEach((data, i) => {
      const given = parsed[i];
      if (given) keepParsedTemplates(data, given);
    });
    return staged(contexts, options, charts, async () => (await import("../brochure/stage.ts")).brochureStage);
  },

  async pptx(contexts, options, charts) {
    return staged(contexts, options, charts, async () => (await import("../pptx/stage.ts")).pptxStage);
  },
};

type Stage = (input: StageInput, charts: ChartsBySlug) => Promise<FormatFailure[]>;

/** Runs a stage on rebuilt contexts; the files it stages come back as bytes, for the calling thread to stage and log. */
async function staged(contexts: readonly ContextData[], options: Options, charts: [string, ChartArtifact[]][], load: () => Promise<Stage>): Promise<StageResult> {
  const [{ createCityContext }, stage] = await Promise.all([import("../content/context.ts"), load()]);
  const files: StagedFile[] = [];
  // The stage writes through these two; its files go back to the main thread, which stages them.
  const staging = {
    write: async (slug: string, name: string, bytes: Buffer | string): Promise<WrittenFile> => {
      const data = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
      files.push({ slug, name, bytes: data, ms: 0 });
      return { slug, name, size: data.length, sha256: "" };
    },
  } as unknown as Staging;
  const log = { artifact: (file: WrittenFile, ms: number) => (files.find((f) => f.slug === file.slug && f.name === file.name)!.ms = ms) } as unknown as BuildLog;
  const rebuilt = contexts.map((c) => createCityContext(c.city, c.brand, c.sources, c.options, c.edition));
  // A clone turns Buffers into Uint8Arrays: pdfkit and the PNG reader want Buffers back.
  const bySlug = new Map(charts.map(([slug, list]) => [slug, list.map((a) => ({ ...a, png: Buffer.from(a.png.buffer, a.png.byteOffset, a.png.byteLength) }))]));
  const failures = await stage({ contexts: rebuilt, staging, log, options }, bySlug);
  return { files, failures: failures.map((f) => ({ format: f.format, slugs: f.slugs, error: errorData(f.error) })) };
}

export const errorData = (error: CitypitchError): ErrorData => ({ exitCode: error.exitCode, message: error.message, problems: error.problems, hint: error.hint });
export const errorFrom = (data: ErrorData): CitypitchError => new CitypitchError(data.exitCode, data.message, data.problems, data.hint);
