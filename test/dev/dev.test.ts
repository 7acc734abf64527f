/**
 * `citypitch dev` in a real browser: the preview shows the deck and the brochure of a snapshot
 * project (fictional Testville), a figure edited in the YAML appears in both without touching the
 * terminal and the deck stays on its slide, broken YAML brings up the overlay naming the line with
 * the last good output still underneath, fixing it clears the overlay, and Ctrl-C leaves nothing.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type Frame, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { edit, positionOf } from "../helpers/project.ts";
import { snapshot, spawnSnapshot, type Snapshot } from "../helpers/snapshot.ts";

const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const BUILD_MS = 240_000;

describe("citypitch dev", () => {
  let snap: Snapshot;
  let dev: ChildProcess;
  let browser: Browser;
  let page: Page;
  let output = "";

  const cityFile = () => join(snap.data, "cities", "testville.yaml");
  const version = (name: "deckVersion" | "brochureVersion") => page.evaluate((n) => Number(document.body.dataset[n] ?? -1), name);
  const waitForVersion = async (above: number) => {
    await page.waitForFunction(
      (v) => Number(document.body.dataset.deckVersion ?? -1) > v && Number(document.body.dataset.brochureVersion ?? -1) > v,
      { timeout: BUILD_MS, polling: 200 },
      above,
    );
  };
  const deckFrame = (): Frame => page.frames().find((f) => f.url().includes("-deck.html"))!;
  // pdf.js hands text out in runs, spaces sometimes as runs of their own: compare words, not spacing.
  const words = (text: string) => text.replace(/\s+/g, " ");
  const deckText = async () => words(await deckFrame().evaluate(() => document.body.textContent ?? ""));
  const brochureText = async () => words(await page.$eval("#brochure", (e) => e.textContent ?? ""));

  beforeAll(async () => {
    snap = snapshot();
    dev = spawnSnapshot(snap, ["dev", "testville", "--out", "out", "--port", "0"]);
    dev.stdout!.on("data", (chunk) => (output += chunk));
    dev.stderr!.on("data", (chunk) => (output += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dev printed no URL:\n${output}`)), 60_000);
      dev.stdout!.on("data", () => {
        const found = /preview at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
    });
    browser = await puppeteer.launch({ executablePath: CHROME, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(url);
    await waitForVersion(0);
  }, BUILD_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dev && dev.exitCode === null) dev.kill("SIGKILL");
    rmSync(snap.dir, { recursive: true, force: true });
  });

  it("shows the deck and every page of the brochure", async () => {
    expect(await deckText()).toContain("70 flights/week");
    expect(await brochureText()).toContain("70 flights/week");
    const pdfPages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [join(snap.out, "testville", "testville-brochure.pdf")], { encoding: "utf8" }))![1]);
    expect(await page.$$eval("#brochure .page canvas", (c) => c.length)).toBe(pdfPages);
    expect(await page.$eval("#overlay", (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval("#city", (e) => (e as HTMLSelectElement).value)).toBe("testville");
  });

  it(
    "shows an edited figure in the deck and the brochure, staying on the slide",
    async () => {
      await deckFrame().evaluate(() => (location.hash = "#3"));
      const before = await version("deckVersion");
      edit(snap.data, "cities/testville.yaml", /Flights to Fixturia a week\n(\s+)value: 70/, "Flights to Fixturia a week\n$1value: 77");
      await waitForVersion(before);
      expect(await deckText()).toContain("77 flights/week");
      expect(await brochureText()).toContain("77 flights/week");
      expect(await deckFrame().evaluate(() => location.hash)).toBe("#3");
    },
    BUILD_MS,
  );

  it(
    "lays every problem of broken YAML over the last good output, and clears it once fixed",
    async () => {
      const good = readFileSync(cityFile(), "utf8");
      // A key given twice: the YAML no longer says one thing, and the problem is on that line.
      const broken = good.replace("        label: Flights to Fixturia a week\n", "        label: Flights to Fixturia a week\n        label: Flights to Fixturia each week\n");
      writeFileSync(cityFile(), broken);
      await page.waitForSelector("#overlay:not([hidden])", { timeout: BUILD_MS });
      const overlay = await page.$$eval("#overlay li", (items) => items.map((li) => li.textContent ?? ""));
      const { line, column } = positionOf(broken, "label: Flights to Fixturia each week");
      expect(overlay).toHaveLength(1);
      expect(overlay[0]).toContain(`data/cities/testville.yaml:${line}:${column}`);
      expect(overlay[0]).toContain("connectivity.airport.figures.japanWeekly.label: duplicate key");
      expect(overlay[0]).toMatch(/hint: \S/);
      expect(output).toContain(`data/cities/testville.yaml:${line}:${column}  connectivity.airport.figures.japanWeekly.label`);
      expect(await brochureText()).toContain("77 flights/week");
      expect(await deckText()).toContain("77 flights/week");

      writeFileSync(cityFile(), good);
      await page.waitForSelector("#overlay[hidden]", { timeout: BUILD_MS });
      expect(await page.evaluate(() => document.body.dataset.failed)).toBe("false");
    },
    BUILD_MS * 2,
  );

  it("stops on Ctrl-C and leaves no staging folder, lock or browser behind", async () => {
    // Mid-build is the hard case: start one, then interrupt it.
    edit(snap.data, "cities/testville.yaml", /Flights to Fixturia a week\n(\s+)value: 77/, "Flights to Fixturia a week\n$1value: 78");
    const lock = join(snap.out, ".citypitch-lock");
    const deadline = Date.now() + 60_000;
    while (!existsSync(lock) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(lock), "a rebuild was under way").toBe(true);
    const exited = new Promise<number | null>((resolve) => dev.once("exit", (code) => resolve(code)));
    dev.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(readdirSync(snap.out).sort()).toEqual([".citypitch-cache", "testville"]);
    const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(processes.split("\n").filter((p) => p.includes(snap.dir))).toEqual([]);
  }, 60_000);
});
