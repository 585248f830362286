/**
 * @purertc/peerconnection: the W3C WebRTC API (webrtc-pc) in pure TypeScript.
 * This entry point exports the API classes and their types; internal
 * plumbing (jsep-*.ts, internal.ts, slots) stays private.
 */
export { RTCPeerConnection } from './RTCPeerConnection.js';
export type {
  RTCSignalingState,
  RTCOfferOptions,
  RTCAnswerOptions,
  RTCPeerConnectionEventMap,
  RTCSessionDescriptionCallback,
  RTCPeerConnectionErrorCallback,
  PeerConnectionOptions,
  RTCSessionDescriptionInitLike,
} from './RTCPeerConnection.js';
export { RTCRtpTransceiver } from './RTCRtpTransceiver.js';
export type { RTCRtpTransceiverDirection, RTCRtpTransceiverInit } from './RTCRtpTransceiver.js';
export { RTCRtpSender } from './RTCRtpSender.js';
export type {
  RtcRtpEncodingParameters,
  RtcRtpSendParameters,
  // The same types under lib.dom's names, so ported code can import them by those.
  RtcRtpEncodingParameters as RTCRtpEncodingParameters,
  RtcRtpSendParameters as RTCRtpSendParameters,
} from './RTCRtpSender.js';
export { RTCRtpReceiver } from './RTCRtpReceiver.js';
export { RTCDataChannel } from './RTCDataChannel.js';
export type { RTCDataChannelState, RTCDataChannelInit, RTCDataChannelEventMap } from './RTCDataChannel.js';
export type { RtcRtpCodec, RtcRtpCodecParameters, RtcRtpCodec as RTCRtpCodec, RtcRtpCodecParameters as RTCRtpCodecParameters } from './jsep-codecs.js';

export { RTCSessionDescription } from './RTCSessionDescription.js';
export type { RTCSdpType, RTCSessionDescriptionInit, RTCLocalSessionDescriptionInit } from './RTCSessionDescription.js';
export { RTCIceCandidate } from './RTCIceCandidate.js';
export type { RTCIceCandidateInit, RTCIceCandidateType, RTCIceServerTransportProtocol, RTCIceTcpCandidateType } from './RTCIceCandidate.js';
export { RTCError } from './RTCError.js';
export type { RTCErrorDetailType, RTCErrorInit } from './RTCError.js';
export {
  RTCPeerConnectionIceEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCTrackEvent,
  RTCDataChannelEvent,
  RTCErrorEvent,
  MediaStreamTrackEvent,
} from './events.js';
export type {
  EventHandler,
  RTCPeerConnectionIceEventInit,
  RTCPeerConnectionIceErrorEventInit,
  RTCTrackEventInit,
  RTCDataChannelEventInit,
  RTCErrorEventInit,
  MediaStreamTrackEventInit,
} from './events.js';
export { RTCCertificate, generateCertificate } from './RTCCertificate.js';
export type { RTCCertificateKeygenAlgorithm, RTCDtlsFingerprint } from './RTCCertificate.js';
export { RTCIceTransport } from './RTCIceTransport.js';
export type { RTCIceTransportState, RTCIceGathererState, RTCIceRole, RTCIceParameters, RTCIceTransportEventMap } from './RTCIceTransport.js';
export { RTCIceCandidatePair } from './RTCIceCandidatePair.js';
export { RTCDtlsTransport } from './RTCDtlsTransport.js';
export type { RTCDtlsTransportState, RTCDtlsTransportEventMap } from './RTCDtlsTransport.js';
export { RTCSctpTransport } from './RTCSctpTransport.js';
export type { RTCSctpTransportState, RTCSctpTransportEventMap } from './RTCSctpTransport.js';
export { RTCStatsReport } from './RTCStatsReport.js';
export type {
  RTCStats,
  RTCStatsType,
  RTCStatsAny,
  RTCReportedStatsType,
  RTCOtherStats,
  RTCPeerConnectionStats,
  RTCTransportStats,
  RTCDtlsRole,
  RTCIceCandidatePairStats,
  RTCStatsIceCandidatePairState,
  RTCIceCandidateStats,
  RTCCertificateStats,
  RTCDataChannelStats,
} from './stats-types.js';
export { MediaStreamTrack, createMediaStreamTrack } from './MediaStreamTrack.js';
export type { MediaStreamTrackKind, MediaStreamTrackState, MediaStreamTrackEventMap, CreateMediaStreamTrackOptions } from './MediaStreamTrack.js';
export { MediaStream } from './MediaStream.js';
export type { MediaStreamEventMap } from './MediaStream.js';
export type { RTCConfiguration, RTCIceServer, RTCBundlePolicy, RTCIceTransportPolicy, RTCRtcpMuxPolicy } from './configuration.js';

// The transport stack below the API (sans-IO composite, demux, state aggregation); the
// node:dgram driver is in './transport/node.js' so this entry point stays runtime-neutral.
export * from './transport/index.js';
