/**
 * Allocation measurement for benchmarks (see benchmarks/README.md, "Allocations").
 *
 * `measureAllocations(fn)` runs `fn` `ops` times between two `process.memoryUsage()`
 * readings, after a forced full GC, and checks with `v8.GCProfiler` that no GC ran in
 * between (if one did, it retries with fewer ops). With no GC in the window, the growth of
 * `heapUsed` is exactly the bytes of JS objects the operations allocated (typed-array and
 * ArrayBuffer objects, closures, arrays…) and the growth of `arrayBuffers` is the bytes of
 * ArrayBuffer backing stores (the packet bytes themselves, and the Buffers that native
 * calls such as `cipher.update()` return). Compare with a reference function that only
 * allocates the output (`new Uint8Array(n)`) to read the figures as "allocations beyond
 * the output".
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

/**
 * @param {() => unknown} fn  one operation
 * @param {{ ops?: number }} [o]
 * @returns {{ heapBytesPerOp: number, bufferBytesPerOp: number, ops: number }}
 */
export function measureAllocations(fn, { ops = 2000 } = {}) {
  for (let i = 0; i < 200; i++) fn(); // warm the JIT so compilation does not count
  for (let attempt = 0; attempt < 8; attempt++) {
    gc();
    gc();
    const profiler = new v8.GCProfiler();
    profiler.start();
    const m0 = process.memoryUsage();
    for (let i = 0; i < ops; i++) fn();
    const m1 = process.memoryUsage();
    const stats = profiler.stop();
    if (stats.statistics.length === 0) {
      return {
        heapBytesPerOp: (m1.heapUsed - m0.heapUsed) / ops,
        bufferBytesPerOp: (m1.arrayBuffers - m0.arrayBuffers) / ops,
        ops,
      };
    }
    ops = Math.max(50, ops >> 1);
  }
  throw new Error('measureAllocations: a GC ran in every attempt');
}
