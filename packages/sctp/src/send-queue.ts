/**
 * Outgoing messages per stream and the scheduler that cuts them into chunks.
 *
 * - Each stream keeps a FIFO ({@link Deque}) of messages; `buffered` is the
 *   exact number of bytes queued and not yet handed to the network (the
 *   W3C `bufferedAmount`), decremented as fragments are cut.
 * - Streams with something to send sit in a round-robin ring. Without I-DATA
 *   a message is cut to the end before the ring rotates (RFC 9260 §6.9: the
 *   fragments of a message take consecutive TSNs); with I-DATA (RFC 8260) the
 *   ring rotates after every fragment so a large message does not block the
 *   other streams.
 * - Weighted round robin: a stream keeps its turn for `weight` messages
 *   (or fragments), so priorities share the link in proportion.
 * - Nothing here scans a queue: every operation is O(1) amortized.
 */
import { Deque } from './deque.js';

/** A message given to `send`, until its last fragment is cut. */
export class OutMessage {
  /** Bytes already cut into chunks. */
  offset = 0;
  /** SSN (DATA) or MID (I-DATA), assigned when the first fragment is cut; -1 before. */
  seq = -1;
  /** Next Fragment Sequence Number (I-DATA). */
  fsn = 0;
  /** Set when PR-SCTP gave up on it (RFC 3758 §3.5). */
  abandoned = false;
  /** TSN of the first fragment (valid once seq >= 0). */
  firstTsn = 0;
  /** How many of its fragments are still in the retransmission queue. */
  constructor(
    readonly streamId: number,
    readonly ppid: number,
    readonly data: Uint8Array,
    readonly unordered: boolean,
    /** Retransmissions allowed per chunk; Infinity when reliable. */
    readonly maxRetransmits: number,
    /** Absolute time after which it is abandoned; Infinity when reliable. */
    readonly expiresAt: number,
    /** Counted in the stream's `buffered` (false for protocol messages and empty-message padding). */
    readonly counted = true,
  ) {}
}

/** Per-stream outgoing state. */
export class OutStream {
  readonly queue = new Deque<OutMessage>();
  /** Bytes queued and not yet cut into chunks. */
  buffered = 0;
  /** `bufferedamountlow` threshold. */
  lowThreshold = 0;
  nextSsn = 0;
  nextMid = 0;
  nextUnorderedMid = 0;
  /** In the round-robin ring. */
  active = false;
  /** Closing: accept no new messages, reset once drained (RFC 6525). */
  closing = false;
  /** A reset request naming this stream is outstanding: nothing may be sent. */
  paused = false;
  /**
   * Scheduling weight (RFC 8831 §6.4 asks for weighted fair queueing by
   * priority): the stream keeps its turn for `weight` messages (DATA) or
   * fragments (I-DATA) before the ring rotates.
   */
  weight = 1;
  /** Turns used in the current round. */
  turns = 0;
  constructor(readonly id: number) {}
}

/** The scheduler over all outgoing streams. */
export class SendQueue {
  readonly streams = new Map<number, OutStream>();
  private readonly ring = new Deque<OutStream>();
  /** Bytes queued over all streams (counted messages only). */
  totalBuffered = 0;
  /** Bytes queued over all streams, every message. */
  totalQueued = 0;
  /** Streams whose `buffered` fell to or below their threshold since last taken. */
  readonly lowCrossings: number[] = [];
  /** Streams that are closing and became empty since last taken. */
  readonly drained: number[] = [];
  /** Length chosen by the last successful {@link peekNext}. */
  nextLength = 0;

  /** The stream's state, created on first use. */
  stream(id: number): OutStream {
    let s = this.streams.get(id);
    if (!s) {
      s = new OutStream(id);
      this.streams.set(id, s);
    }
    return s;
  }

  /** Queues a message (ownership of `msg.data` passes to the queue). */
  enqueue(msg: OutMessage): void {
    const s = this.stream(msg.streamId);
    s.queue.push(msg);
    if (msg.counted) {
      s.buffered += msg.data.length;
      this.totalBuffered += msg.data.length;
    }
    this.totalQueued += msg.data.length;
    if (!s.active && !s.paused) {
      s.active = true;
      this.ring.push(s);
    }
  }

  /** True when some stream has a message ready to cut. */
  get hasPending(): boolean {
    return this.ring.length > 0;
  }

  private consume(s: OutStream, msg: OutMessage, n: number): void {
    this.totalQueued -= n;
    if (!msg.counted) return;
    const before = s.buffered;
    s.buffered -= n;
    this.totalBuffered -= n;
    if (before > s.lowThreshold && s.buffered <= s.lowThreshold) this.lowCrossings.push(s.id);
  }

  /**
   * The message the next chunk comes from, given room for `maxPayload` bytes
   * of user data, or undefined. Drops messages abandoned or expired before
   * their first byte was sent (no SSN was used). `minFragment` avoids cutting
   * a tiny fragment at the end of a packet. Sets {@link nextLength}.
   */
  peekNext(now: number, maxPayload: number, minFragment: number): OutMessage | undefined {
    for (;;) {
      const s = this.ring.peek();
      if (!s) return undefined;
      const msg = s.queue.peek();
      if (!msg || s.paused) {
        this.ring.shift();
        s.active = false;
        if (!msg && s.closing) this.drained.push(s.id);
        continue;
      }
      if (msg.abandoned || (msg.offset === 0 && now >= msg.expiresAt)) {
        // RFC 3758 §3.5: a message abandoned before being sent needs no FORWARD TSN.
        if (msg.offset === 0) msg.abandoned = true;
        this.consume(s, msg, msg.data.length - msg.offset);
        msg.offset = msg.data.length;
        s.queue.shift();
        continue;
      }
      const remaining = msg.data.length - msg.offset;
      const n = remaining < maxPayload ? remaining : maxPayload;
      if (n <= 0 || (n < remaining && n < minFragment)) return undefined;
      this.nextLength = n;
      return msg;
    }
  }

  /**
   * Cuts the fragment chosen by {@link peekNext} (length {@link nextLength})
   * and advances the ring. Returns the fragment's offset in the message.
   */
  commit(msg: OutMessage, interleave: boolean): number {
    const s = this.ring.peek()!;
    const off = msg.offset;
    msg.offset += this.nextLength;
    msg.fsn++;
    this.consume(s, msg, this.nextLength);
    const done = msg.offset === msg.data.length;
    if (done) s.queue.shift();
    if ((done || interleave) && ++s.turns >= s.weight) {
      s.turns = 0;
      this.ring.shift();
      if (s.queue.length > 0 && !s.paused) this.ring.push(s);
      else {
        s.active = false;
        if (s.queue.length === 0 && s.closing) this.drained.push(s.id);
      }
    }
    return off;
  }

  /** Re-activates a stream after a pause (its reset completed). */
  resume(id: number): void {
    const s = this.stream(id);
    s.paused = false;
    if (!s.active && s.queue.length > 0) {
      s.active = true;
      this.ring.push(s);
    }
  }

  /** Drops every queued message and all stream state (ABORT, close). */
  clear(): void {
    this.streams.clear();
    this.ring.clear();
    this.totalBuffered = 0;
    this.totalQueued = 0;
  }
}
