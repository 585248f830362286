/**
 * The record_size_limit extension (RFC 8449, extension type 28).
 *
 *   uint16 RecordSizeLimit;      // RFC 8449 §4: the whole extension_data
 *
 * The value is the largest plaintext, in bytes, of a protected record the
 * sender of the extension is willing to receive. In (D)TLS 1.2 it counts
 * all input to the record protection, i.e. the data that becomes
 * DTLSCiphertext.fragment before the AEAD's nonce and tag are added
 * (RFC 8449 §4, "In TLS 1.2 and earlier, the limit covers all input to
 * compression and encryption"). Unprotected (epoch 0) records are not
 * subject to it.
 *
 * Negotiation (RFC 8449 §4):
 * - the client offers its limit in the ClientHello; a server answers with its
 *   own limit in the ServerHello only if the client offered one (an extension
 *   in a ServerHello must answer one in the ClientHello, RFC 5246 §7.4.1.4);
 * - the extension is negotiated when both carry it; then each side sends
 *   protected records of at most the limit the *other* side advertised, and
 *   never more than the protocol maximum of 2^14, even if the peer advertised
 *   more ("Even if a larger record size limit is provided by a peer, an
 *   endpoint MUST NOT send records larger than the protocol-defined limit");
 * - a value below 64 is a fatal illegal_parameter ("An endpoint MUST treat
 *   receipt of a smaller value as a fatal error");
 * - we never advertise more than 2^14 for DTLS 1.2 ("an endpoint MUST NOT
 *   send a value higher than the protocol-defined maximum record size"); a
 *   server "MUST NOT enforce this restriction" on a client's value, and a
 *   client MAY abort on a larger value from a server: we clamp instead.
 */
import { MAX_PLAINTEXT_LENGTH } from '../constants.js';

/** Smallest value an endpoint may advertise or accept (RFC 8449 §4). */
export const MIN_RECORD_SIZE_LIMIT = 64;

/** Largest value we advertise for DTLS 1.2: the protocol's plaintext maximum, 2^14 (RFC 8449 §4, RFC 6347 §4.1). */
export const MAX_RECORD_SIZE_LIMIT_DTLS12 = MAX_PLAINTEXT_LENGTH;

/** Length of the extension body: one uint16. */
export const RECORD_SIZE_LIMIT_BODY_LENGTH = 2;

/** Encodes the extension body (the uint16, big-endian). */
export function encodeRecordSizeLimit(limit: number): Uint8Array {
  return new Uint8Array([(limit >>> 8) & 0xff, limit & 0xff]);
}

/**
 * Decodes the extension body. Returns undefined when it is not exactly two
 * bytes (a decode_error for the handshake); the value itself is returned
 * unchecked, {@link checkPeerRecordSizeLimit} judges it.
 */
export function decodeRecordSizeLimit(body: Uint8Array): number | undefined {
  if (body.length !== RECORD_SIZE_LIMIT_BODY_LENGTH) return undefined;
  return (body[0]! << 8) | body[1]!;
}

/**
 * Validates a limit received from the peer. Returns 'illegal' for a value
 * under 64 (RFC 8449 §4: fatal illegal_parameter), else 'ok'. Values above
 * 2^14 are accepted (a server must not refuse them, a client may) and clamped
 * by {@link sendLimit}.
 */
export function checkPeerRecordSizeLimit(value: number): 'ok' | 'illegal' {
  return value < MIN_RECORD_SIZE_LIMIT ? 'illegal' : 'ok';
}

/**
 * Validates our own configured limit (the `recordSizeLimit` option): an
 * integer within [64, 2^14] for DTLS 1.2 (RFC 8449 §4). Throws a RangeError
 * otherwise (configuration, not network input).
 */
export function validateLocalRecordSizeLimit(value: number): number {
  if (!Number.isInteger(value) || value < MIN_RECORD_SIZE_LIMIT || value > MAX_RECORD_SIZE_LIMIT_DTLS12) {
    throw new RangeError(`recordSizeLimit must be an integer within [${MIN_RECORD_SIZE_LIMIT}, ${MAX_RECORD_SIZE_LIMIT_DTLS12}] for DTLS 1.2 (RFC 8449 §4), got ${value}`);
  }
  return value;
}

/**
 * The largest plaintext we may put in one protected record toward a peer
 * that advertised `peerLimit` (undefined: not negotiated, the protocol's 2^14
 * applies). RFC 8449 §4: at most the peer's value and never above 2^14.
 */
export function sendLimit(peerLimit: number | undefined): number {
  return peerLimit === undefined ? MAX_PLAINTEXT_LENGTH : Math.min(peerLimit, MAX_PLAINTEXT_LENGTH);
}
