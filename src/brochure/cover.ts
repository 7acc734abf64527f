/**
 * The cover: brand lockup, the key visual, the edition kicker, the city's name in English and in
 * its own script, the tagline, and a band in the paper colour with the publisher line and the
 * data-vintage notice. Its words come from templates/brochure/cover.hbs; their places are fixed here.
 *
 * Long text shrinks to fit: the display type (the name in both scripts) down to 45% of its size,
 * the tagline and the band to 80% (never below 8 pt). Text that still does not fit stops the build,
 * naming the field that is too long (name.en, tagline…) and by how much; nothing is cut off.
 */
import { panelBlock } from "./blocks/panel.ts";
import { MIN_SCALE, MIN_TEXT, type Overflow, type OverflowError } from "./fit.ts";
import type { DrawEnv, Flowable } from "./flowable.ts";
import { drawLogo, logoBox } from "./furniture.ts";
import { syntaxError, type Block } from "./markdown/blocks.ts";
import { plainText, type Span } from "./markdown/inline.ts";
import { fillToBleed, fullBleed } from "./print.ts";
import { artifact, child, tagged, textMarker } from "./tagging.ts";
import { linesHeight, plain, type Line, type Typesetter } from "./text.ts";
import { scaledTheme, scaleStyle, type TextStyle, type Theme } from "./theme.ts";
import { drawKeyVisual } from "./visual.ts";

export interface CoverInput {
  blocks: Block[];
  file: string;
  brandName: string;
  brandTagline?: string;
}

export interface CoverPlan {
  title: string;
  brand: Line[];
  brandTagline?: Line[];
  stack: StackPart[];
  stackTop: number;
  metaLines: Line[];
  notice?: Flowable;
  darkBottom: number;
  bandPad: number;
  noticeGap: number;
}

type Container = Extract<Block, { type: "container" }>;

interface StackPart {
  lines: Line[];
  tag: string;
  gap: number;
  lang?: string;
  /** The data field the template fills this part from, and the block it is. */
  source: Pick<Overflow, "field" | "among" | "block">;
}

const LOGO = 30;
const TOP = 44;
const BAND_PAD = 28;
/** The display type (the name) may shrink to this share of its size; the rest to MIN_SCALE. */
const MIN_DISPLAY = 0.45;
const STEPS = Array.from({ length: Math.round((1 - MIN_DISPLAY) / 0.05) + 1 }, (_, i) => Math.round((1 - i * 0.05) * 100) / 100);

const SOURCES = {
  kicker: { field: "edition.title", block: "the `:::kicker` block" },
  name: { field: "name.en", block: "the `#` heading (the city's name)" },
  local: { field: "name.local", block: "the `:::local` block" },
  tagline: { field: "tagline", block: "the tagline paragraph" },
  audience: { field: "editions", block: "the `:::audience` block (who the edition is prepared for)" },
  meta: {
    field: "province",
    among: [{ field: "province" }, { field: "country" }, { field: "edition.dateText" }, { field: "name", file: "brand" as const }],
    block: "the `:::meta` publisher line",
  },
  notice: { field: "name.en", block: "the `:::notice` box" },
  brand: {
    field: "name",
    among: [
      { field: "name", file: "brand" as const },
      { field: "tagline", file: "brand" as const },
    ],
    block: "the brand lockup",
  },
} satisfies Record<string, StackPart["source"]>;

export function planCover(ts: Typesetter, theme: Theme, input: CoverInput, overflow: OverflowError): CoverPlan {
  const { page, content, colours } = theme;
  const find = (name: string) => input.blocks.find((b): b is Container => b.type === "container" && b.name === name);
  const spansOf = (block: Container | undefined) => block?.body.flatMap((b) => (b.type === "paragraph" ? b.text : [])) ?? [];
  const heading = input.blocks.find((b) => b.type === "heading" && b.level === 1);
  if (!heading || heading.type !== "heading") throw syntaxError(input.file, 1, "the cover needs the city name as a `# heading`");
  const local = find("local");
  const notice = find("notice");
  const tagline = input.blocks.filter((b) => b.type === "paragraph").flatMap((b) => (b.type === "paragraph" ? [b.text] : []));
  const meta = spansOf(find("meta"));
  const kicker = spansOf(find("kicker"));
  const audience = spansOf(find("audience"));

  // Brand lockup, top left: the title stack starts below it, however many lines it takes.
  const brand = ts.set(plain(input.brandName), { ...theme.text.h2, size: 12, leading: 16, colour: colours.onDark }, content.width / 2, { phrases: true });
  const brandTagline = input.brandTagline
    ? ts.set(plain(input.brandTagline), { ...theme.text.source, size: 7.5, leading: 11, colour: colours.onDarkMuted }, content.width / 2)
    : undefined;
  const brandBottom = TOP - 1 + linesHeight(brand) + (brandTagline ? linesHeight(brandTagline) : 0);
  const ceiling = Math.max(TOP + LOGO + 60, brandBottom + 40);

  const at = (display: number) => {
    const textScale = Math.max(MIN_SCALE, display);
    const small = scaledTheme(theme, textScale, MIN_TEXT);
    // The paper band at the foot: publisher line and notice, measured first so the dark area knows its height.
    const noticeBlock = notice ? panelBlock(ts, small, notice.body, { fill: colours.noticeFill, bar: colours.accent, title: notice.title, style: small.text.body }, "") : undefined;
    const metaLines = ts.set(meta, { ...small.text.body, colour: colours.mutedText }, content.width);
    const noticeGap = small.space.m;
    const bandHeight = BAND_PAD + linesHeight(metaLines) + (noticeBlock ? noticeGap + noticeBlock.height : 0) + BAND_PAD;
    const darkBottom = page.height - bandHeight;
    const stack = titleStack(ts, theme, heading.text, local, kicker, tagline, display, textScale);
    // An edition prepared for one investor says so under the tagline, in the accent of the kicker.
    if (audience.length)
      stack.push({
        lines: ts.set(audience, scaleStyle({ ...theme.text.lead, size: 12, leading: 17, colour: theme.colours.onDarkAccent }, textScale, MIN_TEXT), content.width),
        tag: "P",
        gap: 14 * textScale,
        source: SOURCES.audience,
      });
    const height = stack.reduce((sum, p) => sum + p.gap + linesHeight(p.lines), 0);
    return { noticeBlock, metaLines, noticeGap, darkBottom, stack, height, room: darkBottom - 44 - ceiling };
  };

  let fit = at(1);
  for (const step of STEPS.slice(1)) {
    if (fit.height <= fit.room + 0.01) break;
    fit = at(step);
  }
  if (fit.height > fit.room + 0.01) {
    // Name the part that takes the most room: a title part, the band's text or the brand lockup.
    const parts: { height: number; source: StackPart["source"] }[] = [
      ...fit.stack.map((p) => ({ height: linesHeight(p.lines), source: p.source })),
      { height: linesHeight(fit.metaLines), source: SOURCES.meta },
      { height: fit.noticeBlock?.height ?? 0, source: SOURCES.notice },
      { height: brandBottom - TOP, source: SOURCES.brand },
    ];
    const worst = parts.sort((a, b) => b.height - a.height)[0]!;
    const needed = fit.height + Math.max(0, -fit.room);
    throw overflow({
      ...worst.source,
      ...(worst.source === SOURCES.brand ? { file: "brand" as const } : {}),
      area: "the cover",
      block: `${worst.source.block} of ${input.file}`,
      needed,
      room: Math.max(0, fit.room),
      fieldHeight: worst.height,
      scale: worst.source === SOURCES.name || worst.source === SOURCES.local ? MIN_DISPLAY : MIN_SCALE,
    });
  }
  return {
    title: plainText(heading.text),
    brand,
    brandTagline,
    stack: fit.stack,
    // Bottom-aligned in the dark area.
    stackTop: Math.max(ceiling, fit.darkBottom - 44 - fit.height),
    metaLines: fit.metaLines,
    notice: fit.noticeBlock,
    darkBottom: fit.darkBottom,
    bandPad: BAND_PAD,
    noticeGap: fit.noticeGap,
  };
}

export function drawCover(env: DrawEnv, plan: CoverPlan, input: { logo: string; logoAlt: string }): void {
  const { doc, ts, theme } = env;
  const { page, content, colours } = theme;
  const { darkBottom, stackTop } = plan;

  // The visual's focal point sits above the title, however tall a long name makes it.
  const focusY = Math.max(TOP + 16, Math.min(darkBottom * 0.36, stackTop - 56));
  artifact(doc, () => {
    const dark = { x: 0, y: 0, width: page.width, height: darkBottom };
    const bleed = env.bleed ?? 0;
    fillToBleed(doc, dark, page, bleed, colours.primary);
    drawKeyVisual(
      doc,
      dark,
      { x: page.width - 150, y: focusY },
      { ring: colours.onDarkRing, route: colours.onDarkSecondary, dot: colours.accent, line: colours.onDark },
      1,
      fullBleed(dark, page, bleed),
    );
    fillToBleed(doc, { x: 0, y: darkBottom, width: content.x + 120, height: 4 }, page, bleed, colours.accent);
  });

  env.openSection(plan.title, 1, 0);
  const sect = env.parent();

  // Brand lockup, top left.
  const logoWidth = logoBox(doc, input.logo, LOGO).width;
  tagged(doc, sect, "Figure", () => drawLogo(doc, input.logo, content.x, TOP, LOGO), {
    alt: input.logoAlt,
    bbox: [content.x, TOP, content.x + logoWidth, TOP + LOGO],
    placement: "Block",
  });
  let y = ts.draw(plan.brand, content.x + logoWidth + 10, TOP - 1, textMarker(doc, child(doc, sect, "P"), "P"));
  if (plan.brandTagline) ts.draw(plan.brandTagline, content.x + logoWidth + 10, y, textMarker(doc, child(doc, sect, "P"), "P"));

  y = stackTop;
  for (const part of plan.stack) {
    y += part.gap;
    const element = child(doc, sect, part.tag, part.lang ? { lang: part.lang } : {});
    y = ts.draw(part.lines, content.x, y, textMarker(doc, element, part.tag));
  }

  // The band.
  y = darkBottom + plan.bandPad;
  y = ts.draw(plan.metaLines, content.x, y, textMarker(doc, child(doc, sect, "P"), "P"));
  if (plan.notice) plan.notice.draw(env, content.x, y + plan.noticeGap);
}

function titleStack(ts: Typesetter, theme: Theme, name: Span[], local: Container | undefined, kicker: Span[], tagline: Span[][], display: number, text: number): StackPart[] {
  const width = theme.content.width;
  const s = (style: TextStyle, factor: number): TextStyle => ({ ...style, size: style.size * factor, leading: Math.round(style.leading * factor) });
  const parts: StackPart[] = [];
  if (kicker.length)
    parts.push({
      lines: ts.set(kicker, { ...theme.text.kicker, size: 9, leading: 14, colour: theme.colours.onDarkAccent, tracking: 0.8 }, width),
      tag: "P",
      gap: 0,
      source: SOURCES.kicker,
    });
  // Display type breaks between words, in CJK too (see SetOptions.phrases).
  parts.push({
    lines: ts.set(name, s({ face: "headingBold", size: 62, leading: 66, colour: theme.colours.onDark }, display), width, { phrases: true }),
    tag: "H1",
    gap: 10,
    source: SOURCES.name,
  });
  if (local) {
    const lang = local.args[0];
    const spans = local.body.flatMap((b) => (b.type === "paragraph" ? b.text : []));
    // In the local name's own font: a Chinese name keeps Chinese glyph forms in a Japanese edition.
    parts.push({
      lines: ts.set(spans, s({ face: "nativeBold", size: 38, leading: 48, colour: theme.colours.onDarkSecondary }, display), width, { phrases: true }),
      tag: "P",
      gap: 4,
      lang,
      source: SOURCES.local,
    });
  }
  for (const spans of tagline)
    parts.push({
      // A sentence of display type too: "ソ/フトウェア" broke a word in two at the line's end.
      lines: ts.set(spans, scaleStyle({ ...theme.text.lead, size: 13.5, leading: 20, colour: theme.colours.onDarkSoft }, text, MIN_TEXT), width * 0.8, { phrases: true }),
      tag: "P",
      gap: 16 * text,
      source: SOURCES.tagline,
    });
  return parts;
}
