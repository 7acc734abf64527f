/** Hashes of every chart of Testville and Dalian, one line per chart, to compare across processes. */
import { createHash } from "node:crypto";
import { registerBrandFonts, renderPng, renderSvg } from "../../src/charts/render.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import { cityContext, dalianContext } from "./context.ts";

const sha = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

export async function chartHashes(): Promise<string[]> {
  const lines: string[] = [];
  for (const ctx of [await cityContext(), await dalianContext()]) {
    registerBrandFonts(ctx.brand, ctx.options.root);
    for (const chart of ctx.city.charts) {
      const build = () => buildSpec(chart, ctx.figures, ctx.brand, ctx.words);
      lines.push(`${ctx.city.slug}/${chart.id} ${sha(await renderPng(build, chartSize(chart)))} ${sha(await renderSvg(build, chartSize(chart)))}`);
    }
  }
  return lines;
}
