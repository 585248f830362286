/**
 * "Queue a task" for the networking task source (HTML §8.1.7.1): one FIFO
 * per connection, each task in its own macrotask so that promise reactions
 * (microtasks) run between tasks, as in a browser. `setImmediate` where the
 * runtime has it (Node, Deno, Bun: no 1 ms timer clamp, so a burst of
 * messages is delivered at full speed), `setTimeout(0)` elsewhere.
 *
 * A queue can be cleared: `clear()` drops every task not yet run (used by
 * close(): no event fires after the connection is closed).
 */

type Task = () => void;

const schedule: (fn: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (fn) => void (globalThis as unknown as { setImmediate: (f: () => void) => unknown }).setImmediate(fn)
    : (fn) => void setTimeout(fn, 0);

/** A FIFO of tasks, each run in its own macrotask, in order. */
export class TaskQueue {
  private readonly tasks: Task[] = [];
  private head = 0;
  private scheduled = 0;
  private readonly runOne = (): void => {
    this.scheduled--;
    if (this.head >= this.tasks.length) return;
    const t = this.tasks[this.head]!;
    this.tasks[this.head++] = undefined as unknown as Task;
    if (this.head > 1024 && this.head * 2 > this.tasks.length) {
      this.tasks.splice(0, this.head);
      this.head = 0;
    }
    t();
  };

  /** Tasks queued and not yet run. */
  get length(): number {
    return this.tasks.length - this.head;
  }

  /** Queues `task` after every task queued before it. */
  queue(task: Task): void {
    this.tasks.push(task);
    this.scheduled++;
    schedule(this.runOne);
  }

  /** The most recently queued task that has not run yet, if any. */
  peekLast(): Task | undefined {
    return this.tasks.length > this.head ? this.tasks[this.tasks.length - 1] : undefined;
  }

  /** Drops every task not yet run. */
  clear(): void {
    this.tasks.length = 0;
    this.head = 0;
  }
}
