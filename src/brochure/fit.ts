/**
 * Text in fixed areas (the cover, the one-page back cover, blocks that cannot split): the type
 * steps down within limits a designer accepts, and past them the build stops with exit 4 naming
 * the data field that is too long and by how much. Text is never cut off, nor drawn outside its box.
 */
import { join, relative } from "node:path";
import { locateFieldInFile, parsePath } from "../data/locate.ts";
import type { CityContext } from "../context.ts";
import { CitypitchError, EXIT } from "../errors.ts";
import type { PagePlan } from "./paginate.ts";

/** Body-sized type shrinks to no less than this share of its normal size… */
export const MIN_SCALE = 0.8;
/** …and never below this many points. */
export const MIN_TEXT = 8;
/** The steps tried, largest first. */
export const SCALES = [1, 0.95, 0.9, 0.85, MIN_SCALE];

export interface Overflow {
  /** Dotted path of the data field that fills the block that does not fit: "cta.body", "name.en". */
  field: string;
  /** The file holding the field: the city's (the default) or the brand's. */
  file?: "city" | "brand";
  /** When a block holds several fields: the longest of these is named instead of `field`. */
  among?: { field: string; file?: "city" | "brand" }[];
  /** Where it has to fit, in words: "the back cover (one page)". */
  area: string;
  /** The city whose file holds `field`, in a document of several cities (Origin.owner). */
  owner?: string;
  /** The template block the field fills: "the :::lead block of templates/brochure/back-cover.hbs". */
  block?: string;
  /** Height the area's text needs at the smallest type allowed, and the height the area has. */
  needed: number;
  room: number;
  /** Height the field's own block takes of `needed`, to estimate how much of it to cut. */
  fieldHeight?: number;
  /** Smallest type tried, as a share of the normal size. */
  scale?: number;
}

/** Turns an overflow into the error the build reports (exit 4), pointing at the field in its file. */
export type OverflowError = (overflow: Overflow) => CitypitchError;

export function overflowReporter(ctx: CityContext): OverflowError {
  const { options, city } = ctx;
  const files = {
    city: join(options.dataDir, "cities", `${city.slug}.yaml`),
    brand: join(options.dataDir, "brand.yaml"),
  };
  const textOf = (field: string, file: "city" | "brand" = "city") => fieldText(file === "brand" ? ctx.brand : city, field);
  return (overflow) => {
    const longest = overflow.among?.map((c) => ({ ...c, length: textOf(c.field, c.file)?.length ?? 0 })).sort((a, b) => b.length - a.length)[0];
    const o = longest && longest.length > 0 ? { ...overflow, field: longest.field, file: longest.file } : overflow;
    const abs = files[o.file ?? "city"];
    const location = locateFieldInFile(abs, relative(options.root, abs) || abs, o.field);
    const value = textOf(o.field, o.file);
    const excess = o.needed - o.room;
    const pt = (n: number) => `${Math.ceil(n).toLocaleString("en")} pt`;
    const share = o.room <= 0 ? "" : excess > o.room ? ` (${(o.needed / o.room).toFixed(1)} times the room)` : ` (${Math.ceil((excess / o.room) * 100)}% too much)`;
    const smallest = o.scale !== undefined && o.scale < 1 ? ` even with the type at ${Math.round(o.scale * 100)}% of its size (body text no smaller than ${MIN_TEXT} pt)` : "";
    const where = o.block ? `; it fills ${o.block}` : "";
    const message = `too long for ${o.area}:${smallest} its text needs ${pt(o.needed)} where there are ${pt(o.room)}, ${pt(excess)} too many${share}${where}`;
    let cut = "";
    if (value && o.fieldHeight && o.fieldHeight > 0) {
      const chars = Math.ceil((value.length * Math.min(1, excess / o.fieldHeight) * 1.05) / 10) * 10;
      cut =
        excess >= o.fieldHeight
          ? ` (even leaving it out would not be enough: shorten the other text there too)`
          : ` by about ${Math.min(chars, value.length).toLocaleString("en")} of its ${value.length.toLocaleString("en")} characters`;
    }
    const hint = `shorten ${o.field}${cut}; the layout never cuts text off or sets it smaller than it can be read`;
    return new CitypitchError(EXIT.renderFailed, `the brochure for ${city.slug} cannot be laid out: ${o.field} is too long for ${o.area}`, [
      { severity: "error", location, path: o.field, message, hint },
    ]);
  };
}

/** The field's text (list items and object values joined), to count its characters. */
function fieldText(root: unknown, field: string): string | undefined {
  let node: unknown = root;
  for (const key of parsePath(field)) node = node && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined;
  const flat = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(flat) : v && typeof v === "object" ? Object.values(v).flatMap(flat) : []);
  const parts = flat(node);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/**
 * The last guard of the inside pages: a block that cannot split and is taller than a page (a tile
 * row with a huge label, a chart with a huge caption) stops the build instead of running off the page.
 */
export function assertFits(pages: readonly PagePlan[], height: number, overflow: OverflowError): void {
  for (const page of pages) {
    for (const { flowable, y } of page.items) {
      if (y + flowable.height <= height + 0.5) continue;
      const origin = flowable.origin ?? {};
      const what = origin.excerpt ? `the ${flowable.kind} block "${origin.excerpt}"` : `the ${flowable.kind} block`;
      const where = origin.template ? `${what} at rendered line ${origin.line ?? "?"} of ${origin.template}` : what;
      if (origin.field)
        throw overflow({ field: origin.field, owner: origin.owner, area: "a page", block: where, needed: flowable.height, room: height, fieldHeight: flowable.height });
      throw new CitypitchError(EXIT.renderFailed, `the brochure cannot be laid out: a block is taller than a page`, [
        {
          severity: "error",
          location: { file: origin.template ?? "templates/brochure" },
          message: `${where} needs ${Math.ceil(flowable.height)} pt and cannot be split, but a page holds ${Math.floor(height)} pt`,
          hint: "shorten the data this block shows (a name, a label or a table cell), or split it into several blocks",
        },
      ]);
    }
  }
}
