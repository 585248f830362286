/**
 * ABORT (RFC 9260 §3.3.7). The T bit says the Verification Tag is reflected
 * (the sender had no TCB).
 *
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 6    |  Reserved   |T|            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \               zero or more Error Causes                       \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ChunkType } from './constants.js';
import type { Cause } from './chunk-error.js';
import { readParams } from './params.js';

/** A decoded ABORT chunk. */
export interface AbortChunk {
  type: typeof ChunkType.ABORT;
  /** T bit. */
  reflected: boolean;
  causes: Cause[];
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readAbort(b: Uint8Array, start: number, end: number, flags: number): AbortChunk | undefined {
  const causes = readParams(b, start, end);
  return causes && { type: ChunkType.ABORT, reflected: (flags & 1) !== 0, causes };
}
