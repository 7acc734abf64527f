/**
 * Escaping data for Markdown. Handlebars only knows HTML escaping; in Markdown a city name holding
 * `---`, `#`, `|` or `<style>` could start a slide, a heading, a table or inject CSS. Every ASCII
 * punctuation character may be backslash-escaped in CommonMark, and white space is folded so data
 * can never open a new block or an indented code block.
 */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~:=&"'$^]/g;

export function escapeMarkdown(text: string): string {
  return (
    text
      // Runs of ordinary white space read as one space in Markdown anyway; leading ones would turn
      // a line into a code block. (No-break and other special spaces are kept as written.)
      .replace(/[ \t\r\n\f\v]+/g, " ")
      .trim()
      .replace(MARKDOWN_SPECIAL, (ch) => (ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : ch === "&" ? "&amp;" : `\\${ch}`))
  );
}

/** Reverses escapeMarkdown for a renderer that reads our Markdown subset itself (the brochure). */
export function unescapeMarkdown(text: string): string {
  return text
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~:=&"'$^])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * A URL as a Markdown link destination: `<…>`, the CommonMark form that keeps parentheses,
 * brackets and backslashes literal, so the link target is the URL exactly as the data has it.
 * Only what that form cannot hold (angle brackets, white space, controls) is percent-encoded.
 */
export function markdownLinkDestination(url: string): string {
  const inside = url.replace(/[<>\s\\]|[\u0000-\u001f\u007f-\u009f]/g, (ch) =>
    [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
  return `<${inside}>`;
}
