/**
 * Which TSNs have arrived (RFC 9260 §6.2, §6.2.1): the cumulative TSN, the
 * out-of-order ranges above it (reported as Gap Ack Blocks) and the
 * duplicates to report in the next SACK.
 *
 * Ranges are kept as a sorted flat array [start1, end1, start2, end2, ...] of
 * absolute TSNs. Arrivals nearly always extend the last range, so insertion
 * scans from the end; the number of ranges is bounded ({@link maxRanges}).
 */
import { seq32Add, seq32Diff, seq32Lt, seq32Lte } from '@purertc/common';

export class ReceiveTracker {
  /** Highest TSN such that every TSN up to it has arrived (or was skipped by FORWARD TSN). */
  cumulativeTsn: number;
  private ranges: number[] = [];
  private dups: number[] = [];
  /** Highest TSN ever accepted. */
  highest: number;

  constructor(
    initialTsn: number,
    readonly maxRanges = 256,
    readonly maxDuplicates = 32,
  ) {
    this.cumulativeTsn = seq32Add(initialTsn, -1);
    this.highest = this.cumulativeTsn;
  }

  /** True when `tsn` has been received already. */
  has(tsn: number): boolean {
    if (seq32Lte(tsn, this.cumulativeTsn)) return true;
    const r = this.ranges;
    for (let i = r.length - 2; i >= 0; i -= 2) {
      if (seq32Lt(r[i + 1]!, tsn)) return false;
      if (seq32Lte(r[i]!, tsn)) return true;
    }
    return false;
  }

  /** Records a duplicate for the next SACK (bounded). */
  addDuplicate(tsn: number): void {
    if (this.dups.length < this.maxDuplicates) this.dups.push(tsn);
  }

  /** True when some TSNs above the cumulative TSN are missing. */
  get hasGaps(): boolean {
    return this.ranges.length > 0;
  }

  /**
   * Marks `tsn` (not yet received) as received. Returns false when it cannot
   * be tracked (too many ranges): the caller drops the chunk unacknowledged.
   */
  add(tsn: number): boolean {
    const next = seq32Add(this.cumulativeTsn, 1);
    if (seq32Lt(this.highest, tsn)) this.highest = tsn;
    if (tsn === next) {
      this.cumulativeTsn = tsn;
      this.absorb();
      return true;
    }
    const r = this.ranges;
    // Find the last range starting at or below tsn.
    let i = r.length - 2;
    while (i >= 0 && seq32Lt(tsn, r[i]!)) i -= 2;
    if (i >= 0 && r[i + 1] === seq32Add(tsn, -1)) {
      r[i + 1] = tsn;
      if (i + 2 < r.length && r[i + 2] === seq32Add(tsn, 1)) {
        r[i + 1] = r[i + 3]!;
        r.splice(i + 2, 2);
      }
      return true;
    }
    if (i + 2 < r.length && r[i + 2] === seq32Add(tsn, 1)) {
      r[i + 2] = tsn;
      return true;
    }
    if (r.length >= this.maxRanges * 2) return false;
    r.splice(i + 2, 0, tsn, tsn);
    return true;
  }

  /** FORWARD TSN (RFC 3758 §3.6): everything up to `tsn` counts as received. */
  forwardTo(tsn: number): void {
    if (seq32Lte(tsn, this.cumulativeTsn)) return;
    this.cumulativeTsn = tsn;
    if (seq32Lt(this.highest, tsn)) this.highest = tsn;
    const r = this.ranges;
    let drop = 0;
    while (drop < r.length && seq32Lte(r[drop + 1]!, tsn)) drop += 2;
    if (drop > 0) r.splice(0, drop);
    if (r.length > 0 && seq32Lte(r[0]!, tsn)) r[0] = seq32Add(tsn, 1);
    this.absorb();
  }

  private absorb(): void {
    const r = this.ranges;
    if (r.length > 0 && r[0] === seq32Add(this.cumulativeTsn, 1)) {
      this.cumulativeTsn = r[1]!;
      r.splice(0, 2);
    }
  }

  /** Gap Ack Block offsets relative to the cumulative TSN, at most `max` blocks. */
  gapBlocks(max: number): number[] {
    const r = this.ranges;
    const n = Math.min(r.length >>> 1, max);
    const out = new Array<number>(n * 2);
    for (let k = 0; k < n; k++) {
      const s = seq32Diff(this.cumulativeTsn, r[2 * k]!);
      const e = seq32Diff(this.cumulativeTsn, r[2 * k + 1]!);
      if (e > 0xffff) return out.slice(0, 2 * k);
      out[2 * k] = s;
      out[2 * k + 1] = e;
    }
    return out;
  }

  /** Takes the duplicate TSNs gathered since the last SACK. */
  takeDuplicates(): number[] {
    const d = this.dups;
    this.dups = [];
    return d;
  }
}
