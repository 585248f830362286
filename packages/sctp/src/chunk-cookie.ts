/**
 * COOKIE ECHO (RFC 9260 §3.3.11) and COOKIE ACK (§3.3.12).
 *
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 10   |  Chunk Flags  |             Length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                            Cookie                             /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * COOKIE ACK: type 11, length 4.
 * ```
 */
import { ChunkType } from './constants.js';

/** A COOKIE ECHO carrying the State Cookie from the INIT ACK, unchanged. */
export interface CookieEchoChunk {
  type: typeof ChunkType.COOKIE_ECHO;
  cookie: Uint8Array;
}
/** A COOKIE ACK. */
export interface CookieAckChunk {
  type: typeof ChunkType.COOKIE_ACK;
}
