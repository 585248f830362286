/**
 * The TLS 1.2 pseudorandom function (RFC 5246 §5) and the keying material
 * exporter (RFC 5705 §4), built on the CryptoProvider's HMAC.
 *
 *   P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
 *                          HMAC_hash(secret, A(2) + seed) + ...
 *   A(0) = seed,  A(i) = HMAC_hash(secret, A(i-1))
 *   PRF(secret, label, seed) = P_<hash>(secret, label + seed)
 */
import type { CryptoProvider, HashName } from '@purertc/common';

const encoder = new TextEncoder();

/** ASCII bytes of a label. */
export function labelBytes(label: string): Uint8Array {
  return encoder.encode(label);
}

/** PRF(secret, label, seed)[0, length) with P_<hash> (RFC 5246 §5). */
export function prf(
  crypto: CryptoProvider,
  hash: HashName,
  secret: Uint8Array,
  label: string | Uint8Array,
  seed: Uint8Array,
  length: number,
): Uint8Array {
  const mac = crypto.hmacKey(hash, secret);
  const lbl = typeof label === 'string' ? labelBytes(label) : label;
  const out = new Uint8Array(length);
  let a = mac.compute(lbl, seed); // A(1)
  let at = 0;
  while (at < length) {
    const block = mac.compute(a, lbl, seed);
    const n = Math.min(block.length, length - at);
    out.set(n === block.length ? block : block.subarray(0, n), at);
    at += n;
    if (at < length) a = mac.compute(a);
  }
  return out;
}

/**
 * The RFC 5705 exporter: PRF(master_secret, label, client_random +
 * server_random [+ context_length(2) + context]). Without a context, no
 * length field is appended (RFC 5705 §4), which is what DTLS-SRTP uses.
 */
export function exportKeyingMaterial(
  crypto: CryptoProvider,
  hash: HashName,
  masterSecret: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  label: string,
  length: number,
  context?: Uint8Array,
): Uint8Array {
  const ctxLen = context ? 2 + context.length : 0;
  if (context && context.length > 0xffff) throw new RangeError('exporter context longer than 65535 bytes');
  const seed = new Uint8Array(64 + ctxLen);
  seed.set(clientRandom, 0);
  seed.set(serverRandom, 32);
  if (context) {
    seed[64] = context.length >>> 8;
    seed[65] = context.length & 0xff;
    seed.set(context, 66);
  }
  return prf(crypto, hash, masterSecret, label, seed, length);
}
