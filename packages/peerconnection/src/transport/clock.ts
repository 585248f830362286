/**
 * The clock of the driver: monotonic milliseconds and one-shot timers. The
 * cores never see it; they get `now` as an argument.
 */

/** An opaque timer handle. */
export type TimerHandle = unknown;

/** Monotonic time and timers, injected into the driver. */
export interface Clock {
  /** Monotonic milliseconds (any origin; never goes backwards). */
  now(): number;
  /** Calls `fn` once after `delayMs`. The timer must not keep the process alive on its own. */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer from {@link setTimer}. */
  clearTimer(handle: TimerHandle): void;
}

/**
 * The runtime clock: `performance.now()` and `setTimeout`, unref'd where the
 * runtime supports it (Node, Deno, Bun), so a timer alone never holds the
 * process open; the open sockets of a live connection do.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(fn, delayMs) {
    const t = setTimeout(fn, delayMs) as unknown as { unref?: () => void };
    t.unref?.();
    return t;
  },
  clearTimer(handle) {
    clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  },
};
