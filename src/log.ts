/** Progress lines for the build: one per artifact as it lands, then a summary. */
import type { WrittenFile } from "./output.ts";

export class BuildLog {
  private readonly started = performance.now();
  private count = 0;
  private bytes = 0;

  constructor(private readonly print: (line: string) => void = (line) => console.log(line)) {}

  artifact(file: WrittenFile, milliseconds: number): void {
    this.count += 1;
    this.bytes += file.size;
    const name = `${file.slug}/${file.name}`.padEnd(40);
    this.print(`  ${name} ${formatBytes(file.size).padStart(9)}  ${formatMs(milliseconds).padStart(8)}`);
  }

  summary(cities: number): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    this.print(`\nbuilt ${this.count} file(s), ${formatBytes(this.bytes)}, for ${cities} city(ies) in ${seconds} s`);
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
