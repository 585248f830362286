/**
 * ClientKeyExchange for ECDHE (RFC 8422 §5.7):
 *
 *   struct { opaque point <1..2^8-1>; } ClientECDiffieHellmanPublic;
 */
import { ByteReader } from '@purertc/common';

/** An ECDHE ClientKeyExchange. */
export interface ClientKeyExchange {
  publicKey: Uint8Array;
}

/** Encodes a ClientKeyExchange body. */
export function encodeClientKeyExchange(m: ClientKeyExchange): Uint8Array {
  const out = new Uint8Array(1 + m.publicKey.length);
  out[0] = m.publicKey.length;
  out.set(m.publicKey, 1);
  return out;
}

/** Decodes a ClientKeyExchange body; undefined if malformed. */
export function decodeClientKeyExchange(body: Uint8Array): ClientKeyExchange | undefined {
  const r = new ByteReader(body);
  const n = r.u8();
  if (n < 1) return undefined;
  const publicKey = r.bytesView(n).slice();
  if (r.overflow || r.remaining !== 0) return undefined;
  return { publicKey };
}
