/**
 * The CryptoProvider: every cryptographic primitive a core needs, behind one
 * interface, so cores stay free of `node:*` and run wherever a provider exists.
 *
 * Every method is synchronous: per-packet crypto (SRTP, DTLS records) cannot
 * wait on a promise, and handshakes are simpler without it. The fast
 * implementation is `@purertc/common/node-crypto` (node:crypto exists in
 * Node, Deno and Bun). A pure-JS provider for runtimes without it comes later.
 *
 * Conventions: outputs are fresh `Uint8Array`s unless a `dst` is passed;
 * failures of authentication return `false` / `-1` / `undefined`, never throw.
 */

/** Hash functions, by their IANA "Hash Function Textual Names" (as in a=fingerprint). */
export type HashName = 'sha-1' | 'sha-256' | 'sha-384' | 'sha-512';

/** Output length in bytes of each hash. */
export const HASH_LENGTH: Readonly<Record<HashName, number>> = {
  'sha-1': 20,
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
};

/**
 * AES under one key in ECB mode, block by block: the building block of
 * AES-CM (counter mode) keystream, where many counter blocks are encrypted in
 * one native call.
 */
export interface AesBlockCipher {
  /** Key length in bytes (16, 24 or 32). */
  readonly keyLength: number;
  /**
   * Encrypts `src[0, length)` (a multiple of 16 bytes) into `dst` at `dstOffset`.
   * `src` and `dst` must not overlap.
   */
  encryptBlocks(src: Uint8Array, dst: Uint8Array, dstOffset?: number, length?: number): void;
}

/** An HMAC under a fixed key, reusable for many messages. */
export interface HmacKey {
  readonly hash: HashName;
  /** Output length in bytes (before any truncation). */
  readonly outputLength: number;
  /** HMAC over the concatenation of `parts` (no copy of the parts is made by the caller). */
  compute(...parts: Uint8Array[]): Uint8Array;
}

/** AEAD algorithms used by DTLS and SRTP. */
export type AeadAlgorithm = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';

/** An AEAD cipher under a fixed key. Tags are 16 bytes and follow the ciphertext. */
export interface AeadKey {
  readonly algorithm: AeadAlgorithm;
  readonly tagLength: number;
  /**
   * Encrypts `plaintext` and writes ciphertext‖tag into `dst` at `dstOffset`
   * (it needs `plaintext.length + tagLength` bytes). Returns the bytes written.
   */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, dst: Uint8Array, dstOffset: number): number;
  /**
   * Verifies and decrypts ciphertext‖tag into `dst` at `dstOffset`. Returns the
   * plaintext length, or -1 if authentication fails (nothing is thrown).
   */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, dst: Uint8Array, dstOffset: number): number;
  /**
   * Like {@link open}, into a fresh array of exactly the plaintext's length
   * that the caller owns; undefined if authentication fails. Optional: a
   * provider whose primitive returns its own output buffer (node:crypto's
   * `update()`) saves an allocation and a copy per record with it.
   */
  openToNew?(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined;
}

/** Key exchange groups (TLS supported_groups names). */
export type NamedGroup = 'x25519' | 'p-256' | 'p-384';

/** One ephemeral key pair of a key exchange. */
export interface KeyAgreement {
  readonly group: NamedGroup;
  /** Our public key as sent on the wire (32 bytes for X25519; uncompressed point 0x04‖X‖Y for NIST curves). */
  readonly publicKey: Uint8Array;
  /** The shared secret with `peerPublicKey`, or `undefined` if that key is invalid. */
  deriveSecret(peerPublicKey: Uint8Array): Uint8Array | undefined;
}

/** Signature schemes (TLS 1.2 SignatureAndHashAlgorithm / TLS 1.3 SignatureScheme names). */
export type SignatureScheme =
  | 'ecdsa_secp256r1_sha256'
  | 'ecdsa_secp384r1_sha384'
  | 'rsa_pkcs1_sha256'
  | 'rsa_pkcs1_sha384'
  | 'rsa_pss_rsae_sha256'
  | 'ed25519';

/** An imported private key (opaque to cores). */
export interface PrivateKeyHandle {
  readonly keyType: 'ec' | 'rsa' | 'ed25519';
  /** For EC keys, the curve ('p-256' | 'p-384'). */
  readonly curve?: string;
}

/** An imported public key (opaque to cores). */
export interface PublicKeyHandle {
  readonly keyType: 'ec' | 'rsa' | 'ed25519';
  readonly curve?: string;
}

/** The provider itself. */
export interface CryptoProvider {
  /** A short name for logs and benchmarks ('node', 'webcrypto+js', …). */
  readonly name: string;
  /** Fills `dst` with cryptographically strong random bytes. */
  randomFill(dst: Uint8Array): void;
  /** One-shot hash of the concatenation of `parts`. */
  hash(hash: HashName, ...parts: Uint8Array[]): Uint8Array;
  /**
   * Optional fast path for per-packet MACs: one-shot hash of `src[0, length)`
   * written into `dst` at `dstOffset` (no parts array, no HMAC object; one
   * native call on Node). Callers fall back to {@link hash} when absent.
   */
  hashInto?(hash: HashName, src: Uint8Array, length: number, dst: Uint8Array, dstOffset: number): void;
  /** An HMAC keyed with `key`. */
  hmacKey(hash: HashName, key: Uint8Array): HmacKey;
  /** AES-ECB block encryption under `key` (16, 24 or 32 bytes). */
  aesBlockCipher(key: Uint8Array): AesBlockCipher;
  /** An AEAD under `key`. */
  aeadKey(algorithm: AeadAlgorithm, key: Uint8Array): AeadKey;
  /** A fresh ephemeral key pair for `group`. */
  generateKeyAgreement(group: NamedGroup): KeyAgreement;
  /** Imports a PKCS#8 DER private key. Throws a ParseError-named error on bad input. */
  importPrivateKey(pkcs8Der: Uint8Array): PrivateKeyHandle;
  /** Imports an SPKI DER public key, or returns undefined if it cannot be parsed. */
  importPublicKey(spkiDer: Uint8Array): PublicKeyHandle | undefined;
  /** Signs `data` (hashing it as the scheme says). ECDSA signatures are DER-encoded, as TLS sends them. */
  sign(scheme: SignatureScheme, key: PrivateKeyHandle, data: Uint8Array): Uint8Array;
  /** Verifies a signature; false on any failure, never throws. */
  verify(scheme: SignatureScheme, key: PublicKeyHandle, data: Uint8Array, signature: Uint8Array): boolean;
}
