/**
 * The cipher suites this endpoint speaks: ECDHE key exchange with ECDSA or
 * RSA authentication and an AEAD record cipher (RFC 5289 for AES-GCM with
 * SHA-256/384 PRFs, RFC 7905 for ChaCha20-Poly1305).
 */
import type { AeadAlgorithm, HashName } from '@purertc/common';

/** Names of the supported cipher suites (IANA names). */
export type CipherSuiteName =
  | 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'
  | 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
  | 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'
  | 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'
  | 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'
  | 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256';

/** Everything the handshake and the record layer need to know about a suite. */
export interface CipherSuite {
  readonly name: CipherSuiteName;
  /** IANA code point. */
  readonly id: number;
  /** Which certificate key signs the ServerKeyExchange. */
  readonly auth: 'ecdsa' | 'rsa';
  readonly aead: AeadAlgorithm;
  /** PRF hash (RFC 5246 §5; SHA-384 for the *_SHA384 suites, RFC 5289 §3). */
  readonly prfHash: HashName;
  /** Encryption key length. */
  readonly keyLength: number;
  /** fixed_iv_length: 4 for GCM (RFC 5288 §3), 12 for ChaCha20-Poly1305 (RFC 7905 §2). */
  readonly fixedIvLength: number;
  /** Explicit per-record nonce bytes carried in the record: 8 for GCM, 0 for ChaCha20. */
  readonly explicitNonceLength: number;
}

const table: CipherSuite[] = [
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', id: 0xc02b, auth: 'ecdsa', aead: 'aes-128-gcm', prfHash: 'sha-256', keyLength: 16, fixedIvLength: 4, explicitNonceLength: 8 },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', id: 0xc02f, auth: 'rsa', aead: 'aes-128-gcm', prfHash: 'sha-256', keyLength: 16, fixedIvLength: 4, explicitNonceLength: 8 },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', id: 0xc02c, auth: 'ecdsa', aead: 'aes-256-gcm', prfHash: 'sha-384', keyLength: 32, fixedIvLength: 4, explicitNonceLength: 8 },
  { name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', id: 0xc030, auth: 'rsa', aead: 'aes-256-gcm', prfHash: 'sha-384', keyLength: 32, fixedIvLength: 4, explicitNonceLength: 8 },
  { name: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', id: 0xcca9, auth: 'ecdsa', aead: 'chacha20-poly1305', prfHash: 'sha-256', keyLength: 32, fixedIvLength: 12, explicitNonceLength: 0 },
  { name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', id: 0xcca8, auth: 'rsa', aead: 'chacha20-poly1305', prfHash: 'sha-256', keyLength: 32, fixedIvLength: 12, explicitNonceLength: 0 },
];

/** All supported suites, by name. */
export const CIPHER_SUITES: Readonly<Record<CipherSuiteName, CipherSuite>> = Object.fromEntries(
  table.map((s) => [s.name, s]),
) as Record<CipherSuiteName, CipherSuite>;

/** Default preference order: AES-128-GCM first (browsers' choice), then AES-256-GCM, then ChaCha20. */
export const DEFAULT_CIPHER_SUITES: readonly CipherSuiteName[] = table.map((s) => s.name);

/** A suite by code point, or undefined. */
export function cipherSuiteById(id: number): CipherSuite | undefined {
  for (const s of table) if (s.id === id) return s;
  return undefined;
}
