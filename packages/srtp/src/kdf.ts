/**
 * SRTP key derivation (RFC 3711 §4.3), with the AES-CM PRF (§4.3.3) and a key
 * derivation rate of 0 — the only rate DTLS-SRTP uses (RFC 5764 §4.1.2), so
 * session keys are derived once per master key.
 *
 *   key_id = label ‖ r            (r = index DIV kdr = 0: 48 zero bits)
 *   x      = key_id XOR master_salt   (key_id right-aligned in 112 bits)
 *   session key = PRF_n(k_master, x) = AES-CM keystream with IV = x · 2^16
 *
 * The AEAD profiles (RFC 7714 §11) use the same PRF with a 96-bit master salt:
 * it occupies the leading 96 bits of the 112-bit salt field (two zero octets
 * are appended), and the derived session salt is 96 bits.
 */
import type { AesBlockCipher, CryptoProvider } from '@purertc/common';
import type { SrtpProfileParams } from './profiles.js';

/** The six labels of RFC 3711 §4.3.1 (and §4.3.2 for SRTCP). */
export const KDF_LABEL = {
  rtpEncryption: 0x00,
  rtpAuthentication: 0x01,
  rtpSalt: 0x02,
  rtcpEncryption: 0x03,
  rtcpAuthentication: 0x04,
  rtcpSalt: 0x05,
} as const;

/**
 * PRF_n(k_master, x) for one label: `length` bytes of AES-CM keystream under
 * the master key (`aes`), starting from IV = (label-adjusted master salt) · 2^16.
 */
export function deriveSessionBytes(aes: AesBlockCipher, masterSalt: Uint8Array, label: number, length: number): Uint8Array {
  const blocks = Math.ceil(length / 16);
  const ctr = new Uint8Array(blocks * 16);
  for (let j = 0; j < blocks; j++) {
    const o = j * 16;
    // x: the salt in the leading 14 bytes (a 12-byte salt is padded with two zero octets).
    for (let i = 0; i < masterSalt.length && i < 14; i++) ctr[o + i] = masterSalt[i]!;
    // key_id (label ‖ 48-bit r = 0) is right-aligned in 112 bits: the label lands on octet 7.
    ctr[o + 7]! ^= label;
    ctr[o + 14] = (j >>> 8) & 0xff;
    ctr[o + 15] = j & 0xff;
  }
  const out = new Uint8Array(blocks * 16);
  aes.encryptBlocks(ctr, out, 0, ctr.length);
  return out.slice(0, length);
}

/** Session keys of one direction (SRTP and SRTCP). */
export interface SessionKeys {
  rtpKey: Uint8Array;
  rtpSalt: Uint8Array;
  /** Empty for AEAD profiles. */
  rtpAuthKey: Uint8Array;
  rtcpKey: Uint8Array;
  rtcpSalt: Uint8Array;
  /** Empty for AEAD profiles. */
  rtcpAuthKey: Uint8Array;
}

/** Derives all session keys of `profile` from a master key and salt (RFC 3711 §4.3, RFC 7714 §11). */
export function deriveSessionKeys(crypto: CryptoProvider, profile: SrtpProfileParams, masterKey: Uint8Array, masterSalt: Uint8Array): SessionKeys {
  const aes = crypto.aesBlockCipher(masterKey);
  const a = profile.authKeyLength;
  const empty = new Uint8Array(0);
  return {
    rtpKey: deriveSessionBytes(aes, masterSalt, KDF_LABEL.rtpEncryption, profile.keyLength),
    rtpSalt: deriveSessionBytes(aes, masterSalt, KDF_LABEL.rtpSalt, profile.saltLength),
    rtpAuthKey: a ? deriveSessionBytes(aes, masterSalt, KDF_LABEL.rtpAuthentication, a) : empty,
    rtcpKey: deriveSessionBytes(aes, masterSalt, KDF_LABEL.rtcpEncryption, profile.keyLength),
    rtcpSalt: deriveSessionBytes(aes, masterSalt, KDF_LABEL.rtcpSalt, profile.saltLength),
    rtcpAuthKey: a ? deriveSessionBytes(aes, masterSalt, KDF_LABEL.rtcpAuthentication, a) : empty,
  };
}
