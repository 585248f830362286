/**
 * The SCTP packet checksum (RFC 9260 §6.8, Appendix A): CRC32c over the whole
 * packet with the checksum field taken as zero, stored least-significant
 * byte first.
 *
 * This is the hot path of every packet sent and received when zero checksum
 * (RFC 9653) is not in use, so it is specialized here rather than chained
 * through the general `crc32cUpdate` of @purertc/common (which it is tested
 * against): one pass that skips the checksum field without copying or
 * mutating the packet, sixteen bytes per step (slicing-by-16 over one flat
 * Int32Array of tables), and 32-bit word loads when the packet is aligned on
 * a little-endian machine. About twice the speed of slicing-by-8.
 */

const POLY = 0x82f63b78; // CRC32c (Castagnoli), reflected

/** T[k·256 + b]: the CRC of byte b followed by k zero bytes. */
const T = new Int32Array(16 * 256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let j = 0; j < 8; j++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[i] = c;
}
for (let i = 0; i < 256; i++) {
  let c = T[i]!;
  for (let k = 1; k < 16; k++) {
    c = T[c & 0xff]! ^ (c >>> 8);
    T[k * 256 + i] = c;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Runs the CRC register `c` (pre-inverted) over d[start, end). */
function update(d: Uint8Array, start: number, end: number, c: number): number {
  let i = start;
  if (LITTLE_ENDIAN && ((d.byteOffset + i) & 3) === 0 && end - i >= 64) {
    const w = new Int32Array(d.buffer, d.byteOffset + i, (end - i) >> 2);
    let j = 0;
    const n = (end - i) >> 4;
    for (let k = 0; k < n; k++, j += 4) {
      const a = c ^ w[j]!;
      const b1 = w[j + 1]!;
      const b2 = w[j + 2]!;
      const b3 = w[j + 3]!;
      c =
        T[3840 + (a & 0xff)]! ^
        T[3584 + ((a >>> 8) & 0xff)]! ^
        T[3328 + ((a >>> 16) & 0xff)]! ^
        T[3072 + (a >>> 24)]! ^
        T[2816 + (b1 & 0xff)]! ^
        T[2560 + ((b1 >>> 8) & 0xff)]! ^
        T[2304 + ((b1 >>> 16) & 0xff)]! ^
        T[2048 + (b1 >>> 24)]! ^
        T[1792 + (b2 & 0xff)]! ^
        T[1536 + ((b2 >>> 8) & 0xff)]! ^
        T[1280 + ((b2 >>> 16) & 0xff)]! ^
        T[1024 + (b2 >>> 24)]! ^
        T[768 + (b3 & 0xff)]! ^
        T[512 + ((b3 >>> 8) & 0xff)]! ^
        T[256 + ((b3 >>> 16) & 0xff)]! ^
        T[b3 >>> 24]!;
    }
    i += n << 4;
  } else {
    for (; i + 16 <= end; i += 16) {
      const a = c ^ (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24));
      c =
        T[3840 + (a & 0xff)]! ^
        T[3584 + ((a >>> 8) & 0xff)]! ^
        T[3328 + ((a >>> 16) & 0xff)]! ^
        T[3072 + (a >>> 24)]! ^
        T[2816 + d[i + 4]!]! ^
        T[2560 + d[i + 5]!]! ^
        T[2304 + d[i + 6]!]! ^
        T[2048 + d[i + 7]!]! ^
        T[1792 + d[i + 8]!]! ^
        T[1536 + d[i + 9]!]! ^
        T[1280 + d[i + 10]!]! ^
        T[1024 + d[i + 11]!]! ^
        T[768 + d[i + 12]!]! ^
        T[512 + d[i + 13]!]! ^
        T[256 + d[i + 14]!]! ^
        T[d[i + 15]!]!;
    }
  }
  for (; i < end; i++) c = T[(c ^ d[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

/**
 * The SCTP checksum of `packet[0, length)`: CRC32c with bytes 8-11 (the
 * checksum field) taken as zero, whatever they hold.
 */
export function sctpChecksum(packet: Uint8Array, length = packet.length): number {
  let c = update(packet, 0, 8, ~0);
  // Four zero bytes for the checksum field.
  for (let k = 0; k < 4; k++) c = T[c & 0xff]! ^ (c >>> 8);
  return ~update(packet, 12, length, c) >>> 0;
}
