/**
 * `npm run bench`: speed and memory targets live here, not in timed tests. Runs each benchmark in
 * its own process (so one's memory does not colour another's) and prints their reports in turn.
 * Name some to run only those: npm run bench -- charts deck
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ALL = ["charts", "brochure", "deck", "theme", "build", "portfolio", "startup", "cache", "editions", "browser"];
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
const tsx = join(import.meta.dirname, "..", "node_modules", "tsx", "dist", "cli.mjs");
let failed = false;
for (const name of wanted) {
  const script = join(import.meta.dirname, "bench", `${name}.ts`);
  if (!existsSync(script)) {
    console.error(`bench: no benchmark named ${name} (have: ${ALL.join(", ")})`);
    failed = true;
    continue;
  }
  console.log(`\n== ${name} ==`);
  const run = spawnSync(process.execPath, ["--expose-gc", tsx, script], { stdio: "inherit" });
  failed ||= run.status !== 0;
}
process.exitCode = failed ? 1 : 0;
