/**
 * The city charts a `citypitch build` into the same output folder already drew, read back from its
 * cache (src/cache/) under the very key that build stored them by: a picture is reused only when
 * its chart, figures, brand fonts, wording and citypitch itself are unchanged. The compendium then
 * draws only what no build drew. Read only: the city builds fill the cache.
 */
import type { CityContext } from "../context.ts";
import { FileHasher } from "../cache/hash.ts";
import { ContextKeys } from "../cache/keys.ts";
import { ArtifactCache } from "../cache/store.ts";
import { toolFingerprint } from "../cache/tool.ts";
import type { Chart } from "../data/schema.ts";
import type { Options } from "../options.ts";

export type CachedChart = (ctx: CityContext, chart: Chart) => Buffer | undefined;

const none: CachedChart = () => undefined;

export function cachedCityCharts(options: Options): CachedChart {
  if (options.cache === false) return none;
  const { cache } = ArtifactCache.open(options.outDir);
  if (!cache) return none;
  try {
    const files = new FileHasher(cache.readStamps());
    const tool = toolFingerprint(files);
    const keys = new Map<CityContext, ContextKeys>();
    return (ctx, chart) => {
      try {
        let own = keys.get(ctx);
        if (!own) keys.set(ctx, (own = new ContextKeys(ctx, { tool, files })));
        const key = own.charts.get(chart.id);
        // The slot a city build stores each chart under (src/cache/layer.ts).
        const entry = key ? cache.get(`${ctx.city.slug}|${ctx.edition.id}|chart:${chart.id}`, key) : undefined;
        return entry?.find((f) => f.name === "png")?.bytes;
      } catch {
        // The cache is an optimisation: any doubt, and the chart is drawn again.
        return undefined;
      }
    };
  } catch {
    return none;
  }
}
