/**
 * What the preview page is told after each rebuild: which cities and editions have a deck and a
 * brochure to show (read from the manifests the build wrote), and every problem of a build that
 * failed. Pure apart from reading the manifests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CitypitchError, formatLocation, type Problem } from "../errors.ts";

export interface PreviewEdition {
  /** The edition's folder inside the city folder; "" for the default edition. */
  folder: string;
  deck?: string;
  brochure?: string;
}

export interface PreviewCity {
  slug: string;
  editions: PreviewEdition[];
}

export interface ShownProblem {
  where: string;
  field?: string;
  message: string;
  hint?: string;
  severity: Problem["severity"];
}

export interface PreviewState {
  /** Counts successful builds; the page reloads its views when it changes. */
  version: number;
  building: boolean;
  cities: PreviewCity[];
  /** The last build's failure, shown over the last good output; absent when it succeeded. */
  failure?: { message: string; hint?: string; problems: ShownProblem[] };
}

/** The deck HTML and brochure PDF of each edition of each city, as its manifest lists them. */
export function readPreviewCities(outDir: string, slugs: readonly string[]): PreviewCity[] {
  return slugs.map((slug) => {
    let names: string[] = [];
    try {
      const manifest = JSON.parse(readFileSync(join(outDir, slug, "manifest.json"), "utf8")) as { files?: { name?: unknown }[] };
      names = (manifest.files ?? []).map((f) => f.name).filter((n): n is string => typeof n === "string");
    } catch {
      names = [];
    }
    const editions = new Map<string, PreviewEdition>();
    for (const name of names) {
      const kind = name.endsWith("-deck.html") ? "deck" : name.endsWith("-brochure.pdf") ? "brochure" : undefined;
      if (!kind) continue;
      const folder = name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : "";
      const edition = editions.get(folder) ?? { folder };
      edition[kind] = `${slug}/${name}`;
      editions.set(folder, edition);
    }
    return { slug, editions: [...editions.values()].sort((a, b) => a.folder.localeCompare(b.folder)) };
  });
}

/** A failed build as the page shows it: every problem with where, field, message and hint. */
export function describeFailure(error: unknown): NonNullable<PreviewState["failure"]> {
  if (error instanceof CitypitchError) {
    return {
      message: error.message,
      hint: error.hint,
      problems: error.problems.map((p) => ({ where: formatLocation(p.location), field: p.path, message: p.message, hint: p.hint, severity: p.severity })),
    };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `internal error (a bug in citypitch): ${message}`, problems: [] };
}
