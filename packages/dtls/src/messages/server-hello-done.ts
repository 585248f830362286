/**
 * ServerHelloDone (RFC 5246 §7.4.5): `struct { } ServerHelloDone;` — an
 * empty body marking the end of flight 4.
 */

/** Encodes a ServerHelloDone body (empty). */
export function encodeServerHelloDone(): Uint8Array {
  return new Uint8Array(0);
}

/** Decodes a ServerHelloDone body: true if it is empty, as required. */
export function decodeServerHelloDone(body: Uint8Array): boolean {
  return body.length === 0;
}
