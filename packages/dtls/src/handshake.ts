/**
 * Handshake message framing, fragmentation and reassembly (RFC 6347 §4.2.2-4.2.3):
 *
 *   struct {
 *     HandshakeType msg_type;        // 1
 *     uint24 length;                 // 3: length of the whole body
 *     uint16 message_seq;            // 2
 *     uint24 fragment_offset;        // 3
 *     uint24 fragment_length;        // 3
 *     opaque body[fragment_length];
 *   } Handshake;
 *
 * A record may carry several fragments; a message may span several records.
 * Reassembly is bounded: only messages within a window of `message_seq`
 * values ahead are kept, each at most `maxMessageLength`, and the fragment
 * bytes actually held at most `maxBufferedBytes` (a declared length costs
 * nothing until its bytes arrive); anything beyond is dropped and counted.
 */
import { ByteReader, ByteWriter, viewOf } from '@purertc/common';
import { HANDSHAKE_HEADER_LENGTH } from './constants.js';

/** One handshake fragment as received. `body` is a view into the record. */
export interface HandshakeFragment {
  type: number;
  length: number;
  messageSeq: number;
  fragmentOffset: number;
  fragmentLength: number;
  body: Uint8Array;
}

/** A complete handshake message. */
export interface HandshakeMessage {
  type: number;
  messageSeq: number;
  body: Uint8Array;
  /** Epoch of the record that completed it (Finished must come in a protected epoch). */
  epoch: number;
}

/** The message with its 12-byte header as if unfragmented: what the transcript hashes (RFC 6347 §4.2.6). */
export function encodeHandshakeMessage(type: number, messageSeq: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HANDSHAKE_HEADER_LENGTH + body.length);
  new ByteWriter(out).u8(type).u24(body.length).u16(messageSeq).u24(0).u24(body.length).write(body);
  return out;
}

/** Writes one fragment (header + slice of `body`) into `dst` at `offset`; returns the offset after it. */
export function writeHandshakeFragment(
  dst: Uint8Array,
  offset: number,
  type: number,
  messageSeq: number,
  body: Uint8Array,
  fragmentOffset: number,
  fragmentLength: number,
): number {
  const w = new ByteWriter(dst, offset);
  w.u8(type).u24(body.length).u16(messageSeq).u24(fragmentOffset).u24(fragmentLength);
  w.write(body.subarray(fragmentOffset, fragmentOffset + fragmentLength));
  return w.offset;
}

/** Parses the fragments of a handshake record; undefined if any is malformed. Never throws. */
export function parseHandshakeFragments(payload: Uint8Array): HandshakeFragment[] | undefined {
  const out: HandshakeFragment[] = [];
  const r = new ByteReader(payload);
  while (r.remaining > 0) {
    const type = r.u8();
    const length = r.u24();
    const messageSeq = r.u16();
    const fragmentOffset = r.u24();
    const fragmentLength = r.u24();
    const body = r.bytesView(fragmentLength);
    if (r.overflow || fragmentOffset + fragmentLength > length) return undefined;
    out.push({ type, length, messageSeq, fragmentOffset, fragmentLength, body });
  }
  return out;
}

/** Limits of the reassembler. */
export interface ReassemblyLimits {
  /** Largest message accepted (default 32 KiB: a certificate chain fits). */
  maxMessageLength: number;
  /** Total fragment bytes held across partial messages, plus 32 per fragment (default 64 KiB). */
  maxBufferedBytes: number;
  /** How many message_seq values ahead of the next expected one are kept (default 16). */
  maxMessagesAhead: number;
  /** Distinct byte ranges per message before it is considered a flood (default 64). */
  maxRangesPerMessage: number;
}

/** Default reassembly limits. */
export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = {
  maxMessageLength: 32 * 1024,
  maxBufferedBytes: 64 * 1024,
  maxMessagesAhead: 16,
  maxRangesPerMessage: 64,
};

interface Partial {
  type: number;
  length: number;
  /** Received fragment bodies (copied), assembled once complete: memory follows what arrived, not what was declared. */
  pieces: { offset: number; bytes: Uint8Array }[];
  /** Bytes held in `pieces` (plus a per-piece overhead), counted against the budget. */
  held: number;
  /** Sorted, disjoint, non-adjacent [start, end) ranges received. */
  ranges: number[];
  epoch: number;
}

/** Bookkeeping cost charged per held fragment, so empty fragments cannot flood either. */
const PIECE_OVERHEAD = 32;

/** Result of {@link HandshakeReassembler.add}. */
export type FragmentDisposition = 'old' | 'accepted' | 'dropped';

/** Puts fragments back into messages, delivered strictly in message_seq order. */
export class HandshakeReassembler {
  /** message_seq of the next message to deliver. */
  nextSeq = 0;
  /** Fragments dropped for exceeding a limit or contradicting an earlier fragment. */
  dropped = 0;
  private readonly limits: ReassemblyLimits;
  private readonly partial = new Map<number, Partial>();
  private buffered = 0;

  constructor(limits: Partial2<ReassemblyLimits> = {}) {
    this.limits = { ...DEFAULT_REASSEMBLY_LIMITS, ...limits };
  }

  /** Bytes currently held (for memory-bound tests). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Adds a fragment; 'old' means it belongs to an already delivered message (a retransmission). */
  add(f: HandshakeFragment, epoch: number): FragmentDisposition {
    if (f.messageSeq < this.nextSeq) return 'old';
    if (f.messageSeq >= this.nextSeq + this.limits.maxMessagesAhead || f.length > this.limits.maxMessageLength) {
      this.dropped++;
      return 'dropped';
    }
    let p = this.partial.get(f.messageSeq);
    if (p && (p.type !== f.type || p.length !== f.length)) {
      // Contradicting fragments: one of them is forged or stale. The newest
      // wins, so a forged partial cannot block the genuine (retransmitted) one.
      this.forget(f.messageSeq, p);
      this.dropped++;
      p = undefined;
    }
    if (!p) {
      p = { type: f.type, length: f.length, pieces: [], held: 0, ranges: [], epoch };
      this.partial.set(f.messageSeq, p);
    }
    if (f.fragmentLength === 0 && f.length !== 0) return 'accepted';
    const cost = f.fragmentLength + PIECE_OVERHEAD;
    // Nearer messages have priority: evict partial messages further ahead
    // to make room (a flood of far fragments cannot starve the next one).
    if (this.buffered + cost > this.limits.maxBufferedBytes) this.evictAfter(f.messageSeq, cost);
    if (this.buffered + cost > this.limits.maxBufferedBytes || p.pieces.length >= this.limits.maxRangesPerMessage * 2) {
      this.dropped++;
      if (p.pieces.length === 0) this.partial.delete(f.messageSeq);
      return 'dropped';
    }
    if (!addRange(p.ranges, f.fragmentOffset, f.fragmentOffset + f.fragmentLength, this.limits.maxRangesPerMessage)) {
      // Too many holes: a fragment flood. Forget this message; the peer retransmits.
      this.forget(f.messageSeq, p);
      this.dropped++;
      return 'dropped';
    }
    p.pieces.push({ offset: f.fragmentOffset, bytes: f.body.slice() });
    p.held += cost;
    this.buffered += cost;
    p.epoch = Math.max(p.epoch, epoch);
    return 'accepted';
  }

  private forget(seq: number, p: Partial): void {
    this.partial.delete(seq);
    this.buffered -= p.held;
  }

  private evictAfter(messageSeq: number, need: number): void {
    const later = [...this.partial.keys()].filter((k) => k > messageSeq).sort((x, y) => y - x);
    for (const k of later) {
      if (this.buffered + need <= this.limits.maxBufferedBytes) return;
      this.forget(k, this.partial.get(k)!);
      this.dropped++;
    }
  }

  /** The next complete message in order, if any. */
  pop(): HandshakeMessage | undefined {
    const p = this.partial.get(this.nextSeq);
    if (!p) return undefined;
    const complete = p.length === 0 || (p.ranges.length === 2 && p.ranges[0] === 0 && p.ranges[1] === p.length);
    if (!complete) return undefined;
    this.forget(this.nextSeq, p);
    // Collect, then join once (no repeated concatenation).
    const body = new Uint8Array(p.length);
    for (const piece of p.pieces) body.set(piece.bytes, piece.offset);
    return { type: p.type, messageSeq: this.nextSeq++, body, epoch: p.epoch };
  }

  /** Forgets everything and expects `nextSeq` next. */
  reset(nextSeq: number): void {
    this.partial.clear();
    this.buffered = 0;
    this.nextSeq = nextSeq;
  }
}

type Partial2<T> = { [K in keyof T]?: T[K] };

/** Merges [start, end) into a sorted list of disjoint ranges; false if it would exceed `maxRanges`. */
export function addRange(ranges: number[], start: number, end: number, maxRanges: number): boolean {
  let i = 0;
  while (i < ranges.length && ranges[i + 1]! < start) i += 2;
  let s = start;
  let e = end;
  let j = i;
  while (j < ranges.length && ranges[j]! <= e) {
    s = Math.min(s, ranges[j]!);
    e = Math.max(e, ranges[j + 1]!);
    j += 2;
  }
  const newCount = ranges.length / 2 - (j - i) / 2 + 1;
  if (newCount > maxRanges) return false;
  ranges.splice(i, j - i, s, e);
  return true;
}

/** The type and message_seq of an encoded handshake message (for logs). */
export function handshakeHeaderInfo(msg: Uint8Array): { type: number; messageSeq: number } {
  return { type: msg[0]!, messageSeq: viewOf(msg).getUint16(4) };
}
