/**
 * INIT ACK (RFC 9260 §3.3.3): the INIT layout with type 2; its parameters
 * must include the State Cookie (type 7) and may include Unrecognized
 * Parameter (type 8) reports. See {@link ./chunk-init.ts} for the layout.
 */
import { ChunkType, ParamType } from './constants.js';
import { type InitFields, readInitFields } from './chunk-init.js';

/** A decoded INIT ACK chunk. */
export interface InitAckChunk extends InitFields {
  type: typeof ChunkType.INIT_ACK;
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readInitAck(b: Uint8Array, dv: DataView, start: number, end: number): InitAckChunk | undefined {
  const f = readInitFields(b, dv, start, end);
  return f && { type: ChunkType.INIT_ACK, ...f };
}

/** The State Cookie of an INIT ACK, or undefined when missing (a mandatory parameter). */
export function stateCookieOf(c: InitFields): Uint8Array | undefined {
  for (const p of c.params) if (p.type === ParamType.STATE_COOKIE) return p.value;
  return undefined;
}
