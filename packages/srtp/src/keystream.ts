/**
 * AES-CM keystream generation (RFC 3711 §4.1.1) from one long-lived AES-ECB
 * cipher: counter blocks are written into a reusable scratch buffer and
 * encrypted in one native call, for one packet, a batch, or (RunCache) the
 * next packets of a stream.
 *
 * Counter block, 128 bits:
 *   IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16), then + block number.
 *   octets 0-3: salt   4-7: salt ⊕ SSRC   8-11: salt ⊕ ROC   12-13: salt ⊕ SEQ
 *   14-15: block counter (for SRTCP, i is the 31-bit SRTCP index)
 */
import type { AesBlockCipher } from '@purertc/common';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Keystream of one session key: counter blocks → AES-ECB. */
export class Keystream {
  private readonly aes: AesBlockCipher;
  private readonly salt: Uint8Array;
  /** Counter blocks (input to AES) and keystream (output), reused; 32-bit views for speed. */
  ctr = new Uint8Array(2048);
  ctr32 = new Uint32Array(this.ctr.buffer);
  ks = new Uint8Array(2048);
  ks32 = new Uint32Array(this.ks.buffer);
  private readonly first = new Uint8Array(16);
  private readonly first32 = new Uint32Array(this.first.buffer);

  constructor(aes: AesBlockCipher, salt: Uint8Array) {
    this.aes = aes;
    this.salt = salt;
  }

  /** Makes room for `blocks` counter blocks. */
  reserve(blocks: number): void {
    const bytes = blocks * 16;
    if (bytes <= this.ctr.length) return;
    let n = this.ctr.length;
    while (n < bytes) n *= 2;
    this.ctr = new Uint8Array(n);
    this.ctr32 = new Uint32Array(this.ctr.buffer);
    this.ks = new Uint8Array(n);
    this.ks32 = new Uint32Array(this.ks.buffer);
  }

  /**
   * Writes `blocks` counter blocks for (ssrc, index) at block `at` of the
   * counter buffer. `hi` is index DIV 2^16 (the ROC for SRTP), `lo` index mod 2^16.
   */
  writeCounters(at: number, ssrc: number, hi: number, lo: number, blocks: number): void {
    const f = this.first;
    const s = this.salt;
    f[0] = s[0]!;
    f[1] = s[1]!;
    f[2] = s[2]!;
    f[3] = s[3]!;
    f[4] = s[4]! ^ (ssrc >>> 24);
    f[5] = s[5]! ^ ((ssrc >>> 16) & 0xff);
    f[6] = s[6]! ^ ((ssrc >>> 8) & 0xff);
    f[7] = s[7]! ^ (ssrc & 0xff);
    f[8] = s[8]! ^ (hi >>> 24);
    f[9] = s[9]! ^ ((hi >>> 16) & 0xff);
    f[10] = s[10]! ^ ((hi >>> 8) & 0xff);
    f[11] = s[11]! ^ (hi & 0xff);
    f[12] = s[12]! ^ (lo >>> 8);
    f[13] = s[13]! ^ (lo & 0xff);
    f[14] = 0;
    f[15] = 0;
    const w0 = this.first32[0]!;
    const w1 = this.first32[1]!;
    const w2 = this.first32[2]!;
    const w3 = this.first32[3]!;
    const c = this.ctr32;
    let o = at * 4;
    if (LITTLE_ENDIAN) {
      for (let j = 0; j < blocks; j++, o += 4) {
        c[o] = w0;
        c[o + 1] = w1;
        c[o + 2] = w2;
        c[o + 3] = w3 | ((j & 0xff) << 24) | ((j & 0xff00) << 8);
      }
    } else {
      for (let j = 0; j < blocks; j++, o += 4) {
        c[o] = w0;
        c[o + 1] = w1;
        c[o + 2] = w2;
        c[o + 3] = w3 | (j & 0xffff);
      }
    }
  }

  /** Encrypts the first `blocks` counter blocks into the keystream buffer: one native call. */
  generate(blocks: number): void {
    this.aes.encryptBlocks(this.ctr, this.ks, 0, blocks * 16);
  }
}

/** Packets per prefetched run, and the largest packet (in blocks) worth prefetching for. */
const RUN = 16;
const MAX_RUN_BLOCKS = 96;

/** One SSRC's prefetched run of keystream: packets `first … first + count - 1`, `blocks` each. */
class RunSlot {
  readonly ks: Keystream;
  ssrc = -1;
  first = 0;
  count = 0;
  blocks = 0;
  /** Largest packet seen since the last refill, in blocks. */
  maxSeen = 0;
  /** Index of the previous packet of this SSRC. */
  last = -2;
  used = 0;
  constructor(aes: AesBlockCipher, salt: Uint8Array) {
    this.ks = new Keystream(aes, salt);
  }
}

/**
 * Keystream prefetch for consecutive packets. A stream's packet indices are
 * consecutive almost always, and the keystream of a packet depends only on
 * (SSRC, index, block number), so when a packet follows its predecessor we
 * generate the keystream of the next RUN packets (sized for the largest
 * recent packet) in ONE native call: the batch API's saving, applied to
 * single-packet calls. Out-of-order packets, larger packets and the first
 * packets of a stream fall back to per-packet generation. Two SSRCs (say the
 * audio and video of a context) are cached at once, least recently used out.
 */
export class RunCache {
  private readonly slots: RunSlot[];
  private tick = 0;
  /** The keystream holding the last hit. */
  hit: Keystream;
  constructor(aes: AesBlockCipher, salt: Uint8Array) {
    this.slots = [new RunSlot(aes, salt), new RunSlot(aes, salt)];
    this.hit = this.slots[0]!.ks;
  }

  /** Byte offset of the keystream of packet (ssrc, index) in `hit.ks`, or -1 (generate it yourself). */
  lookup(ssrc: number, index: number, blocks: number): number {
    const a = this.slots[0]!;
    const b = this.slots[1]!;
    let slot = a.ssrc === ssrc ? a : b.ssrc === ssrc ? b : undefined;
    if (slot === undefined) {
      slot = a.used <= b.used ? a : b;
      slot.ssrc = ssrc;
      slot.count = 0;
      slot.last = -2;
      slot.maxSeen = 0;
    }
    slot.used = ++this.tick;
    const sequential = index === slot.last + 1;
    slot.last = index;
    if (blocks > slot.maxSeen) slot.maxSeen = blocks;
    const d = index - slot.first;
    if (d >= 0 && d < slot.count && blocks <= slot.blocks) {
      this.hit = slot.ks;
      return d * slot.blocks * 16;
    }
    if (!sequential || slot.maxSeen > MAX_RUN_BLOCKS) return -1;
    const per = slot.maxSeen;
    const ks = slot.ks;
    ks.reserve(RUN * per);
    for (let k = 0; k < RUN; k++) {
      const i = index + k;
      ks.writeCounters(k * per, ssrc, Math.floor(i / 65536), i & 0xffff, per);
    }
    ks.generate(RUN * per);
    slot.first = index;
    slot.count = RUN;
    slot.blocks = per;
    slot.maxSeen = blocks;
    this.hit = ks;
    return 0;
  }
}
