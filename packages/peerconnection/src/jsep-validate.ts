/**
 * Content checks applied to a description before it is set (webrtc-pc §4.4.1.6
 * "set a session description", the InvalidAccessError cases; RFC 8829 §5.8
 * "Parsing a Session Description" and §5.10/§5.11 on applying offers and
 * answers). Returns a reason string when the description must be rejected.
 */
import {
  attribute,
  bundleGroups,
  iceCredentials,
  isDataSection,
  isRejected,
  mediaMid,
  type SdpView,
} from './jsep-sdp.js';

/** Why a description is invalid, and which exception that maps to. */
export interface DescriptionProblem {
  name: 'InvalidAccessError';
  message: string;
}

function problem(message: string): DescriptionProblem {
  return { name: 'InvalidAccessError', message };
}

/** Inputs of {@link validateDescription}. */
export interface ValidateInputs {
  sdp: SdpView;
  type: 'offer' | 'answer' | 'pranswer';
  remote: boolean;
  /** For answers: the offer being answered. */
  offer: SdpView | null;
  /** For offers: the last negotiated description (current remote or local) to check subsequent offers against. */
  previous: SdpView | null;
}

/**
 * Checks mids (present when BUNDLE is used, unique), BUNDLE groups naming
 * existing mids, ICE credentials and a DTLS fingerprint on every used m=
 * section, rtcp-mux (RTCRtcpMuxPolicy 'require'), answers mirroring their
 * offer, and subsequent offers keeping the negotiated m= sections.
 */
export function validateDescription(inp: ValidateInputs): DescriptionProblem | undefined {
  const { sdp } = inp;
  const mids = new Set<string>();
  for (const m of sdp.media) {
    const mid = mediaMid(m);
    if (mid === undefined) {
      if (bundleGroups(sdp).length > 0) return problem(`m= section ${m.index} has no a=mid but BUNDLE is used`);
      continue;
    }
    if (mids.has(mid)) return problem(`duplicate a=mid:${mid}`);
    mids.add(mid);
  }
  // RFC 8843 §9.2: every mid of a BUNDLE group identifies an m= section.
  for (const group of bundleGroups(sdp)) {
    for (const mid of group) if (!mids.has(mid)) return problem(`a=group:BUNDLE names unknown mid ${mid}`);
  }
  for (const m of sdp.media) {
    if (isRejected(m)) continue;
    // RFC 8839 §5.4: ICE credentials; RFC 8122 §5: the certificate fingerprint.
    const ice = iceCredentials(sdp, m);
    if (ice.ufrag === undefined || ice.pwd === undefined) return problem(`m= section ${m.index} lacks a=ice-ufrag or a=ice-pwd`);
    if (attribute(m.attributes, 'fingerprint') === undefined && attribute(sdp.sessionAttributes, 'fingerprint') === undefined) {
      return problem(`m= section ${m.index} lacks a=fingerprint`);
    }
    if (!isDataSection(m) && (m.kind === 'audio' || m.kind === 'video')) {
      if (!/DTLS|TLS/.test(m.protocol) && !/SAVPF/.test(m.protocol)) return problem(`m= section ${m.index} is not DTLS-SRTP (${m.protocol})`);
      // webrtc-pc: rtcpMuxPolicy 'require' rejects descriptions without rtcp-mux.
      if (attribute(m.attributes, 'rtcp-mux') === undefined) return problem(`m= section ${m.index} lacks a=rtcp-mux`);
    }
  }
  if ((inp.type === 'answer' || inp.type === 'pranswer') && inp.offer) {
    // RFC 8829 §5.8 / RFC 3264 §6: an answer has the offer's m= sections in order.
    if (sdp.media.length !== inp.offer.media.length) return problem('the answer does not have as many m= sections as the offer');
    for (const m of sdp.media) {
      const o = inp.offer.media[m.index]!;
      if (m.kind !== o.kind) return problem(`m= section ${m.index} kind differs from the offer`);
      const mid = mediaMid(m);
      const omid = mediaMid(o);
      if (mid !== undefined && omid !== undefined && mid !== omid) return problem(`m= section ${m.index} mid differs from the offer`);
    }
  }
  if (inp.type === 'offer' && inp.previous) {
    // RFC 8829 §5.2.2 / §5.10: a subsequent offer keeps every negotiated m= section at its index.
    if (sdp.media.length < inp.previous.media.length) return problem('the offer removes m= sections');
    for (const p of inp.previous.media) {
      const m = sdp.media[p.index]!;
      if (isRejected(p) || isRejected(m)) continue;
      const pmid = mediaMid(p);
      if (m.kind !== p.kind || (pmid !== undefined && mediaMid(m) !== undefined && mediaMid(m) !== pmid)) {
        return problem(`m= section ${p.index} changed kind or mid`);
      }
    }
  }
  return undefined;
}
