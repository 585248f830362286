/**
 * The AES-CM + HMAC-SHA1 transform of RFC 3711 (profiles
 * SRTP_AES128_CM_HMAC_SHA1_80 and _32), for SRTP (§3.1, §4.1.1, §4.2) and
 * SRTCP (§3.4).
 *
 * How it stays cheap in Node (docs in /shared/ARCHITECTURE.md, "What is fast"):
 * - one long-lived AES-ECB cipher per session key produces the counter-mode
 *   keystream: we write the counter blocks into a reusable scratch buffer and
 *   encrypt them in one native call per packet (or per batch of packets);
 * - the packet is copied once into a scratch buffer that starts with the
 *   HMAC's K ⊕ ipad block, the payload is XORed there 32 bits at a time, the
 *   ROC (or SRTCP index) is appended and the inner hash is one native call
 *   over that buffer; the outer hash is compressed in JS (see hmac-sha1.ts);
 * - the only allocation of ours is the output (a view into a slab, see
 *   output-slab.ts), copied from the scratch.
 *
 * Keystream generation (counter blocks, prefetch) is in keystream.ts.
 */
import type { CryptoProvider } from '@purertc/common';
import { HmacSha1 } from './hmac-sha1.js';
import type { SessionKeys } from './kdf.js';
import { Keystream, RunCache } from './keystream.js';
import type { SrtpProfileParams } from './profiles.js';
import { allocOutput } from './output-slab.js';
import { putU32 } from './rtp-header.js';

/** Where the packet starts in the scratch buffer: after the 64-byte K ⊕ ipad block. */
const AT = 64;

/** XORs keystream (from byte `ksAt`, 4-aligned) into `buf[at, at + n)` (`at` 4-aligned). */
function xorInto(buf: Uint8Array, buf32: Uint32Array, at: number, n: number, ks: Uint8Array, ks32: Uint32Array, ksAt: number): void {
  const words = n >>> 2;
  const bw = at >>> 2;
  const kw = ksAt >>> 2;
  for (let i = 0; i < words; i++) buf32[bw + i]! ^= ks32[kw + i]!;
  for (let i = words * 4; i < n; i++) buf[at + i]! ^= ks[ksAt + i]!;
}

/** The output packet: `buf[AT, end)` copied into a fresh slab view. */
function copyOut(buf: Uint8Array, end: number): Uint8Array {
  const out = allocOutput(end - AT);
  out.set(buf.subarray(AT, end));
  return out;
}

/** AES-CM/HMAC-SHA1 protection of one direction (SRTP and SRTCP keys). */
export class AesCmTransform {
  readonly rtpTagLength: number;
  readonly rtcpTagLength: number;
  private readonly rtpKs: Keystream;
  private readonly rtpRuns: RunCache;
  private readonly rtcpKs: Keystream;
  private readonly rtpMac: HmacSha1;
  private readonly rtcpMac: HmacSha1;
  /** Scratch: [K ⊕ ipad (64) | packet | ROC or index | tag], with a 32-bit view. */
  private buf = new Uint8Array(2048);
  private buf32 = new Uint32Array(this.buf.buffer);
  /** Which MAC's ipad block the scratch currently starts with. */
  private bufMac: HmacSha1 | undefined;

  constructor(crypto: CryptoProvider, profile: SrtpProfileParams, keys: SessionKeys) {
    this.rtpTagLength = profile.rtpTagLength;
    this.rtcpTagLength = profile.rtcpTagLength;
    const rtpAes = crypto.aesBlockCipher(keys.rtpKey);
    this.rtpKs = new Keystream(rtpAes, keys.rtpSalt);
    this.rtpRuns = new RunCache(rtpAes, keys.rtpSalt);
    this.rtcpKs = new Keystream(crypto.aesBlockCipher(keys.rtcpKey), keys.rtcpSalt);
    this.rtpMac = new HmacSha1(crypto, keys.rtpAuthKey);
    this.rtcpMac = new HmacSha1(crypto, keys.rtcpAuthKey);
  }

  /** Prepares the scratch for `mac` and a packet of `len` bytes plus 4 + 16 bytes of trailer. */
  private scratch(mac: HmacSha1, len: number): Uint8Array {
    const need = AT + len + 20;
    if (need > this.buf.length) {
      let n = this.buf.length;
      while (n < need) n *= 2;
      this.buf = new Uint8Array(n);
      this.buf32 = new Uint32Array(this.buf.buffer);
      this.bufMac = undefined;
    }
    if (this.bufMac !== mac) {
      this.buf.set(mac.ipadBlock, 0);
      this.bufMac = mac;
    }
    return this.buf;
  }

  /** SRTP protect (§3.1): `hdr` header bytes stay clear, the rest is encrypted; tag over header ‖ payload ‖ ROC. */
  protectRtp(p: Uint8Array, hdr: number, ssrc: number, index: number): Uint8Array {
    const len = p.length;
    const buf = this.scratch(this.rtpMac, len);
    buf.set(p, AT);
    const n = len - hdr;
    const roc = Math.floor(index / 65536);
    if (n > 0) this.rtpKeystream(buf, AT + hdr, n, ssrc, index);
    return this.finishRtp(buf, len, roc);
  }

  /** XORs the SRTP keystream of packet (ssrc, index) into `buf[at, at + n)`: prefetched if possible. */
  private rtpKeystream(buf: Uint8Array, at: number, n: number, ssrc: number, index: number): void {
    const blocks = (n + 15) >>> 4;
    const runs = this.rtpRuns;
    const off = runs.lookup(ssrc, index, blocks);
    if (off >= 0) {
      xorInto(buf, this.buf32, at, n, runs.hit.ks, runs.hit.ks32, off);
      return;
    }
    const ks = this.rtpKs;
    ks.reserve(blocks);
    ks.writeCounters(0, ssrc, Math.floor(index / 65536), index & 0xffff, blocks);
    ks.generate(blocks);
    xorInto(buf, this.buf32, at, n, ks.ks, ks.ks32, 0);
  }

  /**
   * Protects many SRTP packets with ONE native keystream call. `hdrs`,
   * `ssrcs` and `indexes` describe `packets[i]`.
   */
  protectRtpBatch(packets: Uint8Array[], hdrs: Int32Array, ssrcs: Float64Array, indexes: Float64Array, out: Uint8Array[], count: number): void {
    const ks = this.rtpKs;
    let total = 0;
    for (let i = 0; i < count; i++) total += (packets[i]!.length - hdrs[i]! + 15) >>> 4;
    ks.reserve(total);
    let at = 0;
    for (let i = 0; i < count; i++) {
      const blocks = (packets[i]!.length - hdrs[i]! + 15) >>> 4;
      const index = indexes[i]!;
      ks.writeCounters(at, ssrcs[i]!, Math.floor(index / 65536), index & 0xffff, blocks);
      at += blocks;
    }
    ks.generate(total);
    at = 0;
    for (let i = 0; i < count; i++) {
      const p = packets[i]!;
      const len = p.length;
      const hdr = hdrs[i]!;
      const n = len - hdr;
      const buf = this.scratch(this.rtpMac, len);
      buf.set(p, AT);
      if (n > 0) xorInto(buf, this.buf32, AT + hdr, n, ks.ks, ks.ks32, at * 16);
      at += (n + 15) >>> 4;
      out.push(this.finishRtp(buf, len, Math.floor(indexes[i]! / 65536)));
    }
  }

  private finishRtp(buf: Uint8Array, len: number, roc: number): Uint8Array {
    // §4.2: M = authenticated portion ‖ ROC; the tag replaces the ROC bytes once computed.
    putU32(buf, AT + len, roc);
    this.rtpMac.tag(buf, AT + len + 4, buf, AT + len, this.rtpTagLength);
    return copyOut(buf, AT + len + this.rtpTagLength);
  }

  /**
   * SRTP unprotect: verifies the tag of `p` (header `hdr` bytes, tag at the
   * end) under index `index`, then decrypts. `undefined` if the tag is wrong.
   */
  unprotectRtp(p: Uint8Array, hdr: number, ssrc: number, index: number): Uint8Array | undefined {
    const tagLen = this.rtpTagLength;
    const authLen = p.length - tagLen;
    const buf = this.scratch(this.rtpMac, p.length);
    buf.set(p, AT);
    const roc = Math.floor(index / 65536);
    putU32(buf, AT + authLen, roc);
    if (!this.rtpMac.verify(buf, AT + authLen + 4, p, authLen, tagLen)) return undefined;
    const n = authLen - hdr;
    if (n > 0) this.rtpKeystream(buf, AT + hdr, n, ssrc, index);
    return copyOut(buf, AT + authLen);
  }

  /**
   * SRTCP protect (§3.4): the first 8 octets stay clear, the rest is
   * encrypted; E ‖ SRTCP index is appended and authenticated; then the tag.
   */
  protectRtcp(p: Uint8Array, ssrc: number, index: number): Uint8Array {
    const len = p.length;
    const buf = this.scratch(this.rtcpMac, len);
    buf.set(p, AT);
    const n = len - 8;
    if (n > 0) {
      const blocks = (n + 15) >>> 4;
      const ks = this.rtcpKs;
      ks.reserve(blocks);
      ks.writeCounters(0, ssrc, index >>> 16, index & 0xffff, blocks);
      ks.generate(blocks);
      xorInto(buf, this.buf32, AT + 8, n, ks.ks, ks.ks32, 0);
    }
    putU32(buf, AT + len, (0x80000000 | index) >>> 0);
    this.rtcpMac.tag(buf, AT + len + 4, buf, AT + len + 4, this.rtcpTagLength);
    return copyOut(buf, AT + len + 4 + this.rtcpTagLength);
  }

  /**
   * SRTCP unprotect of `p` = header ‖ payload ‖ E‖index ‖ tag, given the
   * parsed `index` and E flag. `undefined` if the tag is wrong.
   */
  unprotectRtcp(p: Uint8Array, ssrc: number, index: number, encrypted: boolean): Uint8Array | undefined {
    const tagLen = this.rtcpTagLength;
    const authLen = p.length - tagLen;
    const buf = this.scratch(this.rtcpMac, p.length);
    buf.set(p, AT);
    if (!this.rtcpMac.verify(buf, AT + authLen, p, authLen, tagLen)) return undefined;
    const n = authLen - 4 - 8;
    if (encrypted && n > 0) {
      const blocks = (n + 15) >>> 4;
      const ks = this.rtcpKs;
      ks.reserve(blocks);
      ks.writeCounters(0, ssrc, index >>> 16, index & 0xffff, blocks);
      ks.generate(blocks);
      xorInto(buf, this.buf32, AT + 8, n, ks.ks, ks.ks32, 0);
    }
    return copyOut(buf, AT + authLen - 4);
  }
}
