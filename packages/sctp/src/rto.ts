/**
 * Retransmission timeout estimation (RFC 6298, as RFC 9260 §6.3.1 applies it).
 *
 * ```
 * first sample R:   SRTT = R, RTTVAR = R/2
 * later samples R': RTTVAR = (1 - β)·RTTVAR + β·|SRTT - R'|   (β = 1/4)
 *                   SRTT   = (1 - α)·SRTT   + α·R'            (α = 1/8)
 * RTO = SRTT + max(G, 4·RTTVAR, varianceFloor), clamped to [RTO.Min, RTO.Max]
 * ```
 * Bounds default to WebRTC-friendly values (see {@link DEFAULT_RTO}).
 */

/** RTO configuration (milliseconds). */
export interface RtoOptions {
  /** RTO before any RTT sample. RFC 9260 suggests 1000 ms. */
  initial: number;
  /** Lower bound. RFC 9260 suggests 1000 ms; WebRTC stacks use far less on fast paths. */
  min: number;
  /** Upper bound. RFC 9260 suggests 60 s; WebRTC wants failures surfaced sooner. */
  max: number;
  /**
   * Floor of the variance term (ms): RTO ≥ SRTT + this. An ack can come
   * one delayed-ack time (200 ms in browsers and here) after the RTT, so a
   * floor above it keeps a quiet, steady path (RTTVAR → 0) from firing T3
   * before the peer's delayed SACK arrives. Default 1 (the clock granularity G).
   */
  varianceFloor?: number;
}

/**
 * Defaults tuned for WebRTC data channels, as browsers do (documented in
 * docs/sctp.md, "RTO"): initial 1 s (RFC 9260 §16, RFC 6298 §2.1), minimum
 * 400 ms instead of RFC 9260's 1 s (Chrome's SCTP uses 400 ms: above the
 * peer's 200 ms delayed ack plus a LAN RTT, so a lone packet's SACK never
 * races the timer), maximum 10 s instead of 60 s (a WebRTC peer that has been
 * silent for that long is better declared gone; ICE consent freshness fails
 * within 30 s anyway), and a variance floor of 220 ms (the peer's delayed
 * ack plus 10 %) so long, steady paths keep the same margin.
 */
export const DEFAULT_RTO: RtoOptions = { initial: 1000, min: 400, max: 10_000, varianceFloor: 220 };

/** Clock granularity G used in the RTO formula. */
const GRANULARITY = 1;

/** SRTT / RTTVAR / RTO state for one destination. */
export class RtoEstimator {
  srtt = 0;
  rttvar = 0;
  rto: number;
  private hasSample = false;

  constructor(readonly options: RtoOptions = DEFAULT_RTO) {
    this.rto = options.initial;
  }

  /** Feeds an RTT measurement (RFC 6298 §2.2-2.3). Negative samples are ignored. */
  sample(rtt: number): void {
    if (!(rtt >= 0)) return;
    if (!this.hasSample) {
      this.srtt = rtt;
      this.rttvar = rtt / 2;
      this.hasSample = true;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rtt);
      this.srtt = 0.875 * this.srtt + 0.125 * rtt;
    }
    this.rto = this.clamp(this.srtt + Math.max(this.options.varianceFloor ?? GRANULARITY, GRANULARITY, 4 * this.rttvar));
  }

  /** Exponential back-off after a timeout (RFC 6298 §5.5, RFC 9260 §6.3.3 E2). */
  backoff(): void {
    this.rto = this.clamp(this.rto * 2);
  }

  private clamp(v: number): number {
    return Math.min(this.options.max, Math.max(this.options.min, v));
  }
}
