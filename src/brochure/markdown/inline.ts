/**
 * Inline Markdown for the brochure, read by markdown-it (engine.ts): **bold**, _italic_ (or
 * *italic*), [text](url) links, `code` (set as plain text), hard line breaks, entities such as
 * `&nbsp;`, and the citation marks the `cite` helper writes (`\[1, 4\]`). Data arrives escaped by
 * the `md` helper (backslash escapes, `&lt;` `&gt;` `&amp;`), which CommonMark reads as the
 * characters, so only the template's own marks style the text.
 */
import type Token from "markdown-it/lib/token.mjs";
import { CITE, markdown } from "./engine.ts";

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string;
  /** A reference mark such as "[1, 4]", set in a lighter colour. */
  cite?: boolean;
}

export function parseInline(source: string): Span[] {
  const [inline] = markdown().parseInline(source, {});
  return spansOf(inline?.children ?? []);
}

/** The spans of an inline token's children. A hard line break is a "\n" the typesetter obeys. */
export function spansOf(tokens: readonly Token[]): Span[] {
  const spans: Span[] = [];
  let bold = 0;
  let italic = 0;
  const links: (string | undefined)[] = [];
  const add = (text: string, cite = false) => {
    if (!text) return;
    const link = links.at(-1);
    spans.push(clean({ text, bold: bold > 0, italic: italic > 0, link, cite }));
  };
  for (const token of tokens) {
    switch (token.type) {
      case "text":
      case "text_special":
      case "code_inline":
        add(token.content);
        break;
      case "softbreak":
        add(" ");
        break;
      case "hardbreak":
        add("\n");
        break;
      case "strong_open":
        bold++;
        break;
      case "strong_close":
        bold--;
        break;
      case "em_open":
        italic++;
        break;
      case "em_close":
        italic--;
        break;
      case "link_open":
        links.push(token.attrGet("href") ?? undefined);
        break;
      case "link_close":
        links.pop();
        break;
      case "image":
        // No images in running text: the description stands in for it.
        add(token.content);
        break;
      case CITE:
        add(token.content, true);
        break;
      default:
        // s_open/s_close and anything a later markdown-it adds: the text inside still shows.
        if (token.children) spans.push(...spansOf(token.children));
        else if (token.content && token.nesting === 0) add(token.content);
    }
  }
  return mergeSpans(spans);
}

function clean(span: Span): Span {
  const out: Span = { text: span.text };
  if (span.bold) out.bold = true;
  if (span.italic) out.italic = true;
  if (span.link !== undefined) out.link = span.link;
  if (span.cite) out.cite = true;
  return out;
}

/** Joins neighbouring spans that look the same, so a line is set in as few runs as possible. */
export function mergeSpans(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const span of spans) {
    const last = out.at(-1);
    if (last && last.bold === span.bold && last.italic === span.italic && last.link === span.link && last.cite === span.cite) last.text += span.text;
    else out.push({ ...span });
  }
  return out;
}

export function plainText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join("");
}
