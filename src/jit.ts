/**
 * Imported first by the CLI, for its side effect: V8's optimizing compiler is given a budget sixteen
 * times its default before it optimizes a function.
 *
 * A build lasts seconds; V8's tiering is tuned for long-lived processes. With its default budget it
 * compiled some 1,600 functions with TurboFan in a build of fifteen cities, a fifth of all the CPU
 * the build used (perf: TurboFan's graph passes on V8's worker threads, `--trace-opt`), and on a
 * machine of two cores that time is taken from the build itself. With this budget only what really
 * loops is optimized: one city builds in about 15 % less wall time and a quarter less CPU, fifteen
 * cities alike (`npx tsx scripts/bench/portfolio.ts`; budgets of 8× to 64× did the same). V8's
 * flags are the process's, so the worker threads started later get it too. A budget the user gave
 * node (`--interrupt-budget`, on the command line or in NODE_OPTIONS) is kept.
 */
import { setFlagsFromString } from "node:v8";

const DEFAULT_BUDGET = 66 * 1024;

if (!/--interrupt[-_]budget/.test(`${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`)) {
  setFlagsFromString(`--interrupt-budget=${16 * DEFAULT_BUDGET}`);
}
