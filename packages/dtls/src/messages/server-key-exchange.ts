/**
 * ServerKeyExchange for ECDHE (RFC 8422 §5.4, signature per RFC 5246 §7.4.3):
 *
 *   struct {
 *     ECCurveType curve_type;        // named_curve (3)
 *     NamedCurve namedcurve;         // 2 bytes
 *     opaque point <1..2^8-1>;       // the server's ephemeral public key
 *   } ServerECDHParams;
 *   struct {
 *     ServerECDHParams params;
 *     digitally-signed struct { opaque client_random[32]; opaque server_random[32]; ServerECDHParams params; } signed_params;
 *   } ServerKeyExchange;
 *
 *   digitally-signed = SignatureAndHashAlgorithm(2) ‖ opaque signature<0..2^16-1>
 */
import { ByteReader, ByteWriter } from '@purertc/common';
import { EC_CURVE_TYPE_NAMED } from '../constants.js';

/** An ECDHE ServerKeyExchange. */
export interface ServerKeyExchange {
  namedCurve: number;
  publicKey: Uint8Array;
  signatureAlgorithm: number;
  signature: Uint8Array;
}

/** The ServerECDHParams bytes (what is signed after the two randoms). */
export function encodeServerEcdhParams(namedCurve: number, publicKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + publicKey.length);
  new ByteWriter(out).u8(EC_CURVE_TYPE_NAMED).u16(namedCurve).u8(publicKey.length).write(publicKey);
  return out;
}

/** Encodes a ServerKeyExchange body. */
export function encodeServerKeyExchange(m: ServerKeyExchange): Uint8Array {
  const params = encodeServerEcdhParams(m.namedCurve, m.publicKey);
  const out = new Uint8Array(params.length + 4 + m.signature.length);
  new ByteWriter(out).write(params).u16(m.signatureAlgorithm).u16(m.signature.length).write(m.signature);
  return out;
}

/** Decodes a ServerKeyExchange body; undefined if malformed or not a named curve. */
export function decodeServerKeyExchange(body: Uint8Array): ServerKeyExchange | undefined {
  const r = new ByteReader(body);
  if (r.u8() !== EC_CURVE_TYPE_NAMED) return undefined;
  const namedCurve = r.u16();
  const pkLen = r.u8();
  if (pkLen < 1) return undefined;
  const publicKey = r.bytesView(pkLen).slice();
  const signatureAlgorithm = r.u16();
  const signature = r.bytesView(r.u16()).slice();
  if (r.overflow || r.remaining !== 0) return undefined;
  return { namedCurve, publicKey, signatureAlgorithm, signature };
}
