/**
 * The lane's tasks in the order it runs them: as sent, except that a background task (work nobody
 * waits on yet, such as the chart files' SVGs) waits until no other task does.
 */
export class TaskQueue<T extends { background?: boolean }> {
  private readonly waiting: T[] = [];
  private readonly later: T[] = [];

  push(task: T): void {
    (task.background ? this.later : this.waiting).push(task);
  }

  /** The task to run next, taken off the queue; undefined when there is none. */
  next(): T | undefined {
    return this.waiting.shift() ?? this.later.shift();
  }
}
