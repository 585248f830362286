/**
 * Partial reliability (RFC 3758 PR-SCTP; RFC 8260 §2.3 for I-FORWARD-TSN).
 *
 * Sender (RFC 3758 §3.5): a message whose chunks were retransmitted
 * `maxRetransmits` times, or that outlived `maxPacketLifeTime`, is abandoned
 * whole (every fragment, sent or not); the Advanced.Peer.Ack.Point moves over
 * abandoned chunks that follow the cumulative ack (C1-C2), and a FORWARD TSN
 * (or I-FORWARD-TSN) tells the peer to skip them (C3), naming the last
 * stream sequence number (or MID) skipped on each stream.
 *
 * Receiver (RFC 3758 §3.6): the cumulative TSN moves to the new one, and the
 * reassembly drops what it named ({@link applyForwardTsn}).
 */
import { seq32Add, seq32Diff, seq32Lt } from '@purertc/common';
import { ChunkType } from './constants.js';
import type { Chunk } from './chunk.js';
import type { Reassembly } from './reassembly.js';
import type { ReceiveTracker } from './receive-tracker.js';
import type { RetransmissionQueue, SentChunk } from './retransmission-queue.js';
import type { OutMessage } from './send-queue.js';

/** The sender side of PR-SCTP for one association. */
export class PartialReliability {
  /** RFC 3758 §3.5 Advanced.Peer.Ack.Point. */
  advancedPeerAckPoint = 0;
  /** A FORWARD TSN should go out with the next packet. */
  forwardTsnNeeded = false;
  /** The peer announced Forward-TSN support (nothing is abandoned otherwise). */
  enabled = false;
  constructor(
    private readonly rq: RetransmissionQueue,
    /** Where abandoned messages are counted. */
    private readonly counters: { abandonedMessages: number },
  ) {}

  /** New association: the ack point starts at the cumulative ack. */
  reset(cumAck: number, enabled: boolean): void {
    this.advancedPeerAckPoint = cumAck;
    this.forwardTsnNeeded = false;
    this.enabled = enabled;
  }

  /** Whether `c`'s message has used up its retransmissions or its lifetime (§3.5 A). */
  shouldAbandon(c: SentChunk, now: number): boolean {
    const m = c.msg;
    return m.abandoned || c.transmissions - 1 >= m.maxRetransmits || now >= m.expiresAt;
  }

  /**
   * RFC 3758 §3.5 A: abandons every chunk of the message, sent or not. Returns
   * true when a FORWARD TSN became due (the caller starts T3-rtx, §3.5 C4).
   */
  abandonMessage(msg: OutMessage, cumAck: number, interleaved: boolean): boolean {
    if (!msg.abandoned) this.counters.abandonedMessages++;
    msg.abandoned = true;
    const q = this.rq.chunks;
    let i = Math.max(0, seq32Diff(seq32Add(cumAck, 1), msg.firstTsn));
    let seen = false;
    for (; i < q.length; i++) {
      const c = q.at(i)!;
      if (c.msg !== msg) {
        if (seen && !interleaved) break; // DATA fragments take consecutive TSNs
        continue;
      }
      seen = true;
      if (c.abandoned) continue;
      c.abandoned = true;
      this.rq.leaveFlight(c);
      this.rq.unmarkRetransmit(c);
    }
    return this.update(cumAck);
  }

  /**
   * RFC 3758 §3.5 C1-C2: moves the Advanced.Peer.Ack.Point over abandoned
   * chunks right after the cumulative ack. Returns true when it moved past
   * the cumulative ack (a FORWARD TSN is due).
   */
  update(cumAck: number): boolean {
    if (!this.enabled) return false;
    if (seq32Lt(this.advancedPeerAckPoint, cumAck)) this.advancedPeerAckPoint = cumAck;
    let apap = this.advancedPeerAckPoint;
    const q = this.rq.chunks;
    for (let i = Math.max(0, seq32Diff(cumAck, apap)); i < q.length; i++) {
      const c = q.at(i)!;
      if (!c.abandoned) break;
      apap = c.tsn;
    }
    if (seq32Lt(this.advancedPeerAckPoint, apap) || seq32Lt(cumAck, apap)) {
      this.advancedPeerAckPoint = apap;
      this.forwardTsnNeeded = true;
      return true;
    }
    return false;
  }

  /** True while the peer has not acked up to the Advanced.Peer.Ack.Point. */
  pending(cumAck: number): boolean {
    return seq32Lt(cumAck, this.advancedPeerAckPoint);
  }

  /**
   * RFC 3758 §3.5 C3 / RFC 8260 §2.3.1: the FORWARD TSN (I-FORWARD-TSN) for
   * everything abandoned up to the Advanced.Peer.Ack.Point, with the last
   * SSN (MID) skipped per stream; undefined when there is nothing to skip.
   */
  makeForwardTsn(cumAck: number, interleaved: boolean): Chunk | undefined {
    if (!seq32Lt(cumAck, this.advancedPeerAckPoint)) return undefined;
    const n = seq32Diff(cumAck, this.advancedPeerAckPoint);
    const q = this.rq.chunks;
    if (interleaved) {
      const latest = new Map<number, number>(); // (sid*2+u) -> mid
      for (let i = 0; i < n && i < q.length; i++) {
        const c = q.at(i)!;
        latest.set(c.msg.streamId * 2 + (c.msg.unordered ? 1 : 0), c.msg.seq);
      }
      const entries: number[] = [];
      for (const [k, mid] of latest) entries.push(k >>> 1, k & 1, mid);
      return { type: ChunkType.I_FORWARD_TSN, newCumulativeTsn: this.advancedPeerAckPoint, entries };
    }
    const latest = new Map<number, number>();
    for (let i = 0; i < n && i < q.length; i++) {
      const c = q.at(i)!;
      if (!c.msg.unordered) latest.set(c.msg.streamId, c.msg.seq);
    }
    const streams: number[] = [];
    for (const [sid, ssn] of latest) streams.push(sid, ssn);
    return { type: ChunkType.FORWARD_TSN, newCumulativeTsn: this.advancedPeerAckPoint, streams };
  }
}

/**
 * RFC 3758 §3.6 / RFC 8260 §2.3.2, the receiver: moves the cumulative TSN to
 * `newCum` and drops what the FORWARD TSN (`streams`: sid, ssn pairs) or
 * I-FORWARD-TSN (`entries`: sid, unordered, mid triples) names. Returns
 * false (and changes nothing) for a stale one or one implausibly far ahead
 * (a protocol violation the caller counts).
 */
export function applyForwardTsn(
  tracker: ReceiveTracker,
  reasm: Reassembly,
  newCum: number,
  streams: readonly number[] | undefined,
  entries: readonly number[] | undefined,
): 'applied' | 'stale' | 'violation' {
  if (!seq32Lt(tracker.cumulativeTsn, newCum)) return 'stale';
  if (seq32Lt(tracker.highest, newCum) && seq32Diff(tracker.highest, newCum) > 0x10000000) return 'violation';
  tracker.forwardTo(newCum);
  if (streams) reasm.forwardTsn(newCum, streams);
  else if (entries) {
    reasm.forwardTsn(newCum, []);
    reasm.iforwardTsn(entries);
  }
  return 'applied';
}
