/**
 * A flight (RFC 6347 §4.2.4): the handshake messages (and ChangeCipherSpec)
 * one side sends before waiting, kept so it can be retransmitted whole, and
 * packed into datagrams no larger than the MTU, fragmenting messages as
 * needed (RFC 6347 §4.2.3). Each transmission takes fresh record sequence
 * numbers; message_seq values stay the same.
 */
import { ContentType, HANDSHAKE_HEADER_LENGTH } from './constants.js';
import { writeHandshakeFragment } from './handshake.js';
import type { RecordLayer } from './record-layer.js';

/** One entry of a flight. */
export type FlightEntry =
  | { kind: 'handshake'; type: number; messageSeq: number; body: Uint8Array; epoch: number }
  | { kind: 'ccs'; epoch: number };

const CCS_BODY = new Uint8Array([1]);

/**
 * Encodes a flight into datagrams of at most `mtu` bytes. Records are
 * written with the record layer's next sequence numbers for their epoch.
 */
export function packFlight(entries: readonly FlightEntry[], records: RecordLayer, mtu: number, recordVersion?: number): Uint8Array[] {
  const datagrams: Uint8Array[] = [];
  let buf = new Uint8Array(mtu);
  let used = 0;
  const flush = () => {
    if (used > 0) datagrams.push(buf.slice(0, used));
    buf = new Uint8Array(mtu);
    used = 0;
  };
  for (const e of entries) {
    if (e.kind === 'ccs') {
      const len = records.recordLength(e.epoch, 1);
      if (used + len > mtu) flush();
      used = records.writeRecord(buf, used, ContentType.ChangeCipherSpec, e.epoch, CCS_BODY, recordVersion);
      continue;
    }
    let offset = 0;
    do {
      const overhead = records.recordLength(e.epoch, HANDSHAKE_HEADER_LENGTH);
      let room = mtu - used - overhead;
      // Start a fresh datagram rather than send a sliver (or nothing) of the message.
      if (room < Math.min(64, e.body.length - offset)) {
        flush();
        room = mtu - overhead;
      }
      if (room <= 0) throw new RangeError('MTU too small for a DTLS handshake record'); // config validated in the endpoint
      const n = Math.min(room, e.body.length - offset);
      const frag = new Uint8Array(HANDSHAKE_HEADER_LENGTH + n);
      writeHandshakeFragment(frag, 0, e.type, e.messageSeq, e.body, offset, n);
      used = records.writeRecord(buf, used, ContentType.Handshake, e.epoch, frag, recordVersion);
      offset += n;
    } while (offset < e.body.length);
  }
  flush();
  return datagrams;
}
