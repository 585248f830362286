/**
 * The DTLS record header (RFC 6347 §4.1):
 *
 *   struct {
 *     ContentType type;                 // 1 byte
 *     ProtocolVersion version;          // 2 bytes
 *     uint16 epoch;                     // 2 bytes
 *     uint48 sequence_number;           // 6 bytes
 *     uint16 length;                    // 2 bytes
 *     opaque fragment[DTLSPlaintext.length];
 *   } DTLSPlaintext;
 *
 * One datagram may carry several records back to back (RFC 6347 §4.1.1).
 */
import { viewOf } from '@purertc/common';
import { MAX_CIPHERTEXT_LENGTH, RECORD_HEADER_LENGTH } from './constants.js';

/** A parsed record. `fragment` and `header` are views into the datagram (valid for the call). */
export interface DtlsRecord {
  type: number;
  version: number;
  epoch: number;
  /** 48-bit sequence number. */
  sequenceNumber: number;
  /** The 13 header bytes. */
  header: Uint8Array;
  /** The (possibly protected) fragment. */
  fragment: Uint8Array;
}

/**
 * Parses the records of a datagram. Stops at the first malformed record and
 * reports how many bytes were malformed (the rest of the datagram, RFC 6347
 * §4.1.2.7: invalid records are discarded). Never throws.
 */
export function parseRecords(datagram: Uint8Array): { records: DtlsRecord[]; malformed: boolean } {
  const records: DtlsRecord[] = [];
  const view = viewOf(datagram);
  let at = 0;
  while (at < datagram.length) {
    if (datagram.length - at < RECORD_HEADER_LENGTH) return { records, malformed: true };
    const type = datagram[at]!;
    const version = view.getUint16(at + 1);
    const epoch = view.getUint16(at + 3);
    const sequenceNumber = view.getUint16(at + 5) * 0x1_0000_0000 + view.getUint32(at + 7);
    const length = view.getUint16(at + 11);
    const end = at + RECORD_HEADER_LENGTH + length;
    // Version major byte 254 (DTLS); content types 20-63 per RFC 7983 demux.
    if (end > datagram.length || length > MAX_CIPHERTEXT_LENGTH || type < 20 || type > 63 || version >>> 8 !== 0xfe) {
      return { records, malformed: true };
    }
    records.push({
      type,
      version,
      epoch,
      sequenceNumber,
      header: datagram.subarray(at, at + RECORD_HEADER_LENGTH),
      fragment: datagram.subarray(at + RECORD_HEADER_LENGTH, end),
    });
    at = end;
  }
  return { records, malformed: false };
}

/** Writes a record header into `dst` at `offset`; returns the offset after it. */
export function writeRecordHeader(
  dst: Uint8Array,
  offset: number,
  type: number,
  version: number,
  epoch: number,
  sequenceNumber: number,
  length: number,
): number {
  const v = viewOf(dst);
  dst[offset] = type;
  v.setUint16(offset + 1, version);
  v.setUint16(offset + 3, epoch);
  v.setUint16(offset + 5, Math.floor(sequenceNumber / 0x1_0000_0000) & 0xffff);
  v.setUint32(offset + 7, sequenceNumber >>> 0);
  v.setUint16(offset + 11, length);
  return offset + RECORD_HEADER_LENGTH;
}
