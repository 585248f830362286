/**
 * SRTP packet index estimation (RFC 3711 §3.3.1 and Appendix A).
 *
 * The 48-bit index is i = 2^16 · ROC + SEQ. A receiver (or a sender handed
 * packets out of order) knows s_l, the highest sequence number seen, and the
 * ROC that goes with it; for a new SEQ it guesses v, the ROC of that packet,
 * as the one putting SEQ closest to s_l:
 *
 *   if s_l < 2^15:  v = (SEQ - s_l > 2^15) ? ROC - 1 : ROC
 *   else:           v = (s_l - 2^15 > SEQ) ? ROC + 1 : ROC
 *
 * We keep the highest index h itself: ROC = h DIV 2^16, s_l = h mod 2^16.
 */

/**
 * The estimated index of a packet with sequence number `seq` given the
 * highest index `highest` so far; -1 if the estimate falls before index 0
 * (v = ROC - 1 with ROC = 0: an old packet from before the stream began).
 */
export function estimateIndex(highest: number, seq: number): number {
  const roc = Math.floor(highest / 65536);
  const sl = highest - roc * 65536;
  let v = roc;
  if (sl < 32768) {
    if (seq - sl > 32768) v = roc - 1;
  } else if (sl - 32768 > seq) {
    v = roc + 1;
  }
  if (v < 0) return -1;
  return v * 65536 + seq;
}

/** Largest SRTP packet index (2^48 - 1): a master key must not protect more (RFC 3711 §9.2). */
export const MAX_SRTP_INDEX = 2 ** 48 - 1;
/** Largest SRTCP index (2^31 - 1). */
export const MAX_SRTCP_INDEX = 0x7fffffff;
