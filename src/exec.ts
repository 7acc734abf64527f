/**
 * Running external programs (marp-cli, the browser) so that the build can never hang on them or
 * leave them behind: every child has a deadline, runs in its own process group, and is tracked
 * until it is gone. A timed-out child gets SIGTERM, then SIGKILL; `killAllChildren()` is for the
 * CLI's signal handlers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";

export interface RunOptions {
  /** Wall-clock limit for the whole run, in milliseconds. */
  timeoutMs: number;
  cwd?: string;
  /** The child's whole environment (not merged with process.env). */
  env?: NodeJS.ProcessEnv;
  /** Between SIGTERM and SIGKILL after a timeout. */
  graceMs?: number;
  /** Each complete line of stdout and stderr, as it arrives. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Stops the child early, as a timeout does (SIGTERM, then SIGKILL), without marking it timed out. */
  signal?: AbortSignal;
  /**
   * Re-read the child's process tree every second (default true). Needed only for a child whose
   * descendants may leave its process group and outlive it (marp-cli's puppeteer starts its
   * browser in a session of its own); a Chromium started directly keeps every helper in its
   * group, so the group kill reaches them and the periodic reads of /proc would be wasted work.
   */
  watchTree?: boolean;
  /**
   * Opens two more pipes, as the child's fd 3 (it reads) and fd 4 (it writes), and hands this
   * side of them over once it has started: Chromium's `--remote-debugging-pipe`. They close with
   * this process, whatever ends it, and the browser then ends too.
   */
  pipes?: (write: Writable, read: Readable) => void;
}

export interface RunResult {
  /** Exit code, or null when the child was killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: Error;
  ms: number;
}

/** A process seen in the child's tree: start time tells it apart from a later process reusing the pid. */
interface Seen {
  pid: number;
  start: string;
}

interface Tracked {
  child: ChildProcess;
  pid: number;
  seen: Map<number, Seen>;
  /** Set in the child's environment, which its descendants inherit: found by it even once re-parented. */
  mark: string;
}

/** The environment variable that marks a child's tree (TREE_MARK=<mark>). */
const TREE_MARK = "CITYPITCH_TREE";
let marks = 0;

const live = new Set<Tracked>();

// A chatty child must not grow the build's memory without bound; the end of the output is where
// its error message is.
const KEEP_OUTPUT = 256 * 1024;
const DEFAULT_GRACE_MS = 2_000;
// Puppeteer starts the browser in a session of its own, so a group kill of marp-cli misses it; the
// tree is re-read this often so that a browser outliving its parent can still be found.
const SNAPSHOT_MS = 1_000;

/**
 * Runs `command args` and resolves when it has exited (never rejects). On timeout the result has
 * `timedOut` set and the child, its process group and every descendant seen are killed.
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  const mark = `${process.pid}.${++marks}`;
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // detached: the child leads a new process group, so one signal reaches its helpers too. It
      // also keeps a terminal's Ctrl+C from reaching the child directly: the CLI's handler decides
      // (killAllChildren), so the child cannot die half-way while the build carries on.
      child = spawn(command, args, {
        cwd: options.cwd,
        env: { ...(options.env ?? process.env), [TREE_MARK]: mark },
        detached: true,
        windowsHide: true,
        stdio: ["ignore", "pipe", "pipe", ...(options.pipes ? (["pipe", "pipe"] as const) : [])],
      });
    } catch (error) {
      resolve({ code: null, signal: null, stdout: "", stderr: "", timedOut: false, spawnError: asError(error), ms: performance.now() - started });
      return;
    }
    const output = { stdout: "", stderr: "" };
    const pending = { stdout: "", stderr: "" };
    const take = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output[stream] = (output[stream] + text).slice(-KEEP_OUTPUT);
      if (!options.onLine) return;
      const lines = (pending[stream] + text).split(/\r?\n/);
      pending[stream] = lines.pop() ?? "";
      for (const line of lines) options.onLine(line, stream);
    };
    child.stdout!.on("data", take("stdout"));
    child.stderr!.on("data", take("stderr"));
    const extra = options.pipes ? ([child.stdio[3], child.stdio[4]] as [Writable, Readable]) : undefined;
    if (extra && child.pid !== undefined) options.pipes!(...extra);

    const tracked: Tracked | undefined = child.pid === undefined ? undefined : { child, pid: child.pid, seen: new Map(), mark };
    if (tracked) live.add(tracked);
    const snapshots = tracked && options.watchTree !== false ? setInterval(() => remember(tracked), SNAPSHOT_MS) : undefined;
    snapshots?.unref();

    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      // This side of the extra pipes would keep the event loop alive (a reader listens on one).
      for (const pipe of extra ?? []) pipe?.destroy();
      clearInterval(snapshots);
      for (const timer of timers) clearTimeout(timer);
      if (tracked) {
        // Whatever the child left running (a browser it did not close) goes with it; a child that
        // was stopped is searched for thoroughly (see killTree).
        killTree(tracked, "SIGKILL", stopping);
        live.delete(tracked);
      }
      if (options.onLine) {
        for (const stream of ["stdout", "stderr"] as const) if (pending[stream]) options.onLine(pending[stream], stream);
      }
      resolve({ code, signal, stdout: output.stdout, stderr: output.stderr, timedOut, spawnError, ms: performance.now() - started });
    };

    child.on("error", (error) => {
      // Also emitted when a kill fails; only a child that never started ends the run here.
      if (child.pid === undefined) finish(null, null, error);
    });
    child.on("exit", (code, signal) => {
      // This side of the extra pipes is open until closed here: the child's are gone with it.
      for (const pipe of extra ?? []) pipe?.destroy();
      // A grandchild may still hold the pipes open; give them a moment to drain, not forever.
      const drained = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal);
      }, 500);
      child.on("close", () => {
        clearTimeout(drained);
        finish(code, signal);
      });
    });

    let stopping = false;
    const stop = (timeout: boolean) => {
      if (!tracked || settled || stopping) return;
      stopping = true;
      timedOut = timeout;
      killTree(tracked, "SIGTERM");
      timers.push(setTimeout(() => killTree(tracked, "SIGKILL", true), grace));
      // A process stuck in the kernel may ignore even SIGKILL: stop waiting for it, and let this
      // process exit regardless (the handle and pipes would otherwise keep the event loop alive).
      timers.push(
        setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          child.unref();
          finish(null, "SIGKILL");
        }, grace + 3_000),
      );
    };
    timers.push(setTimeout(() => stop(true), options.timeoutMs));
    if (options.signal?.aborted) stop(false);
    else options.signal?.addEventListener("abort", () => stop(false), { once: true });
  });
}

/**
 * Kills every child started by runCommand, with its process group and descendants, at once and
 * synchronously: in a signal handler there is no later turn of the event loop to wait for.
 */
export function killAllChildren(): number {
  let count = 0;
  for (const tracked of live) {
    killTree(tracked, "SIGKILL", true);
    live.delete(tracked);
    count += 1;
  }
  return count;
}

/** How many children are running now (for tests and diagnostics). */
export function liveChildren(): number {
  return live.size;
}

function killTree(tracked: Tracked, signal: NodeJS.Signals, thorough = false): void {
  // Read the tree before signalling: once the parent dies its children are re-parented and can no
  // longer be told apart from anyone else's.
  remember(tracked);
  signalQuietly(-tracked.pid, signal);
  for (const seen of tracked.seen.values()) {
    if (startTime(seen.pid) === seen.start) signalQuietly(seen.pid, signal);
  }
  // A descendant started between the last reading and the signals (marp-cli launching its browser,
  // in a session of its own, as it is stopped) is re-parented once its parent dies and looks like
  // anyone else's; it still carries the tree's mark in its environment.
  // Read only when a child is stopped: a child that ended by itself has been watched all along.
  if (thorough) for (const pid of markedWith(tracked.mark)) signalQuietly(pid, signal);
}

/** Processes whose environment carries `mark` (Linux /proc; none elsewhere). */
function markedWith(mark: string): number[] {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const needle = `\0${TREE_MARK}=${mark}\0`;
  return names.flatMap((name) => {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) return [];
    try {
      return `\0${readFileSync(`/proc/${name}/environ`, "latin1")}`.includes(needle) ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone, which is what we wanted.
  }
}

/** Adds the child's current descendants to what has been seen. Linux only (/proc); elsewhere the group kill is all there is. */
function remember(tracked: Tracked): void {
  const table = processTable();
  if (!table) return;
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const queue = [tracked.pid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const kid of children.get(pid) ?? []) {
      if (kid === process.pid) continue;
      tracked.seen.set(kid, { pid: kid, start: table.get(kid)!.start });
      queue.push(kid);
    }
  }
  if (table.has(tracked.pid)) tracked.seen.set(tracked.pid, { pid: tracked.pid, start: table.get(tracked.pid)!.start });
}

function processTable(): Map<number, { ppid: number; start: string }> | undefined {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return undefined;
  }
  const table = new Map<number, { ppid: number; start: string }>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) table.set(Number(name), stat);
  }
  return table;
}

function startTime(pid: number): string | undefined {
  return readStat(pid)?.start;
}

function readStat(pid: number): { ppid: number; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses; fields after the last ")" do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): ppid is field 4, starttime field 22.
    return { ppid: Number(fields[1]), start: fields[19] ?? "" };
  } catch {
    return undefined;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
