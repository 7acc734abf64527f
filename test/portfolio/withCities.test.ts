/**
 * `citypitch portfolio <id> --with-cities`: the cities and their portfolio in one run, on fictional
 * cities (never Dalian). It must make the very files a `build` followed by a `portfolio` makes,
 * reuse the charts the cities' build drew, and stop on any problem of either before writing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFictionalProject } from "../../scripts/fictional-cities.ts";
import { runCli } from "../helpers/project.ts";

const dir = mkdtempSync(join(tmpdir(), "citypitch-with-cities-"));
const data = join(dir, "data");
const together = join(dir, "together");
const apart = join(dir, "apart");
const FORMATS = ["--formats", "charts,brochure,md,pdf,pptx"];
let slugs: string[] = [];
let run: ReturnType<typeof runCli>;

beforeAll(() => {
  slugs = writeFictionalProject(data, 4, 7);
  // Without the cache: the portfolio can only have the cities' charts from the build it rides along.
  run = runCli(["portfolio", "fictional", "--with-cities", "--no-cache", "--data", data, "--out", together, ...FORMATS], { CITYPITCH_TRACE: "1" });
  if (run.code !== 0) throw new Error(`portfolio --with-cities failed (${run.code}):\n${run.stderr}`);
  for (const args of [
    ["build", ...slugs],
    ["portfolio", "fictional"],
  ]) {
    const apartRun = runCli([...args, "--data", data, "--out", apart, ...FORMATS]);
    if (apartRun.code !== 0) throw new Error(`${args[0]} failed (${apartRun.code}):\n${apartRun.stderr}`);
  }
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file of a city's or the portfolio's folder, but the manifest (it records timings). */
const filesOf = (root: string, folder: string) =>
  readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== "manifest.json")
    .map((entry) => join(entry.parentPath, entry.name).slice(join(root, folder).length + 1))
    .sort();

describe("a portfolio built with its cities", () => {
  it("writes every city's folder and the portfolio's, byte for byte as a build and then a portfolio write them", () => {
    for (const folder of [...slugs, join("portfolio", "fictional")]) {
      const names = filesOf(together, folder);
      expect(names).toEqual(filesOf(apart, folder));
      expect(names.length).toBeGreaterThan(folder.startsWith("portfolio") ? 2 : 8);
      for (const name of names) expect(readFileSync(join(together, folder, name)).equals(readFileSync(join(apart, folder, name))), `${folder}/${name}`).toBe(true);
    }
    expect(filesOf(together, join("portfolio", "fictional"))).toEqual([
      ".marprc.yml",
      ".vscode/settings.json",
      "fictional-comparison.md",
      "fictional-comparison.pdf",
      "fictional-comparison.pptx",
      "fictional-comparison.theme.css",
      "fictional-compendium.pdf",
    ]);
  });

  it("prints each city's deck as a build of that city alone prints it, whatever was printed before it", () => {
    const alone = join(dir, "alone");
    const built = runCli(["build", slugs[2]!, "--data", data, "--out", alone, "--formats", "pdf"]);
    expect(built.code).toBe(0);
    const name = join(slugs[2]!, `${slugs[2]}-deck.pdf`);
    expect(readFileSync(join(alone, name)).equals(readFileSync(join(together, name)))).toBe(true);
  });

  it("draws no city chart twice: the compendium has the pictures the cities' build drew", () => {
    const drawn = /portfolio: (\d+) of (\d+) city charts to draw/.exec(run.stderr);
    expect(drawn?.slice(1).map(Number)).toEqual([0, slugs.length * 5]);
  });

  it("logs the portfolio's files with the cities' and sums them up once", () => {
    expect(run.stdout).toMatch(/fictional\/fictional-compendium\.pdf/);
    expect(run.stdout).toMatch(new RegExp(`${slugs[0]}/${slugs[0]}-brochure\\.pdf`));
    expect(run.stdout.match(/^built \d+ file\(s\)/gm)).toHaveLength(1);
  });
});

describe("a portfolio with its cities that cannot be built", () => {
  it("reports a city's error, located, and writes no folder", () => {
    const broken = join(dir, "broken");
    const names = writeFictionalProject(broken, 4, 7);
    const city = join(broken, "cities", `${names[1]}.yaml`);
    writeFileSync(city, readFileSync(city, "utf8").replace(/(throughput:\n(?:.*\n)*?\s+value: )[\d.]+/, "$1lots"));
    const target = join(dir, "out-broken");
    const result = runCli(["portfolio", "fictional", "--with-cities", "--data", broken, "--out", target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`cities/${names[1]}\\.yaml:\\d+:\\d+ +connectivity\\.port\\.figures\\.throughput\\.value: expected a number`));
    expect(existsSync(target)).toBe(false);
  });

  it("reports every format that failed, the cities' and the portfolio's, when a city's name is too long for its deck and the compendium", () => {
    const long = join(dir, "long");
    const names = writeFictionalProject(long, 3, 7);
    const city = join(long, "cities", `${names[1]}.yaml`);
    const name = Array.from({ length: 9 }, () => "Stubport-upon-the-Extremely-Long-Estuary").join(" ");
    writeFileSync(city, readFileSync(city, "utf8").replace(/^  en: .+$/m, `  en: ${name}`));
    const result = runCli(["portfolio", "fictional", "--with-cities", "--data", long, "--out", join(dir, "out-long"), "--formats", "brochure,pdf"]);
    expect(result.code).toBe(4);
    // The city's own deck, and the portfolio's file that cannot hold it either, each located in the city's file.
    expect(result.stderr).toMatch(new RegExp(`pdf \\(${names[1]}\\): the deck for ${names[1]} cannot be laid out`));
    expect(result.stderr).toMatch(/the (comparison deck|compendium) for fictional cannot be laid out/);
    expect(result.stderr).toMatch(
      new RegExp(`cities/${names[1]}\\.yaml:\\d+:\\d+ +(name\\.en|highlights): .*of the comparison deck|cities/${names[1]}\\.yaml:\\d+:\\d+ +name\\.en: too long for a page`),
    );
    expect(result.stderr).not.toMatch(/portfolios\/fictional\.yaml/);
  });

  it("is a usage error on any command but portfolio", () => {
    const result = runCli(["build", slugs[0]!, "--with-cities", "--data", data, "--out", join(dir, "out-usage")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--with-cities/);
  });
});
