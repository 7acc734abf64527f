import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, edit, ROOT, runCli } from "./helpers/project.ts";

/** A data folder holding a copy of the real Dalian file, to break on purpose. */
function dalianCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-dalian-"));
  cpSync(join(ROOT, "data"), dir, { recursive: true });
  return dir;
}

describe("citypitch check", () => {
  it("prints a clean report for Dalian", () => {
    const { code, stdout, stderr } = runCli(["check", "dalian"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok {2}data\/cities\/dalian\.yaml: \d+ figures \(3 derived\), 5 charts, 8 highlights$/m);
    expect(stdout).toContain("no errors, 0 warning(s)");
  });

  it("lists every injected mistake with file:line:column and field path, exits 1 and leaves output/ alone", () => {
    const data = dalianCopy();
    edit(data, "cities/dalian.yaml", "value: 165.44", "value: lots");
    edit(data, "cities/dalian.yaml", "value: 90\n", "value: 190\n");
    edit(
      data,
      "cities/dalian.yaml",
      "source: model-cities-dalian\n      locator: Geographic Background\n      note:\n        en: An annual",
      "source: model-city\n      locator: Geographic Background\n      note:\n        en: An annual",
    );
    edit(data, "cities/dalian.yaml", "connectivity.airport.figures.koreaWeekly]", "connectivity.airport.figures.koreaWeek]");
    edit(data, "cities/dalian.yaml", "value: 3.21", "value: 3.5");
    const out = mkdtempSync(join(tmpdir(), "citypitch-out-"));
    mkdirSync(join(out, "dalian"));
    writeFileSync(join(out, "dalian", "previous.txt"), "an earlier build");

    const { code, stderr } = runCli(["build", "dalian", "--data", data, "--out", out]);
    expect(code).toBe(1);
    const located = stderr.split("\n").filter((line) => /^\S+dalian\.yaml:\d+:\d+ {2}\S+: /.test(line));
    expect(located.map((line) => line.split("  ")[1]!.split(":")[0])).toEqual([
      "geography.figures.sunshine.source",
      "connectivity.port.figures.throughput.value",
      "connectivity.port.figures.containers2006.value",
      "connectivity.port.figures.foreignContainerShare.value",
      "charts[3].figures[2]",
    ]);
    expect(stderr).toContain("citypitch: the data has 5 error(s)");
    expect(readdirSync(out)).toEqual(["dalian"]);
    expect(readdirSync(join(out, "dalian"))).toEqual(["previous.txt"]);
    expect(readFileSync(join(out, "dalian", "previous.txt"), "utf8")).toBe("an earlier build");
  });

  it("fails on warnings under --strict", () => {
    const data = copyFixture();
    edit(data, "cities/testville.yaml", "  dataAsOf: 2008", "  dataAsOf: 2020");
    expect(runCli(["check", "--data", data]).code).toBe(0);
    const strict = runCli(["check", "--strict", "--data", data]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/warning: connectivity\.port\.figures\.throughput\.year: figure is from 2007/);
  });
});

describe("a city file that does not end in .yaml", () => {
  it("is named, with a warning, rather than passed over; and asked for, the hint says to rename it", () => {
    const data = copyFixture();
    copyFileSync(join(data, "cities", "testville.yaml"), join(data, "cities", "mockbury.yml"));
    const all = runCli(["check", "--data", data]);
    expect(all.code).toBe(0);
    expect(all.stderr).toMatch(/cities\/mockbury\.yml {2}warning: not read: city files end in \.yaml/);
    expect(all.stderr).toMatch(/hint: rename it to mockbury\.yaml/);
    const named = runCli(["check", "mockbury", "--data", data]);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/hint: found mockbury\.yml: city files end in \.yaml, so rename it to mockbury\.yaml/);
  });
});

describe("usage errors exit 2 with a hint", () => {
  it.each([
    [["frobnicate"], 'unknown command "frobnicate"'],
    [[], "no command given"],
    [["check", "--paper", "a3"], '--paper: expected a4 or letter, got "a3"'],
    [["build", "--formats", "pdf,gif"], "--formats: unknown format(s) gif"],
    [["check", "--bogus"], "Unknown option '--bogus'"],
    [["new"], "`new` takes exactly one slug"],
    [["check", "atlantis"], 'no city file for "atlantis" in data/cities'],
    [["check", "../etc"], `a city's slug is lower-case letters and digits in words joined by - ("../etc" is not one)`],
  ])("%j", (args, message) => {
    const { code, stderr } = runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/^hint: /m);
  });
});

describe("citypitch new", () => {
  it("scaffolds a city file with every section, which check then walks through", () => {
    const data = copyFixture();
    const made = runCli(["new", "port-example", "--data", data]);
    expect(made.code).toBe(0);
    const file = join(data, "cities", "port-example.yaml");
    const text = readFileSync(file, "utf8");
    for (const key of [
      "slug: port-example",
      "name:",
      "coordinates:",
      "edition:",
      "geography:",
      "economy:",
      "connectivity:",
      "industry:",
      "talent:",
      "policy:",
      "cta:",
      "highlights:",
      "charts:",
    ]) {
      expect(text).toContain(key);
    }
    const check = runCli(["check", "port-example", "--data", data]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('coordinates.latitude.source: unknown source id "TODO"');
    expect(check.stderr).toContain("warning: tagline: still a TODO placeholder");
    expect(runCli(["new", "port-example", "--data", data]).code).toBe(2);
    expect(existsSync(file)).toBe(true);
  });
});

describe("help and version", () => {
  it("prints the version from package.json", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(runCli(["--version"]).stdout.trim()).toBe(pkg.version);
  });
  it("documents commands and exit codes", () => {
    const help = runCli(["--help"]).stdout;
    for (const word of ["build", "check", "new", "--formats", "--paper", "--strict", "Exit codes"]) expect(help).toContain(word);
  });
});
