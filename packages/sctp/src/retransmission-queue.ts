/**
 * The retransmission queue (RFC 9260 §6.3, the TCB's outstanding DATA):
 * every chunk sent and not yet cumulatively acknowledged, in TSN order, with
 * the counters the sender keeps over it.
 *
 * `chunks.at(0)` always holds the TSN right after the cumulative ack point,
 * so gap block offsets (RFC 9260 §3.3.4) index it directly; cumulative acks
 * pop from the head. Nothing here scans the queue.
 */
import { Deque } from './deque.js';
import type { OutMessage } from './send-queue.js';

/** One chunk in the retransmission queue. */
export class SentChunk {
  /** Times sent (1 after the first transmission). */
  transmissions = 1;
  /** Acked by a gap block, not yet cumulatively (the peer may still renege, §6.2.1 D iii). */
  acked = false;
  /** Given up by PR-SCTP (RFC 3758 §3.5). */
  abandoned = false;
  /** Counted in the flight size. */
  inFlight = true;
  /** Marked for retransmission. */
  retransmit = false;
  /** Miss indications (RFC 9260 §7.2.4). */
  misses = 0;
  /** Fast-retransmitted already (§7.2.4); again only as {@link rtxRecover} allows. */
  fastRetransmitted = false;
  /**
   * The highest TSN sent when this chunk was last fast-retransmitted: only a
   * SACK newly acking a TSN above it counts a miss for the retransmission
   * (Multiple Fast Retransmit, Caro et al.; see Association.missIndication).
   */
  rtxRecover = 0;
  constructor(
    readonly tsn: number,
    readonly msg: OutMessage,
    readonly data: Uint8Array,
    readonly flags: number,
    readonly fsn: number,
    public sentAt: number,
  ) {}
}

/** The outstanding chunks and the sender's counters over them. */
export class RetransmissionQueue {
  readonly chunks = new Deque<SentChunk>(256);
  /** Bytes of chunks in flight (RFC 9260 §6.1 flightsize). */
  flightSize = 0;
  /** Chunks marked for retransmission. */
  retransmitCount = 0;
  /** Chunks acked by a gap block only. */
  gapAckedCount = 0;

  get length(): number {
    return this.chunks.length;
  }

  /** Takes `c` out of the flight size (acked, abandoned, or marked for retransmission). */
  leaveFlight(c: SentChunk): void {
    if (c.inFlight) {
      c.inFlight = false;
      this.flightSize -= c.data.length;
    }
  }

  /** Marks `c` for retransmission (it leaves the flight until resent). */
  markRetransmit(c: SentChunk): void {
    if (c.retransmit) return;
    c.retransmit = true;
    this.retransmitCount++;
    this.leaveFlight(c);
  }

  /** Clears a retransmission mark. */
  unmarkRetransmit(c: SentChunk): void {
    if (!c.retransmit) return;
    c.retransmit = false;
    this.retransmitCount--;
  }

  /** Drops everything (association closed or restarted). */
  clear(): void {
    this.chunks.clear();
    this.flightSize = 0;
    this.retransmitCount = 0;
    this.gapAckedCount = 0;
  }
}
