/**
 * The DTLS record layer (RFC 6347 §4.1): epochs, 48-bit sequence numbers,
 * protection per epoch and direction, the anti-replay window, and records
 * for an epoch we cannot read yet held briefly (RFC 6347 §4.1: "may be
 * buffered ... until the handshake advances").
 *
 * Epoch-indexed state (not "current/pending" pairs) is what lets DTLS 1.3
 * (RFC 9147, where epochs 1-3 are handshake/early/application keys) reuse it.
 */
import { DTLS_1_2, MAX_PLAINTEXT_LENGTH, RECORD_HEADER_LENGTH } from './constants.js';
import { readRecord, type RecordFields } from './record.js';
import type { RecordProtection } from './record-protection.js';
import { writeRecordHeader } from './record.js';
import { ReplayWindow } from './replay-window.js';

/** Counters of what the record layer dropped. */
export interface RecordLayerCounters {
  /** Records accepted and handed up. */
  recordsReceived: number;
  /** Datagrams (or their tails) that did not parse as records. */
  malformed: number;
  /** Records that failed AEAD authentication. */
  authFailures: number;
  /** Records rejected by the anti-replay window (duplicates and too old). */
  replayed: number;
  /** Records of an epoch we have no keys for and could not buffer. */
  unknownEpoch: number;
  /** Records with a next-epoch number, held until the keys are installed. */
  buffered: number;
  /**
   * Protected records whose plaintext would exceed the limit we accept for
   * their epoch (2^14, or the record_size_limit we advertised, RFC 8449 §4),
   * discarded unopened.
   */
  recordOverflow: number;
}

/** Callback receiving each authentic, fresh record's plaintext. */
export type RecordSink = (type: number, epoch: number, payload: Uint8Array) => void;

interface ReadState {
  protection: RecordProtection | undefined;
  window: ReplayWindow;
  /** Largest plaintext accepted in a protected record of this epoch. */
  maxPlaintext: number;
}

const MAX_BUFFERED_RECORDS = 8;
/** Largest sequence number before the write state must not be used (2^48 - 1). */
const MAX_SEQ = 0xffff_ffff_ffff;

/** Epochs, sequence numbers and record protection in both directions. */
export class RecordLayer {
  /** The protocol version written in record headers. */
  version = DTLS_1_2;
  readonly counters: RecordLayerCounters = {
    recordsReceived: 0,
    malformed: 0,
    authFailures: 0,
    replayed: 0,
    unknownEpoch: 0,
    buffered: 0,
    recordOverflow: 0,
  };
  private readonly writeSeq: number[] = [0];
  /** Scratch for {@link receive} (one record's header at a time). */
  private readonly fields: RecordFields = { type: 0, version: 0, epoch: 0, sequenceNumber: 0, fragmentStart: 0 };
  private readonly writeProt: (RecordProtection | undefined)[] = [undefined];
  private readonly read = new Map<number, ReadState>();
  private readonly pending: { epoch: number; seq: number; type: number; version: number; fragment: Uint8Array }[] = [];
  private readonly windowSize: number;
  /** Epoch of new records we send. */
  writeEpoch = 0;

  constructor(windowSize = 64) {
    this.windowSize = windowSize;
    this.read.set(0, { protection: undefined, window: new ReplayWindow(windowSize), maxPlaintext: MAX_PLAINTEXT_LENGTH });
  }

  /** Highest epoch with read keys. */
  get readEpoch(): number {
    let e = 0;
    for (const k of this.read.keys()) if (k > e) e = k;
    return e;
  }

  /** Installs write keys for `epoch` and makes it the write epoch (our ChangeCipherSpec, RFC 6347 §4.1). */
  installWrite(epoch: number, protection: RecordProtection): void {
    this.writeProt[epoch] = protection;
    this.writeSeq[epoch] = 0;
    this.writeEpoch = epoch;
  }

  /**
   * Installs read keys for `epoch`; buffered records of that epoch are then
   * delivered to `sink`. Protected records of this epoch whose plaintext
   * would exceed `maxPlaintext` (default 2^14, RFC 6347 §4.1; the
   * record_size_limit we advertised when negotiated, RFC 8449 §4) are
   * discarded and counted in `recordOverflow`.
   */
  installRead(epoch: number, protection: RecordProtection, sink: RecordSink, maxPlaintext = MAX_PLAINTEXT_LENGTH): void {
    this.read.set(epoch, { protection, window: new ReplayWindow(this.windowSize), maxPlaintext });
    const held = this.pending.splice(0, this.pending.length);
    for (const r of held) {
      if (r.epoch === epoch) this.accept(r.type, r.version, r.epoch, r.seq, r.fragment, sink);
    }
  }

  /**
   * Sets the next write sequence number of `epoch`. The stateless server
   * answers a ClientHello with its record sequence number (RFC 6347 §4.2.1)
   * and continues from there, so the client's replay window accepts it.
   */
  writeSeqOverride(epoch: number, seq: number): void {
    this.writeSeq[epoch] = seq;
  }

  /** Marks a record as received in `epoch`'s replay window (one processed outside {@link receive}). */
  markReceived(epoch: number, seq: number): void {
    this.read.get(epoch)?.window.update(seq);
  }

  /** True if a write state exists for `epoch`. */
  canWrite(epoch: number): boolean {
    return epoch === 0 || this.writeProt[epoch] !== undefined;
  }

  /** Length of a record carrying `payloadLength` bytes in `epoch`. */
  recordLength(epoch: number, payloadLength: number): number {
    const p = this.writeProt[epoch];
    return p ? p.recordLength(payloadLength) : RECORD_HEADER_LENGTH + payloadLength;
  }

  /** True when the next sequence number of `epoch` would pass 2^48 - 1 (RFC 6347 §4.1: never wrap). */
  exhausted(epoch: number): boolean {
    return (this.writeSeq[epoch] ?? 0) > MAX_SEQ;
  }

  /**
   * Writes one record of `epoch` into `dst` at `offset` (sized with
   * {@link recordLength}); returns the offset after it.
   */
  writeRecord(dst: Uint8Array, offset: number, type: number, epoch: number, payload: Uint8Array, version = this.version): number {
    const seq = this.writeSeq[epoch] ?? 0;
    if (seq > MAX_SEQ) throw new RangeError('DTLS sequence number space exhausted'); // callers check exhausted() first
    this.writeSeq[epoch] = seq + 1;
    const p = this.writeProt[epoch];
    if (p) return p.sealInto(dst, offset, type, version, epoch, seq, payload);
    const at = writeRecordHeader(dst, offset, type, version, epoch, seq, payload.length);
    dst.set(payload, at);
    return at + payload.length;
  }

  /**
   * Splits a datagram into records, authenticates and replay-checks each,
   * and hands the fresh ones to `sink`. Never throws on network input.
   */
  receive(datagram: Uint8Array, sink: RecordSink): void {
    const f = this.fields;
    for (let at = 0; at < datagram.length; ) {
      const end = readRecord(datagram, at, f);
      if (end < 0) {
        this.counters.malformed++;
        return;
      }
      this.accept(f.type, f.version, f.epoch, f.sequenceNumber, datagram.subarray(f.fragmentStart, end), sink);
      at = end;
    }
  }

  private accept(type: number, version: number, epoch: number, seq: number, fragment: Uint8Array, sink: RecordSink): void {
    const state = this.read.get(epoch);
    if (!state) {
      // RFC 6347 §4.1: a record of the next epoch may arrive before the keys
      // (reordering around ChangeCipherSpec); hold a few, copied.
      if (epoch === this.readEpoch + 1 && this.pending.length < MAX_BUFFERED_RECORDS) {
        this.pending.push({ epoch, seq, type, version, fragment: fragment.slice() });
        this.counters.buffered++;
      } else {
        this.counters.unknownEpoch++;
      }
      return;
    }
    // RFC 8449 §4: "a DTLS endpoint that receives a record larger than its
    // advertised limit MAY either generate a fatal 'record_overflow' alert or
    // discard the record". We discard (RFC 6347 §4.1.2.7: invalid records are
    // silently discarded, which keeps the association alive). The plaintext
    // length is fixed by the fragment length and the AEAD's overhead, so this
    // is decided from the header alone, before any crypto; an alert decided on
    // an unauthenticated header would let anyone able to spoof one datagram kill the association.
    if (state.protection && fragment.length - state.protection.overhead > state.maxPlaintext) {
      this.counters.recordOverflow++;
      return;
    }
    // RFC 6347 §4.1.2.6: check the window before spending crypto on the record.
    // Epoch 0 is unprotected, so anyone could move its window (a reflected or
    // forged record with a high sequence number would then block the genuine
    // handshake); there the handshake layer's message_seq does the deduplication.
    if (state.protection && !state.window.check(seq)) {
      this.counters.replayed++;
      return;
    }
    let payload: Uint8Array | undefined = fragment;
    if (state.protection) {
      payload = state.protection.open(type, version, epoch, seq, fragment);
      if (!payload) {
        this.counters.authFailures++;
        return;
      }
    }
    if (state.protection) state.window.update(seq);
    this.counters.recordsReceived++;
    sink(type, epoch, payload);
  }
}
