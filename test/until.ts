/**
 * Waiting in tests that drive real sockets and timers: resolves once `pred()`
 * holds, polling every 2 ms (a macrotask, so queued tasks and I/O run in
 * between); rejects after `ms` with what was awaited. Shared by the
 * peerconnection, interop and binding tests.
 */
export function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = (): void => {
      if (pred()) return resolve();
      if (Date.now() - start > ms) return reject(new Error(`timeout waiting for ${what}`));
      setTimeout(tick, 2);
    };
    tick();
  });
}
