/**
 * INIT (RFC 9260 §3.3.2) and INIT ACK (§3.3.3): same fixed part, different
 * type and parameters (INIT ACK carries the State Cookie).
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 1    |  Chunk Flags  |         Chunk Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Initiate Tag                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Advertised Receiver Window Credit (a_rwnd)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Number of Outbound Streams   |   Number of Inbound Streams   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Initial TSN                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \              Optional/Variable-Length Parameters              \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ChunkType } from './constants.js';
import { type Param, paramsLength, readParams, writeParams } from './params.js';

/** The fields INIT and INIT ACK share. */
export interface InitFields {
  initiateTag: number;
  aRwnd: number;
  outboundStreams: number;
  inboundStreams: number;
  initialTsn: number;
  params: Param[];
}

/** A decoded INIT chunk. */
export interface InitChunk extends InitFields {
  type: typeof ChunkType.INIT;
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function initValueLength(c: InitFields): number {
  return 16 + paramsLength(c.params);
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeInitValue(c: InitFields, dst: Uint8Array, dv: DataView, off: number): void {
  dv.setUint32(off, c.initiateTag >>> 0);
  dv.setUint32(off + 4, c.aRwnd >>> 0);
  dv.setUint16(off + 8, c.outboundStreams);
  dv.setUint16(off + 10, c.inboundStreams);
  dv.setUint32(off + 12, c.initialTsn >>> 0);
  writeParams(c.params, dst, off + 16);
}

/** Reads the shared fixed part and parameters. */
export function readInitFields(b: Uint8Array, dv: DataView, start: number, end: number): InitFields | undefined {
  if (end - start < 16) return undefined;
  const params = readParams(b, start + 16, end);
  if (!params) return undefined;
  return {
    initiateTag: dv.getUint32(start),
    aRwnd: dv.getUint32(start + 4),
    outboundStreams: dv.getUint16(start + 8),
    inboundStreams: dv.getUint16(start + 10),
    initialTsn: dv.getUint32(start + 12),
    params,
  };
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readInit(b: Uint8Array, dv: DataView, start: number, end: number): InitChunk | undefined {
  const f = readInitFields(b, dv, start, end);
  return f && { type: ChunkType.INIT, ...f };
}
