/**
 * Stage timestamps for finding where a build's time goes: set CITYPITCH_TRACE=1 and every mark is
 * printed to stderr as milliseconds since the process started (so module loading counts too).
 * Off by default: the build log stays one line per file.
 */
import { getHeapSpaceStatistics } from "node:v8";
import { threadId } from "node:worker_threads";

const on = process.env.CITYPITCH_TRACE === "1" || process.env.CITYPITCH_TRACE === "mem";
// CITYPITCH_TRACE=mem adds this thread's heap (used/total) and the process's RSS to every mark.
const withMemory = process.env.CITYPITCH_TRACE === "mem";
const mib = (bytes: number) => (bytes / 1048576).toFixed(0);
// The old and large-object spaces apart: big strings and buffers (a deck's Markdown, a PDF) live
// in the latter, and only a full collection frees them.
const memory = () => {
  const used = (space: string) => mib(getHeapSpaceStatistics().find((s) => s.space_name === space)?.space_used_size ?? 0);
  const m = process.memoryUsage();
  return ` [heap ${mib(m.heapUsed)}/${mib(m.heapTotal)} (old ${used("old_space")}, large ${used("large_object_space")}) ext ${mib(m.external)} rss ${mib(m.rss)} MiB]`;
};

export function trace(label: string): void {
  if (!on) return;
  const ms = performance.timeOrigin + performance.now() - processStart;
  process.stderr.write(`[trace ${ms.toFixed(0).padStart(6)} ms${threadId ? ` lane ${threadId}` : ""}] ${label}${withMemory ? memory() : ""}\n`);
}

// Worker threads have their own timeOrigin; the process's start time is the common zero.
const processStart = Date.now() - process.uptime() * 1000;
