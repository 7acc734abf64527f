/**
 * The paginator: places measured blocks into pages of a fixed content height. Pure (no PDF), so
 * its rules are easy to test:
 * - spacing collapses between neighbours and vanishes at the top of a page;
 * - a heading never ends a page without the start of what follows it, and a note kept with the
 *   block before it (a section's source line) never starts a page alone;
 * - a block that does not fit splits (paragraphs, lists, tables, panels: between lines or rows,
 *   two at least on each side) or moves whole to the next page;
 * - a figure that does not fit floats: the blocks after it that fit whole fill the hole, and the
 *   figure opens the next page (a text that splits fills a hole of more than 40% with its start).
 *   Figures keep their order and never leave their section;
 * - a group kept together only softly (KPI tile rows) parts rather than leave a page more than
 *   40% empty (MAX_HOLE); pageFill() measures how full each page is;
 * - a page never ends on a heading and its short introduction when what they introduce starts
 *   the next page: they go with it (introTail). (A heading and its introduction that fill the hole
 *   before a figure, whole, are left there: the figure's page comes between them and what follows.)
 */
import type { Flowable } from "./flowable.ts";

export interface Placed {
  flowable: Flowable;
  /** Offset from the top of the content box. */
  y: number;
}

export interface PagePlan {
  items: Placed[];
  /** Running-head text: the section the page opens in. */
  section: string;
}

/**
 * Pages for the flowables, and no near-empty last page: when the last page would hold only a scrap
 * (a reference or two), the last section's spacing is tightened if that pulls the scrap back.
 */
export function paginate(flowables: readonly Flowable[], height: number): PagePlan[] {
  const pages = layOut(flowables, height);
  const last = pages.at(-1);
  if (!last || pages.length < 2 || used(last) > height * SCRAP) return pages;
  const section = last.section;
  for (const factor of [0.6, 0.35]) {
    const tighter = flowables.map((f) => (f.section === section ? tightened(f, factor) : f));
    const retry = layOut(tighter, height);
    if (retry.length < pages.length) return retry;
  }
  return pages;
}

/**
 * `f` with its spacing scaled by `factor`, and so are the pieces it splits into: a text splits to
 * fit the room left after the tightened gap, and a piece spaced as before would then overrun the
 * page by the difference.
 */
function tightened(f: Flowable, factor: number): Flowable {
  const split = f.split;
  return {
    ...f,
    spaceBefore: f.spaceBefore * factor,
    spaceAfter: f.spaceAfter * factor,
    ...(split
      ? {
          split: (room: number) => {
            const parts = split(room);
            return parts ? [tightened(parts[0], factor), tightened(parts[1], factor)] : undefined;
          },
        }
      : {}),
  };
}

/** The most of a page left empty when the next block could still start on it. */
export const MAX_HOLE = 0.4;

/** A last page filled less than this is a scrap worth tightening for. */
const SCRAP = 0.2;

/** How much of the content height a page uses, 0 to 1 (to the foot of its last block). */
export function pageFill(page: PagePlan, height: number): number {
  return used(page) / height;
}

function used(page: PagePlan): number {
  const last = page.items.at(-1);
  return last ? last.y + last.flowable.height : 0;
}

function layOut(flowables: readonly Flowable[], height: number): PagePlan[] {
  const pages: PagePlan[] = [];
  let page: PagePlan | undefined;
  let y = 0;
  let previous: Flowable | undefined;
  const pending: Flowable[] = [];

  const open = (first: Flowable) => {
    page = { items: [], section: first.section };
    pages.push(page);
    y = 0;
    previous = undefined;
  };
  const gapFor = (f: Flowable) => (previous ? Math.max(previous.spaceAfter, f.spaceBefore) : 0);
  const put = (f: Flowable) => {
    if (!page) open(f);
    const gap = gapFor(f);
    page!.items.push({ flowable: f, y: y + gap });
    y += gap + f.height;
    previous = f;
  };
  const isEmpty = () => !page || page.items.length === 0;
  /**
   * `f` starts the next page: the heading and introduction that end this one go with it, when they
   * and `f`'s chain fit a page. Says whether they went.
   */
  const moveIntroWith = (f: Flowable, rest: readonly Flowable[]): boolean => {
    const start = page ? introTail(page, height) : undefined;
    if (start === undefined) return false;
    // A heading after them of their own level or above closes what they head: nothing to take along.
    if (headingLevel(f) !== undefined && headingLevel(f)! <= headingLevel(page!.items[start]!.flowable)!) return false;
    const tail = page!.items.slice(start).map((placed) => placed.flowable);
    const last = tail.at(-1)!;
    // What must come along: a block that splits, its first piece; else its chain.
    const first = !f.keepWithNext && f.split ? (f.minHead ?? f.height) : chainHeight(f, rest);
    if (stackHeight(tail) + Math.max(last.spaceAfter, f.spaceBefore) + first > height + 0.01) return false;
    page!.items.splice(start);
    open(tail[0]!);
    for (const moved of tail) put(moved);
    return true;
  };
  /** New page(s) holding the floats that were waiting, in order. */
  const flush = () => {
    while (pending.length > 0) {
      open(pending[0]!);
      put(pending.shift()!);
      while (pending.length > 0 && gapFor(pending[0]!) + pending[0]!.height <= height - y + 0.01) put(pending.shift()!);
    }
  };

  const queue = [...flowables];
  while (queue.length > 0) {
    const f = queue.shift()!;
    if (pending.length > 0) {
      if (f.float) {
        pending.push(f);
        continue;
      }
      const opensSection = f.breakBefore || f.minRoom !== undefined;
      // Filling the hole before a float: only whole blocks (and whole followers of headings).
      if (!opensSection && chainHeight(f, queue, true) <= height - y - gapFor(f) + 0.01) {
        put(f);
        continue;
      }
      // A hole of more than MAX_HOLE takes the start of a text that splits; the rest follows the figure.
      const hole = height - y - gapFor(f);
      if (!opensSection && !f.keepWithNext && f.split && height - y > height * MAX_HOLE) {
        const parts = f.split(hole);
        if (parts) {
          for (const part of parts) part.origin = { ...f.origin, ...part.origin };
          put(parts[0]);
          flush();
          queue.unshift(parts[1]);
          continue;
        }
      }
      flush();
    }
    if (!isEmpty() && f.breakBefore) {
      open(f);
      queue.unshift(f);
      continue;
    }
    if (!page) open(f);
    const room = height - y - gapFor(f);
    if (!isEmpty() && f.minRoom !== undefined && room < Math.min(f.minRoom, sectionHeight(f, queue))) {
      if (!moveIntroWith(f, queue)) open(f);
      queue.unshift(f);
      continue;
    }
    if (chainHeight(f, queue) <= room + 0.01) {
      put(f);
      continue;
    }
    if (f.float && !isEmpty()) {
      // A figure a heading introduces takes the heading along; any other waits for the next page.
      if (moveIntroWith(f, queue)) queue.unshift(f);
      else pending.push(f);
      continue;
    }
    // A soft keep (rows of one tile group) parts rather than leave more than MAX_HOLE of the page empty.
    if (f.softKeep && !isEmpty() && y < height * (1 - MAX_HOLE) && f.height <= room + 0.01) {
      put(f);
      continue;
    }
    // Does not fit. A heading (or anything kept with the next block) moves with its chain.
    const parts = !f.keepWithNext && f.split ? f.split(room) : undefined;
    if (parts) {
      for (const part of parts) part.origin = { ...f.origin, ...part.origin };
      put(parts[0]);
      open(parts[1]);
      queue.unshift(parts[1]);
      continue;
    }
    if (!isEmpty()) {
      if (!moveIntroWith(f, queue)) open(f);
      queue.unshift(f);
      continue;
    }
    // Alone on an empty page and still too tall (a chain that cannot fit anywhere): place it as is;
    // render.ts then stops the build naming where its text comes from (assertFits in fit.ts).
    put(f);
  }
  flush();
  return pages;
}

/** At most this share of a page is the introduction a heading takes along to the next page. */
const MAX_INTRO = 0.25;

/**
 * Where the heading(s) ending the page begin, when only a short introduction follows them (at
 * most two headings, and MAX_INTRO of text: a section opener, its lead, a sub-heading and its
 * first sentence); undefined when the page ends otherwise, or when they are all it holds.
 */
function introTail(page: PagePlan, height: number): number | undefined {
  const items = page.items.map((placed) => placed.flowable);
  const isIntro = (f: Flowable) => headingLevel(f) !== undefined || (f.kind === "text" && !f.keepWithPrevious);
  let start: number | undefined;
  let headings = 0;
  let text = 0;
  for (let i = items.length - 1; i >= 0 && headings < 2; i--) {
    const f = items[i]!;
    if (headingLevel(f) !== undefined) {
      start = i;
      headings++;
    } else if (isIntro(f) && (text += f.height) <= height * MAX_INTRO) continue;
    else break;
  }
  // A heading kept with the one the tail starts at goes too: no page ends on a heading.
  while (start !== undefined && start > 0 && items[start - 1]!.keepWithNext && headingLevel(items[start - 1]!) !== undefined) start--;
  // Nor on a heading and its short introduction, left behind when a sub-heading and its first
  // paragraph move (a section's title and lead above its first subsection): they go too.
  if (start !== undefined) {
    let lead = 0;
    let i = start - 1;
    for (; i >= 0 && items[i]!.kind === "text" && !items[i]!.keepWithPrevious; i--) lead += items[i]!.height;
    if (i >= 0 && i < start - 1 && headingLevel(items[i]!) !== undefined && lead <= height * MAX_INTRO) {
      start = i;
      while (start > 0 && items[start - 1]!.keepWithNext && headingLevel(items[start - 1]!) !== undefined) start--;
    }
  }
  // Nothing moves when what would stay is itself only headings and their introduction (a page that
  // opens a section with its lead and a sub-heading): moving part of it would strand the rest.
  if (start === undefined || items.slice(0, start).every(isIntro)) return undefined;
  return start;
}

/** 1 for a section's title, 2 and 3 beneath it; undefined for a block that is no heading. */
function headingLevel(f: Flowable): number | undefined {
  const level = /^h(\d)$/.exec(f.kind)?.[1];
  return level === undefined ? undefined : Number(level);
}

/** The height of blocks stacked at the top of a page. */
function stackHeight(blocks: readonly Flowable[]): number {
  return blocks.reduce((total, f, i) => total + f.height + (i > 0 ? Math.max(blocks[i - 1]!.spaceAfter, f.spaceBefore) : 0), 0);
}

/** Height a block needs on this page: itself, plus the start of whatever it must stay with. */
export function chainHeight(first: Flowable, rest: readonly Flowable[], whole = false): number {
  let total = first.height;
  let current = first;
  for (const next of rest) {
    if (!current.keepWithNext && !next.keepWithPrevious) break;
    total += Math.max(current.spaceAfter, next.spaceBefore) + (next.keepWithNext || next.keepWithPrevious || whole ? next.height : (next.minHead ?? next.height));
    current = next;
  }
  return total;
}

/** Height of a whole section, from its opener to the next one: a short section may start low. */
function sectionHeight(opener: Flowable, rest: readonly Flowable[]): number {
  let total = opener.height;
  let previous = opener;
  for (const next of rest) {
    if (next.minRoom !== undefined || next.breakBefore) break;
    total += Math.max(previous.spaceAfter, next.spaceBefore) + next.height;
    previous = next;
  }
  return total;
}
