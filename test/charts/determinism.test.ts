import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerBrandFonts, renderSvg, stableSvg } from "../../src/charts/render.ts";
import { buildSpec, chartSize } from "../../src/charts/spec.ts";
import { ROOT } from "../helpers/project.ts";
import { chartById, cityContext } from "./context.ts";
import { chartHashes } from "./hashes.ts";

function hashesInFreshProcess(): string[] {
  const run = spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "test/charts/print-hashes.ts")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.trim().split("\n");
}

describe("determinism", () => {
  it("gives byte-identical PNG and SVG across separate processes, whatever ran before", async () => {
    const first = hashesInFreshProcess();
    const second = hashesInFreshProcess();
    expect(first).toHaveLength(10);
    expect(second).toEqual(first);
    // Cairo counts surfaces per process, so render a few charts first: the bytes must not care.
    const ctx = await cityContext();
    registerBrandFonts(ctx.brand, ctx.options.root);
    const chart = chartById(ctx, "port-share");
    for (let i = 0; i < 3; i++) await renderSvg(() => buildSpec(chart, ctx.figures, ctx.brand, ctx.words), chartSize(chart));
    expect(await chartHashes()).toEqual(first);
  });

  it("numbers SVG surfaces from one, in order of appearance, and puts every id under a prefix of the picture's own", () => {
    const svg = '<svg><g id="surface17"><use xlink:href="#surface23"/></g><g id="surface23"/><g id="surface17b"/><path clip-path="url(#clip1)"/></svg>';
    const stable = stableSvg(svg);
    const prefix = /id="(c[0-9a-f]{10}-)surface1"/.exec(stable)?.[1];
    expect(prefix).toBeDefined();
    expect(stable).toBe(
      `<svg><g id="${prefix}surface1"><use xlink:href="#${prefix}surface2"/></g><g id="${prefix}surface2"/><g id="${prefix}surface17b"/><path clip-path="url(#${prefix}clip1)"/></svg>`,
    );
    // The same picture, its surfaces numbered otherwise by an earlier render: the same bytes.
    expect(stableSvg(svg.replaceAll("surface17", "surface5").replaceAll("surface23", "surface9").replace("surface5b", "surface17b"))).toBe(stable);
    // Another picture: another prefix.
    expect(stableSvg(svg.replace("clip1", "clip2"))).not.toContain(prefix);
  });
});
