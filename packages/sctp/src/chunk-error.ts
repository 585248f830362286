/**
 * Operation Error (RFC 9260 §3.3.10) and the error causes it (and ABORT)
 * carry. Each cause is a TLV: Cause Code (16), Cause Length (16), info.
 *
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 9    | Chunk  Flags  |           Length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                    zero or more Error Causes                  \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ChunkType, ErrorCause } from './constants.js';
import { type Param, paramsLength, readParams, writeParams } from './params.js';

/** One error cause: `type` is the cause code, `value` its information. */
export type Cause = Param;

/** A decoded ERROR chunk. */
export interface ErrorChunk {
  type: typeof ChunkType.ERROR;
  causes: Cause[];
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function errorValueLength(c: { causes: Cause[] }): number {
  return paramsLength(c.causes);
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeErrorValue(c: { causes: Cause[] }, dst: Uint8Array, _dv: DataView, off: number): void {
  writeParams(c.causes, dst, off);
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readError(b: Uint8Array, start: number, end: number): ErrorChunk | undefined {
  const causes = readParams(b, start, end);
  return causes && { type: ChunkType.ERROR, causes };
}

/** Builds an "Unrecognized Chunk Type" cause (code 6) holding the chunk as received. */
export function unrecognizedChunkCause(chunk: Uint8Array): Cause {
  return { type: ErrorCause.UNRECOGNIZED_CHUNK_TYPE, value: chunk.slice() };
}

/** Builds a "User-Initiated Abort" cause (code 12) with a UTF-8 reason. */
export function userAbortCause(reason: string): Cause {
  return { type: ErrorCause.USER_INITIATED_ABORT, value: new TextEncoder().encode(reason) };
}

/** Builds a "Protocol Violation" cause (code 13) with a UTF-8 text. */
export function protocolViolationCause(text: string): Cause {
  return { type: ErrorCause.PROTOCOL_VIOLATION, value: new TextEncoder().encode(text) };
}

/** Builds a "No User Data" cause (code 9) naming the TSN. */
export function noUserDataCause(tsn: number): Cause {
  const v = new Uint8Array(4);
  new DataView(v.buffer).setUint32(0, tsn >>> 0);
  return { type: ErrorCause.NO_USER_DATA, value: v };
}

/** Builds a "Stale Cookie" cause (code 3) with the staleness in microseconds. */
export function staleCookieCause(stalenessMs: number): Cause {
  const v = new Uint8Array(4);
  new DataView(v.buffer).setUint32(0, Math.min(0xffffffff, Math.round(stalenessMs * 1000)) >>> 0);
  return { type: ErrorCause.STALE_COOKIE, value: v };
}

/** Builds an "Invalid Stream Identifier" cause (code 1). */
export function invalidStreamCause(streamId: number): Cause {
  const v = new Uint8Array(4);
  v[0] = streamId >>> 8;
  v[1] = streamId & 0xff;
  return { type: ErrorCause.INVALID_STREAM_IDENTIFIER, value: v };
}

/** A readable description of a cause for logs and events. */
export function describeCause(c: Cause): string {
  const names: Record<number, string> = {
    1: 'invalid stream identifier',
    2: 'missing mandatory parameter',
    3: 'stale cookie',
    4: 'out of resource',
    5: 'unresolvable address',
    6: 'unrecognized chunk type',
    7: 'invalid mandatory parameter',
    8: 'unrecognized parameters',
    9: 'no user data',
    10: 'cookie received while shutting down',
    11: 'restart with new addresses',
    12: 'user-initiated abort',
    13: 'protocol violation',
  };
  const name = names[c.type] ?? `cause ${c.type}`;
  if (c.type === ErrorCause.USER_INITIATED_ABORT || c.type === ErrorCause.PROTOCOL_VIOLATION) {
    return `${name}: ${new TextDecoder().decode(c.value)}`;
  }
  return name;
}
