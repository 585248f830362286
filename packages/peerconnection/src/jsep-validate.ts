/**
 * Content checks applied to a description before it is set (webrtc-pc §4.4.1.6
 * "set a session description", the InvalidAccessError cases; RFC 8829 §5.8
 * "Parsing a Session Description" and §5.10/§5.11 on applying offers and
 * answers). The generic JSEP checks are @purertc/sdp's validateJsepDescription;
 * this file adds what depends on the connection (its policy and the offer
 * being answered or the description being renegotiated).
 */
import { getBundleGroups, isDataChannelSection, isRejectedSection, validateJsepDescription, type SessionDescription } from '@purertc/sdp';

/** Why a description is invalid, and which exception that maps to. */
export interface DescriptionProblem {
  /** InvalidAccessError: invalid content; OperationError: "all other errors" (webrtc-pc §4.4.1.6). */
  name: 'InvalidAccessError' | 'OperationError';
  message: string;
}

function problem(message: string, name: DescriptionProblem['name'] = 'InvalidAccessError'): DescriptionProblem {
  return { name, message };
}

/**
 * RFC 8830 §2: an MSID (stream id and track id) identifies one track, so two
 * m= sections in use may not carry the same a=msid. The description parses
 * and is well-formed, but cannot be applied: OperationError, as browsers do.
 */
function duplicateMsid(sdp: SessionDescription): DescriptionProblem | undefined {
  const seen = new Set<string>();
  for (const m of sdp.media) {
    if (isRejectedSection(m)) continue;
    const here = new Set(m.msids.filter((x) => x.trackId !== undefined).map((x) => `${x.streamId} ${x.trackId}`));
    for (const key of here) {
      if (seen.has(key)) return problem(`a=msid:${key} is in two m= sections`, 'OperationError');
      seen.add(key);
    }
  }
  return undefined;
}

/** Inputs of {@link validateDescription}. */
export interface ValidateInputs {
  sdp: SessionDescription;
  type: 'offer' | 'answer' | 'pranswer';
  remote: boolean;
  /** For answers: the offer being answered. */
  offer: SessionDescription | null;
  /** For offers: the last negotiated description (current remote or local) to check subsequent offers against. */
  previous: SessionDescription | null;
}

/**
 * Checks mids (present when BUNDLE is used), then validateJsepDescription
 * (unique mids, BUNDLE groups naming existing mids, ICE credentials and a
 * DTLS fingerprint on every used m= section, a=setup in answers), then
 * DTLS-SRTP and rtcp-mux (RTCRtcpMuxPolicy 'require') on RTP sections,
 * answers mirroring their offer, and subsequent offers keeping the
 * negotiated m= sections; last, the same a=msid in two sections (OperationError).
 */
export function validateDescription(inp: ValidateInputs): DescriptionProblem | undefined {
  const { sdp } = inp;
  // RFC 8843 §7.2: with BUNDLE, every m= section carries a=mid.
  if (getBundleGroups(sdp).length > 0) {
    const i = sdp.media.findIndex((m) => m.mid === undefined);
    if (i >= 0) return problem(`m= section ${i} has no a=mid but BUNDLE is used`);
  }
  const generic = validateJsepDescription(sdp, inp.type);
  if (!generic.ok) return problem(generic.reason);
  for (let i = 0; i < sdp.media.length; i++) {
    const m = sdp.media[i]!;
    if (isRejectedSection(m) || isDataChannelSection(m) || (m.kind !== 'audio' && m.kind !== 'video')) continue;
    if (!/DTLS|TLS/.test(m.protocol) && !/SAVPF/.test(m.protocol)) return problem(`m= section ${i} is not DTLS-SRTP (${m.protocol})`);
    // webrtc-pc: rtcpMuxPolicy 'require' rejects descriptions without rtcp-mux.
    if (!m.rtcpMux) return problem(`m= section ${i} lacks a=rtcp-mux`);
  }
  if ((inp.type === 'answer' || inp.type === 'pranswer') && inp.offer) {
    // RFC 8829 §5.8 / RFC 3264 §6: an answer has the offer's m= sections in order.
    if (sdp.media.length !== inp.offer.media.length) return problem('the answer does not have as many m= sections as the offer');
    for (let i = 0; i < sdp.media.length; i++) {
      const m = sdp.media[i]!;
      const o = inp.offer.media[i]!;
      if (m.kind !== o.kind) return problem(`m= section ${i} kind differs from the offer`);
      if (m.mid !== undefined && o.mid !== undefined && m.mid !== o.mid) return problem(`m= section ${i} mid differs from the offer`);
    }
  }
  if (inp.type === 'offer' && inp.previous) {
    // RFC 8829 §5.2.2 / §5.10: a subsequent offer keeps every negotiated m= section at its index.
    if (sdp.media.length < inp.previous.media.length) return problem('the offer removes m= sections');
    for (let i = 0; i < inp.previous.media.length; i++) {
      const p = inp.previous.media[i]!;
      const m = sdp.media[i]!;
      if (isRejectedSection(p) || isRejectedSection(m)) continue;
      if (m.kind !== p.kind || (p.mid !== undefined && m.mid !== undefined && m.mid !== p.mid)) {
        return problem(`m= section ${i} changed kind or mid`);
      }
    }
  }
  return duplicateMsid(sdp);
}
