/**
 * Copies of small received messages, carved from a shared slab.
 *
 * Received payloads must be copied out of the packet (the packet is only
 * borrowed for the `handle` call). Allocating one ArrayBuffer per message is
 * the most expensive step of receiving small messages, so — as Node's own
 * Buffer pool does — messages up to {@link POOLED_MAX} bytes become views
 * into a slab (4 KiB at first, growing to 32 KiB). A retained view keeps its slab alive: an application
 * that keeps many small messages for a long time should copy them (or turn
 * the pool off with the association's `pooledReceive: false`).
 */

/** Largest message copied into the pool; larger ones get their own buffer. */
export const POOLED_MAX = 2048;
const SLAB = 32 * 1024;
const FIRST_SLAB = 4 * 1024;

export class ReceivePool {
  private slab = new Uint8Array(0);
  private offset = 0;

  /** An owned copy of `src`. */
  copy(src: Uint8Array): Uint8Array {
    const n = src.length;
    if (n > POOLED_MAX) return src.slice();
    if (this.offset + n > this.slab.length) {
      // Slabs grow from 4 KiB to 32 KiB as they fill: an idle connection
      // that received a few small messages keeps 4 KiB.
      this.slab = new Uint8Array(this.slab.length === 0 ? FIRST_SLAB : Math.min(SLAB, this.slab.length * 2));
      this.offset = 0;
    }
    const at = this.offset;
    this.slab.set(src, at);
    this.offset = (at + n + 7) & ~7;
    return this.slab.subarray(at, at + n);
  }
}
