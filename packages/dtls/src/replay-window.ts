/**
 * The anti-replay sliding window (RFC 6347 §4.1.2.6, after RFC 4303 §3.4.3).
 *
 *            <------------- size ------------->
 *   ... old |  received / not yet received bits  | top | new ...
 *
 * A record whose sequence number is left of the window is rejected; inside
 * it, rejected if its bit is set; right of it, accepted. The window moves
 * only after the record authenticated ({@link ReplayWindow.update}), so a
 * forged record cannot advance it.
 *
 * The bitmap is a ring of 32-bit words indexed by `seq mod size`; sequence
 * numbers are 48-bit and stay exact in a JS number.
 */
export class ReplayWindow {
  /** Window width in records (a multiple of 32, at least 32; RFC 6347 requires 32, recommends 64). */
  readonly size: number;
  private readonly bits: Uint32Array;
  /** Highest sequence number accepted so far, -1 before the first. */
  private top = -1;

  constructor(size = 64) {
    if (size < 32 || size % 32 !== 0) throw new RangeError('replay window size must be a multiple of 32, at least 32');
    this.size = size;
    this.bits = new Uint32Array(size / 32);
  }

  /** Highest sequence number accepted so far (-1 before any). */
  get highest(): number {
    return this.top;
  }

  /** True if `seq` is new: right of the window, or inside it and not yet seen. */
  check(seq: number): boolean {
    if (seq > this.top) return true;
    if (this.top - seq >= this.size) return false;
    const i = seq % this.size;
    return (this.bits[i >>> 5]! & (1 << (i & 31))) === 0;
  }

  /** Marks `seq` as received, sliding the window if it is the newest. Call after authentication. */
  update(seq: number): void {
    if (seq > this.top) {
      const shift = seq - this.top;
      if (shift >= this.size || this.top < 0) {
        this.bits.fill(0);
      } else {
        for (let s = this.top + 1; s <= seq; s++) {
          const i = s % this.size;
          this.bits[i >>> 5]! &= ~(1 << (i & 31));
        }
      }
      this.top = seq;
    } else if (this.top - seq >= this.size) {
      return;
    }
    const i = seq % this.size;
    this.bits[i >>> 5]! |= 1 << (i & 31);
  }
}
