/**
 * The deck's PDF and picture PPTX, made in the browser session that measured the slides, rather
 * than by marp-cli in a second process with a second browser. What marp-cli's PDF and PPTX
 * conversions do is done here the same way (its "bare" page, the same print options, pptxgenjs with
 * one picture per slide and the notes), less what cost time and added nothing: a second browser
 * launch, a fixed 500 ms network-idle wait (the page has no network: everything is inline), and
 * rendering the Markdown again in another process.
 *
 * The PDF is Chromium's tagged PDF: headings, paragraphs, lists, tables and links as structure,
 * images with their alt text as /Alt, and what is not content (backgrounds, decoration drawn by
 * CSS) outside the structure, marked as artifacts. Its bookmarks are Chromium's document outline
 * (one per slide heading, sub-headings beneath), titled as marp-cli titles them; pdf-lib sets
 * those titles and the document information.
 */
import { MARP_CONFIG } from "./convert.ts";
import { headingSlug } from "./phrases.ts";
import { Marp, renderForBrowser, withTheme } from "./fit.ts";
import type { BrowserSession, PageLease } from "./session.ts";
import { CSS_ID, FONTS_ATTRIBUTE, fontsKey, loadDeckPage, NAME_HELPER, type SwappablePage } from "./pageLoad.ts";
import type { Picture } from "./pictures.ts";
import { standInFor, type StandIn } from "./standIns.ts";
import { finishDeckPdf } from "./pdfInfo.ts";
import { pdfLib } from "./pdfLib.ts";
import { runningLane } from "../lanes/lane.ts";

/** The slide size the theme sets (1280 × 720 CSS px, 960 × 540 pt). */
const SLIDE = { width: 1280, height: 720 };

/** marp-cli's bare template CSS, which its PDF and image conversions print. */
const BARE_CSS =
  "body,html{background:#000;height:100%;margin:0;overflow:auto;scroll-snap-type:y mandatory;scroll-snap-type:mandatory;scroll-snap-points-y:repeat(100%)}body>svg{display:block;height:100%;scroll-snap-align:center center;width:100%}";

/** What the Markdown's global directives say about the deck (the PDF's document information). */
export interface DeckInfo {
  title?: string;
  description?: string;
  author?: string;
  lang?: string;
}

export interface PrintableDeck extends SwappablePage {
  /** The page marp-cli's bare template would make of the Markdown (its pictures stood in for: standIns.ts); made when first read. */
  readonly html: string;
  /** The pictures the page holds stand-ins for, put into its PDF once printed. */
  standIns: StandIn[];
  info: DeckInfo;
  /** Speaker notes per slide. */
  notes: string[];
  slides: number;
}

/**
 * An engine set up as marp-cli sets up its own for PDF and images: no container around the
 * slides, and the global directives marp-cli reads (title, description, author) kept.
 */
export function printingEngine(theme: string): Marp {
  const marp = new Marp({ ...MARP_CONFIG.options, html: MARP_CONFIG.html, slug: headingSlug, container: [], slideContainer: [], inlineSVG: true } as ConstructorParameters<
    typeof Marp
  >[0]);
  const text = (key: string) => (value: string | string[]) => (typeof value === "string" ? { [key]: value } : {});
  Object.assign(marp.customDirectives.global, { title: text("cpTitle"), description: text("cpDescription"), author: text("cpAuthor") });
  return withTheme(marp, theme);
}

/**
 * The page marp-cli's bare template makes of `markdown`, whose pictures by reference are `pictures`
 * (pictures.ts): each stood in for (standIns.ts), or as it is (for screenshots).
 */
export function printableDeck(marp: Marp, markdown: string, pictures: readonly Picture[] = [], shown: "stand-ins" | "as they are" = "stand-ins"): PrintableDeck {
  const standIns = new Map<Buffer, StandIn | undefined>();
  const place = (png: Buffer) => {
    if (!standIns.has(png)) standIns.set(png, standInFor(png, standIns.size + 1));
    return standIns.get(png)?.uri;
  };
  const { html, css, comments, faces } = renderForBrowser(marp, markdown, pictures, shown === "stand-ins" ? place : undefined);
  const directives = ((marp as unknown as { lastGlobalDirectives?: Record<string, string> }).lastGlobalDirectives ?? {}) as Record<string, string | undefined>;
  const info: DeckInfo = { title: directives.cpTitle, description: directives.cpDescription, author: directives.cpAuthor, lang: directives.lang };
  // The page names its fonts and its deck's style, so that the next deck with the same fonts is
  // put into it without loading them again (pageLoad.ts).
  const fonts = fontsKey(faces);
  // The whole page (its fonts a third of a megabyte) is made only for a page that does not hold them.
  let whole: string | undefined;
  const page = () => {
    const head = [
      info.title ? `<title>${escapeHtml(info.title)}</title>` : "",
      `<meta charset="UTF-8">`,
      `<style media="screen">${BARE_CSS}</style>`,
      `<style>${faces}</style>`,
      `<style id="${CSS_ID}">${css}</style>`,
    ].join("");
    const lang = info.lang ? ` lang="${escapeHtml(info.lang)}"` : "";
    return `<!DOCTYPE html><html${lang} ${FONTS_ATTRIBUTE}="${fonts}"><head>${head}</head><body>${html}</body></html>`;
  };
  return {
    get html() {
      return (whole ??= page());
    },
    swap: { fonts, lang: info.lang, title: info.title, css, body: html },
    standIns: [...standIns.values()].filter((s): s is StandIn => s !== undefined),
    info,
    notes: comments.map((c) => c.join("\n\n")),
    slides: comments.length,
  };
}

/** Loads the deck and waits for what it draws with: its fonts and images (all inline) and one frame. */
async function load(lease: PageLease, deck: PrintableDeck): Promise<void> {
  await loadDeckPage(lease, deck, "load the deck to print", true);
}

/** The PDF, one page per slide, tagged, with bookmarks and the deck's document information. */
export async function printPdf(session: BrowserSession, deck: PrintableDeck, date: Date): Promise<Buffer> {
  const printing = await session.use("print the deck", async (lease) => {
    await load(lease, deck);
    const printing = printLoaded(lease, deck, date);
    await printing.printed;
    return printing;
  });
  return printing.pdf;
}

/** A PDF being printed: `printed` settles when Chromium is done with the page, `pdf` when the file is finished. */
export interface Printing {
  printed: Promise<unknown>;
  pdf: Promise<Buffer>;
}

/**
 * Prints the deck the session's page holds, loaded and laid out: the page fit.ts measured the deck
 * in when it was fitted with printableDeck's documents (see fitDeck), which therefore need not be
 * loaded again. Chromium is asked to print before this returns, so the caller can use this thread
 * while it prints; the page must stay as it is until `printed` settles.
 */
export function printLoaded(lease: PageLease, deck: PrintableDeck, date: Date): Printing {
  const { page } = lease;
  // Fonts were waited for when the page was loaded and measured; puppeteer's own wait would be
  // a round trip before Chromium is even asked to print.
  const raw = lease.step("print the deck", () =>
    page.pdf({ printBackground: true, preferCSSPageSize: true, width: SLIDE.width, height: SLIDE.height, tagged: true, outline: true, waitForFonts: false }),
  );
  // Whatever this page held before, the helper a TypeScript loader's code may call is there.
  const headings = lease.step("read the deck's headings", () => page.evaluate(NAME_HELPER).then(() => page.evaluate(headingTitles)));
  const printed = Promise.all([raw, headings]);
  // Finished on the second lane when one runs: pdf-lib's parse and save of the printed file (70 ms
  // a deck) is then done beside this thread's next deck, not before it; 15 decks spent a second of
  // this thread's time on it, the thread that the browser waits on.
  const lane = runningLane();
  // Loaded while Chromium prints, not after.
  if (!lane) pdfLib();
  const finished = { info: deck.info, standIns: deck.standIns };
  const pdf = printed.then(([bytes, titles]) =>
    lane
      ? lane.run("finishDeckPdf", bytes, finished, titles, date).then((made) => Buffer.from(made.buffer, made.byteOffset, made.byteLength))
      : finishDeckPdf(bytes, finished, titles, date),
  );
  // Whoever waits on them hears of a failure; one left unawaited (a build stopped by a later
  // deck's error) must not take the process down with an unhandled rejection.
  printed.catch(() => undefined);
  pdf.catch(() => undefined);
  return { printed, pdf };
}

/**
 * Runs in the page: every heading's text as marp-cli titles its bookmarks (a line break is a
 * space, an image counts by its alt text, the source's letter case rather than the displayed one).
 * Keep it self-contained.
 */
function headingTitles(): string[] {
  const text = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? "";
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    const el = node as Element;
    if (el.tagName === "BR") return "\n";
    const alt = el.tagName === "IMG" ? (el.getAttribute("alt") ?? "") : "";
    return alt + [...el.childNodes].map(text).join("") + (getComputedStyle(el).display.startsWith("inline") ? "" : "\n");
  };
  return [...document.querySelectorAll("section h1, section h2, section h3, section h4, section h5, section h6")]
    .filter((h) => h.getClientRects().length > 0 && getComputedStyle(h).visibility === "visible")
    .map((h) =>
      text(h)
        .replace(/[\t\n\r ]+/g, " ")
        .trim(),
    );
}

/**
 * The picture PPTX (opt-in format pptx-images): every slide a 2560 × 1440 screenshot, with its
 * notes, as marp-cli makes it. Screenshots are taken one after another in one page: several
 * pages screenshotting at once in one browser stall it.
 */
export async function picturePptx(session: BrowserSession, deck: PrintableDeck): Promise<Buffer> {
  // Screenshots show what the page holds: its pictures, not stand-ins (printableDeck's "as they are").
  if (deck.standIns.length > 0) throw new Error("the picture PPTX needs the deck's page with its pictures, not their stand-ins");
  const shots = await session.use("take the slides' pictures", async (lease) => {
    const { page } = lease;
    await lease.step("set up the page for pictures", () => page.setViewport({ ...SLIDE, deviceScaleFactor: 2 }));
    try {
      await load(lease, deck);
      await page.addStyleTag({ content: ":root,body { scrollbar-width:none !important; }" });
      await page.emulateMediaType("print");
      await page.addStyleTag({ content: ":root,body { background:transparent !important; }" });
      const pictures: Uint8Array[] = [];
      for (let i = 0; i < deck.slides; i++) {
        pictures.push(
          await lease.step(`take the picture of slide ${i + 1}`, () => page.screenshot({ clip: { x: 0, y: i * SLIDE.height, ...SLIDE }, omitBackground: true, type: "png" })),
        );
      }
      return pictures;
    } finally {
      // Back to the print media the session keeps its pages in (session.ts).
      await page.emulateMediaType("print").catch(() => undefined);
      await page.setViewport(SLIDE).catch(() => undefined);
    }
  });
  const { newPresentation } = await import("../pptx/pptxgen.ts");
  const pptx = newPresentation();
  pptx.author = deck.info.author ?? "citypitch";
  pptx.company = "citypitch";
  if (deck.info.title) pptx.title = deck.info.title;
  if (deck.info.description) pptx.subject = deck.info.description;
  pptx.defineLayout({ name: "slide", width: SLIDE.width / 96, height: SLIDE.height / 96 });
  pptx.layout = "slide";
  shots.forEach((png, i) => {
    const slide = pptx.addSlide();
    slide.background = { data: `data:image/png;base64,${Buffer.from(png).toString("base64")}` };
    if (deck.notes[i]) slide.addNotes(deck.notes[i]!);
  });
  return Buffer.from((await pptx.write({ outputType: "uint8array" })) as Uint8Array);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
