/**
 * The AEAD AES-GCM transform of RFC 7714 (profiles SRTP_AEAD_AES_128_GCM and
 * SRTP_AEAD_AES_256_GCM), for SRTP (§8) and SRTCP (§9), through
 * `CryptoProvider.aeadKey` (16-octet tags, §12).
 *
 * SRTP (§8.1): IV = (00 00 ‖ SSRC ‖ ROC ‖ SEQ) XOR salt (12 octets);
 *   AAD = the RTP header including CSRCs and extension; the payload is
 *   encrypted and the tag follows it.
 *
 * SRTCP (§9.1): IV = (00 00 ‖ SSRC ‖ 00 00 ‖ 0 ‖ SRTCP index) XOR salt;
 *   encrypted (E = 1): AAD = first 8 octets ‖ E‖index, the rest is
 *   encrypted, then the tag, then E‖index (§9.2: the index trails the tag);
 *   unencrypted (E = 0, §9.3): AAD = the whole RTCP packet ‖ E‖index and the
 *   plaintext is empty (the packet carries only a tag).
 */
import type { AeadKey, CryptoProvider } from '@purertc/common';
import type { SessionKeys } from './kdf.js';
import type { SrtpProfileParams } from './profiles.js';
import { allocOutput } from './output-slab.js';
import { putU32 } from './rtp-header.js';

const TAG = 16;
const EMPTY = new Uint8Array(0);

/** AES-GCM protection of one direction (SRTP and SRTCP keys). */
export class AeadTransform {
  readonly rtpTagLength = TAG;
  readonly rtcpTagLength = TAG;
  private readonly rtpAead: AeadKey;
  private readonly rtcpAead: AeadKey;
  private readonly rtpSalt: Uint8Array;
  private readonly rtcpSalt: Uint8Array;
  private readonly nonce = new Uint8Array(12);
  private readonly aad = new Uint8Array(12);
  private bigAad = new Uint8Array(0);

  constructor(crypto: CryptoProvider, profile: SrtpProfileParams, keys: SessionKeys) {
    const alg = profile.keyLength === 32 ? 'aes-256-gcm' : 'aes-128-gcm';
    this.rtpAead = crypto.aeadKey(alg, keys.rtpKey);
    this.rtcpAead = crypto.aeadKey(alg, keys.rtcpKey);
    this.rtpSalt = keys.rtpSalt;
    this.rtcpSalt = keys.rtcpSalt;
  }

  /** §8.1: (00 00 ‖ SSRC ‖ ROC ‖ SEQ) XOR salt. */
  private rtpNonce(ssrc: number, index: number): Uint8Array {
    const n = this.nonce;
    const s = this.rtpSalt;
    const roc = Math.floor(index / 65536);
    n[0] = s[0]!;
    n[1] = s[1]!;
    putU32(n, 2, ssrc);
    putU32(n, 6, roc);
    n[10] = (index >>> 8) & 0xff;
    n[11] = index & 0xff;
    for (let i = 2; i < 12; i++) n[i]! ^= s[i]!;
    return n;
  }

  /** §9.1: (00 00 ‖ SSRC ‖ 00 00 ‖ 0 ‖ SRTCP index) XOR salt. */
  private rtcpNonce(ssrc: number, index: number): Uint8Array {
    const n = this.nonce;
    const s = this.rtcpSalt;
    n[0] = s[0]!;
    n[1] = s[1]!;
    putU32(n, 2, ssrc);
    n[6] = s[6]!;
    n[7] = s[7]!;
    putU32(n, 8, index & 0x7fffffff);
    for (let i = 2; i < 6; i++) n[i]! ^= s[i]!;
    for (let i = 8; i < 12; i++) n[i]! ^= s[i]!;
    return n;
  }

  /** SRTP protect: header clear (and authenticated), payload encrypted, tag appended. */
  protectRtp(p: Uint8Array, hdr: number, ssrc: number, index: number): Uint8Array {
    const out = allocOutput(p.length + TAG);
    for (let i = 0; i < hdr; i++) out[i] = p[i]!;
    this.rtpAead.seal(this.rtpNonce(ssrc, index), p.subarray(0, hdr), p.subarray(hdr), out, hdr);
    return out;
  }

  /** SRTP unprotect; `undefined` if authentication fails. */
  unprotectRtp(p: Uint8Array, hdr: number, ssrc: number, index: number): Uint8Array | undefined {
    const out = allocOutput(p.length - TAG);
    const n = this.rtpAead.open(this.rtpNonce(ssrc, index), p.subarray(0, hdr), p.subarray(hdr), out, hdr);
    if (n < 0) return undefined;
    for (let i = 0; i < hdr; i++) out[i] = p[i]!;
    return out;
  }

  /** SRTCP protect, always encrypted (E = 1). */
  protectRtcp(p: Uint8Array, ssrc: number, index: number): Uint8Array {
    const len = p.length;
    const out = allocOutput(len + TAG + 4);
    for (let i = 0; i < 8; i++) out[i] = p[i]!;
    const eIndex = (0x80000000 | index) >>> 0;
    const aad = this.aad;
    for (let i = 0; i < 8; i++) aad[i] = p[i]!;
    putU32(aad, 8, eIndex);
    this.rtcpAead.seal(this.rtcpNonce(ssrc, index), aad, p.subarray(8), out, 8);
    putU32(out, len + TAG, eIndex);
    return out;
  }

  /** SRTCP unprotect of header ‖ ciphertext ‖ tag ‖ E‖index; `undefined` if authentication fails. */
  unprotectRtcp(p: Uint8Array, ssrc: number, index: number, encrypted: boolean): Uint8Array | undefined {
    const len = p.length;
    const eIndex = ((encrypted ? 0x80000000 : 0) | index) >>> 0;
    const nonce = this.rtcpNonce(ssrc, index);
    if (encrypted) {
      const aad = this.aad;
      for (let i = 0; i < 8; i++) aad[i] = p[i]!;
      putU32(aad, 8, eIndex);
      const out = allocOutput(len - TAG - 4);
      if (this.rtcpAead.open(nonce, aad, p.subarray(8, len - 4), out, 8) < 0) return undefined;
      for (let i = 0; i < 8; i++) out[i] = p[i]!;
      return out;
    }
    // §9.3: the whole packet is AAD, the plaintext empty.
    const clear = len - TAG - 4;
    if (this.bigAad.length < clear + 4) this.bigAad = new Uint8Array(Math.max(64, (clear + 4) * 2));
    const aad = this.bigAad;
    aad.set(p.subarray(0, clear), 0);
    putU32(aad, clear, eIndex);
    if (this.rtcpAead.open(nonce, aad.subarray(0, clear + 4), p.subarray(clear, clear + TAG), EMPTY, 0) < 0) return undefined;
    return p.slice(0, clear);
  }
}
