/** The lane's worker thread: runs the tasks in tasks.ts that the main thread sends. */
import { parentPort } from "node:worker_threads";
import { CitypitchError } from "../errors.ts";
import { errorData, tasks, type Tasks } from "./tasks.ts";
import { TaskQueue } from "./queue.ts";

export interface Request {
  id: number;
  task: keyof Tasks;
  args: unknown[];
  /** Run only when no other task waits (work nobody waits on yet, such as the chart files' SVGs). */
  background?: boolean;
}

export type Reply = { id: number; value: unknown } | { id: number; error: ReturnType<typeof errorData>; citypitch: boolean };

/**
 * One task at a time, in the order sent, background tasks after every other: tasks that await (a
 * font loading, a file read) would otherwise interleave, and each would hold its working memory
 * while the others run (a portfolio's compendium beside fifteen brochures) without any finishing
 * sooner.
 */
const queue = new TaskQueue<Request>();
let running = false;
parentPort!.on("message", (request: Request) => {
  queue.push(request);
  void work();
});

async function work(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let next = queue.next(); next; next = queue.next()) await run(next);
  } finally {
    running = false;
  }
}

async function run({ id, task, args }: Request): Promise<void> {
  try {
    const value = await (tasks[task] as (...a: unknown[]) => Promise<unknown>)(...args);
    parentPort!.postMessage({ id, value } satisfies Reply);
  } catch (error) {
    const citypitch = error instanceof CitypitchError;
    const data = citypitch ? errorData(error) : { exitCode: 1 as const, message: error instanceof Error ? (error.stack ?? error.message) : String(error), problems: [] };
    parentPort!.postMessage({ id, error: data, citypitch } satisfies Reply);
  }
}
parentPort!.postMessage({ id: 0, value: "ready" } satisfies Reply);
