/** WPT webrtc/RTCPeerConnection-setRemoteDescription-replaceTrack.https.html, checked against our implementation. */
import type { MediaStream, MediaStreamTrack } from '@purertc/peerconnection';
import { expectRejectsDom, newPc, noiseStream } from './helpers.js';

/** Stand-in for WPT getUserMediaTracksAndStreams(count): `count` audio tracks, each in its own stream. */
function tracksAndStreams(count: number): [MediaStreamTrack[], MediaStream[]] {
  const streams = Array.from({ length: count }, () => noiseStream({ audio: true }));
  return [streams.map((s) => s.getTracks()[0]!), streams];
}

describe('RTCPeerConnection-setRemoteDescription-replaceTrack', () => {
  test('replaceTrack() sets the track attribute to a new track.', async () => {
    const caller = newPc();
    const [tracks, streams] = tracksAndStreams(2);
    const sender = caller.addTrack(tracks[0]!, streams[0]!);
    await sender.replaceTrack(tracks[1]!);
    expect(sender.track).toBe(tracks[1]);
  });

  test('replaceTrack() sets the track attribute to null.', async () => {
    const caller = newPc();
    const [tracks, streams] = tracksAndStreams(1);
    const sender = caller.addTrack(tracks[0]!, streams[0]!);
    await sender.replaceTrack(null);
    expect(sender.track).toBeNull();
  });

  test('replaceTrack() does not set the track synchronously.', async () => {
    const caller = newPc();
    const [tracks, streams] = tracksAndStreams(2);
    const sender = caller.addTrack(tracks[0]!, streams[0]!);
    expect(sender.track).toBe(tracks[0]);
    const p = sender.replaceTrack(tracks[1]!);
    expect(sender.track).toBe(tracks[0]);
    await p;
  });

  test('replaceTrack() rejects when the peer connection is closed.', async () => {
    const caller = newPc();
    const [tracks, streams] = tracksAndStreams(2);
    const sender = caller.addTrack(tracks[0]!, streams[0]!);
    caller.close();
    await expectRejectsDom(sender.replaceTrack(tracks[1]!), 'InvalidStateError');
  });

  test('replaceTrack() rejects when invoked after removeTrack().', async () => {
    // The WPT title says "rejects", but its body awaits success, as the current spec
    // (§5.2 replaceTrack: no check for a removed track) has it.
    const caller = newPc();
    const [tracks, streams] = tracksAndStreams(2);
    const sender = caller.addTrack(tracks[0]!, streams[0]!);
    caller.removeTrack(sender);
    await sender.replaceTrack(tracks[1]!);
    expect(sender.track).toBe(tracks[1]);
  });
});
