/**
 * Browser benchmark (not a test): the CPU Chromium itself spends, which a build pays beside its
 * own threads. Two reports, in CPU time of every Chromium process (children it reaped included,
 * such as the print compositor each PDF gets), medians over interleaved runs:
 * - its start, from launch to 1.5 s of idle, with the build's flags (src/deck/session.ts
 *   BROWSER_FLAGS) and with them but the one that keeps the address bar's drop-down from loading
 *   (two WebUI pages in a renderer of their own);
 * - one print of a 15-slide page, split by process: what a deck's PDF costs wherever it runs.
 *
 *   npx tsx scripts/bench/browser.ts [runs=5]   (or `npm run bench -- browser`)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { findBrowser } from "../../src/deck/browser.ts";
import { BROWSER_FLAGS } from "../../src/deck/session.ts";
import { median } from "./stats.ts";

const runs = Number(process.argv[2] ?? 5);
const path = findBrowser();
if (!path) {
  console.log("browser bench: no Chromium found (set CHROME_PATH); skipped");
  process.exit(0);
}

/** CPU milliseconds of every process whose command line names `marker`, by Chromium process type. */
function cpuByType(marker: string): Map<string, number> {
  const byType = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmdline.includes(marker)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime, stime, and those of the children it reaped (a print compositor counts in its parent's).
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? "browser";
      byType.set(type, (byType.get(type) ?? 0) + ticks * 10);
    } catch {
      // gone meanwhile
    }
  }
  return byType;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function launch(flags: readonly string[], profile: string): Promise<Browser> {
  // Over a pipe, as the build speaks to it; its own profile names its processes.
  return puppeteer.launch({ executablePath: path, pipe: true, ignoreDefaultArgs: true, defaultViewport: null, args: [...flags, `--user-data-dir=${profile}`, "about:blank"] });
}

const work = mkdtempSync(join(tmpdir(), "citypitch-bench-browser-"));
try {
  const variants = {
    "build's flags": BROWSER_FLAGS,
    "without --disable-features": BROWSER_FLAGS.filter((flag) => !flag.startsWith("--disable-features=")),
  };
  const start = new Map<string, number[]>();
  for (let i = 0; i < runs; i++) {
    for (const [name, flags] of Object.entries(variants)) {
      const profile = mkdtempSync(join(work, "start-"));
      const browser = await launch(flags, profile);
      await sleep(1500);
      // Every process of this browser (renderers, GPU, utilities) carries its profile's path.
      const cpu = total(cpuByType(profile));
      await browser.close();
      start.set(name, [...(start.get(name) ?? []), cpu]);
    }
  }
  console.log(`browser bench: ${path}, ${runs} interleaved run(s)`);
  console.log("  start, launch to 1.5 s idle, CPU of every Chromium process:");
  for (const [name, values] of start) console.log(`    ${name.padEnd(28)} median ${median(values).toFixed(0)} ms (min ${Math.min(...values)}, max ${Math.max(...values)})`);

  const slides = Array.from(
    { length: 15 },
    (_, i) =>
      `<section style="width:1280px;height:720px;break-after:page;padding:60px;box-sizing:border-box"><h1>Slide ${i + 1}: a heading of some length</h1><p>${"Fictional text, set to have something to lay out and print. ".repeat(12)}</p><ul><li>One point</li><li>Another point</li></ul></section>`,
  ).join("");
  const html = `<!doctype html><html lang="en"><head><style>@page{size:1280px 720px;margin:0}body{margin:0;font-family:sans-serif}</style></head><body>${slides}</body></html>`;
  const profile = mkdtempSync(join(work, "print-"));
  const browser = await launch(BROWSER_FLAGS, profile);
  const page = (await browser.pages())[0]!;
  await page.setViewport({ width: 1280, height: 720 });
  await page.setContent(html, { waitUntil: "load" });
  const prints = new Map<string, number[]>();
  for (let i = 0; i < runs + 2; i++) {
    await sleep(200);
    const before = cpuByType("chromium");
    await page.pdf({ printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, waitForFonts: false });
    // The print compositor's process has ended and been reaped by then.
    await sleep(300);
    const after = cpuByType("chromium");
    if (i < 2) continue;
    for (const [type, ms] of after) prints.set(type, [...(prints.get(type) ?? []), ms - (before.get(type) ?? 0)]);
  }
  await browser.close();
  console.log("  one print of 15 slides (tagged, with outline), CPU by process type (the print compositor counts in the zygote's):");
  for (const [type, values] of prints) if (median(values) > 0) console.log(`    ${type.padEnd(28)} median ${median(values).toFixed(0)} ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
