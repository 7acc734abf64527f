/**
 * The brochure's Markdown engine: markdown-it, the parser Marp runs for the deck, so a template
 * reads the same in both. CommonMark plus GFM tables, no raw HTML, no linkify, no typographer; the
 * brochure adds three small extensions:
 *
 * - containers `:::name args` … `:::` (markdown-it-container, any lower-case name; a container
 *   nests inside another when the outer one uses a longer fence, `::::callout` … `::::`);
 * - leaf directives `::name args` on a line of their own (`::chart id`, `::newpage`);
 * - citation marks `\[1, 4\]` as the `cite` helper writes them, kept as one "cite" token.
 *
 * Link destinations are taken as written (after CommonMark's own unescaping): links.ts decides
 * later which of them may become a link annotation, so no scheme is lost or rewritten here.
 */
import { createRequire } from "node:module";
import type MarkdownIt from "markdown-it";
import type { PluginWithParams } from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import container from "markdown-it-container";

/** Token type of every container (its `info` holds "name args"). */
export const CONTAINER = "container_brochure";
/** Token type of a leaf directive (its `info` holds "name args"). */
export const DIRECTIVE = "directive";
/** Token type of a citation mark (its `content` holds "[1, 4]"). */
export const CITE = "cite";

const NAME = /^([a-z][a-z0-9-]*)(?:\s+(.*))?$/;
const LEAF = /^::([a-z][a-z0-9-]*)(?:[ \t]+(.*))?$/;
const CITE_MARK = /^\\\[(\d+(?:, ?\d+)*)\\\]/;

// markdown-it's CommonJS build, the one marpit requires for the deck: importing its ESM build
// would load a second copy of the parser in the same process.
const MarkdownItEngine = createRequire(import.meta.url)("markdown-it") as typeof MarkdownIt;
let engine: MarkdownIt | undefined;

export function markdown(): MarkdownIt {
  return (engine ??= create());
}

function create(): MarkdownIt {
  const md = new MarkdownItEngine("default", { html: false, linkify: false, typographer: false, breaks: false });
  // Safety is links.ts's job (only https, http and mailto become annotations); here a destination
  // stays exactly as the template wrote it, so nothing is percent-encoded twice.
  md.validateLink = () => true;
  md.normalizeLink = (url) => url;
  md.normalizeLinkText = (text) => text;

  // (The plugin's types name markdown-it's CommonJS typings; the instance is the same.)
  md.use(container as unknown as PluginWithParams, CONTAINER.replace(/^container_/, ""), { validate: (params: string) => NAME.test(params.trim()) });
  // markdown-it-container closes a container the file never closes at the end of its parent;
  // the brochure calls that an error, so the rule is wrapped to mark such containers.
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: (s: StateBlock, a: number, b: number, c: boolean) => boolean; alt: string[] }[] }).__rules__;
  const rule = rules.find((r) => r.name === CONTAINER)!;
  const original = rule.fn;
  md.block.ruler.at(
    CONTAINER,
    (state, startLine, endLine, silent) => {
      const before = state.tokens.length;
      const found = original(state, startLine, endLine, silent);
      if (found && !silent) {
        const open = state.tokens[before]!;
        // The plugin leaves state.line on the closing fence's line + 1 when it found one.
        if (state.line !== open.map![1] + 1) open.meta = { unclosed: true };
      }
      return found;
    },
    { alt: rule.alt },
  );

  md.block.ruler.before("paragraph", DIRECTIVE, directive, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.inline.ruler.before("escape", CITE, cite);
  return md;
}

function directive(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const line = state.src.slice(start, state.eMarks[startLine]).trimEnd();
  const match = LEAF.exec(line);
  if (!match) return false;
  if (silent) return true;
  const token = state.push(DIRECTIVE, "", 0);
  token.info = match[2] ? `${match[1]} ${match[2].trim()}` : match[1]!;
  token.map = [startLine, startLine + 1];
  token.block = true;
  state.line = startLine + 1;
  return true;
}

function cite(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5c /* \ */) return false;
  const match = CITE_MARK.exec(state.src.slice(state.pos, state.pos + 200));
  if (!match) return false;
  if (!silent) {
    const token = state.push(CITE, "", 0);
    token.content = `[${match[1]!.split(/, ?/).join(", ")}]`;
  }
  state.pos += match[0].length;
  return true;
}
