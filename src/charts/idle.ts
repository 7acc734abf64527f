/**
 * A moment when this thread has little else to do, for work nobody waits on yet (the SVG files,
 * drawn while the deck's browser works). Measured as event loop utilisation over a short window:
 * Node has no requestIdleCallback. Hand written: a few lines over perf_hooks.
 */
import { performance } from "node:perf_hooks";

/**
 * How often the loop is looked at, and how busy it may have been meanwhile: strict enough that
 * the deck's own work on this thread, which awaits the browser and the disk between its steps,
 * is not mistaken for idleness (at 8 ms and half busy, SVGs were drawn between its steps).
 */
const WINDOW_MS = 16;
const BUSY = 0.2;

/** Resolves after a window in which the event loop was busy less than a fifth of the time, or once `urgent` settles. */
export function idleMoment(urgent: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      done = true;
      resolve();
    };
    void urgent.then(finish, finish);
    let last = performance.eventLoopUtilization();
    const look = () => {
      if (done) return;
      const now = performance.eventLoopUtilization();
      const busy = performance.eventLoopUtilization(now, last).utilization;
      last = now;
      if (busy < BUSY) finish();
      else setTimeout(look, WINDOW_MS);
    };
    setTimeout(look, WINDOW_MS);
  });
}
