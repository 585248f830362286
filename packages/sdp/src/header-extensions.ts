/**
 * RTP header extensions (RFC 8285) this stack offers, with the ids browsers
 * use (one id per URI across a BUNDLE group), and the answerer's intersection.
 */
import { reverseDirection } from './direction.js';
import type { HeaderExtension, MediaKind } from './model.js';

/** Well-known header extension URIs. */
export const HeaderExtensionUri = {
  audioLevel: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  absSendTime: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  transportWideCc: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  mid: 'urn:ietf:params:rtp-hdrext:sdes:mid',
  rtpStreamId: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  repairedRtpStreamId: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  toffset: 'urn:ietf:params:rtp-hdrext:toffset',
  videoOrientation: 'urn:3gpp:video-orientation',
  playoutDelay: 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
  absCaptureTime: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
} as const;

/** The header extensions offered for a kind (fresh objects each call). */
export function defaultHeaderExtensions(kind: MediaKind): HeaderExtension[] {
  const U = HeaderExtensionUri;
  if (kind === 'audio') {
    return [
      { id: 1, uri: U.audioLevel },
      { id: 2, uri: U.absSendTime },
      { id: 3, uri: U.transportWideCc },
      { id: 4, uri: U.mid },
    ];
  }
  if (kind === 'video') {
    return [
      { id: 14, uri: U.toffset },
      { id: 2, uri: U.absSendTime },
      { id: 13, uri: U.videoOrientation },
      { id: 3, uri: U.transportWideCc },
      { id: 5, uri: U.playoutDelay },
      { id: 4, uri: U.mid },
      { id: 10, uri: U.rtpStreamId },
      { id: 11, uri: U.repairedRtpStreamId },
    ];
  }
  return [];
}

/**
 * The extensions to put in an answer (RFC 8285 §6, RFC 8829 §5.3.1): those
 * offered that we support, with the offerer's ids, in the offerer's order.
 * An offered direction is reversed (sendonly ↔ recvonly).
 */
export function intersectHeaderExtensions(
  local: readonly HeaderExtension[],
  remoteOffered: readonly HeaderExtension[],
): HeaderExtension[] {
  const supported = new Set(local.map((e) => e.uri));
  const out: HeaderExtension[] = [];
  const usedIds = new Set<number>();
  for (const r of remoteOffered) {
    if (!supported.has(r.uri) || usedIds.has(r.id)) continue;
    usedIds.add(r.id);
    const e: HeaderExtension = { id: r.id, uri: r.uri };
    if (r.direction) e.direction = reverseDirection(r.direction);
    out.push(e);
  }
  return out;
}
