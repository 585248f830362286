/**
 * FORWARD TSN (RFC 3758 §3.2): tells the receiver to move its cumulative TSN
 * forward past abandoned chunks, and which ordered streams' SSNs to skip.
 *
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      New Cumulative TSN                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Stream-1              |       Stream Sequence-1       |
 * /                              ...                              /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ChunkType } from './constants.js';

/** A decoded FORWARD TSN; `streams` is [streamId, ssn] pairs, flattened. */
export interface ForwardTsnChunk {
  type: typeof ChunkType.FORWARD_TSN;
  newCumulativeTsn: number;
  streams: number[];
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function forwardTsnValueLength(c: ForwardTsnChunk): number {
  return 4 + (c.streams.length >>> 1) * 4;
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeForwardTsnValue(c: ForwardTsnChunk, _dst: Uint8Array, dv: DataView, off: number): void {
  dv.setUint32(off, c.newCumulativeTsn >>> 0);
  let o = off + 4;
  for (let i = 0; i + 1 < c.streams.length; i += 2, o += 4) {
    dv.setUint16(o, c.streams[i]!);
    dv.setUint16(o + 2, c.streams[i + 1]!);
  }
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readForwardTsn(dv: DataView, start: number, end: number): ForwardTsnChunk | undefined {
  if (end - start < 4 || (end - start) % 4 !== 0) return undefined;
  const streams: number[] = [];
  for (let o = start + 4; o < end; o += 4) streams.push(dv.getUint16(o), dv.getUint16(o + 2));
  return { type: ChunkType.FORWARD_TSN, newCumulativeTsn: dv.getUint32(start), streams };
}
