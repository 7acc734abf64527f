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

/**
 * `[text](url)` starting at `start`: where the text ends, the URL and the closing paren. The
 * destination is read as CommonMark reads it: `<…>` (no line break or unescaped `<` inside), or a
 * run without spaces or control characters in which parentheses balance; in both, a backslash
 * before punctuation makes it literal: `\(`, `\)` and `\_` (as the `md` helper writes them) put
 * `(`, `)` and `_` into the URL. The `url` helper percent-encodes instead, which reads the same. `&lt;`, `&gt;` and `&amp;` are read as the characters.
 */
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
      const destination = destinationAt(source, i + 2);
      return destination ? { textEnd: i, url: destination.url, end: destination.end } : undefined;
    }
  }
  return undefined;
}

/** The destination starting at `from` (just after the opening paren) and the index of the closing one. */
function destinationAt(source: string, from: number): { url: string; end: number } | undefined {
  let i = from;
  while (source[i] === " ") i++;
  let url = "";
  if (source[i] === "<") {
    for (i++; i < source.length; i++) {
      const ch = source[i]!;
      if (ch === "\\" && ESCAPABLE.test(source[i + 1] ?? "")) url += source[++i];
      else if (ch === "&" && ENTITY.test(source.slice(i, i + 5))) i += entity(source, i, (c) => (url += c));
      else if (ch === ">") break;
      else if (ch === "<" || ch === "\n") return undefined;
      else url += ch;
    }
    if (source[i] !== ">") return undefined;
    i++;
  } else {
    let depth = 0;
    for (; i < source.length; i++) {
      const ch = source[i]!;
      if (ch === "\\" && ESCAPABLE.test(source[i + 1] ?? "")) url += source[++i];
      else if (ch === "&" && ENTITY.test(source.slice(i, i + 5))) i += entity(source, i, (c) => (url += c));
      else if (ch === "(") {
        depth++;
        url += ch;
      } else if (ch === ")") {
        if (depth === 0) break;
        depth--;
        url += ch;
      } else if (ch === " " || /[\u0000-\u001f\u007f]/.test(ch)) break;
      else url += ch;
    }
    if (depth !== 0) return undefined;
  }
  while (source[i] === " ") i++;
  if (source[i] !== ")") return undefined;
  return { url, end: i };
}

const ENTITY = /^&(lt|gt|amp);/;

/** Reads the entity at `at`, hands over its character, and returns how many characters to skip past its "&". */
function entity(source: string, at: number, add: (ch: string) => void): number {
  const name = ENTITY.exec(source.slice(at, at + 5))![0];
  add(ENTITIES[name]!);
  return name.length - 1;
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
