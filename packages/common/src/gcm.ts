/**
 * AES-GCM (NIST SP 800-38D) in JavaScript over an injected AES block
 * function: the counter-mode keystream comes from one `encryptBlocks` call
 * per record (J0 and the counter blocks together), GHASH runs in JavaScript
 * (`ghash.ts`). On Node this beats a `createCipheriv('aes-*-gcm')` object
 * per record for small records (see docs/media-hot-path.md, "AES-GCM for
 * small records"); large records are faster natively.
 *
 * Restricted to what DTLS 1.2 (RFC 5288) and SRTP (RFC 7714) use: 96-bit
 * IVs and 128-bit tags. Keys are 128, 192 or 256 bits (whatever the block
 * cipher was keyed with).
 */
import type { AesBlockCipher } from './crypto.js';
import { Ghash, type GhashTableBits } from './ghash.js';

/** Tag length in bytes (t = 128, SP 800-38D §5.2.1.2). */
export const GCM_TAG_LENGTH = 16;
/** The only IV length accepted: 96 bits (§5.2.1.1, the recommended length; J0 = IV ‖ 0^31 ‖ 1). */
export const GCM_NONCE_LENGTH = 12;

/**
 * Counter blocks encrypted per native call. A record longer than this is
 * processed in several calls, which bounds the scratch buffers below.
 */
const CHUNK_BLOCKS = 64;

// Scratch shared by every key: JavaScript runs one call at a time and no call
// re-enters another, so one set serves all keys (no per-key memory for it).
// Block 0 of a chunk is J0 in the first chunk of a record.
const counters = new Uint8Array(16 * (CHUNK_BLOCKS + 1));
/** The same bytes as 32-bit words in the platform's byte order: the IV part is copied word by word. */
const counterWords = new Int32Array(counters.buffer);
/** `counters.subarray(0, 16 * n)` for every block count n, made once so no call allocates a view. */
const counterViews = Array.from({ length: CHUNK_BLOCKS + 2 }, (_, n) => counters.subarray(0, 16 * n));
/** The counter value held in block 0's last word, and how many blocks after it hold consecutive values. */
let countersFirst = -1;
let countersValid = 0;
const keystream = new Uint8Array(16 * (CHUNK_BLOCKS + 1));
const computedTag = new Uint8Array(16);
/** Plaintext of a one-chunk open, held as big-endian words until the tag has verified. */
const plainWords = new Int32Array(4 * CHUNK_BLOCKS);

/**
 * An AES-GCM key: seal/open with 12-byte nonces and 16-byte tags, outputs
 * written into the caller's buffer, no allocation per call beyond what the
 * block cipher returns.
 *
 * Aliasing: the output may be the very bytes of the input (in place, same
 * offset) or lie wholly before/after it; the output starting inside the input
 * at a later offset is not supported. `aad` and `nonce` are read before any
 * output byte is written.
 */
export class AesGcm {
  private readonly cipher: AesBlockCipher;
  private readonly ghash: Ghash;

  /**
   * @param cipher AES under the GCM key (any key length).
   * @param tableBits GHASH table width, see {@link Ghash}.
   */
  constructor(cipher: AesBlockCipher, tableBits: GhashTableBits = 8) {
    this.cipher = cipher;
    // §7.1 step 1: H = CIPH_K(0^128).
    const h = new Uint8Array(16);
    cipher.encryptBlocks(new Uint8Array(16), h, 0, 16);
    this.ghash = new Ghash(h, tableBits);
    h.fill(0);
  }

  /** Bytes of per-key GHASH table memory. */
  get tableBytes(): number {
    return this.ghash.tableBytes;
  }

  /** Loads the nonce into the shared counter words (§7.1 step 2, J0) and starts GHASH over the AAD; returns the GHASH state. */
  private begin(nonce: Uint8Array, aad: Uint8Array): Ghash {
    loadIv(nonce);
    const g = this.ghash;
    g.reset();
    g.update(aad, 0, aad.length);
    return g;
  }

  /**
   * GCM-AE (§7.1): writes C ‖ T (`plaintext.length + 16` bytes) into `dst` at
   * `dstOffset` and returns that length.
   * @throws RangeError if the nonce is not 12 bytes or `dst` is too short.
   */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, dst: Uint8Array, dstOffset: number): number {
    checkGcmNonce(nonce);
    const len = plaintext.length;
    if (dstOffset < 0 || dstOffset + len + GCM_TAG_LENGTH > dst.length) throw new RangeError('AES-GCM seal: dst too short');
    const g = this.begin(nonce, aad);
    const n0 = counterWords[0]!;
    const n1 = counterWords[1]!;
    const n2 = counterWords[2]!;
    let done = 0;
    let first = true;
    // §7.1 steps 2-4: J0 = IV ‖ 0^31 ‖ 1; C = GCTR_K(inc32(J0), P). Block i of P uses counter 1 + 1 + i.
    do {
      const chunk = Math.min(len - done, CHUNK_BLOCKS * 16);
      const ks = this.keystreamFor(n0, n1, n2, done, chunk, first);
      const k0 = first ? 16 : 0;
      const o = dstOffset + done;
      if (first) for (let i = 0; i < 16; i++) computedTag[i] = ks[i]!; // E_K(J0), kept for step 6
      // Whole blocks: C_i = P_i ⊕ keystream_i, fed to GHASH straight from registers.
      const full = chunk & ~15;
      let i = 0;
      for (; i < full; i += 16) {
        const p = done + i;
        const k = k0 + i;
        const c0 = rd32(plaintext, p) ^ rd32(ks, k);
        const c1 = rd32(plaintext, p + 4) ^ rd32(ks, k + 4);
        const c2 = rd32(plaintext, p + 8) ^ rd32(ks, k + 8);
        const c3 = rd32(plaintext, p + 12) ^ rd32(ks, k + 12);
        const q = o + i;
        wr32(dst, q, c0);
        wr32(dst, q + 4, c1);
        wr32(dst, q + 8, c2);
        wr32(dst, q + 12, c3);
        g.updateBlock(c0, c1, c2, c3);
      }
      // The final partial block (§6.5: MSB_len(P*) of the last keystream block), zero-padded into GHASH.
      if (i < chunk) {
        for (let j = i; j < chunk; j++) dst[o + j] = plaintext[done + j]! ^ ks[k0 + j]!;
        g.update(dst, o + i, chunk - i);
      }
      done += chunk;
      first = false;
    } while (done < len);
    // §7.1 steps 5-6: S = GHASH_H(A ‖ 0^v ‖ C ‖ 0^u ‖ [len(A)]64 ‖ [len(C)]64); T = MSB_t(GCTR_K(J0, S)).
    g.lengths(aad.length, len);
    const tagAt = dstOffset + len;
    g.digestInto(dst, tagAt);
    for (let i = 0; i < 16; i++) dst[tagAt + i]! ^= computedTag[i]!;
    return len + GCM_TAG_LENGTH;
  }

  /**
   * GCM-AD (§7.2): verifies `sealed` = C ‖ T and writes P into `dst` at
   * `dstOffset`. Returns the plaintext length, or -1 if the tag does not
   * verify, in which case nothing has been written to `dst`.
   * @throws RangeError if the nonce is not 12 bytes or `dst` is too short.
   */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, dst: Uint8Array, dstOffset: number): number {
    checkGcmNonce(nonce);
    if (sealed.length < GCM_TAG_LENGTH) return -1;
    const len = sealed.length - GCM_TAG_LENGTH;
    if (dstOffset < 0 || dstOffset + len > dst.length) throw new RangeError('AES-GCM open: dst too short');
    const g = this.begin(nonce, aad);
    const n0 = counterWords[0]!;
    const n1 = counterWords[1]!;
    const n2 = counterWords[2]!;
    if (len <= CHUNK_BLOCKS * 16) return this.openOneChunk(n0, n1, n2, aad.length, sealed, len, dst, dstOffset);
    // §7.2 steps 5-6: S = GHASH_H(A ‖ 0^v ‖ C ‖ 0^u ‖ [len(A)]64 ‖ [len(C)]64), over the ciphertext as received.
    g.update(sealed, 0, len);
    g.lengths(aad.length, len);
    g.digestInto(computedTag, 0);
    // J0 and the first chunk's counter blocks in one call; T' = GCTR_K(J0, S).
    let chunk = CHUNK_BLOCKS * 16;
    let ks = this.keystreamFor(n0, n1, n2, 0, chunk, true);
    if (!tagMatches(ks, sealed, len)) return -1;
    // §7.2 step 3: P = GCTR_K(inc32(J0), C), only after the tag verified.
    let done = 0;
    let k0 = 16;
    for (;;) {
      const o = dstOffset + done;
      const full = chunk & ~15;
      let i = 0;
      for (; i < full; i += 16) {
        const p = done + i;
        const k = k0 + i;
        const q = o + i;
        const p0 = rd32(sealed, p) ^ rd32(ks, k);
        const p1 = rd32(sealed, p + 4) ^ rd32(ks, k + 4);
        const p2 = rd32(sealed, p + 8) ^ rd32(ks, k + 8);
        const p3 = rd32(sealed, p + 12) ^ rd32(ks, k + 12);
        wr32(dst, q, p0);
        wr32(dst, q + 4, p1);
        wr32(dst, q + 8, p2);
        wr32(dst, q + 12, p3);
      }
      for (; i < chunk; i++) dst[o + i] = sealed[done + i]! ^ ks[k0 + i]!;
      done += chunk;
      if (done >= len) break;
      chunk = Math.min(len - done, CHUNK_BLOCKS * 16);
      ks = this.keystreamFor(n0, n1, n2, done, chunk, false);
      k0 = 0;
    }
    return len;
  }

  /**
   * {@link open} for a record whose keystream fits one call (every record on
   * the provider's JS path): one pass reads each ciphertext word once, feeds
   * GHASH and decrypts into the shared `plainWords` scratch; the plaintext is
   * copied to `dst` only once the tag has verified.
   */
  private openOneChunk(n0: number, n1: number, n2: number, aadLength: number, sealed: Uint8Array, len: number, dst: Uint8Array, dstOffset: number): number {
    const g = this.ghash;
    const ks = this.keystreamFor(n0, n1, n2, 0, len, true);
    const full = len & ~15;
    let i = 0;
    for (; i < full; i += 16) {
      const c0 = rd32(sealed, i);
      const c1 = rd32(sealed, i + 4);
      const c2 = rd32(sealed, i + 8);
      const c3 = rd32(sealed, i + 12);
      g.updateBlock(c0, c1, c2, c3);
      const k = 16 + i;
      const w = i >>> 2;
      plainWords[w] = c0 ^ rd32(ks, k);
      plainWords[w + 1] = c1 ^ rd32(ks, k + 4);
      plainWords[w + 2] = c2 ^ rd32(ks, k + 8);
      plainWords[w + 3] = c3 ^ rd32(ks, k + 12);
    }
    if (i < len) g.update(sealed, i, len - i);
    // §7.2 steps 5-6 and 8.
    g.lengths(aadLength, len);
    g.digestInto(computedTag, 0);
    if (!tagMatches(ks, sealed, len)) return -1;
    // §7.2 step 3: P = GCTR_K(inc32(J0), C), released now that the tag verified.
    for (let j = 0; j < full; j += 4) wr32(dst, dstOffset + j, plainWords[j >>> 2]!);
    for (let j = full; j < len; j++) dst[dstOffset + j] = sealed[j]! ^ ks[16 + j]!;
    return len;
  }

  /**
   * Encrypts the counter blocks for text bytes [from, from+length) (and J0
   * first if `withJ0`) in one call; returns the shared keystream buffer.
   * Counter block for text block b is IV ‖ [b + 2]32 (inc32 applied b + 1
   * times to J0, §6.2; mod 2^32). `iv0..iv2` are the IV's words in the
   * platform's byte order (see {@link loadIv}), stored with one 32-bit write
   * each; the counter words are rewritten only when the chunk's first counter
   * differs from the previous call's.
   */
  private keystreamFor(iv0: number, iv1: number, iv2: number, from: number, length: number, withJ0: boolean): Uint8Array {
    const blocks = ((length + 15) >>> 4) + (withJ0 ? 1 : 0);
    const first = withJ0 ? 1 : (from >>> 4) + 2;
    if (first !== countersFirst || blocks > countersValid) {
      for (let b = 0; b < blocks; b++) wr32(counters, 16 * b + 12, first + b);
      countersFirst = first;
      countersValid = blocks;
    }
    for (let w = 0; w < 4 * blocks; w += 4) {
      counterWords[w] = iv0;
      counterWords[w + 1] = iv1;
      counterWords[w + 2] = iv2;
    }
    this.cipher.encryptBlocks(counterViews[blocks]!, keystream, 0, 16 * blocks);
    return keystream;
  }
}

/** Copies the 12-byte IV into block 0, where the caller reads it back as three platform-order words. */
function loadIv(nonce: Uint8Array): void {
  for (let i = 0; i < 12; i++) counters[i] = nonce[i]!;
}

/**
 * §7.2 step 8: T = MSB_t(E_K(J0) ⊕ S) compared with the received tag, in
 * constant time: every byte is compared, no early exit. `ks[0, 16)` holds
 * E_K(J0), `computedTag` holds S (cleared here).
 */
function tagMatches(ks: Uint8Array, sealed: Uint8Array, len: number): boolean {
  let diff = 0;
  for (let i = 0; i < 16; i++) diff |= computedTag[i]! ^ ks[i]! ^ sealed[len + i]!;
  computedTag.fill(0);
  return diff === 0;
}

/**
 * @throws RangeError unless `nonce` is 12 bytes: DTLS 1.2 (RFC 5288 §3) and SRTP (RFC 7714 §8.1)
 * use 96-bit GCM nonces only, and so does this implementation.
 */
export function checkGcmNonce(nonce: Uint8Array): void {
  if (nonce.length !== GCM_NONCE_LENGTH) throw new RangeError(`AES-GCM nonce must be ${GCM_NONCE_LENGTH} bytes, got ${nonce.length}`);
}

function rd32(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

function wr32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}
