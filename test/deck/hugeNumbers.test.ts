/**
 * A number too long for any tile at a readable size wraps, smaller, in the Marp deck (theme.css
 * `.v.huge`): after a group separator by preference, so that no line of a tile starts with ",000"
 * and reads as a number of its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tileView } from "../../src/deck/model.ts";
import type { FigureView } from "../../src/content/model.ts";
import { copyFixture, runCli } from "../helpers/project.ts";

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const view = (number: string) => ({ tile: { number, unit: "people", qualifier: "" } }) as unknown as FigureView;

describe("a huge number in a deck tile", () => {
  it("is cut into parts after its group separators, and only when it is huge", () => {
    expect(tileView(view("1,000,000,000,000,000")).tile.parts).toEqual(["1,", "000,", "000,", "000,", "000,", "000"]);
    expect(tileView(view("140,000")).tile.parts).toEqual(["140,000"]);
    // Decimals and ranges have no separator to prefer: the theme breaks them where it must.
    expect(tileView(view("-50.123456789012")).tile.parts).toEqual(["-50.123456789012"]);
  });

  it("offers the deck's line breaks after the separators only", () => {
    const data = copyFixture();
    const out = mkdtempSync(join(tmpdir(), "citypitch-huge-"));
    temps.push(data, out);
    const file = join(data, "cities", "testville.yaml");
    const yaml = readFileSync(file, "utf8");
    expect(yaml).toContain("        value: 140000\n");
    writeFileSync(file, yaml.replace("        value: 140000\n", "        value: 1000000000000000\n"));
    const run = runCli(["build", "testville", "--data", data, "--out", out, "--formats", "md"]);
    expect(run.code, run.stderr).toBe(0);
    const markdown = readFileSync(join(out, "testville", "testville-deck.md"), "utf8");
    expect(markdown).toContain('<span class="v long huge"><span class="n">1,<wbr>000,<wbr>000,<wbr>000,<wbr>000,<wbr>000</span>');
    // Every other number is as it was: one piece.
    expect(markdown).toMatch(/<span class="n">5\\\.4<\/span>/);
  }, 120_000);
});
