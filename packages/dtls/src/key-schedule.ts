/**
 * The TLS 1.2 key schedule as DTLS 1.2 uses it:
 *
 * - master_secret = PRF(pre_master_secret, "master secret", client_random + server_random)[0..47]
 *   (RFC 5246 §8.1), or with the extended master secret (RFC 7627 §4):
 *   PRF(pre_master_secret, "extended master secret", session_hash)[0..47],
 *   session_hash = Hash(handshake messages up to and including ClientKeyExchange).
 * - key_block = PRF(master_secret, "key expansion", server_random + client_random)
 *   split as client_write_key, server_write_key, client_write_IV, server_write_IV
 *   (RFC 5246 §6.3; AEAD suites have no MAC keys).
 * - verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11] (RFC 5246 §7.4.9).
 */
import type { CryptoProvider, HashName } from '@purertc/common';
import { concatBytes } from '@purertc/common';
import type { CipherSuite } from './cipher-suites.js';
import { prf } from './prf.js';

/** The master secret (48 bytes). */
export function masterSecret(
  crypto: CryptoProvider,
  hash: HashName,
  preMasterSecret: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  sessionHash: Uint8Array | undefined,
): Uint8Array {
  if (sessionHash) return prf(crypto, hash, preMasterSecret, 'extended master secret', sessionHash, 48);
  return prf(crypto, hash, preMasterSecret, 'master secret', concatBytes([clientRandom, serverRandom]), 48);
}

/** Traffic keys of both directions. */
export interface TrafficKeys {
  clientWriteKey: Uint8Array;
  serverWriteKey: Uint8Array;
  clientWriteIv: Uint8Array;
  serverWriteIv: Uint8Array;
}

/** Expands the master secret into the traffic keys of `suite`. */
export function trafficKeys(
  crypto: CryptoProvider,
  suite: CipherSuite,
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
): TrafficKeys {
  const k = suite.keyLength;
  const iv = suite.fixedIvLength;
  const block = prf(crypto, suite.prfHash, master, 'key expansion', concatBytes([serverRandom, clientRandom]), 2 * k + 2 * iv);
  return {
    clientWriteKey: block.slice(0, k),
    serverWriteKey: block.slice(k, 2 * k),
    clientWriteIv: block.slice(2 * k, 2 * k + iv),
    serverWriteIv: block.slice(2 * k + iv, 2 * k + 2 * iv),
  };
}

/** Finished verify_data for `label` over the transcript hash. */
export function verifyData(crypto: CryptoProvider, hash: HashName, master: Uint8Array, label: 'client finished' | 'server finished', transcriptHash: Uint8Array): Uint8Array {
  return prf(crypto, hash, master, label, transcriptHash, 12);
}
