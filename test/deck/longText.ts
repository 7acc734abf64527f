/**
 * Long-text fictional cities for the deck's measured fit, beside Testville in one data folder:
 *
 * - "longville": Testville with five times the prose on the slides that continue (location,
 *   summary, climate, strategy, talent, policy, markets, segments, the port's cards); it must build,
 *   with continuation slides, every slide inside its safe area.
 * - "hugeville": the brochure's worst case (every sentence five times as long, a 200-character word
 *   in a tile label, a table cell and a contact card, an unbreakable port name) with a 300-character
 *   name and a 5,000-character tagline on top; it cannot fit and must fail with exit 4 naming them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { LONG_WORD, stressFixture } from "../brochure/stress.ts";
import { copyFixture } from "../helpers/project.ts";

export { LONG_WORD };

/** 300 characters, with spaces. */
export const HUGE_NAME = "Hugeville-upon-the-Exceedingly-Long-Estuary of the Northern Sample Region and its Many Fictional Islands"
  .padEnd(300, " and Further Fixture Islands")
  .slice(0, 300);
/** 5,000 characters of tagline. */
export const HUGE_TAGLINE = "A fictional seaport for testing layouts, with long words and longer sentences. ".repeat(70).slice(0, 5000);

type City = Record<string, any>;

const five = (text: string) => Array(5).fill(text).join(" ");

function longville(city: City): City {
  city.slug = "longville";
  city.name.en = "Longville";
  const g = city.geography;
  g.summary = five(g.summary);
  g.climate = five(g.climate);
  const industry = city.industry;
  industry.targets.summary = five(industry.targets.summary);
  industry.strategy = industry.strategy.map(five);
  industry.markets = industry.markets.map((m: { description: string }) => ({ ...m, description: five(m.description) }));
  industry.segments = industry.segments.map((m: { description: string }) => ({ ...m, description: five(m.description) }));
  city.talent.summary = five(city.talent.summary);
  city.talent.measures = city.talent.measures.map(five);
  city.policy.funds = city.policy.funds.map((f: { description: string }) => ({ ...f, description: five(f.description) }));
  city.policy.incentives = city.policy.incentives.map(five);
  const c = city.connectivity;
  c.links = c.links.map((l: { description: string }) => ({ ...l, description: five(l.description) }));
  c.zones = c.zones.map((z: { description: string }) => ({ ...z, description: five(z.description) }));
  c.port.facilities = c.port.facilities.map((f: { description: string }) => ({ ...f, description: five(f.description) }));
  return city;
}

/** A Testville data folder that also holds longville and hugeville. */
export function longTextFixture(): string {
  const dir = copyFixture();
  const cities = join(dir, "cities");
  const testville = () => parse(readFileSync(join(cities, "testville.yaml"), "utf8")) as City;
  writeFileSync(join(cities, "longville.yaml"), stringify(longville(testville())));
  const stressed = parse(readFileSync(join(stressFixture(), "cities", "testville.yaml"), "utf8")) as City;
  stressed.slug = "hugeville";
  stressed.name.en = HUGE_NAME;
  stressed.tagline = HUGE_TAGLINE;
  writeFileSync(join(cities, "hugeville.yaml"), stringify(stressed));
  return dir;
}
