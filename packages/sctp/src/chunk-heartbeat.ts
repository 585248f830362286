/**
 * HEARTBEAT (RFC 9260 §3.3.5) and HEARTBEAT ACK (§3.3.6). Both carry one
 * Heartbeat Info parameter (type 1) whose value is opaque to the receiver,
 * which echoes it back unchanged.
 *
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 4/5  |  Chunk Flags  |      Heartbeat Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Heartbeat Info Type = 1    |      HB Info Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                  Sender-Specific Heartbeat Info               /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ChunkType, ParamType } from './constants.js';
import { paramsLength, readParams, writeParams } from './params.js';

/** A HEARTBEAT or HEARTBEAT ACK; `info` is the Heartbeat Info value. */
export interface HeartbeatChunk {
  type: typeof ChunkType.HEARTBEAT | typeof ChunkType.HEARTBEAT_ACK;
  info: Uint8Array;
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function heartbeatValueLength(c: HeartbeatChunk): number {
  return paramsLength([{ type: ParamType.HEARTBEAT_INFO, value: c.info }]);
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeHeartbeatValue(c: HeartbeatChunk, dst: Uint8Array, _dv: DataView, off: number): void {
  writeParams([{ type: ParamType.HEARTBEAT_INFO, value: c.info }], dst, off);
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readHeartbeat(
  type: typeof ChunkType.HEARTBEAT | typeof ChunkType.HEARTBEAT_ACK,
  b: Uint8Array,
  start: number,
  end: number,
): HeartbeatChunk | undefined {
  const params = readParams(b, start, end);
  if (!params) return undefined;
  const info = params.find((p) => p.type === ParamType.HEARTBEAT_INFO);
  if (!info) return undefined;
  return { type, info: info.value };
}
