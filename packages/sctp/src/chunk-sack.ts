/**
 * Selective Acknowledgement (RFC 9260 §3.3.4).
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 3    |  Chunk Flags  |         Chunk Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Cumulative TSN Ack                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Advertised Receiver Window Credit (a_rwnd)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
 * /                              ...                              /
 * |                        Duplicate TSN 1                        |
 * /                              ...                              /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * Gap block bounds are offsets from the Cumulative TSN Ack.
 */
import { ChunkType } from './constants.js';

/** A decoded SACK. `gaps` holds start/end offset pairs, flattened. */
export interface SackChunk {
  type: typeof ChunkType.SACK;
  cumulativeTsnAck: number;
  aRwnd: number;
  /** [start1, end1, start2, end2, ...] offsets relative to cumulativeTsnAck. */
  gaps: number[];
  duplicateTsns: number[];
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function sackValueLength(c: SackChunk): number {
  return 12 + c.gaps.length * 2 + c.duplicateTsns.length * 4;
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeSackValue(c: SackChunk, _dst: Uint8Array, dv: DataView, off: number): void {
  dv.setUint32(off, c.cumulativeTsnAck >>> 0);
  dv.setUint32(off + 4, c.aRwnd >>> 0);
  dv.setUint16(off + 8, c.gaps.length >>> 1);
  dv.setUint16(off + 10, c.duplicateTsns.length);
  let o = off + 12;
  for (let i = 0; i < (c.gaps.length & ~1); i++, o += 2) dv.setUint16(o, c.gaps[i]!);
  for (const d of c.duplicateTsns) {
    dv.setUint32(o, d >>> 0);
    o += 4;
  }
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readSack(_b: Uint8Array, dv: DataView, start: number, end: number): SackChunk | undefined {
  if (end - start < 12) return undefined;
  const nGaps = dv.getUint16(start + 8);
  const nDups = dv.getUint16(start + 10);
  if (start + 12 + nGaps * 4 + nDups * 4 > end) return undefined;
  const gaps: number[] = new Array(nGaps * 2);
  let o = start + 12;
  for (let i = 0; i < nGaps * 2; i++, o += 2) gaps[i] = dv.getUint16(o);
  const duplicateTsns: number[] = new Array(nDups);
  for (let i = 0; i < nDups; i++, o += 4) duplicateTsns[i] = dv.getUint32(o);
  return { type: ChunkType.SACK, cumulativeTsnAck: dv.getUint32(start), aRwnd: dv.getUint32(start + 4), gaps, duplicateTsns };
}
