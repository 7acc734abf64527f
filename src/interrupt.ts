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

function runCleanups(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Exiting matters more than a cleanup that could not finish; the next build removes leftovers.
    }
  }
  cleanups.clear();
}

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
