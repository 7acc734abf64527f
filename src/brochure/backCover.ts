/**
 * The back cover: the call to action, the next steps and contact cards with working mailto and web
 * links, on the brand's dark ground, with the sign-off at the foot. The blocks are the same as on
 * the inside pages (templates/brochure/back-cover.hbs), drawn in light tones.
 */
import type { DrawEnv, Flowable } from "./flowable.ts";
import { drawLogo } from "./furniture.ts";
import type { Block } from "./markdown/blocks.ts";
import { paginate } from "./paginate.ts";
import { artifact, child, tagged, textMarker } from "./tagging.ts";
import type { Theme } from "./theme.ts";
import { drawKeyVisual } from "./visual.ts";

export interface BackCoverInput {
  /** The `:::meta` sign-off lines, set at the foot beside the logo. */
  signOff: Block[];
  logo: string;
  logoAlt: string;
}

const TOP = 120;
const FOOT = 110;

export function darkTone(theme: Theme): (colour: string) => string {
  const c = theme.colours;
  const map = new Map<string, string>([
    [c.primary, "#FFFFFF"],
    [c.ink, "#E8F0F4"],
    [c.muted, c.onDarkMuted],
    [c.secondary, "#7FB7BE"],
    [c.surface, "#12476A"],
    [c.rule, "#3A6B8A"],
    ["#FDF3E0", "#12476A"],
  ]);
  return (colour) => map.get(colour) ?? colour;
}

/** How many pages the back cover takes (one, unless its text is very long). */
export function planBackCover(theme: Theme, flowables: Flowable[]) {
  return paginate(flowables, theme.page.height - TOP - FOOT);
}

export function drawBackCoverPage(env: DrawEnv, plan: ReturnType<typeof planBackCover>[number], input: BackCoverInput, first: boolean, last: boolean): void {
  const { doc, theme, ts } = env;
  const { page, content, colours } = theme;
  artifact(doc, () => {
    doc.rect(0, 0, page.width, page.height).fill(colours.primary);
    // A back cover long enough to need a second page gets the visual on its first page only.
    if (first) drawKeyVisual(doc, { x: page.width * 0.45, y: 0, width: page.width * 0.55, height: page.height * 0.24 }, { x: page.width - 60, y: 40 }, { ring: colours.secondary, route: "#7FB7BE", dot: colours.accent, line: "#FFFFFF" }, 0.8);
  });
  const dark: DrawEnv = { ...env, tone: darkTone(theme) };
  // A one-page back cover sits a little above the middle of its area instead of hanging from the top.
  const area = page.height - TOP - FOOT;
  const lastItem = plan.items.at(-1);
  const used = lastItem ? lastItem.y + lastItem.flowable.height : 0;
  const offset = first && last ? Math.max(0, (area - used) * 0.35) : 0;
  for (const { flowable, y } of plan.items) flowable.draw(dark, content.x, TOP + offset + y);
  if (!last) return;
  const footTop = page.height - FOOT + 40;
  artifact(doc, () => doc.rect(content.x, footTop - 16, content.width, 0.5).fill("#3A6B8A"));
  const size = 26;
  tagged(doc, env.parent(), "Figure", () => drawLogo(doc, input.logo, content.x, footTop, size), { alt: input.logoAlt, bbox: [content.x, footTop, content.x + size, footTop + size], placement: "Block" });
  let y = footTop;
  for (const block of input.signOff) {
    if (block.type !== "container") continue;
    for (const p of block.body) {
      if (p.type !== "paragraph") continue;
      const lines = ts.set(p.text, { ...theme.text.source, size: 8, leading: 12, colour: colours.muted }, content.width - size - 12, { linkColour: colours.secondary });
      y = ts.draw(lines, content.x + size + 12, y, textMarker(doc, child(doc, env.parent(), "P"), "P"), dark.tone);
    }
  }
}
