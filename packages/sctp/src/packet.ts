/**
 * The SCTP packet: common header (RFC 9260 §3.1) followed by chunks.
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * The checksum is CRC32c over the whole packet with the checksum field set to
 * zero, stored least-significant byte first (RFC 9260 Appendix A). With
 * RFC 9653 both ends may agree that the lower layer (DTLS) detects errors and
 * send a checksum of zero instead.
 */
import { sctpChecksum } from './checksum.js';
import { COMMON_HEADER_LENGTH, pad4 } from './constants.js';
import { type Chunk, chunkEncodedLength, decodeChunkValue, encodeChunkInto } from './chunk.js';

/** The common header fields. */
export interface CommonHeader {
  sourcePort: number;
  destinationPort: number;
  verificationTag: number;
}

/** A decoded packet. Chunk values are views into the input. */
export interface Packet extends CommonHeader {
  checksum: number;
  chunks: Chunk[];
  /**
   * The raw bytes of each chunk (header and value, no padding), index-aligned
   * with `chunks`, for "Unrecognized Chunk Type" reports.
   */
  raw: Uint8Array[];
}

/** Writes the common header at `dst[0..12)` with a zero checksum field. */
export function writeCommonHeader(h: CommonHeader, dst: Uint8Array, dv: DataView): void {
  dv.setUint16(0, h.sourcePort);
  dv.setUint16(2, h.destinationPort);
  dv.setUint32(4, h.verificationTag >>> 0);
  dv.setUint32(8, 0);
}

/** Computes and stores the CRC32c of `dst[0, length)` (checksum field must be zero). */
export function setChecksum(dst: Uint8Array, dv: DataView, length: number): void {
  dv.setUint32(8, sctpChecksum(dst, length), true);
}

/**
 * Checks a packet's checksum. A zero checksum field is accepted when
 * `acceptZero` (RFC 9653 §5: we announced Zero Checksum Acceptable).
 */
export function verifyChecksum(b: Uint8Array, acceptZero: boolean): boolean {
  if (b.length < COMMON_HEADER_LENGTH) return false;
  const stored = (b[8]! | (b[9]! << 8) | (b[10]! << 16) | (b[11]! << 24)) >>> 0;
  if (stored === 0 && acceptZero) return true;
  const crc = sctpChecksum(b);
  return crc === stored;
}

/** Bytes needed to encode a packet with these chunks. */
export function packetEncodedLength(chunks: readonly Chunk[]): number {
  let n = COMMON_HEADER_LENGTH;
  for (const c of chunks) n += chunkEncodedLength(c);
  return n;
}

/**
 * Encodes a packet into `dst` at offset 0 (sized with {@link packetEncodedLength});
 * returns the bytes written. `zeroChecksum` leaves the checksum field 0 (RFC 9653).
 */
export function encodePacketInto(h: CommonHeader, chunks: readonly Chunk[], dst: Uint8Array, zeroChecksum = false): number {
  const dv = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
  writeCommonHeader(h, dst, dv);
  let off = COMMON_HEADER_LENGTH;
  for (const c of chunks) off = encodeChunkInto(c, dst, dv, off);
  if (!zeroChecksum) setChecksum(dst, dv, off);
  return off;
}

/** Encodes a packet into a fresh buffer. */
export function encodePacket(h: CommonHeader, chunks: readonly Chunk[], zeroChecksum = false): Uint8Array {
  const out = new Uint8Array(packetEncodedLength(chunks));
  encodePacketInto(h, chunks, out, zeroChecksum);
  return out;
}

/**
 * Decodes a packet. Does not verify the checksum (see {@link verifyChecksum}).
 * Returns undefined when the header or any chunk framing is malformed; a
 * chunk whose value is malformed for its type also fails the packet. Missing
 * padding after the last chunk is tolerated. Never throws.
 */
export function decodePacket(b: Uint8Array): Packet | undefined {
  if (b.length < COMMON_HEADER_LENGTH) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const chunks: Chunk[] = [];
  const raw: Uint8Array[] = [];
  let off = COMMON_HEADER_LENGTH;
  while (off < b.length) {
    if (off + 4 > b.length) return undefined;
    const type = b[off]!;
    const flags = b[off + 1]!;
    const len = dv.getUint16(off + 2);
    if (len < 4 || off + len > b.length) return undefined;
    const c = decodeChunkValue(type, flags, b, dv, off + 4, off + len);
    if (!c) return undefined;
    chunks.push(c);
    raw.push(b.subarray(off, off + len));
    off += pad4(len);
  }
  return {
    sourcePort: dv.getUint16(0),
    destinationPort: dv.getUint16(2),
    verificationTag: dv.getUint32(4),
    checksum: dv.getUint32(8, true),
    chunks,
    raw,
  };
}
