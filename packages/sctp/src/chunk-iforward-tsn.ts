/**
 * I-FORWARD-TSN (RFC 8260 §2.3.1): FORWARD TSN for I-DATA, naming the
 * abandoned message per stream and ordering (U bit) by its MID.
 *
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 194  |  Flags = 0x00 |      Length = Variable        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       New Cumulative TSN                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Stream Identifier       |          Reserved           |U|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Message Identifier                      |
 * /                              ...                              /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ChunkType } from './constants.js';

/** A decoded I-FORWARD-TSN; `entries` is [streamId, unordered (0/1), mid] triples, flattened. */
export interface IForwardTsnChunk {
  type: typeof ChunkType.I_FORWARD_TSN;
  newCumulativeTsn: number;
  entries: number[];
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function iforwardTsnValueLength(c: IForwardTsnChunk): number {
  return 4 + Math.floor(c.entries.length / 3) * 8;
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeIForwardTsnValue(c: IForwardTsnChunk, _dst: Uint8Array, dv: DataView, off: number): void {
  dv.setUint32(off, c.newCumulativeTsn >>> 0);
  let o = off + 4;
  for (let i = 0; i + 2 < c.entries.length; i += 3, o += 8) {
    dv.setUint16(o, c.entries[i]!);
    dv.setUint16(o + 2, c.entries[i + 1]! & 1);
    dv.setUint32(o + 4, c.entries[i + 2]! >>> 0);
  }
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readIForwardTsn(dv: DataView, start: number, end: number): IForwardTsnChunk | undefined {
  if (end - start < 4 || (end - start - 4) % 8 !== 0) return undefined;
  const entries: number[] = [];
  for (let o = start + 4; o < end; o += 8) entries.push(dv.getUint16(o), dv.getUint16(o + 2) & 1, dv.getUint32(o + 4));
  return { type: ChunkType.I_FORWARD_TSN, newCumulativeTsn: dv.getUint32(start), entries };
}
