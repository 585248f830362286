/**
 * Demultiplexing of the datagrams that share one ICE 5-tuple (RFC 7983 §7,
 * updating RFC 5764 §5.1.2). The first byte decides:
 *
 * ```
 *                  +----------------+
 *                  |        [0..3] -+--> forward to STUN
 *                  |                |
 *                  |      [16..19] -+--> forward to ZRTP (not used by WebRTC: dropped)
 *                  |                |
 *      packet -->  |      [20..63] -+--> forward to DTLS
 *                  |                |
 *                  |      [64..79] -+--> forward to TURN Channel
 *                  |                |
 *                  |    [128..191] -+--> forward to RTP/RTCP
 *                  +----------------+
 * ```
 *
 * RTP and RTCP then share the 128-191 range (RFC 5761 §4, rtcp-mux): the
 * second byte of RTCP is its packet type, 192-223 (SR 200, RR 201, SDES 202,
 * BYE 203, APP 204, RTPFB 205, PSFB 206, XR 207...), a range RTP payload types
 * with the marker bit never take in WebRTC (dynamic payload types stay in
 * 96-127, so marker|PT is 224-255 or 0-127).
 */

/** Where a received datagram goes. */
export type DatagramKind = 'stun' | 'dtls' | 'turn-channel' | 'rtp' | 'rtcp' | 'unknown';

/**
 * Classifies a datagram by its first byte (RFC 7983 §7) and, for RTP/RTCP,
 * its second byte (RFC 5761 §4). Never throws; an empty datagram is 'unknown'.
 */
export function classifyDatagram(data: Uint8Array): DatagramKind {
  if (data.length === 0) return 'unknown';
  const b = data[0]!;
  if (b <= 3) return 'stun';
  if (b >= 20 && b <= 63) return 'dtls';
  if (b >= 64 && b <= 79) return 'turn-channel';
  if (b >= 128 && b <= 191) {
    if (data.length < 2) return 'unknown';
    const pt = data[1]!;
    return pt >= 192 && pt <= 223 ? 'rtcp' : 'rtp';
  }
  return 'unknown';
}
