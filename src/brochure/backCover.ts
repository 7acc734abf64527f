/**
 * The back cover: the call to action, the next steps and contact cards with working mailto and web
 * links, on the brand's dark ground, with the sign-off at the foot. The blocks are the same as on
 * the inside pages (templates/brochure/back-cover.hbs), drawn in light tones.
 *
 * It is always one page. Long text first makes the type step down (to 80% of its size, body text
 * never below 8 pt); text that still does not fit stops the build, naming the field that is too
 * long (cta.body, cta.actions…) and by how much. Nothing is drawn below the top of the sign-off.
 */
import { compose, type ComposeEnv } from "./compose.ts";
import { MIN_SCALE, MIN_TEXT, SCALES, type OverflowError } from "./fit.ts";
import type { DrawEnv, Flowable } from "./flowable.ts";
import { drawLogo, logoBox } from "./furniture.ts";
import type { Block } from "./markdown/blocks.ts";
import type { Placed } from "./paginate.ts";
import { fillToBleed, fullBleed } from "./print.ts";
import { artifact, child, tagged, textMarker } from "./tagging.ts";
import { linesHeight, type Line } from "./text.ts";
import { scaledTheme, type TextStyle, type Theme } from "./theme.ts";
import { drawKeyVisual } from "./visual.ts";

export interface BackCoverInput {
  logo: string;
  logoAlt: string;
}

export interface BackCoverPlan {
  /** The blocks, stacked from the top of the text area, which starts at `top`. */
  items: Placed[];
  top: number;
  /** Height they take, and the height of the text area (top at TOP, bottom above the sign-off). */
  height: number;
  room: number;
  /** The `:::meta` sign-off paragraphs, set at the foot beside the logo. */
  signOff: Line[][];
  footTop: number;
  /** The type size used, as a share of the normal size. */
  scale: number;
  /** The width the logo takes beside the sign-off (logoBox). */
  logoWidth: number;
}

const TOP = 120;
/** The text area may start this high when even the smallest type needs it (over the key visual). */
const TOP_TIGHT = 80;
const LOGO = 26;
/** The sign-off starts this far above the foot of the page, or higher when it is long… */
const FOOT = 70;
/** …and always ends this far above it. */
const BOTTOM = 28;
/** Between the text area and the rule over the sign-off; the rule sits RULE above the sign-off. */
const CLEAR = 24;
const RULE = 16;

/** The data field each block of back-cover.hbs is filled from, for naming the one that is too long. */
function fieldOf(block: Block): { field: string; block: string } | undefined {
  if (block.type === "heading" && block.level === 1) return { field: "cta.headline", block: "the `#` headline" };
  if (block.type === "container" && block.name === "lead") return { field: "cta.body", block: "the `:::lead` block" };
  if (block.type === "list") return { field: "cta.actions", block: "the numbered list" };
  if (block.type === "container" && block.name === "contact") return { field: "cta.contacts", block: "the `:::contact` cards" };
  return undefined;
}

const isSignOff = (b: Block) => b.type === "container" && b.name === "meta";

export function signOffStyle(theme: Theme): TextStyle {
  return { ...theme.text.source, size: MIN_TEXT, leading: 12, colour: theme.colours.mutedText };
}

/** Lays the back cover out on one page, shrinking its type as far as allowed; throws when it cannot. */
export function planBackCover(env: ComposeEnv, blocks: readonly Block[], file: string, overflow: OverflowError, logo?: string): BackCoverPlan {
  const { theme, ts } = env;
  const { page, content } = theme;
  const logoWidth = logo ? logoBox(ts.doc, logo, LOGO).width : LOGO;
  const signOff = blocks
    .filter(isSignOff)
    .flatMap((b) => (b.type === "container" ? b.body : []))
    .flatMap((p) => (p.type === "paragraph" ? [ts.set(p.text, signOffStyle(theme), content.width - logoWidth - 12, { linkColour: theme.colours.secondaryText })] : []));
  const signOffHeight = Math.max(
    LOGO,
    signOff.reduce((sum, lines) => sum + linesHeight(lines), 0),
  );
  const footTop = page.height - Math.max(FOOT, signOffHeight + BOTTOM);
  const roomBelow = (top: number) => footTop - RULE - CLEAR - top;
  const room = roomBelow(TOP);
  const rest = blocks.filter((b) => !isSignOff(b));
  if (room < page.height * 0.4) {
    throw overflow({
      field: "brand.footer",
      file: "brand",
      among: [{ field: "brand.footer", file: "brand" }, { field: "brand.name", file: "brand" }, { field: "edition.title" }, { field: "edition.dateText" }],
      area: "the back cover's sign-off",
      block: `the \`:::meta\` block of ${file}`,
      needed: signOffHeight,
      room: page.height - TOP - 0.4 * page.height - RULE - CLEAR - BOTTOM,
      fieldHeight: signOffHeight,
    });
  }
  const composeAt = (scale: number, subset: readonly Block[]) => compose(subset, file, { ...env, theme: scaledTheme(theme, scale, MIN_TEXT), placed: new Set(env.placed) });
  let needed = 0;
  for (const scale of SCALES) {
    const { items, height } = stack(composeAt(scale, rest));
    if (height <= room + 0.01) return { items, top: TOP, height, room, signOff, footTop, scale, logoWidth };
    // Last resort before failing: the smallest type, set higher on the page.
    if (scale === MIN_SCALE && height <= roomBelow(TOP_TIGHT) + 0.01) return { items, top: TOP_TIGHT, height, room: roomBelow(TOP_TIGHT), signOff, footTop, scale, logoWidth };
    needed = height;
  }
  // Too long even at the smallest type: name the field whose blocks take the most room.
  const heights = new Map<string, { height: number; block: string }>();
  for (let i = 0; i < rest.length; ) {
    const source = fieldOf(rest[i]!);
    let j = i + 1;
    while (j < rest.length && fieldOf(rest[j]!)?.field === source?.field) j++;
    if (source) {
      const seen = heights.get(source.field);
      heights.set(source.field, { height: (seen?.height ?? 0) + stack(composeAt(MIN_SCALE, rest.slice(i, j))).height, block: source.block });
    }
    i = j;
  }
  const [field, worst] = [...heights].sort((a, b) => b[1].height - a[1].height)[0] ?? ["cta.body", { height: needed, block: "the back cover" }];
  throw overflow({
    field,
    area: "the back cover, which is one page",
    block: `${worst.block} of ${file}`,
    needed,
    room: roomBelow(TOP_TIGHT),
    fieldHeight: worst.height,
    scale: MIN_SCALE,
  });
}

/** Blocks one under the other, spacing collapsed between neighbours. */
function stack(flowables: readonly Flowable[]): { items: Placed[]; height: number } {
  const items: Placed[] = [];
  let y = 0;
  let previous: Flowable | undefined;
  for (const flowable of flowables) {
    const gap = previous ? Math.max(previous.spaceAfter, flowable.spaceBefore) : 0;
    items.push({ flowable, y: y + gap });
    y += gap + flowable.height;
    previous = flowable;
  }
  return { items, height: y };
}

export function darkTone(theme: Theme): (colour: string) => string {
  const c = theme.colours;
  const map = new Map<string, string>([
    [c.primary, c.onDark],
    [c.ink, c.onDarkInk],
    [c.muted, c.onDarkMuted],
    [c.mutedText, c.onDarkMuted],
    [c.secondary, c.onDarkSecondary],
    [c.secondaryText, c.onDarkSecondary],
    [c.surface, c.darkSurface],
    [c.rule, c.darkRule],
    [c.noticeFill, c.darkSurface],
  ]);
  return (colour) => map.get(colour) ?? colour;
}

export function drawBackCoverPage(env: DrawEnv, plan: BackCoverPlan, input: BackCoverInput): void {
  const { doc, theme, ts } = env;
  const { page, content, colours } = theme;
  // The text sits a little above the middle of its area instead of hanging from the top.
  const offset = Math.max(0, (plan.room - plan.height) * 0.35);
  const textTop = plan.top + offset;
  artifact(doc, () => {
    const bleed = env.bleed ?? 0;
    fillToBleed(doc, { x: 0, y: 0, ...page }, page, bleed, colours.primary);
    // The visual stays above the text, however high long text has to start.
    const visual = { x: page.width * 0.45, y: 0, width: page.width * 0.55, height: Math.min(page.height * 0.24, textTop - 16) };
    drawKeyVisual(
      doc,
      visual,
      { x: page.width - 60, y: 40 },
      { ring: colours.onDarkRing, route: colours.onDarkSecondary, dot: colours.accent, line: colours.onDark },
      0.8,
      fullBleed(visual, page, bleed),
    );
  });
  const dark: DrawEnv = { ...env, tone: darkTone(theme) };
  for (const { flowable, y } of plan.items) flowable.draw(dark, content.x, textTop + y);
  const footTop = plan.footTop;
  artifact(doc, () => doc.rect(content.x, footTop - RULE, content.width, 0.5).fill(colours.darkRule));
  tagged(doc, env.parent(), "Figure", () => drawLogo(doc, input.logo, content.x, footTop, LOGO), {
    alt: input.logoAlt,
    bbox: [content.x, footTop, content.x + plan.logoWidth, footTop + LOGO],
    placement: "Block",
  });
  let y = footTop;
  for (const lines of plan.signOff) y = ts.draw(lines, content.x + plan.logoWidth + 12, y, textMarker(doc, child(doc, env.parent(), "P"), "P"), dark.tone);
}
