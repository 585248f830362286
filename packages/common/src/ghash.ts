/**
 * GHASH, the universal hash of GCM (NIST SP 800-38D §6.3, §6.4), in
 * JavaScript with per-key precomputed tables (Shoup's method).
 *
 * Bit order (§6.3): a 128-bit block is a polynomial over GF(2) whose
 * coefficient of x^0 is the most significant bit of byte 0 and of x^127 the
 * least significant bit of byte 15. Products are reduced modulo
 * P = x^128 + x^7 + x^2 + x + 1. "Multiplying by x" is therefore a one-bit
 * right shift of the block; the bit shifted out of byte 15 stands for x^128,
 * which is replaced by x^7 + x^2 + x + 1, the byte 0xE1 at the left end
 * (SP 800-38D Algorithm 1, R = 11100001 ‖ 0^120).
 *
 * Blocks are held as four int32 words, big-endian (word 0 = bytes 0-3).
 *
 * Shoup's method: write X as a sum of w-bit digits d_k (w = 4 or 8, digit 0
 * at the left), X = Σ d_k(x) · x^(w·k). Then X·H = Σ (d_k·H) · x^(w·k), which
 * Horner's rule evaluates from the rightmost digit: Z ← Z·x^w ⊕ T[d_k], where
 * T[d] = d(x)·H is a per-key table of 2^w entries. Z·x^w is a w-bit right
 * shift; the w bits shifted out stand for x^128 … x^(128+w-1), and a
 * key-independent table R[bits] gives their reduction, which lands in the
 * top 16 bits of word 0 (degree ≤ w-1+7 < 16).
 *
 * Memory per key: 16 entries × 16 B = 256 B (4-bit digits) or 256 × 16 B =
 * 4 KiB (8-bit digits). The reduction tables are shared by all keys.
 *
 * Side channels: table lookups are indexed by secret-dependent data (the
 * usual caveat of table-driven GHASH: cache timing on a shared core). The
 * tag comparison in `gcm.ts` is constant-time.
 */

/** Digit width of the multiplication tables: 4 bits (256 B per key) or 8 bits (4 KiB per key). */
export type GhashTableBits = 4 | 8;

/** x^128 ≡ x^7 + x^2 + x + 1: the word 0 image of the reduction polynomial (0xE1 in byte 0). */
const R_WORD = 0xe1000000 | 0;

/**
 * Reduction table for a `bits`-bit shift: entry v is the reduction of the
 * bits v shifted out of word 3. Bit (1 << (bits-1-j)) of v stands for
 * x^(128+j) ≡ x^j · (x^7 + x^2 + x + 1), i.e. R_WORD shifted right by j.
 */
function reductionTable(bits: number): Int32Array {
  const n = 1 << bits;
  const t = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    let r = 0;
    for (let j = 0; j < bits; j++) if (v & (1 << (bits - 1 - j))) r ^= R_WORD >>> j;
    t[v] = r;
  }
  return t;
}

const R4 = reductionTable(4);
const R8 = reductionTable(8);

/**
 * Builds T[d] = d(x) · H for every `bits`-bit digit d, where the digit's most
 * significant bit is the coefficient of x^0. Entry d occupies words
 * [4d, 4d+4).
 */
function buildTable(h: Uint8Array, bits: GhashTableBits): Int32Array {
  const n = 1 << bits;
  const t = new Int32Array(4 * n);
  // v = H · x^j for j = 0 … bits-1, stored at the digit with only bit (bits-1-j) set.
  let v0 = rd32(h, 0);
  let v1 = rd32(h, 4);
  let v2 = rd32(h, 8);
  let v3 = rd32(h, 12);
  for (let j = 0; j < bits; j++) {
    const d = 1 << (bits - 1 - j);
    t[4 * d] = v0;
    t[4 * d + 1] = v1;
    t[4 * d + 2] = v2;
    t[4 * d + 3] = v3;
    // Multiply by x (SP 800-38D Algorithm 1, step 3: V ← V >> 1, ⊕ R if the dropped bit was 1).
    const carry = v3 & 1;
    v3 = (v3 >>> 1) | (v2 << 31);
    v2 = (v2 >>> 1) | (v1 << 31);
    v1 = (v1 >>> 1) | (v0 << 31);
    v0 = (v0 >>> 1) ^ (carry ? R_WORD : 0);
  }
  // Every other digit is the XOR (sum) of its single-bit digits: multiplication is linear.
  for (let d = 2; d < n; d++) {
    const low = d & -d;
    if (low === d) continue;
    const rest = d ^ low;
    for (let w = 0; w < 4; w++) t[4 * d + w] = t[4 * low + w]! ^ t[4 * rest + w]!;
  }
  return t;
}

function rd32(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

/**
 * The GHASH function under one hash subkey H (SP 800-38D §6.4), accumulating
 * Y_i = (Y_{i-1} ⊕ X_i) · H over the blocks it is fed.
 *
 * Usage for GCM (§7.1 step 5): `reset()`, `update(A)`, `update(C)`,
 * `lengths(len(A), len(C))`, `digestInto(S)`. Each `update` zero-pads its
 * final partial block, so one call per GCM field (A, C) matches the
 * A ‖ 0^v ‖ C ‖ 0^u layout; a field may also be fed in several calls as long
 * as all but the last are multiples of 16 bytes.
 */
export class Ghash {
  /** Digit width of this key's tables. */
  readonly tableBits: GhashTableBits;
  /** The per-key table T[d] = d·H (see the module comment). */
  private readonly table: Int32Array;
  /** The running value Y as four big-endian words. */
  private readonly y = new Int32Array(4);

  /**
   * @param h the hash subkey H = CIPH_K(0^128), 16 bytes.
   * @param tableBits 8 (default: 4 KiB per key, 2-3× faster per block) or 4 (256 B per key).
   */
  constructor(h: Uint8Array, tableBits: GhashTableBits = 8) {
    if (h.length !== 16) throw new RangeError(`GHASH subkey must be 16 bytes, got ${h.length}`);
    if (tableBits !== 4 && tableBits !== 8) throw new RangeError(`GHASH table width must be 4 or 8 bits, got ${String(tableBits)}`);
    this.tableBits = tableBits;
    this.table = buildTable(h, tableBits);
  }

  /** Bytes of per-key table memory (excluding the object headers). */
  get tableBytes(): number {
    return this.table.byteLength;
  }

  /** Y ← 0^128 (§6.4 step 2: Y_0 = 0^128). */
  reset(): void {
    this.y.fill(0);
  }

  /** Feeds `src[offset, offset+length)`, zero-padding a final partial block. */
  update(src: Uint8Array, offset = 0, length = src.length - offset): void {
    const end = offset + length;
    const full = offset + (length & ~15);
    let o = offset;
    for (; o < full; o += 16) this.mulBlock(rd32(src, o), rd32(src, o + 4), rd32(src, o + 8), rd32(src, o + 12));
    if (o < end) {
      // The partial block, zero-padded (§7.1 step 5: A ‖ 0^v, C ‖ 0^u).
      let w0 = 0;
      let w1 = 0;
      let w2 = 0;
      let w3 = 0;
      for (let i = 0; o + i < end; i++) {
        const b = src[o + i]! << (24 - 8 * (i & 3));
        if (i < 4) w0 |= b;
        else if (i < 8) w1 |= b;
        else if (i < 12) w2 |= b;
        else w3 |= b;
      }
      this.mulBlock(w0, w1, w2, w3);
    }
  }

  /** Feeds the final block [len(A)]_64 ‖ [len(C)]_64, lengths given in bytes (§7.1 step 5). */
  lengths(aadBytes: number, textBytes: number): void {
    // Bit lengths as 64-bit big-endian: high word = floor(bytes / 2^29), low word = (bytes · 8) mod 2^32.
    this.mulBlock(Math.floor(aadBytes / 0x20000000) | 0, (aadBytes << 3) | 0, Math.floor(textBytes / 0x20000000) | 0, (textBytes << 3) | 0);
  }

  /** Writes Y (16 bytes) into `dst` at `offset`. */
  digestInto(dst: Uint8Array, offset = 0): void {
    const y = this.y;
    for (let w = 0; w < 4; w++) {
      const v = y[w]!;
      const o = offset + 4 * w;
      dst[o] = v >>> 24;
      dst[o + 1] = v >>> 16;
      dst[o + 2] = v >>> 8;
      dst[o + 3] = v;
    }
  }

  /**
   * Feeds one whole block given as four big-endian words (for callers that
   * already hold the block in registers, e.g. a fused CTR + GHASH loop).
   */
  updateBlock(w0: number, w1: number, w2: number, w3: number): void {
    this.mulBlock(w0, w1, w2, w3);
  }

  /** Y ← (Y ⊕ X) · H for one block X given as four words (§6.4 step 3). */
  private mulBlock(x0: number, x1: number, x2: number, x3: number): void {
    const y = this.y;
    if (this.tableBits === 8) mul8(this.table, y, x0 ^ y[0]!, x1 ^ y[1]!, x2 ^ y[2]!, x3 ^ y[3]!);
    else mul4(this.table, y, x0 ^ y[0]!, x1 ^ y[1]!, x2 ^ y[2]!, x3 ^ y[3]!);
  }
}

/**
 * out ← X · H with 8-bit digits: Horner's rule from byte 15 (x^120 … x^127)
 * down to byte 0; each step is Z ← Z · x^8 (shift right one byte, reduce the
 * byte that fell off with R8) ⊕ T[byte]. Unrolled: this is the hot loop.
 */
function mul8(t: Int32Array, out: Int32Array, x0: number, x1: number, x2: number, x3: number): void {
  let z0: number, z1: number, z2: number, z3: number, r: number, i: number;
  // Byte 15 first (Z = T[b15]; the shift of Z = 0 is skipped), then bytes 14 … 0: Z ← Z · x^8 ⊕ T[b].
  i = (x3 & 0xff) << 2;
  z0 = t[i]!; z1 = t[i + 1]!; z2 = t[i + 2]!; z3 = t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = ((x3 >>> 8) & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = ((x3 >>> 16) & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = (x3 >>> 22) & 0x3fc;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = (x2 & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = ((x2 >>> 8) & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = ((x2 >>> 16) & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = (x2 >>> 22) & 0x3fc;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = (x1 & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = ((x1 >>> 8) & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = ((x1 >>> 16) & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = (x1 >>> 22) & 0x3fc;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = (x0 & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = ((x0 >>> 8) & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = ((x0 >>> 16) & 0xff) << 2;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  r = R8[z3 & 0xff]!;
  z3 = (z3 >>> 8) | (z2 << 24); z2 = (z2 >>> 8) | (z1 << 24); z1 = (z1 >>> 8) | (z0 << 24); z0 = (z0 >>> 8) ^ r;
  i = (x0 >>> 22) & 0x3fc;
  z0 ^= t[i]!; z1 ^= t[i + 1]!; z2 ^= t[i + 2]!; z3 ^= t[i + 3]!;
  out[0] = z0;
  out[1] = z1;
  out[2] = z2;
  out[3] = z3;
}

/** out ← X · H with 4-bit digits: as {@link mul8}, one nibble per step from the low nibble of byte 15. */
function mul4(t: Int32Array, out: Int32Array, x0: number, x1: number, x2: number, x3: number): void {
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  for (let k = 3; k >= 0; k--) {
    const w = k === 3 ? x3 : k === 2 ? x2 : k === 1 ? x1 : x0;
    for (let s = 0; s < 32; s += 4) {
      // Z ← Z · x^4, then Z ← Z ⊕ T[nibble].
      const r = R4[z3 & 0xf]!;
      z3 = (z3 >>> 4) | (z2 << 28);
      z2 = (z2 >>> 4) | (z1 << 28);
      z1 = (z1 >>> 4) | (z0 << 28);
      z0 = (z0 >>> 4) ^ r;
      const i = ((w >>> s) & 0xf) << 2;
      z0 ^= t[i]!;
      z1 ^= t[i + 1]!;
      z2 ^= t[i + 2]!;
      z3 ^= t[i + 3]!;
    }
  }
  out[0] = z0;
  out[1] = z1;
  out[2] = z2;
  out[3] = z3;
}
