import { createMediaStreamTrack, RTCPeerConnection } from '@purertc/peerconnection';
import { negotiate, nextTask, record, rejectsWithName, remoteOffer } from './helpers/signaling';

describe('close() (webrtc-pc §4.4.1.5 "close the connection")', () => {
  test('signalingState becomes closed without a signalingstatechange event', async () => {
    const p = new RTCPeerConnection();
    const log = record(p, ['signalingstatechange', 'iceconnectionstatechange', 'connectionstatechange']);
    p.close();
    expect(p.signalingState).toBe('closed');
    await nextTask();
    expect(log).toEqual([]);
  });

  test('iceConnectionState and connectionState become closed', () => {
    const p = new RTCPeerConnection();
    p.close();
    expect(p.iceConnectionState).toBe('closed');
    expect(p.connectionState).toBe('closed');
  });

  test('close() returns undefined and is idempotent', () => {
    const p = new RTCPeerConnection();
    expect(p.close()).toBeUndefined();
    expect(p.close()).toBeUndefined();
    expect(p.signalingState).toBe('closed');
  });

  test('transceivers are stopped (currentDirection stopped), still listed', () => {
    const p = new RTCPeerConnection();
    const t = p.addTransceiver('audio');
    p.close();
    expect(t.currentDirection).toBe('stopped');
    expect(t.direction).toBe('stopped');
    expect(p.getTransceivers()).toEqual([t]);
    expect(p.getSenders()).toEqual([]);
  });

  test('descriptions remain readable after close', async () => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.addTransceiver('audio');
    await negotiate(a, b);
    const local = a.localDescription;
    a.close();
    b.close();
    expect(a.localDescription).toBe(local);
  });

  test('every promise method rejects with InvalidStateError', async () => {
    const p = new RTCPeerConnection();
    const offer = await remoteOffer();
    p.close();
    await rejectsWithName(p.createOffer(), 'InvalidStateError');
    await rejectsWithName(p.createAnswer(), 'InvalidStateError');
    await rejectsWithName(p.setLocalDescription({ type: 'offer', sdp: '' }), 'InvalidStateError');
    await rejectsWithName(p.setRemoteDescription(offer), 'InvalidStateError');
    await rejectsWithName(p.addIceCandidate({ candidate: '', sdpMid: '0' }), 'InvalidStateError');
  });

  test('every synchronous mutator throws InvalidStateError', () => {
    const p = new RTCPeerConnection();
    const sender = p.addTrack(createMediaStreamTrack('audio'));
    p.close();
    const name = expect.objectContaining({ name: 'InvalidStateError' });
    expect(() => p.addTrack(createMediaStreamTrack('audio'))).toThrow(name);
    expect(() => p.removeTrack(sender)).toThrow(name);
    expect(() => p.addTransceiver('audio')).toThrow(name);
    expect(() => p.createDataChannel('x')).toThrow(name);
    expect(() => p.setConfiguration({})).toThrow(name);
  });

  test('a pending createOffer never settles after close', async () => {
    const p = new RTCPeerConnection();
    let settled = false;
    p.createOffer().then(
      () => (settled = true),
      () => (settled = true),
    );
    p.close();
    await nextTask();
    await nextTask();
    expect(settled).toBe(false);
  });

  test('no track event after close even if setRemoteDescription was in flight', async () => {
    const p = new RTCPeerConnection();
    const offer = await remoteOffer((o) => o.addTrack(createMediaStreamTrack('audio')));
    const log = record(p, ['track', 'signalingstatechange']);
    void p.setRemoteDescription(offer);
    p.close();
    await nextTask();
    await nextTask();
    expect(log).toEqual([]);
  });

  test('receiver tracks end on close, in a queued task (mediacapture-main §4.3.1.2)', async () => {
    const p = new RTCPeerConnection();
    const t = p.addTransceiver('video');
    const ended = new Promise((r) => t.receiver.track.addEventListener('ended', r));
    p.close();
    expect(t.receiver.track.readyState).toBe('live');
    await ended;
    expect(t.receiver.track.readyState).toBe('ended');
  });
});
