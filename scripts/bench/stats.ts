/** Small statistics for benchmarks: medians and spreads, since single timings lie on a shared machine. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function describe(values: readonly number[], unit = "ms"): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${median(values).toFixed(0)} ${unit} (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}, n=${values.length})`;
}

export async function timeRuns(runs: number, step: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  return times;
}
