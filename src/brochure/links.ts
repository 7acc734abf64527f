/**
 * Which link targets may become a link annotation in the PDF: only web (`https:`, `http:`) and
 * e-mail (`mailto:`) addresses. The data schema already refuses other schemes; the renderer refuses
 * them again (defence in depth), so a `javascript:`, `file:` or `data:` target, however it got into a
 * template, is drawn as plain text and never linked.
 */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const SAFE = new Set(["http", "https", "mailto"]);

/**
 * The URI to put in a link annotation, or undefined when the target must not be linked. The URI is
 * plain ASCII (PDF URI actions are 7-bit): characters a URI cannot hold literally are percent-encoded
 * as UTF-8, and existing %XX escapes are kept, so the target is the same address.
 */
export function linkTarget(url: string | undefined): string | undefined {
  if (!url) return undefined;
  // No trimming or stripping: "java\tscript:" or " javascript:" is not read as a safe scheme.
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (!scheme || !SAFE.has(scheme)) return undefined;
  const uri = url.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (ch) =>
    [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${scheme}:`) return undefined;
  if (scheme === "mailto") return parsed.pathname.length > 0 ? uri : undefined;
  return parsed.hostname ? uri : undefined;
}
