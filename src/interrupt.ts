/**
 * Ctrl-C and `kill` during a build: undo what is half done (the staging folder, the lock, child
 * processes) synchronously, then exit with the shell's code for the signal. Without this, Node
 * exits at once and leaves the staging folder and a browser behind.
 */
const cleanups = new Set<() => void>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function onSignal(signal: keyof typeof SIGNALS): void {
  try {
    process.stderr.write(`\ncitypitch: stopped by ${signal}; the previous build is unchanged\n`);
  } catch {
    // A closed stderr does not keep the build from being undone.
  }
  runCleanups();
  process.exit(SIGNALS[signal]);
}

/**
 * Runs every cleanup twice, a moment apart: a write already handed to libuv's threads (a file of the
 * staging folder, the folder made for it) can land just after its folder is removed and make it
 * again. While this thread waits no JavaScript runs, so the build cannot go on; the threads finish
 * what they hold, and the second pass removes what they made. Every cleanup may run more than once.
 */
function runCleanups(): void {
  const all = [...cleanups].reverse();
  cleanups.clear();
  if (all.length === 0) return;
  const runAll = () => {
    for (const cleanup of all) {
      try {
        cleanup();
      } catch {
        // Exiting matters more than a cleanup that could not finish; the next build removes leftovers.
      }
    }
  };
  runAll();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
  runAll();
}

/** How long in-flight writes get to land before the cleanups run again. */
const SETTLE_MS = 150;

/**
 * A process that ends without a signal while something is half done (an uncaught error: a bug, or
 * a write to a stderr its reader closed, as `citypitch build … | head` does) is undone as well:
 * the browser, started in a process group of its own, would otherwise outlive it.
 */
function onExit(): void {
  runCleanups();
}

/** Runs `cleanup` if the process is interrupted before the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  if (cleanups.size === 0) {
    for (const signal of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.on(signal, onSignal);
    process.on("exit", onExit);
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size > 0) return;
    for (const signal of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.off(signal, onSignal);
    process.off("exit", onExit);
  };
}
