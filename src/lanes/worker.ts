/** The lane's worker thread: runs the tasks in tasks.ts that the main thread sends, one at a time. */
import { parentPort } from "node:worker_threads";
import { CitypitchError } from "../errors.ts";
import { errorData, tasks, type Tasks } from "./tasks.ts";

export interface Request {
  id: number;
  task: keyof Tasks;
  args: unknown[];
}

export type Reply = { id: number; value: unknown } | { id: number; error: ReturnType<typeof errorData>; citypitch: boolean };

parentPort!.on("message", async ({ id, task, args }: Request) => {
  try {
    const value = await (tasks[task] as (...a: unknown[]) => Promise<unknown>)(...args);
    parentPort!.postMessage({ id, value } satisfies Reply);
  } catch (error) {
    const citypitch = error instanceof CitypitchError;
    const data = citypitch ? errorData(error) : { exitCode: 1 as const, message: error instanceof Error ? (error.stack ?? error.message) : String(error), problems: [] };
    parentPort!.postMessage({ id, error: data, citypitch } satisfies Reply);
  }
});
parentPort!.postMessage({ id: 0, value: "ready" } satisfies Reply);
