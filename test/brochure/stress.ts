/**
 * A worst-case Testville: every sentence five times as long, names very long (one of them a single
 * unbreakable word), so the layout engine has to split, shrink and wrap everywhere.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { copyFixture } from "../helpers/project.ts";

const LONG_NAME = "Testville-upon-the-Exceedingly-Long-Estuary of the Northern Sample Region";
const UNBREAKABLE = "Testvilleinternationaldeepwaterharbourandlogisticsauthorityterminal";
/** 200 characters without a break: must be cut between letters inside its tile, table cell and card. */
export const LONG_WORD = "Testvilleharbourfixture".repeat(9).slice(0, 200);
/** A 300-character contact name holding that word. */
export const LONG_CONTACT = `${LONG_WORD} Investment Promotion Bureau of the Northern Sample Region`.padEnd(300, " and Partners").slice(0, 300);

export function stressFixture(): string {
  const dir = copyFixture();
  const path = join(dir, "cities", "testville.yaml");
  const city = parse(readFileSync(path, "utf8"));
  const stretch = (node: unknown): unknown => {
    if (typeof node === "string") return node.length > 40 && node.includes(" ") ? Array(5).fill(node).join(" ") : node;
    if (Array.isArray(node)) return node.map(stretch);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, keep(k) ? v : stretch(v)]));
    return node;
  };
  const stretched = stretch(city) as Record<string, any>;
  stretched.name.en = LONG_NAME;
  stretched.name.local = "测试城长河口北方样本区域国际港口城市";
  stretched.connectivity.port.name = UNBREAKABLE;
  stretched.connectivity.airport.name = `${LONG_NAME} Fixture Field International and Domestic Airport`;
  stretched.cta.headline = `Put your next delivery centre in ${LONG_NAME}`;
  // Fixed-size boxes: a KPI tile (a highlight), a table cell (an uncharted port figure) and a contact card.
  stretched.connectivity.port.figures.foreignContainerShare.label = `Share of ${LONG_WORD} containers`;
  stretched.connectivity.port.figures.oreTerminal.label = `Ore ${LONG_WORD}`;
  stretched.cta.contacts = [
    { name: LONG_CONTACT, email: "desk@testville.example" },
    {
      name: `${LONG_NAME} Investment Promotion Bureau`,
      role: "Foreign direct investment desk for service outsourcing",
      email: "invest@testville.example",
      url: "https://testville.example/invest",
    },
    { name: "Sample Region Outsourcing Association", email: "members@association.example" },
  ];
  writeFileSync(path, stringify(stretched));
  return dir;
}

/** Values the schema or the figures constrain (ids, paths, units), left as they are. */
function keep(key: string): boolean {
  return [
    "slug",
    "unit",
    "source",
    "figures",
    "highlights",
    "inputs",
    "id",
    "section",
    "kind",
    "labelBy",
    "date",
    "localLanguage",
    "yearBasis",
    "qualifier",
    "method",
    "url",
    "email",
  ].includes(key);
}
