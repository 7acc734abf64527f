/**
 * Reads a brochure back for assertions: every page's text items with their boxes (in top-down
 * points), whether each lies in an artifact, the structure role it belongs to, the page's structure
 * tree, and the document outline, metadata and link annotations. pdfjs-dist runs in-process.
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface TextItem {
  str: string;
  x: number;
  /** Top and bottom of the glyph box, measured from the top of the page. */
  top: number;
  bottom: number;
  width: number;
  size: number;
  artifact: boolean;
  /** Role of the innermost structure element holding the text (H1, P, LBody, TD…). */
  role?: string;
}

export interface StructNode {
  role?: string;
  alt?: string;
  lang?: string;
  children?: (StructNode | { type: string; id: string })[];
}

export interface PdfPage {
  width: number;
  height: number;
  items: TextItem[];
  tree: StructNode | null;
  links: string[];
}

export interface ReadPdf {
  pages: PdfPage[];
  outline: { title: string; items: { title: string }[] }[];
  info: Record<string, unknown>;
}

export async function readPdf(bytes: Buffer): Promise<ReadPdf> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const tree = (await page.getStructTree()) as StructNode | null;
    const roles = new Map<string, string>();
    const walk = (node: StructNode, role?: string) => {
      for (const kid of node.children ?? []) {
        if ("type" in kid && kid.type === "content") roles.set(kid.id, node.role ?? role ?? "");
        else if (!("type" in kid)) walk(kid as StructNode, (kid as StructNode).role ?? role);
      }
    };
    if (tree) walk(tree);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: { artifact: boolean; id?: string }[] = [];
    const items: TextItem[] = [];
    for (const item of content.items as unknown as Record<string, unknown>[]) {
      if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") {
        stack.push({ artifact: item.tag === "Artifact", id: item.id as string | undefined });
        continue;
      }
      if (item.type === "endMarkedContent") {
        stack.pop();
        continue;
      }
      const str = item.str as string;
      if (!str || !str.trim()) continue;
      const [a, b, , , e, f] = item.transform as number[];
      const size = Math.hypot(a!, b!);
      const id = [...stack].reverse().find((s) => s.id)?.id;
      items.push({
        str,
        x: e!,
        width: item.width as number,
        size,
        top: height - f! - size * 0.8,
        bottom: height - f! + size * 0.2,
        artifact: stack.some((s) => s.artifact),
        role: id ? roles.get(id) : undefined,
      });
    }
    const annotations = await page.getAnnotations();
    const links = annotations.filter((a: { subtype: string }) => a.subtype === "Link").map((a: { url?: string; unsafeUrl?: string }) => a.url ?? a.unsafeUrl ?? "");
    pages.push({ width, height, items, tree, links });
  }
  const outline = ((await pdf.getOutline()) ?? []).map((o: { title: string; items: { title: string }[] }) => ({ title: o.title, items: o.items.map((i) => ({ title: i.title })) }));
  const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> };
  await pdf.destroy();
  return { pages, outline, info };
}

/** Every node of a structure tree, depth first. */
export function structNodes(node: StructNode | null): StructNode[] {
  if (!node) return [];
  const out: StructNode[] = [];
  const visit = (n: StructNode) => {
    out.push(n);
    for (const kid of n.children ?? []) if (!("type" in kid)) visit(kid as StructNode);
  };
  visit(node);
  return out;
}

/** The page's running text, artifacts excluded, whitespace collapsed. */
export function pageText(page: PdfPage, withArtifacts = false): string {
  return page.items
    .filter((i) => withArtifacts || !i.artifact)
    .map((i) => i.str)
    .join(" ")
    .replace(/\s+/g, " ");
}
