/**
 * Receive-side reassembly and ordered delivery (RFC 9260 §6.5, §6.6, §6.9;
 * RFC 8260 §2.1 for I-DATA; RFC 3758 §3.6 for skipping abandoned messages).
 *
 * DATA: the fragments of a message carry consecutive TSNs, B on the first and
 * E on the last. Fragments wait in a TSN-keyed map; each arrival looks forward
 * for E and, only when found, backward for B, so in-order arrival costs O(1)
 * per fragment and O(n) once at the end.
 *
 * I-DATA: fragments are grouped by (stream, U, MID) and ordered by FSN.
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
    readonly streamId: number,
    readonly seq: number,
    readonly fsn: number,
    readonly ppid: number,
    readonly data: Uint8Array,
  ) {}
}

class IAssembly {
  frags: Frag[] = [];
  ppid = 0;
  begun = false;
  endFsn = -1;
  bytes = 0;
}

class InStream {
  expected = 0;
  readonly pending = new Map<number, InMessage>();
}

const TWO32 = 0x1_0000_0000;

/** Where complete messages go. */
export interface MessageSink {
  push(m: InMessage): void;
}

export class Reassembly {
  /** Bytes held here (fragments and ordered messages waiting for their turn). */
  bytes = 0;
  private readonly streams = new Map<number, InStream>();
  private readonly byTsn = new Map<number, Frag>();
  private readonly byMid = new Map<number, IAssembly>();

  constructor(
    readonly interleaved: boolean,
    private readonly sink: MessageSink,
  ) {}

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

  /** A new (non-duplicate) DATA chunk; `data` is owned (already copied). */
  addData(tsn: number, flags: number, streamId: number, ssn: number, ppid: number, data: Uint8Array): void {
    const unordered = (flags & DataFlags.UNORDERED) !== 0;
    if ((flags & 3) === 3) {
      this.complete(new InMessage(streamId, ppid, data, unordered), ssn, 0);
      return;
    }
    const f = new Frag(tsn, flags, streamId, ssn, 0, ppid, data);
    this.byTsn.set(tsn, f);
    this.bytes += data.length;
    // Look forward for the end, then backward for the beginning.
    let end = tsn;
    let fe: Frag | undefined = f;
    while (!(fe.flags & DataFlags.END)) {
      end = (end + 1) >>> 0;
      fe = this.byTsn.get(end);
      if (!fe) return;
    }
    let start = tsn;
    let fb: Frag | undefined = f;
    while (!(fb.flags & DataFlags.BEGIN)) {
      start = (start - 1) >>> 0;
      fb = this.byTsn.get(start);
      if (!fb) return;
    }
    let total = 0;
    for (let t = start; ; t = (t + 1) >>> 0) {
      total += this.byTsn.get(t)!.data.length;
      if (t === end) break;
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (let t = start; ; t = (t + 1) >>> 0) {
      const g = this.byTsn.get(t)!;
      out.set(g.data, o);
      o += g.data.length;
      this.byTsn.delete(t);
      if (t === end) break;
    }
    this.bytes -= total;
    this.complete(new InMessage(streamId, fb.ppid, out, (fb.flags & DataFlags.UNORDERED) !== 0), fb.seq, 0);
  }

  /** A new (non-duplicate) I-DATA chunk; `data` is owned (already copied). */
  addIData(tsn: number, flags: number, streamId: number, mid: number, ppid: number, fsn: number, data: Uint8Array): void {
    const unordered = (flags & DataFlags.UNORDERED) !== 0;
    if ((flags & 3) === 3) {
      this.complete(new InMessage(streamId, ppid, data, unordered), mid, 0);
      return;
    }
    const key = (streamId * 2 + (unordered ? 1 : 0)) * TWO32 + mid;
    let a = this.byMid.get(key);
    if (!a) {
      a = new IAssembly();
      this.byMid.set(key, a);
    }
    if (flags & DataFlags.BEGIN) {
      a.begun = true;
      a.ppid = ppid;
    }
    if (flags & DataFlags.END) a.endFsn = fsn;
    a.frags.push(new Frag(tsn, flags, streamId, mid, fsn, ppid, data));
    a.bytes += data.length;
    this.bytes += data.length;
    if (!a.begun || a.endFsn < 0 || a.frags.length !== a.endFsn + 1) return;
    const frags = a.frags;
    for (let i = 1; i < frags.length; i++) {
      if (frags[i]!.fsn < frags[i - 1]!.fsn) {
        frags.sort((x, y) => x.fsn - y.fsn);
        break;
      }
    }
    const out = new Uint8Array(a.bytes);
    let o = 0;
    for (const g of frags) {
      out.set(g.data, o);
      o += g.data.length;
    }
    this.byMid.delete(key);
    this.bytes -= a.bytes;
    this.complete(new InMessage(streamId, a.ppid, out, unordered), mid, 0);
  }

  private complete(m: InMessage, seq: number, _unused: number): void {
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
      s.pending.set(seq, m);
      this.bytes += m.data.length;
    }
    // else: a message the sender told us to skip (FORWARD TSN); drop it.
  }

  private flush(s: InStream): void {
    if (s.pending.size === 0) return;
    for (;;) {
      const m = s.pending.get(s.expected);
      if (!m) return;
      s.pending.delete(s.expected);
      this.bytes -= m.data.length;
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
        this.bytes -= m.data.length;
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
        this.bytes -= f.data.length;
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
          this.bytes -= a.bytes;
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
