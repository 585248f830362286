/** WPT webrtc/RTCPeerConnection-setRemoteDescription-tracks.https.html, checked against our implementation (noiseStream() for getNoiseStream()). */
import type { MediaStream, MediaStreamTrack, RTCPeerConnection, RTCRtpReceiver } from '@purertc/peerconnection';
import { exchangeOffer, exchangeOfferAnswer, newPc, nextEvent, noiseStream } from './helpers.js';

interface TrackEv {
  track: MediaStreamTrack;
  streams: MediaStream[];
  receiver: RTCRtpReceiver;
}
const trackEvent = (pc: RTCPeerConnection) => nextEvent(pc, 'track') as unknown as Promise<TrackEv>;

describe('RTCPeerConnection-setRemoteDescription-tracks', () => {
  test('addTrack() with a track and no stream makes ontrack fire with a track and no stream.', async () => {
    const caller = newPc();
    const callee = newPc();
    caller.addTrack(noiseStream({ audio: true }).getTracks()[0]!);
    const ontrack = trackEvent(callee);
    await exchangeOffer(caller, callee);
    expect((await ontrack).streams.length).toBe(0);
  });

  test('addTrack() with a track and a stream makes ontrack fire with a track and a stream.', async () => {
    const caller = newPc();
    const callee = newPc();
    const localStream = noiseStream({ audio: true });
    caller.addTrack(localStream.getTracks()[0]!, localStream);
    const ontrack = trackEvent(callee);
    await exchangeOffer(caller, callee);
    const e = await ontrack;
    expect(e.streams.length).toBe(1);
    expect(e.streams[0]!.id).toBe(localStream.id);
    expect(e.streams[0]!.getTracks()).toEqual([e.track]);
  });

  test('ontrack fires before setRemoteDescription resolves.', async () => {
    const caller = newPc();
    const callee = newPc();
    let eventSequence = '';
    const localStream = noiseStream({ audio: true });
    caller.addTrack(localStream.getTracks()[0]!, localStream);
    const ontrack = trackEvent(callee).then(() => (eventSequence += 'ontrack;'));
    await exchangeOffer(caller, callee);
    eventSequence += 'setRemoteDescription;';
    await ontrack;
    expect(eventSequence).toBe('ontrack;setRemoteDescription;');
  });

  test('addTrack() with two tracks and one stream makes ontrack fire twice with the tracks and shared stream.', async () => {
    const caller = newPc();
    const callee = newPc();
    const localStreams = [noiseStream({ audio: true }), noiseStream({ audio: true })];
    caller.addTrack(localStreams[0]!.getTracks()[0]!, localStreams[0]!);
    caller.addTrack(localStreams[1]!.getTracks()[0]!, localStreams[0]!);
    const events: TrackEv[] = [];
    callee.ontrack = (e: Event) => events.push(e as unknown as TrackEv);
    await exchangeOffer(caller, callee);
    expect(events.length).toBe(2);
    const [first, second] = events as [TrackEv, TrackEv];
    expect(first.streams.length).toBe(1);
    expect(first.streams[0]!.id).toBe(localStreams[0]!.id);
    expect(second.streams.length).toBe(1);
    expect(second.streams[0]!.id).toBe(localStreams[0]!.id);
    expect(first.streams[0]).toBe(second.streams[0]);
    expect(first.streams[0]!.getTracks().length).toBe(2);
    expect(first.streams[0]!.getTracks()).toContain(first.track);
    expect(first.streams[0]!.getTracks()).toContain(second.track);
  });

  test('addTrack() for an existing stream makes stream.onaddtrack fire.', async () => {
    const caller = newPc();
    const callee = newPc();
    const localStreams = [noiseStream({ audio: true }), noiseStream({ audio: true })];
    caller.addTrack(localStreams[0]!.getTracks()[0]!, localStreams[0]!);
    const remoteStreams: MediaStream[] = [];
    callee.ontrack = (ev: Event) => {
      const s = (ev as unknown as TrackEv).streams[0]!;
      if (!remoteStreams.includes(s)) remoteStreams.push(s);
    };
    await exchangeOfferAnswer(caller, callee);
    expect(remoteStreams.length).toBe(1);
    expect(remoteStreams[0]!.id).toBe(localStreams[0]!.id);
    const firstRemoteTrack = remoteStreams[0]!.getTracks()[0]!;
    const onaddtrack = nextEvent(remoteStreams[0]!, 'addtrack') as unknown as Promise<{ track: MediaStreamTrack }>;
    caller.addTrack(localStreams[1]!.getTracks()[0]!, localStreams[0]!);
    await exchangeOffer(caller, callee);
    const e = await onaddtrack;
    expect(remoteStreams[0]!.getTracks().length).toBe(2);
    expect(e.track.id).not.toBe(firstRemoteTrack.id);
    expect(remoteStreams.length).toBe(1);
  });

  test('stream.onaddtrack fires before setRemoteDescription resolves.', async () => {
    const caller = newPc();
    const callee = newPc();
    let eventSequence = '';
    const localStreams = [noiseStream({ audio: true }), noiseStream({ audio: true })];
    caller.addTrack(localStreams[0]!.getTracks()[0]!, localStreams[0]!);
    const remoteStreams: MediaStream[] = [];
    callee.ontrack = (ev: Event) => {
      const s = (ev as unknown as TrackEv).streams[0]!;
      if (!remoteStreams.includes(s)) remoteStreams.push(s);
    };
    await exchangeOfferAnswer(caller, callee);
    expect(remoteStreams.length).toBe(1);
    const onaddtrack = nextEvent(remoteStreams[0]!, 'addtrack').then(() => (eventSequence += 'stream.onaddtrack;'));
    caller.addTrack(localStreams[1]!.getTracks()[0]!, localStreams[0]!);
    await exchangeOffer(caller, callee);
    eventSequence += 'setRemoteDescription;';
    await onaddtrack;
    expect(remoteStreams.length).toBe(1);
    expect(eventSequence).toBe('stream.onaddtrack;setRemoteDescription;');
  });

  test('addTrack() with a track and two streams makes ontrack fire with a track and two streams.', async () => {
    const caller = newPc();
    const callee = newPc();
    const localStreams = [noiseStream({ audio: true }), noiseStream({ audio: true })];
    caller.addTrack(localStreams[0]!.getTracks()[0]!, localStreams[0]!, localStreams[1]!);
    const ontrack = trackEvent(callee);
    await exchangeOffer(caller, callee);
    const e = await ontrack;
    expect(e.streams.length).toBe(2);
    expect(e.streams[0]!.getTracks()).toEqual([e.track]);
    expect(e.streams[1]!.getTracks()).toEqual([e.track]);
    expect(e.streams[0]!.id).toBe(localStreams[0]!.id);
    expect(e.streams[1]!.id).toBe(localStreams[1]!.id);
  });

  test("ontrack's receiver matches getReceivers().", async () => {
    const caller = newPc();
    const callee = newPc();
    const localStream = noiseStream({ audio: true });
    caller.addTrack(localStream.getTracks()[0]!, localStream);
    const ontrack = trackEvent(callee);
    await exchangeOffer(caller, callee);
    const e = await ontrack;
    expect(callee.getReceivers()).toEqual([e.receiver]);
    expect(callee.getReceivers()[0]).toBe(e.receiver);
  });

  test('removeTrack() does not remove the receiver.', async () => {
    const caller = newPc();
    const callee = newPc();
    const localStream = noiseStream({ audio: true });
    const sender = caller.addTrack(localStream.getTracks()[0]!, localStream);
    const ontrack = trackEvent(callee);
    await exchangeOfferAnswer(caller, callee);
    await ontrack;
    expect(callee.getReceivers().length).toBe(1);
    caller.removeTrack(sender);
    await exchangeOffer(caller, callee);
    expect(callee.getReceivers().length).toBe(1);
  });

  test('removeTrack() makes stream.onremovetrack fire and the track to be removed from the stream.', async () => {
    const caller = newPc();
    const callee = newPc();
    const localStream = noiseStream({ audio: true });
    const sender = caller.addTrack(localStream.getTracks()[0]!, localStream);
    const ontrack = trackEvent(callee);
    await exchangeOfferAnswer(caller, callee);
    const te = await ontrack;
    expect(te.streams.length).toBe(1);
    const remoteStream = te.streams[0]!;
    const remoteTrack = remoteStream.getTracks()[0]!;
    const seen: Array<[MediaStreamTrack, number]> = [];
    const onremovetrack = nextEvent(remoteStream, 'removetrack').then((e) =>
      seen.push([(e as unknown as { track: MediaStreamTrack }).track, remoteStream.getTracks().length]),
    );
    caller.removeTrack(sender);
    await exchangeOffer(caller, callee);
    await onremovetrack;
    expect(seen).toEqual([[remoteTrack, 0]]);
  });

  test('stream.onremovetrack fires before setRemoteDescription resolves.', async () => {
    const caller = newPc();
    const callee = newPc();
    let eventSequence = '';
    const localStream = noiseStream({ audio: true });
    const sender = caller.addTrack(localStream.getTracks()[0]!, localStream);
    const ontrack = trackEvent(callee);
    await exchangeOfferAnswer(caller, callee);
    const remoteStream = (await ontrack).streams[0]!;
    const onremovetrack = nextEvent(remoteStream, 'removetrack').then(() => (eventSequence += 'stream.onremovetrack;'));
    caller.removeTrack(sender);
    await exchangeOffer(caller, callee);
    eventSequence += 'setRemoteDescription;';
    await onremovetrack;
    expect(eventSequence).toBe('stream.onremovetrack;setRemoteDescription;');
  });

  test('removeTrack() twice is safe.', () => {
    const pc = newPc();
    const sender = pc.addTrack(noiseStream({ audio: true }).getTracks()[0]!);
    pc.removeTrack(sender);
    pc.removeTrack(sender);
    expect(sender.track).toBeNull();
  });
});
