/** WPT webrtc/RTCPeerConnection-setRemoteDescription-rollback.html, checked against our implementation. */
import { MediaStream, type MediaStreamTrack } from '@purertc/peerconnection';
import { dataChannelOffer, expectRejectsDom, flushTasks, newPc, recvOnlyOffer, track } from './helpers.js';

/** Stand-in for getNoiseStream(): a stream holding fresh tracks of the kinds asked. */
function noiseStream(kinds: { audio?: boolean; video?: boolean }): MediaStream {
  const tracks: MediaStreamTrack[] = [];
  if (kinds.audio) tracks.push(track('audio'));
  if (kinds.video) tracks.push(track('video'));
  return new MediaStream(tracks);
}

describe('RTCPeerConnection-setRemoteDescription-rollback', () => {
  test('setRemoteDescription(rollback) in have-remote-offer state should revert to stable state', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    await pc.setRemoteDescription(await dataChannelOffer(pc));
    expect(pc.signalingState).toBe('have-remote-offer');
    expect(pc.remoteDescription).not.toBeNull();
    expect(pc.pendingRemoteDescription).not.toBeNull();
    expect(pc.currentRemoteDescription).toBeNull();
    await pc.setRemoteDescription({ type: 'rollback' });
    expect(pc.signalingState).toBe('stable');
    expect(pc.remoteDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(pc.currentRemoteDescription).toBeNull();
    expect(states).toEqual(['have-remote-offer', 'stable']);
  });

  test('setRemoteDescription(rollback) from stable state should reject with InvalidStateError', async () => {
    await expectRejectsDom(newPc().setRemoteDescription({ type: 'rollback' }), 'InvalidStateError');
  });

  test('setRemoteDescription(rollback) after setting a local offer should reject with InvalidStateError', async () => {
    const pc = newPc();
    await pc.setLocalDescription();
    // SPEC DIVERGENCE (see README): webrtc-pc §4.4.1.6 step 2 only refuses rollback in
    // 'stable'/'have-local-pranswer'/'have-remote-pranswer', and RFC 9429 §5.7 makes rollback
    // identical through setLocalDescription and setRemoteDescription: it succeeds here.
    await pc.setRemoteDescription({ type: 'rollback' });
    expect(pc.signalingState).toBe('stable');
    expect(pc.localDescription).toBeNull();
  });

  test('setRemoteDescription(rollback) should ignore invalid sdp content and succeed', async () => {
    const pc = newPc();
    await pc.setRemoteDescription(await recvOnlyOffer(pc, 'audio'));
    await pc.setRemoteDescription({ type: 'rollback', sdp: '!<Invalid SDP Content>;' });
    expect(pc.signalingState).toBe('stable');
  });

  test('local offer created before setRemoteDescription(remote offer) then rollback should still be usable', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    const offer1 = await pc1.createOffer();
    pc2.addTransceiver('audio', { direction: 'recvonly' });
    const offer2 = await pc2.createOffer();
    await pc1.setRemoteDescription(offer2);
    await pc1.setRemoteDescription({ type: 'rollback' });
    await pc1.setLocalDescription(offer1);
    expect(pc1.signalingState).toBe('have-local-offer');
  });

  test('local offer created before setRemoteDescription(remote offer) with different transceiver level assignments then rollback should still be usable', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ video: true });
    pc1.addTrack(stream.getTracks()[0]!, stream);
    const offer1 = await pc1.createOffer();
    pc2.addTransceiver('audio', { direction: 'recvonly' });
    pc2.addTransceiver('video', { direction: 'recvonly' });
    const offer2 = await pc2.createOffer();
    await pc1.setRemoteDescription(offer2);
    await pc1.setRemoteDescription({ type: 'rollback' });
    await pc1.setLocalDescription(offer1);
    expect(pc1.signalingState).toBe('have-local-offer');
  });

  test('rollback of a remote offer should remove a transceiver', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ video: true });
    pc1.addTrack(stream.getTracks()[0]!, stream);
    await pc2.setRemoteDescription(await pc1.createOffer());
    expect(pc2.getTransceivers().length).toBe(1);
    await pc2.setRemoteDescription({ type: 'rollback' });
    expect(pc2.getTransceivers().length).toBe(0);
  });

  test('rollback of a remote offer should remove touched transceiver', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ video: true });
    pc1.addTrack(stream.getTracks()[0]!, stream);
    await pc2.setRemoteDescription(await pc1.createOffer());
    expect(pc2.getTransceivers().length).toBe(1);
    await pc2.getTransceivers()[0]!.sender.replaceTrack(track('video'));
    await pc2.setRemoteDescription({ type: 'rollback' });
    expect(pc2.getTransceivers().length).toBe(0);
  });

  test('rollback of a remote offer should keep a transceiver', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ video: true });
    pc1.addTrack(stream.getTracks()[0]!, stream);
    await pc2.setRemoteDescription(await pc1.createOffer());
    expect(pc2.getTransceivers().length).toBe(1);
    const stream2 = noiseStream({ video: true });
    pc2.addTrack(stream2.getTracks()[0]!, stream2);
    await pc2.setRemoteDescription({ type: 'rollback' });
    expect(pc2.getTransceivers().length).toBe(1);
    expect(pc2.getTransceivers()[0]!.mid).toBeNull();
    expect(pc2.getTransceivers()[0]!.receiver.transport).toBeNull();
  });

  test('rollback of a remote offer should keep a transceiver created by addtrack', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ video: true });
    pc1.addTrack(stream.getTracks()[0]!, stream);
    const stream2 = noiseStream({ video: true });
    pc2.addTrack(stream2.getTracks()[0]!, stream2);
    await pc2.setRemoteDescription(await pc1.createOffer());
    expect(pc2.getTransceivers().length).toBe(1);
    await pc2.setRemoteDescription({ type: 'rollback' });
    expect(pc2.getTransceivers().length).toBe(1);
    expect(pc2.getTransceivers()[0]!.mid).toBeNull();
    expect(pc2.getTransceivers()[0]!.receiver.transport).toBeNull();
  });

  test('rollback of a remote offer should keep a transceiver without tracks', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ video: true });
    pc1.addTrack(stream.getTracks()[0]!, stream);
    await pc2.setRemoteDescription(await pc1.createOffer());
    expect(pc2.getTransceivers().length).toBe(1);
    const stream2 = noiseStream({ video: true });
    pc2.addTrack(stream2.getTracks()[0]!, stream2);
    await pc2.getTransceivers()[0]!.sender.replaceTrack(null);
    await pc2.setRemoteDescription({ type: 'rollback' });
    expect(pc2.getTransceivers().length).toBe(1);
  });

  test('when using addTransceiver, implicit rollback of a local offer should visit stable state, but not fire negotiationneeded until we settle in stable', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const states: string[] = [];
    pc1.onsignalingstatechange = () => states.push(pc1.signalingState);
    const stream1 = noiseStream({ audio: true });
    pc1.addTransceiver(stream1.getTracks()[0]!, { streams: [stream1] });
    const stream2 = noiseStream({ audio: true });
    pc2.addTransceiver(stream2.getTracks()[0]!, { streams: [stream2] });
    await pc1.setLocalDescription(await pc1.createOffer());
    let early = 0;
    pc1.onnegotiationneeded = () => early++;
    await pc1.setRemoteDescription(await pc2.createOffer());
    await pc1.setLocalDescription(await pc1.createAnswer());
    expect(early).toBe(0);
    expect(states).toEqual(['have-local-offer', 'stable', 'have-remote-offer', 'stable']);
    // The rolled-back transceiver of pc1 still needs negotiating: the event comes once stable.
    await new Promise<void>((r) => {
      if (early > 0) r();
      pc1.onnegotiationneeded = () => r();
    });
  });

  test('when using addTrack, implicit rollback of a local offer should visit stable state, but not fire negotiationneeded', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const states: string[] = [];
    pc1.onsignalingstatechange = () => states.push(pc1.signalingState);
    const stream1 = noiseStream({ audio: true });
    pc1.addTrack(stream1.getTracks()[0]!, stream1);
    const stream2 = noiseStream({ audio: true });
    pc2.addTrack(stream2.getTracks()[0]!, stream2);
    await pc1.setLocalDescription(await pc1.createOffer());
    let fired = 0;
    pc1.onnegotiationneeded = () => fired++;
    await pc1.setRemoteDescription(await pc2.createOffer());
    await pc1.setLocalDescription(await pc1.createAnswer());
    expect(states).toEqual(['have-local-offer', 'stable', 'have-remote-offer', 'stable']);
    await flushTasks();
    expect(fired).toBe(0);
  });

  test('rollback of a remote offer to negotiated stable state should enable applying of a local offer', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    pc1.addTrack(stream.getTracks()[0]!, stream);
    await pc1.setLocalDescription(await pc1.createOffer());
    await pc2.setRemoteDescription(pc1.pendingLocalDescription!);
    await pc2.setLocalDescription(await pc2.createAnswer());
    await pc1.setRemoteDescription(pc2.localDescription!);
    const stream1 = noiseStream({ video: true });
    pc1.addTrack(stream1.getTracks()[0]!, stream1);
    await pc1.setLocalDescription(await pc1.createOffer());
    const stream2 = noiseStream({ video: true });
    pc2.addTrack(stream2.getTracks()[0]!, stream2);
    const offer2 = await pc2.createOffer();
    await pc2.setRemoteDescription(pc1.pendingLocalDescription!);
    await pc2.setRemoteDescription({ type: 'rollback' });
    expect(pc2.getTransceivers().length).toBe(2);
    await pc2.setLocalDescription(offer2);
    expect(pc2.signalingState).toBe('have-local-offer');
  });

  test('two transceivers with same mids', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('video', { direction: 'sendonly' });
    pc2.addTransceiver('video', { direction: 'sendonly' });
    await pc1.setLocalDescription(await pc1.createOffer());
    const pc1FirstMid = pc1.getTransceivers()[0]!.mid;
    await pc2.setLocalDescription(await pc2.createOffer());
    const pc2FirstMid = pc2.getTransceivers()[0]!.mid;
    expect(pc1FirstMid).toBe(pc2FirstMid);
    await pc1.setRemoteDescription(pc2.pendingLocalDescription!);
    expect(pc1.getTransceivers().length).toBe(2);
    expect(pc1.getTransceivers()[0]!.mid).toBeNull();
    expect(pc1.getTransceivers()[1]!.mid).toBe(pc2FirstMid);
    void pc1.setLocalDescription(await pc1.createAnswer());
    await pc1.setLocalDescription(await pc1.createOffer());
    expect(pc1.getTransceivers()[0]!.mid).not.toBe(pc1FirstMid);
  });

  test('onremovetrack fires during remote rollback', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true, video: true });
    pc1.addTrack(stream.getAudioTracks()[0]!, stream);
    pc1.addTrack(stream.getVideoTracks()[0]!, stream);
    let remoteStream: MediaStream | null = null;
    pc2.ontrack = (e: Event) => {
      remoteStream = (e as unknown as { streams: MediaStream[] }).streams[0]!;
    };
    await pc2.setRemoteDescription(await pc1.createOffer());
    expect(remoteStream).not.toBeNull();
    const rs = remoteStream as unknown as MediaStream;
    const remoteTracks = rs.getTracks();
    const removed: string[] = [];
    rs.onremovetrack = (e: Event) => removed.push((e as unknown as { track: MediaStreamTrack }).track.id);
    await pc2.setRemoteDescription({ type: 'rollback' });
    expect(removed.length).toBe(2);
    expect(removed).toContain(remoteTracks[0]!.id);
    expect(removed).toContain(remoteTracks[1]!.id);
  });

  test('rollback of a remote offer with stream changes', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream1 = noiseStream({ audio: true });
    pc1.addTrack(stream1.getTracks()[0]!, stream1);
    const offer1 = await pc1.createOffer();
    const remoteStreams: MediaStream[] = [];
    pc2.ontrack = (e: Event) => remoteStreams.push((e as unknown as { streams: MediaStream[] }).streams[0]!);
    await pc1.setLocalDescription(offer1);
    await pc2.setRemoteDescription(pc1.pendingLocalDescription!);
    await pc2.setLocalDescription(await pc2.createAnswer());
    await pc1.setRemoteDescription(pc2.localDescription!);
    expect(remoteStreams.length).toBe(1);
    expect(remoteStreams[0]!.getTracks().length).toBe(1);
    const t = remoteStreams[0]!.getTracks()[0]!;
    const stream2 = noiseStream({ audio: true });
    pc1.getTransceivers()[0]!.sender.setStreams(stream2);
    const offer2 = await pc1.createOffer();
    await pc2.setRemoteDescription(offer2);
    expect(remoteStreams.length).toBe(2);
    expect(remoteStreams[0]!.getTracks().length).toBe(0);
    expect(remoteStreams[1]!.getTracks()[0]!.id).toBe(t.id);
    await pc2.setRemoteDescription({ type: 'rollback' });
    expect(remoteStreams.length).toBe(3);
    expect(remoteStreams[0]!.id).toBe(remoteStreams[2]!.id);
    expect(remoteStreams[1]!.getTracks().length).toBe(0);
    expect(remoteStreams[2]!.getTracks().length).toBe(1);
    expect(remoteStreams[2]!.getTracks()[0]!.id).toBe(t.id);
  });

  test('removeTrack() with a sender being rolled back does not crash or throw', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc2.addTransceiver('audio');
    await pc1.setRemoteDescription(await pc2.createOffer());
    const [transceiver] = pc1.getTransceivers();
    const rollback = pc1.setRemoteDescription({ type: 'rollback' });
    pc1.removeTrack(transceiver!.sender);
    await rollback;
  });

  test('Implicit rollback with only a datachannel works', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('video');
    const channel = pc2.createDataChannel('dummy');
    await pc2.setLocalDescription(await pc2.createOffer());
    await pc2.setRemoteDescription(await pc1.createOffer());
    expect(pc2.signalingState).toBe('have-remote-offer');
    await pc2.setLocalDescription(await pc2.createAnswer());
    await pc2.setLocalDescription(await pc2.createOffer());
    expect(channel.readyState).toBe('connecting');
  });
});
