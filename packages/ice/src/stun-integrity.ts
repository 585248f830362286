/**
 * STUN credentials and MESSAGE-INTEGRITY (RFC 8489 §9, §14.5, §14.6).
 * Short-term key: OpaqueString(password). Long-term key:
 * MD5(username ":" OpaqueString(realm) ":" OpaqueString(password)) or its
 * SHA-256 form (PASSWORD-ALGORITHM 0x0002).
 */
import { equalBytesConstantTime, viewOf } from '@purertc/common';
import type { CryptoProvider, HmacKey } from '@purertc/common';
import { Attr, STUN_HEADER_LENGTH } from './stun-constants.js';
import { md5 } from './md5.js';
import type { StunMessage, StunMessageBuilder } from './stun-message.js';
import { getAttribute } from './stun-message.js';

const utf8 = new TextEncoder();

/**
 * The OpaqueString profile (RFC 8265 §4.2) as far as ICE and TURN need it:
 * Unicode NFC after mapping non-ASCII spaces to U+0020. Applied to
 * passwords and realms. (RFC 5769's vector uses SASLprep, whose NFKC
 * mapping `prepareCompat` offers for legacy servers.)
 */
export function opaqueString(text: string): string {
  return text.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ').normalize('NFC');
}

/** SASLprep-like compatibility mapping (RFC 4013: NFKC, non-ASCII spaces to U+0020, "mapped to nothing" removed). */
export function prepareCompat(text: string): string {
  return text
    .replace(/[\u00ad\u034f\u1806\u180b-\u180d\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]/g, '')
    .replace(/[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]/g, ' ')
    .normalize('NFKC');
}

/** Short-term credential key (RFC 8489 §9.1.1). */
export function shortTermKey(password: string): Uint8Array {
  return utf8.encode(opaqueString(password));
}

/** PASSWORD-ALGORITHM values (RFC 8489 §18.5). */
export const PasswordAlgorithm = { MD5: 1, SHA256: 2 } as const;

/** Long-term credential key (RFC 8489 §9.2.2). */
export function longTermKey(
  username: string,
  realm: string,
  password: string,
  algorithm: number = PasswordAlgorithm.MD5,
  crypto?: CryptoProvider,
): Uint8Array {
  const input = utf8.encode(`${username}:${opaqueString(realm)}:${prepareCompat(opaqueString(password))}`);
  if (algorithm === PasswordAlgorithm.SHA256) {
    if (!crypto) throw new TypeError('SHA-256 long-term keys need a CryptoProvider');
    return crypto.hash('sha-256', input);
  }
  return md5(input);
}

/** HMAC keys for one credential, built once and reused for every message. */
export class StunCredential {
  readonly key: Uint8Array;
  readonly sha1: HmacKey;
  readonly sha256: HmacKey;
  constructor(crypto: CryptoProvider, key: Uint8Array) {
    this.key = key;
    this.sha1 = crypto.hmacKey('sha-1', key);
    this.sha256 = crypto.hmacKey('sha-256', key);
  }

  /** Appends MESSAGE-INTEGRITY (and MESSAGE-INTEGRITY-SHA256 when `sha256` is set). */
  sign(b: StunMessageBuilder, opts: { sha1?: boolean; sha256?: boolean } = { sha1: true }): StunMessageBuilder {
    if (opts.sha1 !== false) b.addIntegrity(Attr.MessageIntegrity, (d) => this.sha1.compute(d));
    if (opts.sha256) b.addIntegrity(Attr.MessageIntegritySha256, (d) => this.sha256.compute(d));
    return b;
  }

  /**
   * Checks MESSAGE-INTEGRITY-SHA256 if present, else MESSAGE-INTEGRITY.
   * `undefined` when neither is present; never throws.
   */
  verify(msg: StunMessage): boolean | undefined {
    const sha256 = getAttribute(msg, Attr.MessageIntegritySha256);
    if (sha256 !== undefined) return verifyMac(msg, sha256.offset, sha256.value, this.sha256);
    const sha1 = getAttribute(msg, Attr.MessageIntegrity);
    if (sha1 !== undefined) return sha1.value.length === 20 && verifyMac(msg, sha1.offset, sha1.value, this.sha1);
    return undefined;
  }
}

function verifyMac(msg: StunMessage, offset: number, mac: Uint8Array, hmac: HmacKey): boolean {
  if (mac.length < 16 || mac.length > 32 || (mac.length & 3) !== 0) return false;
  const head = msg.raw.slice(0, 4);
  viewOf(head).setUint16(2, offset + 4 + mac.length - STUN_HEADER_LENGTH);
  const full = hmac.compute(head, msg.raw.subarray(4, offset));
  return equalBytesConstantTime(full.subarray(0, mac.length), mac);
}
