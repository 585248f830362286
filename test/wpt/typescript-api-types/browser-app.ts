/**
 * Fixture (type-checked by ../typescript-api-types.test.ts, never run): a
 * small browser-style WebRTC program ported to Node by importing the API
 * from @purertc/peerconnection. Compiled twice: with lib DOM and without
 * (Node's types only). Each `@ts-expect-error` is a wrong use that must
 * fail to type-check (an unused directive is itself an error).
 */
import {
  MediaStream,
  RTCIceCandidate,
  RTCPeerConnection,
  RTCSessionDescription,
  createMediaStreamTrack,
  type RTCCertificate,
  type RTCConfiguration,
  type RTCDataChannel,
  type RTCDataChannelInit,
  type RTCIceCandidateInit,
  type RTCPeerConnectionEventMap,
  type RTCRtpTransceiverInit,
  type RTCSessionDescriptionInit,
  type RTCStatsReport,
} from '@purertc/peerconnection';

const cert: RTCCertificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
const rsa: RTCCertificate = await RTCPeerConnection.generateCertificate({
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
  expires: 86_400_000,
});
const fingerprints: string[] = cert.getFingerprints().map((f) => `${f.algorithm} ${f.value}`);
const expires: number = rsa.expires;

const config: RTCConfiguration = { iceServers: [{ urls: ['stun:stun.example.org'] }], bundlePolicy: 'max-bundle', certificates: [cert] };
const pc = new RTCPeerConnection(config);
const other = new RTCPeerConnection();
const configured: RTCCertificate[] = pc.getConfiguration().certificates;
pc.setConfiguration({ ...config, iceTransportPolicy: 'relay' });

// Event handler attributes: `this` is the target, the event is the IDL's class.
pc.onicecandidate = function (ev) {
  const self: RTCPeerConnection = this;
  if (ev.candidate) void other.addIceCandidate(ev.candidate);
  else void other.addIceCandidate();
  return self.signalingState;
};
pc.ontrack = (ev) => {
  const streams: readonly MediaStream[] = ev.streams;
  return [ev.track.kind, ev.receiver.track.id, ev.transceiver.mid, streams.length];
};
pc.ondatachannel = (ev) => {
  ev.channel.onmessage = (m) => ev.channel.send(String(m.data));
};
pc.onconnectionstatechange = () => pc.connectionState === 'connected';
pc.oniceconnectionstatechange = () => pc.iceConnectionState === 'completed';
pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete';
pc.onicecandidateerror = (ev) => `${ev.errorCode} ${ev.errorText} ${ev.url}`;

// addEventListener overloads keyed by the event map.
pc.addEventListener('track', (e) => e.track.id);
pc.addEventListener('datachannel', (e) => e.channel.label);
pc.addEventListener('icecandidate', (e) => e.candidate?.candidate);
pc.addEventListener('negotiationneeded', async () => {
  await pc.setLocalDescription();
  signal(pc.localDescription);
});
pc.addEventListener('some-custom-event', (e: Event) => e.type);
const onTrack = (e: RTCPeerConnectionEventMap['track']) => e.transceiver.direction;
pc.addEventListener('track', onTrack, { once: true });
pc.removeEventListener('track', onTrack);

// Data channels.
const init: RTCDataChannelInit = { ordered: false, maxRetransmits: 0, protocol: 'chat' };
const channel: RTCDataChannel = pc.createDataChannel('chat', init);
const negotiated = pc.createDataChannel('control', { negotiated: true, id: 0 });
channel.binaryType = 'arraybuffer';
channel.bufferedAmountLowThreshold = 64 * 1024;
channel.onopen = () => channel.send('hello');
channel.onmessage = (ev) => (typeof ev.data === 'string' ? ev.data : new Uint8Array(ev.data as ArrayBuffer).length);
channel.onerror = (ev) => ev.error.errorDetail;
channel.addEventListener('bufferedamountlow', () => channel.send(new Uint8Array(16)));
channel.addEventListener('message', (ev) => ev.data);
channel.addEventListener('error', (ev) => ev.error.sctpCauseCode);
negotiated.close();

// Offer / answer, promise and legacy callback forms.
const offer: RTCSessionDescriptionInit = await pc.createOffer({ iceRestart: true });
const sdp: string | undefined = offer.sdp;
await pc.setLocalDescription(offer);
await other.setRemoteDescription(new RTCSessionDescription(offer));
const answer: RTCSessionDescriptionInit = await other.createAnswer();
await other.setLocalDescription(answer);
await pc.setRemoteDescription(answer);
await pc.createOffer(
  (description) => void description.sdp,
  (error) => void error.name,
);
await pc.setRemoteDescription(answer, () => undefined, (error: DOMException) => error.message);
const cand: RTCIceCandidateInit = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host', sdpMid: '0' };
await pc.addIceCandidate(cand);
await pc.addIceCandidate(new RTCIceCandidate(cand));
await pc.addIceCandidate(null);

// Media model.
const track = createMediaStreamTrack('audio');
const stream = new MediaStream([track]);
const sender = pc.addTrack(track, stream);
await sender.replaceTrack(null);
sender.setStreams(stream);
const tinit: RTCRtpTransceiverInit = { direction: 'recvonly', streams: [stream], sendEncodings: [{ rid: 'a' }] };
const transceiver = pc.addTransceiver('video', tinit);
pc.addTransceiver(track, { direction: 'sendonly' });
transceiver.direction = 'inactive';
track.onended = function () {
  return this.readyState;
};
track.addEventListener('mute', () => track.muted);
stream.addEventListener('addtrack', (e) => e.track.kind);
stream.onremovetrack = (e) => e.track.id;

// Transports.
const sctp = pc.sctp;
if (sctp) {
  const max: number | null = sctp.maxMessageSize;
  sctp.addEventListener('statechange', () => sctp.state);
  const dtls = sctp.transport;
  dtls.addEventListener('error', (e) => e.error.errorDetail);
  dtls.onstatechange = () => dtls.state;
  const ice = dtls.iceTransport;
  ice.addEventListener('selectedcandidatepairchange', () => ice.getSelectedCandidatePair()?.local.address);
  ice.ongatheringstatechange = () => ice.gatheringState;
  void max;
}

const report: RTCStatsReport = await pc.getStats();
report.forEach((stats) => stats.type);
await pc.getStats(track);
pc.close();

function signal(description: RTCSessionDescription | null): void {
  void description?.toJSON();
}

// Wrong uses: each must be a type error.
// @ts-expect-error not an RTCBundlePolicy
new RTCPeerConnection({ bundlePolicy: 'sometimes' });
// @ts-expect-error not a transceiver direction
pc.addTransceiver('audio', { direction: 'sideways' });
// @ts-expect-error maxRetransmits is a number
pc.createDataChannel('x', { maxRetransmits: 'many' });
// @ts-expect-error iceRestart is a boolean
void pc.createOffer({ iceRestart: 'yes' });
// @ts-expect-error the description needs a type
void pc.setRemoteDescription({ sdp: '' });
// @ts-expect-error not an RTCSdpType
void pc.setLocalDescription({ type: 'final' });
// @ts-expect-error a number is no candidate
void pc.addIceCandidate(42);
// @ts-expect-error generateCertificate needs an algorithm
void RTCPeerConnection.generateCertificate();
// @ts-expect-error the track event has no channel
pc.addEventListener('track', (e) => e.channel);
// @ts-expect-error the datachannel event has no track
pc.ondatachannel = (e) => e.track;
// @ts-expect-error a handler is a function or null
channel.onmessage = 'print';
// @ts-expect-error connectionState is never 'open'
void (pc.connectionState === 'open');
// @ts-expect-error a MediaStream is not a track
void pc.getStats(stream);

export { fingerprints, expires, configured, sdp, answer, channel };
