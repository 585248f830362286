/**
 * The W3C webrtc-stats dictionaries that getStats() reports, as TypeScript
 * types (member names and IDL types from webrtc-stats, Editor's Draft).
 *
 * Presence of members: a member the spec marks `required`, or that purertc
 * puts in every object of that type, is non-optional here; a member purertc
 * sets only sometimes (e.g. `currentRoundTripTime` before the first check
 * answer), or not yet at all, is optional. So `s.bytesSent` on a narrowed
 * RTCIceCandidatePairStats is a `number`, while a browser may omit it.
 *
 * The report's values are typed {@link RTCStatsAny}, a union discriminated by
 * `type`: `if (s.type === 'candidate-pair') s.currentRoundTripTime` needs no
 * cast. IDL integer and double types are all `number`; DOMHighResTimeStamp is
 * milliseconds since the Unix epoch (performance.timeOrigin + performance.now()).
 */
import type { RTCDataChannelState } from './RTCDataChannel.js';
import type { RTCDtlsTransportState } from './RTCDtlsTransport.js';
import type { RTCIceCandidateType, RTCIceServerTransportProtocol, RTCIceTcpCandidateType } from './RTCIceCandidate.js';
import type { RTCIceRole, RTCIceTransportState } from './RTCIceTransport.js';

/** webrtc-stats §RTCStatsType enum (#rtcstatstype-str*): every stats object `type` the spec defines. */
export type RTCStatsType =
  | 'codec'
  | 'inbound-rtp'
  | 'outbound-rtp'
  | 'remote-inbound-rtp'
  | 'remote-outbound-rtp'
  | 'media-source'
  | 'media-playout'
  | 'peer-connection'
  | 'data-channel'
  | 'transport'
  | 'candidate-pair'
  | 'local-candidate'
  | 'remote-candidate'
  | 'certificate';

/** The members every stats dictionary has (webrtc-stats RTCStats dictionary, all `required`). */
export interface RTCStats {
  /** When the object was sampled (DOMHighResTimeStamp, ms since the Unix epoch). */
  timestamp: number;
  /** Which dictionary this object is (RTCStatsType). */
  type: RTCStatsType;
  /** Unique within the report; stable across reports for the same object. */
  id: string;
}

/** webrtc-stats RTCPeerConnectionStats (#pcstats-dict*), `type: 'peer-connection'`. */
export interface RTCPeerConnectionStats extends RTCStats {
  type: 'peer-connection';
  /** Data channels that have entered "open" over the connection's lifetime. Always set by purertc. */
  dataChannelsOpened: number;
  /** Data channels that have left "open" (closed or failed after opening). Always set by purertc. */
  dataChannelsClosed: number;
}

/** webrtc-stats RTCDataChannelStats (#dcstats-dict*), `type: 'data-channel'`. */
export interface RTCDataChannelStats extends RTCStats {
  type: 'data-channel';
  /** The channel's label. Always set by purertc. */
  label: string;
  /** The channel's sub-protocol. Always set by purertc. */
  protocol: string;
  /** The channel's `id` (SCTP stream id); absent while it has none. */
  dataChannelIdentifier?: number;
  /** The channel's readyState (`required`). */
  state: RTCDataChannelState;
  /** Always set by purertc. */
  messagesSent: number;
  /** Payload bytes sent (no SCTP/DTLS framing). Always set by purertc. */
  bytesSent: number;
  /** Always set by purertc. */
  messagesReceived: number;
  /** Payload bytes received. Always set by purertc. */
  bytesReceived: number;
}

/** webrtc-stats RTCDtlsRole enum (#transportstats-dict*). */
export type RTCDtlsRole = 'client' | 'server' | 'unknown';

/** webrtc-stats RTCTransportStats (#transportstats-dict*), `type: 'transport'`. */
export interface RTCTransportStats extends RTCStats {
  type: 'transport';
  /** Always set by purertc. */
  packetsSent: number;
  /** Always set by purertc. */
  packetsReceived: number;
  /** Always set by purertc. */
  bytesSent: number;
  /** Always set by purertc. */
  bytesReceived: number;
  /** Absent while the role is "unknown". */
  iceRole?: RTCIceRole;
  /** Absent before a local description. */
  iceLocalUsernameFragment?: string;
  /** The RTCDtlsTransport's state (`required`). */
  dtlsState: RTCDtlsTransportState;
  /** Always set by purertc. */
  iceState: RTCIceTransportState;
  /** Id of the RTCIceCandidatePairStats of the selected pair; absent while none is selected. */
  selectedCandidatePairId?: string;
  /** Id of the local RTCCertificateStats. Always set by purertc. */
  localCertificateId: string;
  /** Id of the peer's RTCCertificateStats; absent before the DTLS handshake shows it. */
  remoteCertificateId?: string;
  /** Four upper-case hex digits of the negotiated version (`FEFD` for DTLS 1.2); absent before the handshake completes. */
  tlsVersion?: string;
  /** Not reported by purertc yet. */
  dtlsCipher?: string;
  /** "unknown" until the DTLS role is known. Always set by purertc. */
  dtlsRole: RTCDtlsRole;
  /** Not reported by purertc (no SRTP yet). */
  srtpCipher?: string;
  /** Always set by purertc. */
  selectedCandidatePairChanges: number;
  /** Not reported by purertc (no RTP yet). */
  ccfbMessagesSent?: number;
  /** Not reported by purertc (no RTP yet). */
  ccfbMessagesReceived?: number;
}

/** webrtc-stats RTCIceCandidateStats (#icecandidate-dict*), `type: 'local-candidate' | 'remote-candidate'`. */
export interface RTCIceCandidateStats extends RTCStats {
  type: 'local-candidate' | 'remote-candidate';
  /** Id of the RTCTransportStats (`required`). */
  transportId: string;
  /** The candidate's address (IDL `DOMString?`). Always set by purertc (never null). */
  address: string | null;
  /** Always set by purertc. */
  port: number;
  /** "udp" or "tcp". Always set by purertc. */
  protocol: string;
  /** `required`. */
  candidateType: RTCIceCandidateType;
  /** Always set by purertc. */
  priority: number;
  /** The STUN/TURN server URL a local server-reflexive or relayed candidate came from. Not reported by purertc yet. */
  url?: string;
  /** Local relayed candidates: how the TURN server is reached. */
  relayProtocol?: RTCIceServerTransportProtocol;
  /** Always set by purertc. */
  foundation: string;
  /** Server-reflexive, peer-reflexive and relayed candidates. */
  relatedAddress?: string;
  /** Server-reflexive, peer-reflexive and relayed candidates. */
  relatedPort?: number;
  /** When the candidate carries one. */
  usernameFragment?: string;
  /** TCP candidates only. */
  tcpType?: RTCIceTcpCandidateType;
}

/** webrtc-stats RTCStatsIceCandidatePairState enum (#candidatepair-dict*). */
export type RTCStatsIceCandidatePairState = 'frozen' | 'waiting' | 'in-progress' | 'failed' | 'succeeded';

/** webrtc-stats RTCIceCandidatePairStats (#candidatepair-dict*), `type: 'candidate-pair'`. */
export interface RTCIceCandidatePairStats extends RTCStats {
  type: 'candidate-pair';
  /** `required`. */
  transportId: string;
  /** Id of the local RTCIceCandidateStats (`required`). */
  localCandidateId: string;
  /** Id of the remote RTCIceCandidateStats (`required`). */
  remoteCandidateId: string;
  /** `required`. */
  state: RTCStatsIceCandidatePairState;
  /** Always set by purertc. */
  nominated: boolean;
  /** Packets sent on the pair, STUN excluded. Always set by purertc. */
  packetsSent: number;
  /** Always set by purertc. */
  packetsReceived: number;
  /** Payload bytes (no UDP/IP headers, no STUN). Always set by purertc. */
  bytesSent: number;
  /** Always set by purertc. */
  bytesReceived: number;
  /** Absent until a non-STUN packet was sent. */
  lastPacketSentTimestamp?: number;
  /** Absent until a non-STUN packet was received. */
  lastPacketReceivedTimestamp?: number;
  /** Sum of STUN round-trip times, seconds. Always set by purertc. */
  totalRoundTripTime: number;
  /** Latest STUN round-trip time, seconds; absent before the first answered check. */
  currentRoundTripTime?: number;
  /** Not reported by purertc (no congestion control estimate). */
  availableOutgoingBitrate?: number;
  /** Not reported by purertc. */
  availableIncomingBitrate?: number;
  /** Always set by purertc. */
  requestsReceived: number;
  /** Always set by purertc. */
  requestsSent: number;
  /** Always set by purertc. */
  responsesReceived: number;
  /** Always set by purertc. */
  responsesSent: number;
  /** Always set by purertc. */
  consentRequestsSent: number;
  /** Not reported by purertc yet. */
  packetsDiscardedOnSend?: number;
  /** Not reported by purertc yet. */
  bytesDiscardedOnSend?: number;
}

/** webrtc-stats RTCCertificateStats (#certificatestats-dict*), `type: 'certificate'`. */
export interface RTCCertificateStats extends RTCStats {
  type: 'certificate';
  /** The fingerprint's hex value, as in a=fingerprint (`required`). */
  fingerprint: string;
  /** Its hash function, e.g. "sha-256" (`required`). */
  fingerprintAlgorithm: string;
  /** Standard base64 of the DER certificate (`required`). */
  base64Certificate: string;
  /** Not reported by purertc (self-signed certificates have no chain). */
  issuerCertificateId?: string;
}

/** The `type` values purertc reports, each with its dictionary above. */
export type RTCReportedStatsType = RTCStatsAnyReported['type'];

type RTCStatsAnyReported = RTCPeerConnectionStats | RTCTransportStats | RTCIceCandidatePairStats | RTCIceCandidateStats | RTCCertificateStats | RTCDataChannelStats;

/**
 * A stats object of a type the spec defines but purertc does not report yet
 * (RTP stream, codec and media stats): only the base members are declared.
 * Keeps `s.type === 'inbound-rtp'` in ported browser code type-checking.
 */
export interface RTCOtherStats extends RTCStats {
  type: Exclude<RTCStatsType, RTCReportedStatsType>;
}

/**
 * What an RTCStatsReport holds: a union discriminated by `type`, so that
 * comparing `type` narrows to the dictionary, e.g.
 * `for (const s of report.values()) if (s.type === 'candidate-pair') use(s.currentRoundTripTime);`
 */
export type RTCStatsAny = RTCStatsAnyReported | RTCOtherStats;
