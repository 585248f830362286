/**
 * Fixture for the consumer WITH lib DOM (never run): values typed with
 * lib.dom's global WebRTC types flow into and out of the purertc API, and
 * names the program does not import resolve to lib.dom without clashing.
 */
import { RTCPeerConnection } from '@purertc/peerconnection';

const domConfig: globalThis.RTCConfiguration = { iceServers: [{ urls: 'stun:stun.example.org' }], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' };
const pc = new RTCPeerConnection(domConfig);
const domOfferOptions: globalThis.RTCOfferOptions = { iceRestart: false };
const offer: globalThis.RTCSessionDescriptionInit = await pc.createOffer(domOfferOptions);
await pc.setLocalDescription(offer);
const remote: globalThis.RTCSessionDescriptionInit = { type: 'answer', sdp: '' };
await pc.setRemoteDescription(remote);
const candidate: globalThis.RTCIceCandidateInit = { candidate: '', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null };
await pc.addIceCandidate(candidate);
const dcInit: globalThis.RTCDataChannelInit = { ordered: true, maxPacketLifeTime: 500 };
const channel = pc.createDataChannel('dom', dcInit);
// A literal checked against lib.dom's RTCRtpTransceiverInit (lib.dom's `streams` would hold browser
// MediaStreams, which purertc cannot send, so a variable of that type is not accepted).
pc.addTransceiver('audio', { direction: 'sendrecv' } satisfies globalThis.RTCRtpTransceiverInit);
const state: globalThis.RTCPeerConnectionState = pc.connectionState;
const ice: globalThis.RTCIceConnectionState = pc.iceConnectionState;
const gathering: globalThis.RTCIceGatheringState = pc.iceGatheringState;
const signaling: globalThis.RTCSignalingState = pc.signalingState;
const channelState: globalThis.RTCDataChannelState = channel.readyState;
const local: globalThis.RTCSessionDescriptionInit | null = pc.localDescription;
// Unimported names are lib.dom's; ours are a different class.
declare const browserPc: globalThis.RTCPeerConnection;
void browserPc.createDataChannel('in a browser');
// @ts-expect-error lib.dom's RTCPeerConnection is not purertc's
const mixed: RTCPeerConnection = browserPc;

export { state, ice, gathering, signaling, channelState, local, mixed };
