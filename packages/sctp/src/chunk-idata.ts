/**
 * I-DATA chunk (RFC 8260 §2.1): DATA with a 32-bit Message Identifier and a
 * Fragment Sequence Number so fragments of different messages may interleave.
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 64   |  Res  |I|U|B|E|       Length = Variable       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              TSN                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Stream Identifier      |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Message Identifier                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Payload Protocol Identifier / Fragment Sequence Number     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                           User Data                           \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * The last word is the PPID when B is set (the FSN is then 0), else the FSN.
 */
import { ChunkType } from './constants.js';
import { DataFlags } from './chunk-data.js';

/** A decoded I-DATA chunk; `userData` is a view into the packet. */
export interface IDataChunk {
  type: typeof ChunkType.I_DATA;
  /** I, U, B, E bits (same as DATA). */
  flags: number;
  tsn: number;
  streamId: number;
  mid: number;
  /** Meaningful on the first fragment (B set). */
  ppid: number;
  /** Fragment sequence number: 0 on the first fragment. */
  fsn: number;
  userData: Uint8Array;
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function idataValueLength(c: IDataChunk): number {
  return 16 + c.userData.length;
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeIDataValue(c: IDataChunk, dst: Uint8Array, dv: DataView, off: number): void {
  dv.setUint32(off, c.tsn >>> 0);
  dv.setUint16(off + 4, c.streamId);
  dv.setUint16(off + 6, 0);
  dv.setUint32(off + 8, c.mid >>> 0);
  dv.setUint32(off + 12, (c.flags & DataFlags.BEGIN ? c.ppid : c.fsn) >>> 0);
  dst.set(c.userData, off + 16);
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readIData(b: Uint8Array, dv: DataView, start: number, end: number, flags: number): IDataChunk | undefined {
  if (end - start < 16) return undefined;
  const last = dv.getUint32(start + 12);
  const begin = (flags & DataFlags.BEGIN) !== 0;
  return {
    type: ChunkType.I_DATA,
    flags: flags & 0x0f,
    tsn: dv.getUint32(start),
    streamId: dv.getUint16(start + 4),
    mid: dv.getUint32(start + 8),
    ppid: begin ? last : 0,
    fsn: begin ? 0 : last,
    userData: b.subarray(start + 16, end),
  };
}
