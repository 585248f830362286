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

/** The header fields of one record, filled by {@link readRecord} (reusable between calls). */
export interface RecordFields {
  type: number;
  version: number;
  epoch: number;
  sequenceNumber: number;
  /** Offset of the fragment in the datagram (it ends where readRecord says the record ends). */
  fragmentStart: number;
}

/**
 * Reads the record starting at `at` of `datagram` into `out` and returns the
 * offset after it, or -1 when the record is malformed (too short, too long,
 * not a DTLS content type or version: RFC 6347 §4.1, RFC 7983). Allocates
 * nothing, for the per-datagram path.
 */
export function readRecord(datagram: Uint8Array, at: number, out: RecordFields): number {
  if (datagram.length - at < RECORD_HEADER_LENGTH) return -1;
  const d = datagram;
  const type = d[at]!;
  const version = (d[at + 1]! << 8) | d[at + 2]!;
  const length = (d[at + 11]! << 8) | d[at + 12]!;
  const end = at + RECORD_HEADER_LENGTH + length;
  // Version major byte 254 (DTLS); content types 20-63 per RFC 7983 demux.
  if (end > d.length || length > MAX_CIPHERTEXT_LENGTH || type < 20 || type > 63 || version >>> 8 !== 0xfe) return -1;
  out.type = type;
  out.version = version;
  out.epoch = (d[at + 3]! << 8) | d[at + 4]!;
  const seqLow = ((d[at + 7]! << 24) | (d[at + 8]! << 16) | (d[at + 9]! << 8) | d[at + 10]!) >>> 0;
  out.sequenceNumber = ((d[at + 5]! << 8) | d[at + 6]!) * 0x1_0000_0000 + seqLow;
  out.fragmentStart = at + RECORD_HEADER_LENGTH;
  return end;
}

/**
 * Parses the records of a datagram. Stops at the first malformed record and
 * reports how many bytes were malformed (the rest of the datagram, RFC 6347
 * §4.1.2.7: invalid records are discarded). Never throws.
 */
export function parseRecords(datagram: Uint8Array): { records: DtlsRecord[]; malformed: boolean } {
  const records: DtlsRecord[] = [];
  const f: RecordFields = { type: 0, version: 0, epoch: 0, sequenceNumber: 0, fragmentStart: 0 };
  let at = 0;
  while (at < datagram.length) {
    const end = readRecord(datagram, at, f);
    if (end < 0) return { records, malformed: true };
    records.push({
      type: f.type,
      version: f.version,
      epoch: f.epoch,
      sequenceNumber: f.sequenceNumber,
      header: datagram.subarray(at, f.fragmentStart),
      fragment: datagram.subarray(f.fragmentStart, end),
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
  // Byte by byte: a DataView per record would be an allocation per packet.
  const d = dst;
  const high = Math.floor(sequenceNumber / 0x1_0000_0000) & 0xffff;
  const low = sequenceNumber >>> 0;
  d[offset] = type;
  d[offset + 1] = version >>> 8;
  d[offset + 2] = version & 0xff;
  d[offset + 3] = (epoch >>> 8) & 0xff;
  d[offset + 4] = epoch & 0xff;
  d[offset + 5] = high >>> 8;
  d[offset + 6] = high & 0xff;
  d[offset + 7] = low >>> 24;
  d[offset + 8] = (low >>> 16) & 0xff;
  d[offset + 9] = (low >>> 8) & 0xff;
  d[offset + 10] = low & 0xff;
  d[offset + 11] = (length >>> 8) & 0xff;
  d[offset + 12] = length & 0xff;
  return offset + RECORD_HEADER_LENGTH;
}
