/**
 * Receive-side reassembly and ordered delivery (RFC 9260 §6.5, §6.6, §6.9;
 * RFC 8260 §2.1 for I-DATA; RFC 3758 §3.6 for skipping abandoned messages).
 *
 * Fragments are copied once, straight from the packet into the buffer of the
 * message being rebuilt (grown by doubling), so a large message costs a few
 * allocations rather than one per fragment; the message is handed over as a
 * view of that buffer. When the caller hands its packets over (`retain`,
 * AssociationOptions.retainPackets), fragments are kept as views of their
 * packets instead and joined once, into a buffer of exactly the message's
 * size, when the last one arrives: one copy per message, no over-allocation.
 * A fragment much smaller than its packet is copied all the same, so held
 * memory stays within 4x of what is charged against the receive buffer.
 *
 * DATA: the fragments of a message carry consecutive TSNs, B on the first and
 * E on the last. An open message waits under the TSN that continues it;
 * fragments that arrive ahead of their predecessors wait by TSN and are pulled
 * in when the gap closes.
 *
 * I-DATA: fragments are grouped by (stream, U, MID) and appended in FSN
 * order; early ones wait by FSN.
 *
 * Ordered messages wait per stream until their SSN (DATA, 16-bit) or MID
 * (I-DATA, 32-bit) is the next expected; unordered ones are delivered at once.
 */
import { seq16Lt, seq32Lt, seq32Lte } from '@purertc/common';
import { DataFlags } from './chunk-data.js';

/** A complete message handed to the application. */
export class InMessage {
  readonly type = 'message' as const;
  constructor(
    readonly streamId: number,
    readonly ppid: number,
    readonly data: Uint8Array,
    readonly unordered: boolean,
  ) {}
}

class Frag {
  constructor(
    readonly tsn: number,
    readonly flags: number,
    readonly data: Uint8Array,
  ) {}
}

/**
 * Bytes charged against the receive buffer for each stored object on top of
 * its payload, so a peer sending many tiny chunks cannot make us hold many
 * objects within a byte budget meant for data.
 */
const OVERHEAD = 64;

/** A message being rebuilt: fragments in order are appended to one growing buffer, or kept as views. */
class Assembly {
  buf: Uint8Array | undefined;
  len = 0;
  /** Retained fragments, in order (views of the caller's packets), when the reassembly retains its input. */
  pieces: Uint8Array[] | undefined;
  /** Next TSN (DATA) or FSN (I-DATA) that extends the buffer. */
  next = 0;
  /** First TSN (DATA). */
  firstTsn = 0;
  /** I-DATA: fragments that arrived ahead of `next`, by FSN (owned copies). */
  pending: Map<number, Uint8Array> | undefined;
  pendingBytes = 0;
  endFsn = -1;
  ppid = 0;
  /** Bytes this assembly holds against the receive buffer (payload + overhead). */
  charged = 0;
  constructor(
    readonly streamId: number,
    readonly seq: number,
    readonly unordered: boolean,
  ) {}

  /** Keeps `src` (a view of a handed-over packet, or an owned copy) as the next fragment. */
  keep(src: Uint8Array): void {
    (this.pieces ??= []).push(src);
    this.len += src.length;
  }

  /** Appends a copy of `src` (which may be a borrowed view), doubling the buffer as needed. */
  append(src: Uint8Array): void {
    const n = src.length;
    let buf = this.buf;
    if (!buf) buf = this.buf = new Uint8Array(Math.max(n * 4, 64));
    else if (this.len + n > buf.length) {
      const grown = new Uint8Array(Math.max(buf.length * 2, this.len + n));
      grown.set(buf.subarray(0, this.len));
      buf = this.buf = grown;
    }
    buf.set(src, this.len);
    this.len += n;
  }

  /** The message bytes (a view of the buffer: at most half of it is unused; or the kept fragments joined). */
  take(): Uint8Array {
    const pieces = this.pieces;
    if (pieces) {
      if (pieces.length === 1) return pieces[0]!;
      const out = new Uint8Array(this.len);
      let at = 0;
      for (const p of pieces) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    }
    return this.buf ? this.buf.subarray(0, this.len) : new Uint8Array(0);
  }
}

class InStream {
  expected = 0;
  readonly pending = new Map<number, InMessage>();
}

const TWO32 = 0x1_0000_0000;

/** A view worth keeping instead of copying: at least a quarter of the memory it keeps alive. */
function mostOfItsBuffer(data: Uint8Array): boolean {
  return data.length * 4 >= data.buffer.byteLength;
}

/** Where complete messages go. */
export interface MessageSink {
  push(m: InMessage): void;
}

export class Reassembly {
  /** Bytes held here (fragments and ordered messages waiting for their turn). */
  bytes = 0;
  private readonly streams = new Map<number, InStream>();
  /** DATA fragments that extend no open assembly yet, by TSN (owned copies). */
  private readonly byTsn = new Map<number, Frag>();
  /** DATA assemblies by the TSN that continues them. */
  private readonly byNextTsn = new Map<number, Assembly>();
  /** I-DATA assemblies by (stream, U, MID). */
  private readonly byMid = new Map<number, Assembly>();

  constructor(
    readonly interleaved: boolean,
    private readonly sink: MessageSink,
    /** The caller hands its packets over: fragments may stay views of them (see the file comment). */
    private readonly retain = false,
  ) {}

  /**
   * Adds the next fragment of `a`. Retaining, a message whose first fragment
   * is worth keeping (an `owned` copy, or a view filling most of its packet)
   * keeps its fragments as they come, copying only a later one that is not;
   * any other message is copied into a growing buffer.
   */
  private put(a: Assembly, data: Uint8Array, owned: boolean): void {
    const keepable = owned || mostOfItsBuffer(data);
    const piecewise = a.pieces !== undefined || (a.buf === undefined && this.retain && keepable);
    if (piecewise) a.keep(keepable ? data : data.slice());
    else a.append(data);
  }

  /** A fragment to hold until its predecessors arrive: a view when retained and not much smaller than its packet, else a copy. */
  private hold(data: Uint8Array): Uint8Array {
    return this.retain && mostOfItsBuffer(data) ? data : data.slice();
  }

  private stream(id: number): InStream {
    let s = this.streams.get(id);
    if (!s) {
      s = new InStream();
      this.streams.set(id, s);
    }
    return s;
  }

  private lt(a: number, b: number): boolean {
    return this.interleaved ? seq32Lt(a, b) : seq16Lt(a, b);
  }

  private inc(a: number): number {
    return this.interleaved ? (a + 1) >>> 0 : (a + 1) & 0xffff;
  }

  /**
   * A new (non-duplicate) DATA chunk. An unfragmented message's `data` is
   * owned (already copied); a fragment's `data` is borrowed for the call.
   */
  addData(tsn: number, flags: number, streamId: number, ssn: number, ppid: number, data: Uint8Array): void {
    const unordered = (flags & DataFlags.UNORDERED) !== 0;
    if ((flags & 3) === 3) {
      this.complete(new InMessage(streamId, ppid, data, unordered), ssn);
      return;
    }
    let a: Assembly | undefined;
    if (flags & DataFlags.BEGIN) {
      a = new Assembly(streamId, ssn, unordered);
      a.ppid = ppid;
      a.firstTsn = tsn;
      this.charge(a, OVERHEAD);
    } else {
      a = this.byNextTsn.get(tsn);
      if (!a) {
        this.byTsn.set(tsn, new Frag(tsn, flags, this.hold(data)));
        this.bytes += data.length + OVERHEAD;
        return;
      }
      this.byNextTsn.delete(tsn);
    }
    this.put(a, data, false);
    this.charge(a, data.length);
    if (flags & DataFlags.END) {
      this.finish(a);
      return;
    }
    // Pull fragments that arrived early.
    let next = (tsn + 1) >>> 0;
    for (let f = this.byTsn.get(next); f; f = this.byTsn.get(next)) {
      this.byTsn.delete(next);
      this.bytes -= OVERHEAD; // its payload now counts in the assembly
      this.put(a, f.data, true);
      a.charged += f.data.length;
      if (f.flags & DataFlags.END) {
        this.finish(a);
        return;
      }
      next = (next + 1) >>> 0;
    }
    a.next = next;
    this.byNextTsn.set(next, a);
  }

  /**
   * A new (non-duplicate) I-DATA chunk. An unfragmented message's `data` is
   * owned (already copied); a fragment's `data` is borrowed for the call.
   */
  addIData(_tsn: number, flags: number, streamId: number, mid: number, ppid: number, fsn: number, data: Uint8Array): void {
    const unordered = (flags & DataFlags.UNORDERED) !== 0;
    if ((flags & 3) === 3) {
      this.complete(new InMessage(streamId, ppid, data, unordered), mid);
      return;
    }
    const key = (streamId * 2 + (unordered ? 1 : 0)) * TWO32 + mid;
    let a = this.byMid.get(key);
    if (!a) {
      a = new Assembly(streamId, mid, unordered);
      this.byMid.set(key, a);
      this.charge(a, OVERHEAD);
    }
    if (flags & DataFlags.BEGIN) a.ppid = ppid;
    if (flags & DataFlags.END) a.endFsn = fsn;
    if (fsn === a.next) {
      this.put(a, data, false);
      this.charge(a, data.length);
      a.next = (a.next + 1) >>> 0;
      const pending = a.pending;
      if (pending && pending.size > 0) {
        for (let p = pending.get(a.next); p; p = pending.get(a.next)) {
          pending.delete(a.next);
          a.pendingBytes -= p.length;
          this.charge(a, -OVERHEAD); // its payload now counts in the buffer
          this.put(a, p, true);
          a.next = (a.next + 1) >>> 0;
        }
      }
    } else if (fsn > a.next) {
      if (a.pending?.has(fsn)) return; // cannot happen with TSN de-duplication
      (a.pending ??= new Map()).set(fsn, this.hold(data));
      a.pendingBytes += data.length;
      this.charge(a, data.length + OVERHEAD);
    } else {
      return; // cannot happen with TSN de-duplication; ignore
    }
    if (a.endFsn >= 0 && a.next === a.endFsn + 1) {
      this.byMid.delete(key);
      this.finish(a);
    }
  }

  private charge(a: Assembly, n: number): void {
    a.charged += n;
    this.bytes += n;
  }

  private finish(a: Assembly): void {
    this.bytes -= a.charged;
    this.complete(new InMessage(a.streamId, a.ppid, a.take(), a.unordered), a.seq);
  }

  private complete(m: InMessage, seq: number): void {
    if (m.unordered) {
      this.sink.push(m);
      return;
    }
    const s = this.stream(m.streamId);
    if (seq === s.expected) {
      this.sink.push(m);
      s.expected = this.inc(s.expected);
      this.flush(s);
    } else if (this.lt(s.expected, seq)) {
      if (s.pending.has(seq)) return;
      s.pending.set(seq, m);
      this.bytes += m.data.length + OVERHEAD;
    }
    // else: a message the sender told us to skip (FORWARD TSN); drop it.
  }

  private flush(s: InStream): void {
    if (s.pending.size === 0) return;
    for (;;) {
      const m = s.pending.get(s.expected);
      if (!m) return;
      s.pending.delete(s.expected);
      this.bytes -= m.data.length + OVERHEAD;
      this.sink.push(m);
      s.expected = this.inc(s.expected);
    }
  }

  /** Skips an ordered stream's sequence numbers up to and including `seq` (RFC 3758 §3.6, RFC 8260 §2.3.2). */
  private skipTo(streamId: number, seq: number): void {
    const s = this.stream(streamId);
    if (!this.lt(seq, s.expected) && s.pending.size > 0) {
      // Deliver what is complete below the skip point, in order.
      const keys = [...s.pending.keys()].filter((k) => !this.lt(seq, k)).sort((x, y) => (this.lt(x, y) ? -1 : 1));
      for (const k of keys) {
        const m = s.pending.get(k)!;
        s.pending.delete(k);
        this.bytes -= m.data.length + OVERHEAD;
        this.sink.push(m);
      }
    }
    if (!this.lt(seq, s.expected)) s.expected = this.inc(seq);
    this.flush(s);
  }

  /** FORWARD TSN (DATA): drop fragments up to `newCum` and skip the listed [sid, ssn] pairs. */
  forwardTsn(newCum: number, streams: readonly number[]): void {
    for (const [tsn, f] of this.byTsn) {
      if (seq32Lte(tsn, newCum)) {
        this.byTsn.delete(tsn);
        this.bytes -= f.data.length + OVERHEAD;
      }
    }
    for (const [next, a] of this.byNextTsn) {
      if (seq32Lte(a.firstTsn, newCum)) {
        this.byNextTsn.delete(next);
        this.bytes -= a.charged;
      }
    }
    for (let i = 0; i + 1 < streams.length; i += 2) this.skipTo(streams[i]!, streams[i + 1]!);
  }

  /** I-FORWARD-TSN: drop the listed messages' fragments and skip ordered MIDs ([sid, u, mid] triples). */
  iforwardTsn(entries: readonly number[]): void {
    for (let i = 0; i + 2 < entries.length; i += 3) {
      const sid = entries[i]!;
      const u = entries[i + 1]! & 1;
      const mid = entries[i + 2]!;
      const base = (sid * 2 + u) * TWO32;
      for (const [key, a] of this.byMid) {
        if (key >= base && key < base + TWO32 && seq32Lte(key - base, mid)) {
          this.byMid.delete(key);
          this.bytes -= a.charged;
        }
      }
      if (!u) this.skipTo(sid, mid);
    }
  }

  /** Incoming stream reset (RFC 6525 §5.2.2): sequence numbers start again at 0. */
  resetStreams(ids: readonly number[]): void {
    if (ids.length === 0) {
      for (const s of this.streams.values()) s.expected = 0;
      return;
    }
    for (const id of ids) {
      const s = this.stream(id);
      s.expected = 0;
      this.flush(s);
    }
  }
}
