/**
 * Type-level test (compiled by tsc in on-event-handlers.test.ts, never run):
 * every on<event> attribute of the exposed EventTargets is declared, with
 * the event type the IDL gives its handler.
 */
import { MediaStream, MediaStreamTrack, RTCPeerConnection, type RTCDataChannel } from '../../src/index.js';

declare const pc: RTCPeerConnection;
declare const channel: RTCDataChannel;
declare const track: MediaStreamTrack;
declare const stream: MediaStream;

pc.onnegotiationneeded = (e) => e.type;
pc.onicecandidate = (e) => e.candidate;
pc.onicecandidateerror = (e) => e.errorCode;
pc.onsignalingstatechange = () => pc.signalingState;
pc.oniceconnectionstatechange = () => pc.iceConnectionState;
pc.onicegatheringstatechange = () => pc.iceGatheringState;
pc.onconnectionstatechange = () => pc.connectionState;
pc.ontrack = (e) => [e.track, e.receiver, e.transceiver, e.streams];
pc.ondatachannel = (e) => e.channel.label;
pc.ontrack = null;

channel.onopen = (e) => e.type;
channel.onbufferedamountlow = () => channel.bufferedAmount;
channel.onerror = (e) => e.error.errorDetail;
channel.onclosing = () => undefined;
channel.onclose = () => undefined;
channel.onmessage = (e) => e.data as unknown;

track.onmute = () => track.muted;
track.onunmute = () => track.muted;
track.onended = () => track.readyState;

stream.onaddtrack = (e) => e.track.kind;
stream.onremovetrack = (e) => e.track.id;

// @ts-expect-error a handler is a function or null
pc.ontrack = 42;
// @ts-expect-error the track event has no 'channel'
pc.ontrack = (e) => e.channel;
