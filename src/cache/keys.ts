/**
 * The key of each artifact: a hash of exactly what it is made from, computed from pure inputs so a
 * build that finds everything cached never loads a renderer. A chart is its Chart.js spec (built
 * by the pure spec builders), its size and the font files; every other artifact is the city's
 * context (data, brand, sources, edition, build date, the options that shape output), the template
 * folders its stage reads, the brand's files, the keys of the charts it embeds and, for the deck,
 * the browser that measures its slides. Every key carries the tool's fingerprint (tool.ts).
 */
import { realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CityContext } from "../context.ts";
import type { Chart } from "../data/schema.ts";
import { buildSpec, chartSize } from "../charts/spec.ts";
import { findBrowser } from "../deck/browser.ts";
import { hashValue, type FileHasher } from "./hash.ts";
import { PACKAGE_ROOT } from "../project.ts";

/**
 * Options that change where or whether files are made, or what is checked, but not their bytes.
 * Every other option (--paper, and any added later) is part of every key: an unknown option is
 * assumed to matter.
 */
const OPTIONS_WITHOUT_EFFECT = new Set(["root", "dataDir", "outDir", "formats", "strict", "maxFigureAgeYears", "cache", "project", "edition"]);
/** Derived from data that is hashed itself (figures, references) or from the message files (words). */
const CONTEXT_DERIVED = new Set(["figures", "references", "words", "options"]);

/** Template folders each artifact reads; an artifact not listed here reads (and is keyed by) all of them. */
const TEMPLATES_OF: Record<string, readonly string[]> = {
  brochure: ["brochure", "messages"],
  md: ["deck", "messages"],
  html: ["deck", "messages"],
  pdf: ["deck", "messages"],
  "pptx-images": ["deck", "messages"],
  pptx: ["deck", "messages"],
};
/** Artifacts laid out or printed by the browser. */
const MEASURED = new Set(["md", "html", "pdf", "pptx-images", "handout"]);

export interface KeyEnv {
  tool: string;
  files: FileHasher;
}

/** Every key of one city context: one per chart, and one per artifact (a `--formats` entry). */
export class ContextKeys {
  readonly charts = new Map<string, string>();
  private readonly data: string;
  private readonly brandFiles: string;

  constructor(
    readonly ctx: CityContext,
    private readonly env: KeyEnv,
  ) {
    const { files } = env;
    const fields = Object.fromEntries(Object.entries(ctx).filter(([name]) => !CONTEXT_DERIVED.has(name)));
    const options = Object.fromEntries(Object.entries(ctx.options).filter(([name]) => !OPTIONS_WITHOUT_EFFECT.has(name)));
    this.data = hashValue({ fields, options });
    // The brand's paths are relative to the project, or to citypitch's folder for its default brand.
    const paths = brandFilePaths(ctx.brand);
    this.brandFiles = hashValue(paths.map((p) => [p, files.file(resolve(ctx.options.root, p)), files.file(resolve(PACKAGE_ROOT, p))]));
    for (const chart of ctx.city.charts) this.charts.set(chart.id, this.chartKey(chart));
  }

  private chartKey(chart: Chart): string {
    const { ctx, env } = this;
    const spec = buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
    // The spec's formatters are code whose closures hold the wording: its language and messages are keyed too.
    return hashValue({ tool: env.tool, spec, size: chartSize(chart), fonts: this.brandFiles, edition: ctx.edition, messages: this.templates(["messages"]) });
  }

  /** The key of a `--formats` entry of this context ("charts" is the chart files as a whole). */
  artifact(format: string): string {
    const { env } = this;
    const charts = [...this.charts].sort(([a], [b]) => a.localeCompare(b));
    if (format === "charts") return hashValue({ tool: env.tool, format, charts, edition: this.ctx.edition });
    return hashValue({
      tool: env.tool,
      format,
      data: this.data,
      brandFiles: this.brandFiles,
      templates: this.templates(TEMPLATES_OF[format] ?? ["*"]),
      charts,
      browser: MEASURED.has(format) ? browserIdentity() : undefined,
    });
  }

  private templates(kinds: readonly string[]): string {
    const root = this.ctx.options.root;
    const dirs = kinds.flatMap((kind) => {
      const sub = kind === "*" ? "" : kind;
      return [join(root, "templates", sub), join(PACKAGE_ROOT, "templates", sub)];
    });
    return hashValue([...new Set(dirs)].map((dir) => [dir, this.env.files.tree(dir)]));
  }
}

/** Font and logo files named anywhere in the brand (fonts by role, logo, and any added later). */
export function brandFilePaths(brand: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === "string" && /\.(ttf|otf|woff2?|ttc|png|svg|jpe?g)$/i.test(value)) found.add(value);
    else if (value && typeof value === "object") for (const v of Object.values(value)) walk(v);
  };
  walk(brand);
  return [...found].sort();
}

/**
 * The browser that measures the deck (a different Chromium may wrap lines differently), as the
 * deck stage will find it (CHROME_PATH, else the usual places): its path and file stamp, or that
 * there is none, so a build that would fail for want of a browser is not answered from the cache.
 * Starting it to ask its version would cost the time the cache saves.
 */
function browserIdentity(): string {
  const path = findBrowser();
  if (!path) return `none:${process.env.CHROME_PATH ?? ""}`;
  try {
    const real = realpathSync(path);
    const stat = statSync(real);
    return `${real}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return `unreadable:${path}`;
  }
}
