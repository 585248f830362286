/**
 * Congestion control for one destination (RFC 9260 §7.2): slow start,
 * congestion avoidance, fast recovery and the reactions to timeouts and idle
 * periods.
 */
import { seq32Lte } from '@purertc/common';

export class CongestionControl {
  cwnd: number;
  ssthresh: number;
  partialBytesAcked = 0;
  /** In fast recovery until the cumulative ack reaches this TSN (RFC 9260 §7.2.4). */
  inFastRecovery = false;
  fastRecoveryExit = 0;

  constructor(
    public mtu: number,
    peerRwnd: number,
  ) {
    // §7.2.1: initial cwnd = min(4·MTU, max(2·MTU, 4380)); ssthresh may be the peer's rwnd.
    this.cwnd = Math.min(4 * mtu, Math.max(2 * mtu, 4380));
    this.ssthresh = Math.max(peerRwnd, 4 * mtu);
  }

  /**
   * A SACK advanced the cumulative TSN acking `bytesAcked` bytes while
   * `flightSizeBefore` bytes were outstanding (§7.2.1, §7.2.2).
   */
  onCumulativeAck(bytesAcked: number, flightSizeBefore: number, cumTsn: number): void {
    if (this.inFastRecovery) {
      if (seq32Lte(this.fastRecoveryExit, cumTsn)) this.inFastRecovery = false;
      else return; // §7.2.4: no cwnd growth during fast recovery
    }
    const fullyUsed = flightSizeBefore >= this.cwnd - this.mtu;
    if (this.cwnd <= this.ssthresh) {
      // Slow start: grow by at most one MTU per SACK, only when cwnd was in use.
      if (fullyUsed) this.cwnd += Math.min(bytesAcked, this.mtu);
    } else {
      // Congestion avoidance: one MTU per cwnd of acknowledged bytes.
      this.partialBytesAcked += bytesAcked;
      if (this.partialBytesAcked >= this.cwnd && fullyUsed) {
        this.partialBytesAcked -= this.cwnd;
        this.cwnd += this.mtu;
      }
    }
  }

  /** Fast retransmit on 3 miss indications (§7.2.4); enters fast recovery once. */
  onFastRetransmit(highestOutstandingTsn: number): void {
    if (this.inFastRecovery) return;
    this.ssthresh = Math.max(this.cwnd >>> 1, 4 * this.mtu);
    this.cwnd = this.ssthresh;
    this.partialBytesAcked = 0;
    this.inFastRecovery = true;
    this.fastRecoveryExit = highestOutstandingTsn;
  }

  /** T3-rtx expiry (§7.2.3): back to one MTU. */
  onTimeout(): void {
    this.ssthresh = Math.max(this.cwnd >>> 1, 4 * this.mtu);
    this.cwnd = this.mtu;
    this.partialBytesAcked = 0;
    this.inFastRecovery = false;
  }

  /** §7.2.1: after an idle RTO with nothing sent, cwnd = max(cwnd/2, 4·MTU) per RTO. */
  onIdle(rtos: number): void {
    for (let i = 0; i < rtos && this.cwnd > 4 * this.mtu; i++) this.cwnd = Math.max(this.cwnd >>> 1, 4 * this.mtu);
  }

  /** When everything outstanding is acknowledged, partial_bytes_acked resets (§7.2.2). */
  onAllAcked(): void {
    this.partialBytesAcked = 0;
  }
}
