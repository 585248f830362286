/**
 * HMAC-SHA1 (RFC 2104, FIPS 180-4) made cheap for SRTP's per-packet tags
 * (RFC 3711 §4.2.1).
 *
 * HMAC(K, m) = SHA1((K ⊕ opad) ‖ SHA1((K ⊕ ipad) ‖ m)). With a fixed key:
 * - the inner hash is one native one-shot hash over a caller-owned scratch
 *   buffer that already starts with the 64-byte block K ⊕ ipad (the caller
 *   writes the message right after it: no concatenation, no HMAC object);
 * - the outer hash always compresses exactly two blocks, the first of which
 *   (K ⊕ opad) is fixed: its chaining state is computed once here, and the
 *   second block (the 20-byte inner digest + padding) is compressed in JS.
 * One native call per tag, instead of creating an HMAC object (three or more).
 */
import type { CryptoProvider } from '@purertc/common';

const BLOCK = 64;

/**
 * One SHA-1 compression (FIPS 180-4 §6.1.2) of the 16 big-endian words in
 * `w[0..16)` into `state` (5 words). The message schedule is computed in
 * place in a 16-word ring (`w` is overwritten), which measured about twice
 * as fast in V8 as expanding 80 words first.
 */
export function sha1Compress(state: Int32Array, w: Int32Array): void {
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  for (let t = 0; t < 80; t++) {
    let x: number;
    if (t < 16) x = w[t]!;
    else {
      x = w[(t - 3) & 15]! ^ w[(t - 8) & 15]! ^ w[(t - 14) & 15]! ^ w[t & 15]!;
      x = (x << 1) | (x >>> 31);
      w[t & 15] = x;
    }
    let f: number;
    let k: number;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc | 0;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6 | 0;
    }
    const tmp = (((a << 5) | (a >>> 27)) + f + e + x + k) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = tmp;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
}

function loadBlock(w: Int32Array, src: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++, off += 4) w[i] = (src[off]! << 24) | (src[off + 1]! << 16) | (src[off + 2]! << 8) | src[off + 3]!;
}

function initState(state: Int32Array): void {
  state[0] = 0x67452301;
  state[1] = 0xefcdab89 | 0;
  state[2] = 0x98badcfe | 0;
  state[3] = 0x10325476;
  state[4] = 0xc3d2e1f0 | 0;
}

/** HMAC-SHA1 under one key, computed as described at the top of this file. */
export class HmacSha1 {
  /** K ⊕ ipad (64 bytes): the first block of every inner hash input. */
  readonly ipadBlock = new Uint8Array(BLOCK);
  private readonly outer = new Int32Array(5);
  private readonly state = new Int32Array(5);
  private readonly w = new Int32Array(16);
  private readonly digest = new Uint8Array(20);
  private readonly crypto: CryptoProvider;

  constructor(crypto: CryptoProvider, key: Uint8Array) {
    this.crypto = crypto;
    // RFC 2104 §2: keys longer than the block are hashed first (SRTP's are 20 bytes).
    const k = key.length > BLOCK ? crypto.hash('sha-1', key) : key;
    const opad = new Uint8Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      const b = i < k.length ? k[i]! : 0;
      this.ipadBlock[i] = b ^ 0x36;
      opad[i] = b ^ 0x5c;
    }
    initState(this.outer);
    loadBlock(this.w, opad, 0);
    sha1Compress(this.outer, this.w);
  }

  /**
   * `buf[0, length)` must be `ipadBlock ‖ message`. Writes the first `tagLength`
   * bytes of HMAC(key, message) into `dst` at `dstOffset`. One native call.
   */
  tag(buf: Uint8Array, length: number, dst: Uint8Array, dstOffset: number, tagLength: number): void {
    const s = this.mac(buf, length);
    for (let i = 0; i < tagLength; i++) dst[dstOffset + i] = (s[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
  }

  /**
   * Like {@link tag} but compares instead of writing: true if the first
   * `tagLength` bytes of the MAC equal `expected[expectedOffset…]`. The
   * comparison does not stop at the first difference.
   */
  verify(buf: Uint8Array, length: number, expected: Uint8Array, expectedOffset: number, tagLength: number): boolean {
    const s = this.mac(buf, length);
    let diff = 0;
    for (let i = 0; i < tagLength; i++) diff |= ((s[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff) ^ expected[expectedOffset + i]!;
    return diff === 0;
  }

  /**
   * HMAC-SHA1 of `buf[0, length)` (which is `ipadBlock ‖ message`), shared by
   * {@link tag} and {@link verify}: the inner hash is one native call, the
   * outer one a single compression from the precomputed (K ⊕ opad) state.
   * Returns `this.state`, the five big-endian digest words (overwritten by the
   * next call).
   */
  private mac(buf: Uint8Array, length: number): Int32Array {
    const digest = this.digest;
    const c = this.crypto;
    if (c.hashInto) c.hashInto('sha-1', buf, length, digest, 0);
    else digest.set(c.hash('sha-1', buf.subarray(0, length)));
    // Outer hash: state after (K ⊕ opad), then one block: digest ‖ 0x80 ‖ 0… ‖ bit length (84 × 8).
    const w = this.w;
    loadFive(w, digest);
    w[5] = 0x80000000 | 0;
    for (let i = 6; i < 15; i++) w[i] = 0;
    w[15] = (BLOCK + 20) * 8;
    const s = this.state;
    s.set(this.outer);
    sha1Compress(s, w);
    return s;
  }
}

function loadFive(w: Int32Array, d: Uint8Array): void {
  for (let i = 0, o = 0; i < 5; i++, o += 4) w[i] = (d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!;
}
