/**
 * Imported first by the CLI, for its side effect: V8 set up for a process that lasts seconds and
 * builds documents, not for a long-lived server. Both are measured with `npx tsx
 * scripts/bench/portfolio.ts` (fifteen fictional cities and their portfolio, and one city). V8's
 * flags are the process's, so the worker threads started later get them too. A flag the user gave
 * node (on the command line or in NODE_OPTIONS) is kept.
 *
 * - The optimizing compiler's budget, sixteen times V8's default. With the default it compiled
 *   some 1,600 functions with TurboFan in a build of fifteen cities, a fifth of all the CPU the
 *   build used (perf: TurboFan's graph passes on V8's worker threads, `--trace-opt`), time taken
 *   from the build itself on two cores. With this budget only what really loops is optimized: one
 *   city builds in about 15 % less wall time and a quarter less CPU, fifteen cities alike (budgets
 *   of 8× to 64× did the same).
 * - The heap grows at most to twice what it held after a full collection. Left to itself, V8 let
 *   the main thread's heap grow to four times its live size while the decks were made (their
 *   pages, PDFs and HTML are garbage as soon as written): a build of fifteen cities peaked at 546
 *   MiB against 493 with this (medians of 5 interleaved runs; one city, about 365 MiB, alike),
 *   for some 3 % more wall time (7.55 against 7.86 s) in collections run sooner. Memory is what a
 *   build of many cities runs short of first, on a laptop with a browser open beside it.
 */
import { setFlagsFromString } from "node:v8";

const DEFAULT_BUDGET = 66 * 1024;
const given = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;

if (!/--interrupt[-_]budget/.test(given)) setFlagsFromString(`--interrupt-budget=${16 * DEFAULT_BUDGET}`);
if (!/--heap[-_]growing[-_]percent/.test(given)) setFlagsFromString("--heap-growing-percent=100");
