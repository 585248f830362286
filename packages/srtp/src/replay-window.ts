/**
 * The replay list of RFC 3711 §3.3.2 as a sliding bitmap over packet indices.
 *
 * `highest` is the highest index authenticated so far; bit (index mod size)
 * records whether index was received, for the `size` indices up to
 * `highest`. An index above `highest` is new; one `size` or more below it is
 * too old to judge and rejected (§3.3.2: "the packet ... is discarded").
 * Indices are SRTP's 48-bit packet indices or SRTCP's 31-bit indices: exact
 * in a JS number.
 */
export class ReplayWindow {
  /** Window size in packets (a multiple of 32). */
  readonly size: number;
  /** Highest index accepted so far, -1 before the first. */
  highest = -1;
  private readonly bits: Uint32Array;

  constructor(size: number) {
    this.size = Math.max(32, Math.ceil(size / 32) * 32);
    this.bits = new Uint32Array(this.size / 32);
  }

  /** True if `index` has not been seen and is not too old. Does not record it. */
  check(index: number): boolean {
    if (index > this.highest) return true;
    if (this.highest - index >= this.size) return false;
    const pos = index % this.size;
    return (this.bits[pos >>> 5]! & (1 << (pos & 31))) === 0;
  }

  /** Records `index` (call after the packet authenticated and passed {@link check}). */
  accept(index: number): void {
    const size = this.size;
    if (index > this.highest) {
      const d = this.highest < 0 ? size : index - this.highest;
      if (d >= size) this.bits.fill(0);
      else for (let i = this.highest + 1; i < index; i++) this.clear(i % size);
      this.highest = index;
    }
    const pos = index % size;
    this.bits[pos >>> 5]! |= 1 << (pos & 31);
  }

  private clear(pos: number): void {
    this.bits[pos >>> 5]! &= ~(1 << (pos & 31));
  }
}
