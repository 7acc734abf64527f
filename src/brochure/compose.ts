/**
 * Blocks → flowables: each block of the template syntax becomes one or more measured layout
 * blocks. Directives look their data up here (charts by id or section, figures by path) and fail
 * with the template's name when it asks for something the data does not have.
 */
import type { ChartArtifact } from "../context.ts";
import type { FigureView } from "../content/model.ts";
import { cardRows } from "./blocks/cards.ts";
import { chartBlock } from "./blocks/chart.ts";
import { headingBlock } from "./blocks/heading.ts";
import { listBlocks } from "./blocks/list.ts";
import { panelBlock } from "./blocks/panel.ts";
import { tableBlock } from "./blocks/table.ts";
import { textBlock } from "./blocks/text.ts";
import { tileRows } from "./blocks/tiles.ts";
import type { Flowable } from "./flowable.ts";
import type { Wording } from "../content/format.ts";
import { syntaxError, type Block } from "./markdown/blocks.ts";
import { plainText, type Span } from "./markdown/inline.ts";
import { child } from "./tagging.ts";
import type { Typesetter } from "./text.ts";
import type { TextStyle, Theme } from "./theme.ts";

export interface ComposeEnv {
  ts: Typesetter;
  theme: Theme;
  /** The edition's wording, for the few words the layout adds ("Figure 3", "derived"). */
  words: Wording;
  charts: readonly ChartArtifact[];
  /** Ids of charts already placed, so a chart appears once and none is forgotten. */
  placed: Set<string>;
  figure(path: string): FigureView | undefined;
  /** Running state across templates: the section name and the figure counter. */
  state: { section: string; figures: number; headings?: number[] };
  /** The city-file path of a chart's field ("charts[2].caption"), to name it when it cannot fit. */
  chartField?(id: string, key: "title" | "caption"): string;
  /** The running head for a section title (a compendium adds the city's name); the title itself by default. */
  sectionTitle?(title: string): string;
}

/** Section openers move to a new page when less than this share of the page is left. */
const SECTION_MIN_ROOM = 0.3;

export function compose(blocks: readonly Block[], file: string, env: ComposeEnv): Flowable[] {
  const { ts, theme, state } = env;
  const out: Flowable[] = [];
  let breakNext = false;
  /** From `::needspace`: the room (pt) the next block wants left on its page, or it starts a new one. */
  let roomNext: number | undefined;
  const push = (...flowables: Flowable[]) => {
    if (breakNext && flowables[0]) {
      flowables[0].breakBefore = true;
      breakNext = false;
    }
    if (roomNext !== undefined && flowables[0]) {
      flowables[0].minRoom = Math.max(flowables[0].minRoom ?? 0, roomNext);
      roomNext = undefined;
    }
    out.push(...flowables);
  };
  const text = (spans: Span[], style: TextStyle, spaceBefore: number, spaceAfter: number) =>
    textBlock(ts, spans, {
      style,
      width: theme.content.width,
      section: state.section,
      spaceBefore,
      spaceAfter,
      linkColour: theme.colours.secondaryText,
      citeColour: theme.colours.mutedText,
      tag: (draw) => ({ body: child(draw.doc, draw.parent(), "P"), bodyTag: "P" }),
    });
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const first = out.length;
    const fail = (message: string, hint?: string) => syntaxError(file, block.line, message, hint);
    switch (block.type) {
      case "heading": {
        if (block.level === 1) state.section = env.sectionTitle ? env.sectionTitle(plainText(block.text)) : plainText(block.text);
        // The structure tree never skips a level (PDF/UA): a "###" label straight under a section's
        // "#" title is an H2 there, though it keeps its look; headings of one template level stay
        // siblings (the tag is the depth of the template levels open above it, plus one).
        const open = (state.headings ?? []).filter((level) => level < block.level);
        state.headings = [...open, block.level];
        const tagLevel = state.headings.length as 1 | 2 | 3;
        push(
          headingBlock(ts, theme, block.text, {
            level: block.level,
            tagLevel,
            section: state.section,
            minRoom: block.level === 1 ? theme.content.height * SECTION_MIN_ROOM : undefined,
          }),
        );
        break;
      }
      case "paragraph":
        push(text(block.text, theme.text.body, theme.space.s, theme.space.s));
        break;
      case "list":
        push(
          ...listBlocks(
            ts,
            theme,
            block.items.map((item, n) => ({ label: [{ text: block.ordered ? `${block.start + n}.` : "•" }], text: item })),
            listOptions(theme, state.section),
          ),
        );
        break;
      case "directive":
        if (block.name === "newpage") breakNext = true;
        else if (block.name === "needspace") {
          const share = /^(\d{1,3})%$/.exec(block.args[0] ?? "");
          if (!share || Number(share[1]) < 1 || Number(share[1]) > 100) throw fail(`"::needspace" takes a share of the page, such as 50%`, "write ::needspace 50%");
          roomNext = (theme.content.height * Number(share[1])) / 100;
        } else if (block.name === "chart" || block.name === "charts") push(...charts(block.name, block.args, env, fail));
        else if (block.name === "tiles") push(...tiles(block.args, env, fail));
        else throw fail(`unknown directive "::${block.name}"`, "the directives are ::chart, ::charts, ::tiles, ::newpage and ::needspace");
        break;
      case "container": {
        const title = block.title;
        const paragraphs = () => block.body.map((b) => (b.type === "paragraph" ? b.text : []));
        switch (block.name) {
          case "lead":
            for (const spans of paragraphs()) push(text(spans, theme.text.lead, theme.space.s, theme.space.m));
            break;
          case "source":
            for (const spans of paragraphs()) push({ ...text(spans, theme.text.source, theme.space.m, theme.space.m), keepWithPrevious: true });
            break;
          case "callout":
          case "notice":
            if (block.body.some((b) => b.type !== "paragraph" && b.type !== "list")) throw fail(`":::${block.name}" holds only paragraphs and bullet lists`);
            push(
              panelBlock(
                ts,
                theme,
                block.body,
                block.name === "notice"
                  ? { fill: theme.colours.noticeFill, bar: theme.colours.accent, title, style: theme.text.body }
                  : { fill: theme.colours.surface, bar: theme.colours.secondary, title, style: theme.text.body },
                state.section,
              ),
            );
            break;
          case "table":
            if (block.rows.length === 0) throw fail(`":::table" has no rows`);
            push(tableBlock(ts, theme, block.rows, block.header, state.section));
            break;
          case "ref": {
            const refs: { label: Span[]; text: Span[] }[] = [];
            while (i < blocks.length && blocks[i]!.type === "container" && (blocks[i] as { name: string }).name === "ref") {
              const ref = blocks[i] as Extract<Block, { type: "container" }>;
              refs.push({ label: [{ text: `[${ref.args[0] ?? "?"}]` }], text: ref.body.flatMap((b) => (b.type === "paragraph" ? b.text : [])) });
              i++;
            }
            i--;
            const style = { ...theme.text.body, size: 8.5, leading: 12 };
            push(
              ...listBlocks(ts, theme, refs, {
                ...listOptions(theme, state.section),
                style,
                labelStyle: { ...style, face: "bodyBold", colour: theme.colours.secondaryText },
                indent: 28,
                itemGap: theme.space.s,
              }),
            );
            break;
          }
          case "contact": {
            const cards: Span[][][] = [];
            while (i < blocks.length && blocks[i]!.type === "container" && (blocks[i] as { name: string }).name === "contact") {
              cards.push((blocks[i] as Extract<Block, { type: "container" }>).body.flatMap((b) => (b.type === "paragraph" ? [b.text] : [])));
              i++;
            }
            i--;
            push(...cardRows(ts, theme, cards, state.section));
            break;
          }
          default:
            throw fail(
              `unknown container ":::${block.name}" here`,
              "body pages take :::lead, :::callout, :::notice, :::source, :::table, :::ref and :::contact; :::kicker, :::local and :::meta belong on the cover",
            );
        }
        break;
      }
    }
    for (const f of out.slice(first)) f.origin = { template: file, line: block.line, ...f.origin };
  }
  return out;
}

function listOptions(theme: Theme, section: string) {
  return { style: theme.text.body, indent: 14, section, spaceBefore: theme.space.s, spaceAfter: theme.space.m, itemGap: theme.space.xs };
}

function charts(name: string, args: string[], env: ComposeEnv, fail: (m: string, h?: string) => Error): Flowable[] {
  const [key] = args;
  if (!key) throw fail(`"::${name}" needs ${name === "chart" ? "a chart id" : "a section name"}`);
  const chosen = name === "chart" ? env.charts.filter((c) => c.id === key) : env.charts.filter((c) => c.section === key && !env.placed.has(c.id));
  if (name === "chart" && chosen.length === 0) {
    throw fail(`no chart with id "${key}"`, `the charts of this city are: ${env.charts.map((c) => c.id).join(", ") || "none"}`);
  }
  return chosen.map((chart) => {
    if (env.placed.has(chart.id)) throw fail(`chart "${chart.id}" is placed twice`);
    env.placed.add(chart.id);
    const block = chartBlock(env.ts, env.theme, env.words, chart, ++env.state.figures, env.state.section);
    const field = env.chartField?.(chart.id, chart.caption.length >= chart.title.length ? "caption" : "title");
    return field ? { ...block, origin: { field } } : block;
  });
}

function tiles(args: string[], env: ComposeEnv, fail: (m: string, h?: string) => Error): Flowable[] {
  let columns: number | undefined;
  const views: FigureView[] = [];
  for (const arg of args) {
    const option = /^columns=(\d)$/.exec(arg);
    if (option) {
      columns = Number(option[1]);
      continue;
    }
    const view = env.figure(arg);
    if (!view) throw fail(`"::tiles" names a figure that does not exist: ${arg}`, "use dotted figure paths such as connectivity.port.figures.throughput");
    views.push(view);
  }
  if (views.length === 0) throw fail(`"::tiles" names no figures`);
  return tileRows(env.ts, env.theme, env.words, views, env.state.section, columns);
}
