/**
 * The whole structure tree of a PDF, read with qpdf (--json=2), with each element's role and
 * attribute dictionary: what pdfjs's per-page getStructTree() leaves out (attributes such as a table
 * header cell's /Scope, and the order of elements across pages).
 */
import { execFileSync } from "node:child_process";

export interface StructElement {
  role: string;
  /** The /A attribute dictionary (or dictionaries), keys without their slash: { O: "Table", Scope: "Column" }. */
  attributes: Record<string, unknown>[];
  children: StructElement[];
}

type PdfValue = string | number | boolean | null | PdfValue[] | { [key: string]: PdfValue };

export function structTree(file: string): StructElement {
  const json = JSON.parse(execFileSync("qpdf", ["--json=2", "--json-key=qpdf", file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })) as {
    qpdf: [unknown, Record<string, { value?: PdfValue; stream?: unknown }>];
  };
  const objects = json.qpdf[1];
  const deref = (value: PdfValue | undefined): PdfValue | undefined => {
    if (typeof value === "string" && / 0 R$/.test(value)) return objects[`obj:${value}`]?.value;
    return value;
  };
  const catalog = Object.values(objects).find((o) => (o.value as Record<string, PdfValue> | undefined)?.["/Type"] === "/Catalog")!.value as Record<string, PdfValue>;
  const root = deref(catalog["/StructTreeRoot"]) as Record<string, PdfValue>;
  const name = (v: PdfValue | undefined) => (typeof v === "string" ? v.replace(/^\//, "") : v);
  const read = (node: Record<string, PdfValue>): StructElement => {
    const kids = node["/K"];
    const list = Array.isArray(kids) ? kids : kids === undefined ? [] : [kids];
    const attrs = deref(node["/A"]);
    const attrList = (Array.isArray(attrs) ? attrs.map(deref) : attrs ? [attrs] : []) as Record<string, PdfValue>[];
    return {
      role: String(name(node["/S"]) ?? ""),
      attributes: attrList.map((a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k.replace(/^\//, ""), name(v)]))),
      children: list
        .map(deref)
        .filter((kid): kid is Record<string, PdfValue> => !!kid && typeof kid === "object" && !Array.isArray(kid) && "/S" in kid)
        .map(read),
    };
  };
  return { role: "StructTreeRoot", attributes: [], children: (Array.isArray(root["/K"]) ? root["/K"] : [root["/K"]]).map(deref).map((k) => read(k as Record<string, PdfValue>)) };
}

/** Every element, depth first, in document order. */
export function elements(tree: StructElement): StructElement[] {
  const out: StructElement[] = [];
  const visit = (e: StructElement) => {
    out.push(e);
    e.children.forEach(visit);
  };
  visit(tree);
  return out;
}

/** Headings that skip a level (an H3 right after an H1), as "H1 → H3" strings. */
export function skippedHeadings(tree: StructElement): string[] {
  const headings = elements(tree).filter((e) => /^H[1-6]$/.test(e.role));
  const problems: string[] = [];
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.role.slice(1));
    if (level > previous + 1) problems.push(`H${previous || "-"} → ${h.role}`);
    previous = level;
  }
  return problems;
}
