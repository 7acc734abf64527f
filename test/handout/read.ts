/** Reads a handout back (pdfjs) and the deck's Markdown for what it should hold. */
import { Marp } from "@marp-team/marp-core";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface Handout {
  /** Each page's text, and its runs with their left edge and top (pt, from the page's top-left). */
  pages: { width: number; height: number; text: string; items: { str: string; x: number; top: number }[] }[];
  /** Top-level bookmarks and the 0-based page each one opens. */
  outline: { title: string; page: number }[];
  structTree: boolean;
  lang: string | undefined;
}

export async function readHandout(bytes: Buffer): Promise<Handout> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const pages: Handout["pages"] = [];
  let structTree = false;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , width, height] = page.view as number[];
    const content = await page.getTextContent();
    const runs = content.items as { str?: string; hasEOL?: boolean; transform?: number[] }[];
    const text = runs.map((i) => `${i.str ?? ""}${i.hasEOL ? "\n" : ""}`).join("");
    const items = runs.filter((i) => i.str?.trim()).map((i) => ({ str: i.str!, x: i.transform![4]!, top: height! - i.transform![5]! }));
    structTree ||= (await page.getStructTree()) !== null;
    pages.push({ width: width!, height: height!, text, items });
  }
  const outline: Handout["outline"] = [];
  for (const item of ((await pdf.getOutline()) ?? []) as { title: string; dest: unknown }[]) {
    const dest = (typeof item.dest === "string" ? await pdf.getDestination(item.dest) : item.dest) as [{ num: number; gen: number }] | null;
    outline.push({ title: item.title, page: dest ? await pdf.getPageIndex(dest[0]) : -1 });
  }
  const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> };
  const lang = (info.Language as string | undefined) ?? undefined;
  await pdf.destroy();
  return { pages, outline, structTree, lang };
}

/** Each slide of the deck's Markdown: its title (its first heading's text) and its notes, line by line. */
export function deckSlides(markdown: string): { title: string; notes: string[] }[] {
  const { html, comments } = new Marp({ html: true } as ConstructorParameters<typeof Marp>[0]).render(markdown);
  const sections = html.split(/<section\b/).slice(1);
  return sections.map((section, i) => ({
    title: decode((/<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/.exec(section)?.[1] ?? "").replace(/<[^>]+>/g, ""))
      .replace(/\s+/g, " ")
      .trim(),
    notes: comments[i]!.join("\n")
      .split("\n")
      .map((l) => l.replace(/\u2060/g, "").trim())
      .filter(Boolean),
  }));
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
