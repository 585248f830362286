/**
 * The little of the RTP/RTCP headers SRTP needs: where the payload starts,
 * the SSRC and the sequence number. (Full codecs live in @purertc/rtp; SRTP
 * sits below it and reads these fields by byte index.)
 *
 * RTP fixed header (RFC 3550 §5.1), then CSRCs, then an optional extension
 * (§5.3.1: 16-bit profile-defined id, 16-bit length in 32-bit words):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                           timestamp                           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           synchronization source (SSRC) identifier            |
 *   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *   |            contributing source (CSRC) identifiers             |
 *   |                             ....                              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The header length is always a multiple of 4, which keeps the encrypted
 * payload 32-bit aligned in our scratch buffers.
 */

/**
 * Length of the RTP header of `p` (fixed part, CSRCs and extension), or -1
 * if `p[0, limit)` is not an RTP packet (version ≠ 2, or the header runs past
 * `limit`).
 */
export function rtpHeaderLength(p: Uint8Array, limit: number): number {
  if (limit < 12 || limit > p.length) return -1;
  const b0 = p[0]!;
  if (b0 >> 6 !== 2) return -1;
  let n = 12 + 4 * (b0 & 0x0f);
  if (b0 & 0x10) {
    if (n + 4 > limit) return -1;
    n += 4 + 4 * ((p[n + 2]! << 8) | p[n + 3]!);
  }
  return n <= limit ? n : -1;
}

/** Big-endian uint32 at `o`. */
export function u32(p: Uint8Array, o: number): number {
  return ((p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8) | p[o + 3]!) >>> 0;
}

/** Writes `v` as a big-endian uint32 at `o`. */
export function putU32(p: Uint8Array, o: number, v: number): void {
  p[o] = v >>> 24;
  p[o + 1] = (v >>> 16) & 0xff;
  p[o + 2] = (v >>> 8) & 0xff;
  p[o + 3] = v & 0xff;
}
