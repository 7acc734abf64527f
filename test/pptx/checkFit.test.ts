/**
 * `check` lays out the editable PowerPoint too (it needs no browser and no chart drawn), so a title
 * that cannot fit even at its smallest type is found there, named at its field: the city's name,
 * or its local name when the name fits alone.
 */
import { describe, expect, it } from "vitest";
import { copyFixture, edit, runCli } from "../helpers/project.ts";

const LONG_NAME = "Testvillebergenstadt ".repeat(14).trim();
const HYPHENATED = "Port Saint-Fictionnaire-sur-Mer-des-Exemples-Imaginaires";

describe("check and the PowerPoint's titles", () => {
  it("reports a name too long for the PowerPoint's title slide, located, as build would", () => {
    const data = copyFixture();
    edit(data, "cities/testville.yaml", "  en: Testville\n", `  en: ${LONG_NAME}\n`);
    const checked = runCli(["check", "--data", data, "testville"]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/testville\.yaml:\d+:\d+ {2}name\.en: too long for the PowerPoint slide/);
    // A check of formats without the PowerPoint does not lay it out.
    expect(runCli(["check", "--formats", "brochure", "--data", data, "testville"]).stderr).not.toMatch(/PowerPoint/);
  });

  it("fits a long hyphenated name in three lines, and blames the local name when the name alone fits", () => {
    const data = copyFixture();
    edit(data, "cities/testville.yaml", "  en: Testville\n", `  en: ${HYPHENATED}\n`);
    expect(runCli(["check", "--data", data, "testville"]).code).toBe(0);
    edit(data, "cities/testville.yaml", "  local: 测试城\n", `  local: ${"测试城港口与航空枢纽".repeat(30)}\n`);
    const checked = runCli(["check", "--data", data, "testville"]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/testville\.yaml:\d+:\d+ {2}name\.local: too long for the PowerPoint slide/);
    expect(checked.stderr).not.toMatch(/ {2}name\.en: too long/);
  });
});
