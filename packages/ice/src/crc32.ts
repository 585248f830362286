/**
 * CRC-32 (ISO/IEEE 802.3, reflected polynomial 0xEDB88320), as STUN's
 * FINGERPRINT uses it (RFC 8489 §14.7). Not CRC-32c: that one is SCTP's and
 * lives in @purertc/common.
 */

const TABLE = /* @__PURE__ */ (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Continues a CRC-32 over `data[start, end)`; start with `crc = 0`. */
export function crc32Update(crc: number, data: Uint8Array, start = 0, end = data.length): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 of `data[start, end)`. */
export function crc32(data: Uint8Array, start = 0, end = data.length): number {
  return crc32Update(0, data, start, end);
}
