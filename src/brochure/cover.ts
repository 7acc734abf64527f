/**
 * The cover: brand lockup, the key visual, the edition kicker, the city's name in English and in
 * its own script, the tagline, and a white band with the publisher line and the data-vintage
 * notice. Its words come from templates/brochure/cover.hbs; their places are fixed here, and the
 * name and tagline shrink until they fit however long they are.
 */
import { unescapeMarkdown } from "../content/markdown.ts";
import { panelBlock } from "./blocks/panel.ts";
import type { DrawEnv } from "./flowable.ts";
import { drawLogo } from "./furniture.ts";
import { syntaxError, type Block } from "./markdown/blocks.ts";
import { plainText, type Span } from "./markdown/inline.ts";
import { artifact, child, tagged, textMarker } from "./tagging.ts";
import { linesHeight, plain, type Line } from "./text.ts";
import type { TextStyle } from "./theme.ts";
import { drawKeyVisual } from "./visual.ts";

export interface CoverInput {
  blocks: Block[];
  file: string;
  logo: string;
  logoAlt: string;
  brandName: string;
  brandTagline?: string;
}

type Container = Extract<Block, { type: "container" }>;

export function drawCover(env: DrawEnv, input: CoverInput): void {
  const { doc, ts, theme } = env;
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

  // The white band at the foot: publisher line and notice, measured first so the dark area knows its height.
  const noticeBlock = notice ? panelBlock(ts, theme, notice.body, { fill: "#FDF3E0", bar: colours.accent, title: notice.args.length ? plain(unescapeMarkdown(notice.args.join(" "))) : undefined, style: theme.text.body }, "") : undefined;
  const metaLines = ts.set(meta, { ...theme.text.body, colour: colours.muted }, content.width);
  const bandPad = 28;
  const bandHeight = bandPad + linesHeight(metaLines) + (noticeBlock ? theme.space.m + noticeBlock.height : 0) + bandPad;
  const darkBottom = page.height - bandHeight;

  // Title stack, bottom-aligned in the dark area; shrinks until it fits below the lockup.
  const logoSize = 30;
  const top = 44;
  const floor = darkBottom - 44;
  const ceiling = top + logoSize + 60;
  let stack = titleStack(env, heading.text, local, kicker, tagline, 1);
  for (let shrink = 0.95; stack.height > floor - ceiling && shrink > 0.4; shrink -= 0.05) stack = titleStack(env, heading.text, local, kicker, tagline, shrink);
  const stackTop = Math.max(ceiling, floor - stack.height);

  // The visual's focal point sits above the title, however tall a long name makes it.
  const focusY = Math.max(top + 16, Math.min(darkBottom * 0.36, stackTop - 56));
  artifact(doc, () => {
    doc.rect(0, 0, page.width, darkBottom).fill(colours.primary);
    drawKeyVisual(doc, { x: 0, y: 0, width: page.width, height: darkBottom }, { x: page.width - 150, y: focusY }, { ring: colours.secondary, route: "#7FB7BE", dot: colours.accent, line: "#FFFFFF" });
    doc.rect(0, darkBottom, content.x + 120, 4).fill(colours.accent);
  });

  env.openSection(plainText(heading.text), 1, 0);
  const sect = env.parent();

  // Brand lockup, top left.
  tagged(doc, sect, "Figure", () => drawLogo(doc, input.logo, content.x, top, logoSize), { alt: input.logoAlt, bbox: [content.x, top, content.x + logoSize, top + logoSize], placement: "Block" });
  const brand = ts.set(plain(input.brandName), { ...theme.text.h2, size: 12, leading: 16, colour: "#FFFFFF" }, content.width / 2);
  let y = ts.draw(brand, content.x + logoSize + 10, top - 1, textMarker(doc, child(doc, sect, "P"), "P"));
  if (input.brandTagline) {
    const lines = ts.set(plain(input.brandTagline), { ...theme.text.source, size: 7.5, leading: 11, colour: colours.onDarkMuted }, content.width / 2);
    ts.draw(lines, content.x + logoSize + 10, y, textMarker(doc, child(doc, sect, "P"), "P"));
  }

  y = stackTop;
  for (const part of stack.parts) {
    y += part.gap;
    const element = child(doc, sect, part.tag, part.lang ? { lang: part.lang } : {});
    y = ts.draw(part.lines, content.x, y, textMarker(doc, element, part.tag));
  }

  // The band.
  y = darkBottom + bandPad;
  y = ts.draw(metaLines, content.x, y, textMarker(doc, child(doc, sect, "P"), "P"));
  if (noticeBlock) noticeBlock.draw(env, content.x, y + theme.space.m);
}

interface StackPart {
  lines: Line[];
  tag: string;
  gap: number;
  lang?: string;
}

function titleStack(env: DrawEnv, name: Span[], local: Container | undefined, kicker: Span[], tagline: Span[][], shrink: number): { parts: StackPart[]; height: number } {
  const { ts, theme } = env;
  const width = theme.content.width;
  const s = (style: TextStyle, factor = shrink): TextStyle => ({ ...style, size: style.size * factor, leading: Math.round(style.leading * factor) });
  const parts: StackPart[] = [];
  if (kicker.length) parts.push({ lines: ts.set(kicker, s({ ...theme.text.kicker, size: 9, leading: 14, colour: theme.colours.accent, tracking: 0.8 }, 1), width), tag: "P", gap: 0 });
  parts.push({ lines: ts.set(name, s({ face: "headingBold", size: 62, leading: 66, colour: "#FFFFFF" }), width), tag: "H1", gap: 10 });
  if (local) {
    const lang = local.args[0] ? unescapeMarkdown(local.args[0]) : undefined;
    const spans = local.body.flatMap((b) => (b.type === "paragraph" ? b.text : []));
    parts.push({ lines: ts.set(spans, s({ face: "localBold", size: 38, leading: 48, colour: "#7FB7BE" }), width), tag: "P", gap: 4, lang });
  }
  for (const spans of tagline) parts.push({ lines: ts.set(spans, s({ ...theme.text.lead, size: 13.5, leading: 20, colour: "#D6E4EC" }), width * 0.8), tag: "P", gap: 16 });
  return { parts, height: parts.reduce((sum, p) => sum + p.gap + linesHeight(p.lines), 0) };
}
