/**
 * DATA chunk (RFC 9260 §3.3.1).
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 0    |  Res  |I|U|B|E|            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              TSN                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Stream Identifier S      |   Stream Sequence Number n    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Payload Protocol Identifier                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                 User Data (seq n of Stream S)                 \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ChunkType } from './constants.js';

/** DATA flag bits (RFC 9260 §3.3.1; I from RFC 7053). */
export const DataFlags = { END: 1, BEGIN: 2, UNORDERED: 4, IMMEDIATE: 8 } as const;

/** A decoded DATA chunk; `userData` is a view into the packet. */
export interface DataChunk {
  type: typeof ChunkType.DATA;
  /** I, U, B, E bits. */
  flags: number;
  tsn: number;
  streamId: number;
  ssn: number;
  ppid: number;
  userData: Uint8Array;
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function dataValueLength(c: DataChunk): number {
  return 12 + c.userData.length;
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeDataValue(c: DataChunk, dst: Uint8Array, dv: DataView, off: number): void {
  dv.setUint32(off, c.tsn >>> 0);
  dv.setUint16(off + 4, c.streamId);
  dv.setUint16(off + 6, c.ssn);
  dv.setUint32(off + 8, c.ppid >>> 0);
  dst.set(c.userData, off + 12);
}

/** RFC 9260 §6.2: a DATA chunk with no user data is a protocol violation (handled by the caller). */
export function readData(b: Uint8Array, dv: DataView, start: number, end: number, flags: number): DataChunk | undefined {
  if (end - start < 12) return undefined;
  return {
    type: ChunkType.DATA,
    flags: flags & 0x0f,
    tsn: dv.getUint32(start),
    streamId: dv.getUint16(start + 4),
    ssn: dv.getUint16(start + 6),
    ppid: dv.getUint32(start + 8),
    userData: b.subarray(start + 12, end),
  };
}
