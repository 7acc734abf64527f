/**
 * Inline Markdown for the brochure: **bold**, _italic_ (or *italic*), [text](url) links and the
 * citation marks the `cite` helper writes (`\[1, 4\]`). Data arrives escaped by the `md` helper, so
 * every backslash-escaped character is literal text and only the template's own marks style it.
 */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string;
  /** A reference mark such as "[1, 4]", set in a lighter colour. */
  cite?: boolean;
}

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!|<>~:=&"'$^]/;
const CITE = /^\\\[(\d+(?:, \d+)*)\\\]/;
const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

export function parseInline(source: string): Span[] {
  const spans: Span[] = [];
  let bold = false;
  let italic = false;
  let link: string | undefined;
  let text = "";
  const flush = () => {
    if (text) spans.push(clean({ text, bold, italic, link }));
    text = "";
  };
  for (let i = 0; i < source.length; i++) {
    const rest = source.slice(i);
    const ch = source[i]!;
    const cite = CITE.exec(rest);
    if (cite) {
      flush();
      spans.push(clean({ text: `[${cite[1]}]`, cite: true, bold, italic, link }));
      i += cite[0].length - 1;
    } else if (ch === "\\" && ESCAPABLE.test(source[i + 1] ?? "")) {
      text += source[++i];
    } else if (ch === "&" && /^&(lt|gt|amp);/.test(rest)) {
      const entity = /^&\w+;/.exec(rest)![0];
      text += ENTITIES[entity];
      i += entity.length - 1;
    } else if (rest.startsWith("**")) {
      flush();
      bold = !bold;
      i += 1;
    } else if (ch === "_" || ch === "*") {
      flush();
      italic = !italic;
    } else if (ch === "[" && link === undefined) {
      const target = linkAt(source, i);
      if (!target) {
        text += ch;
        continue;
      }
      flush();
      link = target.url;
      const inner = parseInline(source.slice(i + 1, target.textEnd));
      spans.push(...inner.map((s) => clean({ ...s, bold: bold || s.bold, italic: italic || s.italic, link })));
      link = undefined;
      i = target.end;
    } else {
      text += ch;
    }
  }
  flush();
  return merge(spans);
}

/** `[text](url)` starting at `start`: where the text ends, the URL (unescaped) and the closing paren. */
function linkAt(source: string, start: number): { textEnd: number; url: string; end: number } | undefined {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "[") depth++;
    if (ch === "]" && --depth === 0) {
      if (source[i + 1] !== "(") return undefined;
      const close = source.indexOf(")", i + 2);
      if (close < 0) return undefined;
      return { textEnd: i, url: unescapeUrl(source.slice(i + 2, close)), end: close };
    }
  }
  return undefined;
}

function unescapeUrl(url: string): string {
  return url.trim().replace(/\\(.)/g, "$1").replace(/&(lt|gt|amp);/g, (e) => ENTITIES[e]!);
}

function clean(span: Span): Span {
  const out: Span = { text: span.text };
  if (span.bold) out.bold = true;
  if (span.italic) out.italic = true;
  if (span.link) out.link = span.link;
  if (span.cite) out.cite = true;
  return out;
}

function merge(spans: Span[]): Span[] {
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
