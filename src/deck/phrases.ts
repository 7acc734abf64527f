/**
 * Chinese display type that breaks between words, not inside one ("服/务", "之/一"). Chromium's
 * `word-break: auto-phrase` (BudouX) segments Japanese only, and Chinese has no spaces to break at.
 * The deck's display lines (headings, the tagline, leads) get a `<wbr>` at each word boundary that
 * the Unicode word segmenter (ICU's dictionary, as the brochure's phrases use: src/brochure/text.ts)
 * finds between two Han characters, and the theme sets them `word-break: keep-all`, so that they
 * break there and at punctuation, nowhere else. It is markup in the Markdown itself, not a step of
 * one renderer, so the page the slides are measured in, the HTML, the PDF and a reader's own Marp
 * all break the same lines alike.
 */

/** Display text: a heading line, or a tagline or lead span, as the deck's templates write them. */
const DISPLAY = /^#{1,6} .*$|<span class="(?:tagline|lead)">[\s\S]*?<\/span>/gm;
/** A section divider's text is display type all through: its heading and the line under it. */
const DIVIDER = /^<!-- _class: [^\n]*\bdivider\b[^\n]*-->$/m;
/** Speaker notes and directives, which are plain text to their readers: never marked. */
const COMMENT = /(<!--[\s\S]*?-->)/;
/** Left as they are: tags (the local name's span, the lead's own) and a link's address. */
const PROTECTED = /(<[^>]*>|\]\([^)]*\))/;
const HAN = /^\p{Script=Han}$/u;

/** `markdown` with word breaks marked in its display type, for a deck in Chinese; as it is for any other language. */
export function markPhraseBreaks(markdown: string, language: string): string {
  if (!/^zh\b/i.test(language)) return markdown;
  const words = new Intl.Segmenter(language, { granularity: "word" });
  const mark = (text: string) => {
    let out = "";
    let before = "";
    for (const { segment } of words.segment(text)) {
      const first = String.fromCodePoint(segment.codePointAt(0)!);
      if (HAN.test(before) && HAN.test(first)) out += "<wbr>";
      out += segment;
      before = [...segment].at(-1) ?? "";
    }
    return out;
  };
  const markOutsideTags = (display: string) =>
    display
      .split(PROTECTED)
      .map((part, i) => (i % 2 === 1 ? part : mark(part)))
      .join("");
  return markdown
    .split(/^---$/m)
    .map((slide) => {
      const divider = DIVIDER.test(slide);
      return slide
        .split(COMMENT)
        .map((part, i) => (i % 2 === 1 ? part : divider ? markOutsideTags(part) : part.replace(DISPLAY, markOutsideTags)))
        .join("");
    })
    .join("---");
}

/** What Marp's own slugifier (marp-core 4.4) removes from a heading's text. */
const SLUG_PUNCTUATION = /[\][!/'"#$%&()*+,./:;<=>?@\\^{|}~`。，、；：？！…—·ˉ¨‘’“”々～‖∶＂＇｀｜〃〔〕〈〉《》「」『』．〖〗【】（）［］｛｝]/g;

/**
 * A heading's id as Marp makes it, without the word breaks: Marp reads a heading's inline HTML as
 * text, so "大连<wbr>概<wbr>览" would be given the id "大连wbr概wbr览". The engines that render the
 * decks (fit.ts, print.ts, bespoke.ts) take this for Marp's `slug` option.
 */
export function headingSlug(text: string): string {
  return encodeURI(
    text
      .replace(/<wbr\s*\/?>/gi, "")
      .trim()
      .toLowerCase()
      .replace(/\s+/g, "-")
      .replace(SLUG_PUNCTUATION, "")
      .replace(/(?:^-+|-+$)/, ""),
  );
}
