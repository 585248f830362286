/**
 * The SCTP packet checksum (RFC 9260 §6.8, Appendix A): CRC32c over the whole
 * packet with the checksum field taken as zero, stored least-significant
 * byte first.
 *
 * This is the hot path of every packet sent and received when zero checksum
 * (RFC 9653) is not in use: one pass over the packet with the raw CRC32c
 * register of @purertc/common (slicing-by-16, word loads when aligned),
 * skipping the checksum field without copying or mutating the packet.
 */
import { crc32cRaw, crc32cZeros } from '@purertc/common';

/**
 * The SCTP checksum of `packet[0, length)`: CRC32c with bytes 8-11 (the
 * checksum field) taken as zero, whatever they hold.
 */
export function sctpChecksum(packet: Uint8Array, length = packet.length): number {
  const c = crc32cZeros(crc32cRaw(~0, packet, 0, 8), 4); // bytes 8-11 as zero
  return ~crc32cRaw(c, packet, 12, length) >>> 0;
}
