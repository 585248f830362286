/**
 * SHUTDOWN (RFC 9260 §3.3.8), SHUTDOWN ACK (§3.3.9) and SHUTDOWN COMPLETE
 * (§3.3.13).
 *
 * ```
 * SHUTDOWN:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 7    | Chunk  Flags  |          Length = 8           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Cumulative TSN Ack                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * SHUTDOWN ACK: type 8, length 4, no value.
 * SHUTDOWN COMPLETE: type 14, flags = Reserved|T, length 4.
 * ```
 */
import { ChunkType } from './constants.js';

/** A decoded SHUTDOWN. */
export interface ShutdownChunk {
  type: typeof ChunkType.SHUTDOWN;
  cumulativeTsnAck: number;
}
/** A SHUTDOWN ACK. */
export interface ShutdownAckChunk {
  type: typeof ChunkType.SHUTDOWN_ACK;
}
/** A SHUTDOWN COMPLETE; `reflected` is the T bit. */
export interface ShutdownCompleteChunk {
  type: typeof ChunkType.SHUTDOWN_COMPLETE;
  reflected: boolean;
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readShutdown(dv: DataView, start: number, end: number): ShutdownChunk | undefined {
  if (end - start !== 4) return undefined;
  return { type: ChunkType.SHUTDOWN, cumulativeTsnAck: dv.getUint32(start) };
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeShutdownValue(c: ShutdownChunk, _dst: Uint8Array, dv: DataView, off: number): void {
  dv.setUint32(off, c.cumulativeTsnAck >>> 0);
}
