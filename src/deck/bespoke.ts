/**
 * The deck's HTML as marp-cli's "bespoke" template makes it (its navigation, on-screen controls,
 * presenter view and speaker notes), assembled in this process instead of by a marp-cli process.
 *
 * Hand-written, and why: marp-cli has no API that converts without running its whole command line
 * (arguments, config lookup, files), and its process cost about 0.6 s of CPU, most of it loading
 * marp-cli, for one Marp render (this process has the engine loaded already) and a fixed page
 * around it. What makes the page marp-cli's comes from the installed marp-cli itself: its client
 * script (lib/bespoke.js) and the template's stylesheet (read from its bundle). The rest mirrors
 * marp-cli 4.5's engine set-up (`generateEngine`: its global directives, the title taken from the
 * first heading when none is set, the theme it is given) and its bespoke template, and
 * test/deck/bespoke.test.ts holds the result byte-identical to marp-cli's own HTML. Where the
 * installed marp-cli is not the one mirrored, or a deck needs what this does not cover (a slide
 * transition, no `lang`), bespokeHtml says so and the deck stage runs marp-cli as before.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { MARP_CONFIG } from "./convert.ts";
import { headingSlug } from "./phrases.ts";
import { Marp, packOnce, type PackingThemeSet } from "./fit.ts";
import { setAsideDataUris, spliced, withPicturesInPieces, type Picture } from "./pictures.ts";

/** The marp-cli whose template and engine set-up this mirrors. */
const MIRRORED = "4.5.1";

/** marp-cli's on-screen controller, as its template writes it (`osc` on, `progress` off: its defaults). */
const OSC =
  '<div class="bespoke-marp-osc"><button data-bespoke-marp-osc="prev" tabindex="-1" title="Previous slide">Previous slide</button><span data-bespoke-marp-osc="page"></span><button data-bespoke-marp-osc="next" tabindex="-1" title="Next slide">Next slide</button><button data-bespoke-marp-osc="fullscreen" tabindex="-1" title="Toggle fullscreen (f)">Toggle fullscreen</button><button data-bespoke-marp-osc="overview" tabindex="-1" title="Toggle overview view (o)">Toggle overview view</button><button data-bespoke-marp-osc="presenter" tabindex="-1" title="Open presenter view (p)">Open presenter view</button></div>';

const HEAD =
  '<meta charset="UTF-8"><meta name="viewport" content="width=device-width,height=device-height,initial-scale=1.0"><meta name="apple-mobile-web-app-capable" content="yes"><meta http-equiv="X-UA-Compatible" content="ie=edge"><meta property="og:type" content="website">';

interface Template {
  css: string;
  js: string;
}

let template: Template | null | undefined;

/** marp-cli's bespoke stylesheet and client script, or null when the installed marp-cli is not the mirrored one. */
function bespokeTemplate(): Template | null {
  if (template !== undefined) return template;
  template = null;
  try {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve("@marp-team/marp-cli/package.json");
    if ((JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version !== MIRRORED) return template;
    const lib = join(dirname(manifest), "lib");
    for (const file of readdirSync(lib).filter((f) => /^marp-cli-.*\.js$/.test(f))) {
      const bundle = readFileSync(join(lib, file), "utf8");
      // The template's own markup, as written here, must be in the bundle: else it changed.
      const css = /bespoke:\{css:'([^'\\]*)',js:await \w+\("bespoke\.js"\)/.exec(bundle)?.[1];
      if (css && bundle.includes(OSC) && bundle.includes(HEAD)) {
        template = { css, js: readFileSync(join(lib, "bespoke.js"), "utf8") };
        break;
      }
    }
  } catch {
    // No marp-cli to mirror: the stage runs it, and says what is wrong.
  }
  return template;
}

/** Whether this process can make the HTML (the installed marp-cli is the one mirrored). */
export function bespokeAvailable(): boolean {
  return bespokeTemplate() !== null;
}

/** The global directives marp-cli adds (its `hi` plugin), under the names it keeps them by. */
const META = { author: "marpCLIAuthor", description: "marpCLIDescription", image: "marpCLIImage", title: "marpCLITitle" } as const;

/** Keywords as marp-cli reads them: a list or a comma-separated string, trimmed, without repeats. */
function keywordList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(",").map((k) => k.trim()) : undefined;
  if (!list) return undefined;
  const unique = [...new Set(list.filter((k): k is string => typeof k === "string" && k !== ""))];
  return unique.length > 0 ? unique : undefined;
}

type MarkdownIt = Marp["markdown"];
interface Token {
  type: string;
  tag: string;
  hidden: boolean;
  content: string;
  markup: string;
  meta: Record<string, unknown> | null;
}
interface CoreState {
  inlineMode: boolean;
  tokens: Token[];
  Token: new (type: string, tag: string, nesting: number) => Token;
  md: MarkdownIt & { marpit: Marp };
}

/** marp-cli's metadata directives, and its title from the highest heading when the deck sets none. */
function metaDirectives(md: MarkdownIt & { marpit: Marp }): void {
  const text = (key: string) => (value: unknown) => (typeof value === "string" ? { [key]: value } : {});
  Object.assign(md.marpit.customDirectives.global, {
    author: text(META.author),
    description: text(META.description),
    image: text(META.image),
    keywords: (value: unknown) => {
      const keywords = keywordList(value);
      return keywords ? { marpCLIKeywords: keywords } : {};
    },
    title: text(META.title),
    url: (value: unknown) => {
      if (Array.isArray(value)) return {};
      try {
        if (value) new URL(value as string);
      } catch {
        return {};
      }
      return { marpCLIURL: value ?? undefined };
    },
  });
  md.core.ruler.after("marpit_directives_global_parse", "citypitch_title_detection", (state: CoreState) => {
    if (state.inlineMode) return false;
    const directives = (state.md.marpit as unknown as { lastGlobalDirectives?: Record<string, unknown> }).lastGlobalDirectives;
    if (directives && !(META.title in directives)) {
      let best: { level: number; content?: string } = { level: Number.MAX_SAFE_INTEGER };
      state.tokens.forEach((token, i) => {
        const level = token.type === "heading_open" && !token.hidden ? /^h([1-6])$/i.exec(token.tag)?.[1] : undefined;
        const inline = state.tokens[i + 1];
        if (level && inline?.type === "inline" && Number(level) < best.level) best = { level: Number(level), content: inline.content.trim() };
      });
      if (best.content) directives[META.title] = best.content;
    }
    return true;
  });
}

/**
 * marp-cli's `--theme` override: it registers the theme file under a name of its own (random, in
 * marp-cli; here from the theme's hash, so the same theme gives the same page), so the Markdown's
 * `theme: citypitch` names no theme it knows, and then sets that name at the end of every deck.
 */
function themeOverride(name: string) {
  return (md: MarkdownIt): void => {
    md.core.ruler.after("inline", "citypitch_override_global_directives", (state: CoreState) => {
      if (state.inlineMode) return;
      const directive = `theme: ${name}`;
      const token = new state.Token("marpit_comment", "", 0);
      token.hidden = true;
      token.content = directive;
      token.markup = `<!-- ${directive} -->`;
      token.meta = { marpitParsedDirectives: { theme: name }, marpitCommentParsed: "marp-cli-overridden-global-directives" };
      state.tokens.push(token);
    });
  };
}

/**
 * The theme's font data set aside: each @font-face `src` (a data URI and its format) becomes a
 * short token, so Marp's CSS processing does not walk hundreds of kilobytes of font data, and the
 * fonts that ship (WOFF2, built meanwhile) take the tokens' places afterwards.
 */
function withoutFontData(theme: string): { theme: string; families: string[] } {
  const families: string[] = [];
  const css = theme.replace(/(@font-face \{ font-family: "([^"]+)"; src: )url\("data:font\/[^"]+"\) format\("[^"]+"\)/g, (_, head: string, family: string) => {
    families.push(family);
    return `${head}url("cp-font:${families.length - 1}")`;
  });
  return { theme: css, families };
}

/** The `url(…) format(…)` source of each font family of a theme, as withFonts (stage.ts) reads them. */
export function fontSources(theme: string): Map<string, string> {
  return new Map([...theme.matchAll(/@font-face \{ font-family: "([^"]+)"; src: (url\("data:font\/[^"]+"\) format\("[^"]+"\));/g)].map((m) => [m[1]!, m[2]!]));
}

export interface BespokeEngine {
  marp: Marp;
  /** The theme's font families, by token number (see withoutFontData). */
  families: string[];
}

/** An engine set up as marp-cli sets up its own for the bespoke template, with the build's theme. */
export function bespokeEngine(theme: string): BespokeEngine {
  const marp = new Marp({
    ...MARP_CONFIG.options,
    container: { tag: "div", id: ":$p" },
    inlineSVG: true,
    slideContainer: [],
    html: MARP_CONFIG.html,
    slug: headingSlug,
  } as ConstructorParameters<typeof Marp>[0]);
  marp.markdown.set({ html: MARP_CONFIG.html });
  marp.use(metaDirectives);
  const set = withoutFontData(theme);
  const name = createHash("sha256").update(set.theme).digest("hex").slice(0, 40);
  marp.themeSet.add(`${set.theme}\n/* @theme ${name} */`);
  packOnce(marp.themeSet as unknown as PackingThemeSet);
  marp.use(themeOverride(name));
  return { marp, families: set.families };
}

/**
 * The deck's HTML as marp-cli would write it from `markdown` with the engine's theme, once given
 * the theme's fonts as they ship (`shipped`: the same families, as WOFF2, which may still be being
 * made while this renders), and `extraHead` at the end of its <head> (stage.ts's speaker-notes
 * font, put there without copying the page as withNotesFont must). Undefined when this cannot
 * mirror marp-cli for this deck: the caller converts it with marp-cli instead.
 */
export function bespokeHtml(
  engine: BespokeEngine,
  markdown: string,
  pictures: readonly Picture[] = [],
): ((shipped: string, extraHead?: string) => (string | Buffer)[]) | undefined {
  const page = bespokeTemplate();
  // A slide transition is marp-cli's own directive, with stylesheets of its own; not mirrored.
  if (!page || /\btransition\s*:/.test(markdown)) return undefined;
  // The pictures go in as the page is written (pictures.ts); a data URI a template wrote is set
  // aside while Marp parses.
  const aside = setAsideDataUris(markdown.replace(/^\uFEFF/, ""));
  const { marp, families } = engine;
  const rendered = marp.render(aside.text);
  const directives = ((marp as unknown as { lastGlobalDirectives?: Record<string, unknown> }).lastGlobalDirectives ?? {}) as Record<string, unknown>;
  const lang = typeof directives.lang === "string" ? directives.lang : undefined;
  // Without a `lang`, marp-cli takes the system's locale: not mirrored.
  if (!lang) return undefined;
  const html = aside.putBack(rendered.html);
  const text = (key: string) => (typeof directives[key] === "string" ? (directives[key] as string) : undefined);
  const title = text(META.title);
  const author = text(META.author);
  const description = text(META.description);
  const image = text(META.image);
  const keywords = directives.marpCLIKeywords as string[] | undefined;
  const url = text("marpCLIURL");
  const head = [
    `<!DOCTYPE html><html${attr("lang", lang)}><head>`,
    title ? `<title>${escapeHtml(title)}</title><meta property="og:title"${attr("content", title)}>${image ? `<meta property="og:image:alt"${attr("content", title)}>` : ""}` : "",
    author ? `<meta name="author"${attr("content", author)}><meta property="article:author"${attr("content", author)}>` : "",
    description ? `<meta name="description"${attr("content", description)}><meta property="og:description"${attr("content", description)}>` : "",
    keywords && keywords.length > 1 ? `<meta name="keywords"${attr("content", keywords.join(","))}>` : "",
    url ? `<link rel="canonical"${attr("href", url)}><meta property="og:url"${attr("content", url)}>` : "",
    image ? `<meta property="og:image"${attr("content", image)}>` : "",
    HEAD,
    `<meta name="twitter:card"${attr("content", title && image ? "summary_large_image" : "summary")}>`,
    `<style>${page.css}</style><style>`,
  ].join("");
  const notes = rendered.comments.map((comments, i) =>
    comments.length > 0 ? `<div class="bespoke-marp-note"${attr("data-index", String(i))} tabindex="0">${comments.map((c) => `<p>${escapeHtml(c)}</p>`).join("")}</div>` : "",
  );
  // Concatenated, not joined: the page (2 MB with its pictures and fonts, for every deck of a build)
  // is then copied once, by whoever writes it, not once per step of its assembly.
  const body = "</head><body>" + OSC + html + notes.join("") + "<script>" + page.js + "</script></body></html>";
  return (shipped, extraHead = "") => {
    const sources = fontSources(shipped);
    const css = spliced(rendered.css, /url\("cp-font:(\d+)"\)/, (i) => {
      const family = families[Number(i)];
      const source = family === undefined ? undefined : sources.get(family);
      // A deck must not ship with fonts it was not measured with.
      if (!source) throw new Error(`the shipped theme has no font of the family ${family ?? `url("cp-font:${i}")`}`);
      return source;
    });
    // In pieces, for Staging.write: the page, 2 MB with its pictures, is never one string.
    return [head, css, "</style>", extraHead, ...withPicturesInPieces(body, pictures)];
  };
}

/** Pug's escaping, which marp-cli's template uses: quotes, ampersands and angle brackets only. */
function escapeHtml(text: string): string {
  return text.replace(/["&<>]/g, (c) => ({ '"': "&quot;", "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);
}

const attr = (name: string, value: string) => ` ${name}="${escapeHtml(value)}"`;
