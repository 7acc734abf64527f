import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createCityContext, resolveBuildDate } from "../../src/content/context.ts";
import { sourceLine } from "../../src/content/references.ts";
import { loadAndValidate } from "../../src/data/validate.ts";
import type { CityContext } from "../../src/context.ts";
import { options, ROOT } from "../helpers/project.ts";

let ctx: CityContext;
beforeAll(async () => {
  const data = await loadAndValidate({ ...options(), dataDir: join(ROOT, "data"), slugs: ["dalian"] });
  ctx = createCityContext(data.cities[0]!.city, data.brand, data.sources, options());
});

describe("references", () => {
  it("numbers the main source first, then one entry per derived figure and reading note", () => {
    const { entries } = ctx.references;
    expect(entries[0]).toMatchObject({ n: 1, kind: "source", title: "Model Cities: Dalian (city profile)" });
    const derived = entries.filter((e) => e.kind === "derived");
    expect(derived).toHaveLength(3);
    expect(derived.map((d) => d.text).join(" ")).toContain("divided by 1.139");
    expect(entries.some((e) => e.kind === "note" && e.text.includes("6 million"))).toBe(true);
  });

  it("cites a derived figure by its inputs' source and its derivation", () => {
    const numbers = ctx.references.forFigure("connectivity.port.figures.throughput2006");
    expect(numbers[0]).toBe(1);
    expect(ctx.references.entries[numbers[1]! - 1]!.kind).toBe("derived");
  });

  it("writes a caption's source line that names derived values", () => {
    const line = sourceLine(["connectivity.port.figures.throughput2006", "connectivity.port.figures.throughput"], ctx.figures, ctx.sources, ctx.words);
    expect(line).toBe(
      "Source: Devott Publications, TGOD China TOP 15 research series, “Model Cities: Dalian (city profile)” (2008, date inferred). Derived from published figures (see notes): Port cargo throughput, 2006.",
    );
  });

  it("dates outputs from the edition, or SOURCE_DATE_EPOCH, never the clock", () => {
    expect(resolveBuildDate(ctx.city, {}).toISOString()).toBe("2026-11-28T00:00:00.000Z");
    expect(resolveBuildDate(ctx.city, { SOURCE_DATE_EPOCH: "86400" }).toISOString()).toBe("1970-01-02T00:00:00.000Z");
  });
});
