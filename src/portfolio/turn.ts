/**
 * Lets the event loop turn between pieces of the portfolio's work on the main thread (a chart; a
 * city's layout and a page's drawing when the compendium runs there, without a worker), so the
 * comparison deck's browser, which this thread drives, gets its answer within a slice instead of
 * after the whole piece of work. A turn costs little, but is only taken once a slice is up.
 */
const SLICE_MS = 15;
let sliceStart = 0;

export async function turn(): Promise<void> {
  if (performance.now() - sliceStart < SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}
