/**
 * What the build says while it runs: one line per artifact as it lands, then a summary. In a
 * terminal (and not under CI) a live line under them shows the step in progress (browser, PDF,
 * PPTX, which cities) with a spinner and its time, redrawn by log-update, a library made for a
 * region of the terminal that is rewritten in place; piped or under CI the output stays plain lines.
 */
import type { WrittenFile } from "./output.ts";

type Redraw = ((text: string) => void) & { clear(): void; done(): void };

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** True when a live display makes sense: a terminal on stdout, and not a CI log. */
export function isLiveTerminal(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== "dumb";
}

export class BuildLog {
  private readonly started = performance.now();
  private count = 0;
  private bytes = 0;
  private reused = 0;
  private readonly steps = new Map<number, { label: string; started: number }>();
  private nextStep = 0;
  private live?: Redraw;
  private timer?: NodeJS.Timeout;
  private frame = 0;

  constructor(private readonly print: (line: string) => void = (line) => console.log(line)) {}

  /**
   * Turns on the live display when stdout is a terminal; a log given its own `print` (tests, the
   * dev server) stays plain. log-update is loaded only then, so piped runs never load it.
   */
  async goLive(): Promise<void> {
    if (!isLiveTerminal()) return;
    const { createLogUpdate } = await import("log-update");
    this.live = createLogUpdate(process.stdout, { showCursor: true }) as Redraw;
  }

  artifact(file: WrittenFile, milliseconds: number): void {
    this.count += 1;
    this.bytes += file.size;
    if (file.reused) this.reused += 1;
    const name = `${file.slug}/${file.name}`.padEnd(40);
    this.line(`  ${name} ${formatBytes(file.size).padStart(9)}  ${(file.reused ? "reused" : formatMs(milliseconds)).padStart(8)}`);
  }

  /** A remark about the build as a whole (the cache could not be used). */
  note(text: string): void {
    this.line(`  note: ${text}`);
  }

  /**
   * A long step starts ("deck (html, pdf) for dalian"); call the returned function when it ends.
   * Shown live in a terminal; plain output has its artifact lines instead.
   */
  step(label: string): () => void {
    const id = this.nextStep++;
    this.steps.set(id, { label, started: performance.now() });
    if (this.live && !this.timer) this.timer = setInterval(() => this.redraw(), 120).unref();
    this.redraw();
    return () => {
      this.steps.delete(id);
      if (this.steps.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
      this.redraw();
    };
  }

  summary(cities: number): void {
    this.stopLive();
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const reused = this.reused > 0 ? ` (${this.reused} unchanged, reused)` : "";
    this.print(`\nbuilt ${this.count} file(s)${reused}, ${formatBytes(this.bytes)}, for ${cities} city(ies) in ${seconds} s`);
  }

  /** Clears the live line for good (the build ended, or failed). */
  stopLive(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.live?.clear();
    this.live?.done();
    this.live = undefined;
  }

  private line(text: string): void {
    // A finished line goes above the live one: clear it, print, draw it again beneath.
    this.live?.clear();
    this.print(text);
    this.redraw();
  }

  private redraw(): void {
    if (!this.live) return;
    if (this.steps.size === 0) return this.live.clear();
    const spin = SPINNER[this.frame++ % SPINNER.length];
    const now = performance.now();
    const lines = [...this.steps.values()].map((s) => `${spin} ${s.label}  ${formatMs(now - s.started)}`);
    this.live(`${lines.join("\n")}\n  ${this.count} file(s) so far`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Times an async step that produces one file. */
export async function timed<T>(step: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await step();
  return [result, performance.now() - start];
}
