/**
 * CRC32c (Castagnoli), as SCTP uses it (RFC 9260 Appendix A; RFC 3309).
 *
 * Slicing-by-16 over one flat table: sixteen bytes per step, and 32-bit word
 * loads when the data is 4-byte aligned on a little-endian machine (no copy).
 * SCTP's packet checksum (the hot path when zero checksum is not in use) is
 * built on {@link crc32cRaw} and {@link crc32cZeros}.
 */

const POLY = 0x82f63b78; // reflected 0x1EDC6F41

/** T[k·256 + b]: the CRC register contribution of byte b followed by k zero bytes. */
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

/** Folds 16 bytes, given as four little-endian words, into the register `c`. */
function fold16(c: number, w0: number, w1: number, w2: number, w3: number): number {
  const a = c ^ w0;
  return (
    T[3840 + (a & 0xff)]! ^
    T[3584 + ((a >>> 8) & 0xff)]! ^
    T[3328 + ((a >>> 16) & 0xff)]! ^
    T[3072 + (a >>> 24)]! ^
    T[2816 + (w1 & 0xff)]! ^
    T[2560 + ((w1 >>> 8) & 0xff)]! ^
    T[2304 + ((w1 >>> 16) & 0xff)]! ^
    T[2048 + (w1 >>> 24)]! ^
    T[1792 + (w2 & 0xff)]! ^
    T[1536 + ((w2 >>> 8) & 0xff)]! ^
    T[1280 + ((w2 >>> 16) & 0xff)]! ^
    T[1024 + (w2 >>> 24)]! ^
    T[768 + (w3 & 0xff)]! ^
    T[512 + ((w3 >>> 8) & 0xff)]! ^
    T[256 + ((w3 >>> 16) & 0xff)]! ^
    T[w3 >>> 24]!
  );
}

/**
 * Runs the raw CRC register `register` (already inverted, i.e. ~0 at the
 * start of a message) over `data[start, end)` and returns the new register.
 * Finish with `~register >>> 0`.
 */
export function crc32cRaw(register: number, data: Uint8Array, start = 0, end = data.length): number {
  let c = register | 0;
  let i = start;
  if (LITTLE_ENDIAN && ((data.byteOffset + i) & 3) === 0 && end - i >= 64) {
    const n = (end - i) >> 4;
    const w = new Int32Array(data.buffer, data.byteOffset + i, n << 2);
    for (let j = 0; j < n << 2; j += 4) c = fold16(c, w[j]!, w[j + 1]!, w[j + 2]!, w[j + 3]!);
    i += n << 4;
  } else {
    for (; i + 16 <= end; i += 16) {
      c = fold16(
        c,
        data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24),
        data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24),
        data[i + 8]! | (data[i + 9]! << 8) | (data[i + 10]! << 16) | (data[i + 11]! << 24),
        data[i + 12]! | (data[i + 13]! << 8) | (data[i + 14]! << 16) | (data[i + 15]! << 24),
      );
    }
  }
  for (; i < end; i++) c = T[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

/** Runs the raw register over `n` zero bytes (e.g. a checksum field taken as zero). */
export function crc32cZeros(register: number, n: number): number {
  let c = register | 0;
  for (let k = 0; k < n; k++) c = T[c & 0xff]! ^ (c >>> 8);
  return c;
}

/**
 * Updates a running CRC32c. Start with `crc = 0` (the pre/post inversion is
 * done inside), so `crc32c(b) === crc32cUpdate(crc32cUpdate(0, b1), b2)` for b = b1‖b2.
 */
export function crc32cUpdate(crc: number, data: Uint8Array, start = 0, end = data.length): number {
  return ~crc32cRaw(~crc, data, start, end) >>> 0;
}

/** CRC32c of `data[start, end)`. */
export function crc32c(data: Uint8Array, start = 0, end = data.length): number {
  return crc32cUpdate(0, data, start, end);
}
