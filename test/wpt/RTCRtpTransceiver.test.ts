/**
 * WPT webrtc/RTCRtpTransceiver.https.html, checked against our implementation
 * (signaling-only subtests; noiseStream() stands in for getNoiseStream()).
 * Subtest titles are the WPT check function names.
 */
import { MediaStreamTrack, RTCRtpReceiver, RTCRtpTransceiver, type MediaStream, type RTCPeerConnection } from '@purertc/peerconnection';
import { newPc, noiseStream, requireSdp } from './helpers.js';

type Obj = Record<string, unknown>;

/** WPT hasProps(): every key of `expected` matches in `observed` (tracks by identity, arrays by length and element). */
function hasProps(observed: unknown, expected: unknown, path = '$'): void {
  if (expected === null || typeof expected !== 'object') {
    expect([path, observed]).toEqual([path, expected]);
    return;
  }
  if (expected instanceof MediaStreamTrack) {
    expect([path, observed === expected]).toEqual([path, true]);
    return;
  }
  if (Array.isArray(expected)) {
    expect([path, Array.isArray(observed) ? (observed as unknown[]).length : 'not an array']).toEqual([path, expected.length]);
    expected.forEach((e, i) => hasProps((observed as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  expect([path, typeof observed === 'object' && observed !== null]).toEqual([path, true]);
  for (const k of Object.keys(expected)) hasProps((observed as Obj)[k], (expected as Obj)[k], `${path}.${k}`);
}

/** WPT hasPropsAndUniqueMids(): hasProps plus non-null, unique mids where `mid` is not given. */
function hasPropsAndUniqueMids(observed: RTCRtpTransceiver[], expected: Obj[]): void {
  hasProps(observed, expected);
  const mids: string[] = [];
  observed.forEach((t, i) => {
    if (!('mid' in expected[i]!)) {
      expect(t.mid).not.toBeNull();
      expect(typeof t.mid).toBe('string');
    }
    if (t.mid) {
      expect(mids).not.toContain(t.mid);
      mids.push(t.mid);
    }
  });
}

interface TrackEventLike {
  track: MediaStreamTrack;
  receiver: RTCRtpReceiver;
  transceiver: RTCRtpTransceiver;
  streams: MediaStream[];
}

/** WPT collectEvents() for `track` events, with the WPT per-event checks recorded (listener errors must not be lost). */
function collectTrackEvents(pc: RTCPeerConnection) {
  const events: TrackEventLike[] = [];
  const problems: string[] = [];
  const handler = (ev: Event) => {
    const e = ev as unknown as TrackEventLike;
    if (!(e.track instanceof MediaStreamTrack)) problems.push('track');
    if (!(e.receiver instanceof RTCRtpReceiver)) problems.push('receiver');
    if (!(e.transceiver instanceof RTCRtpTransceiver)) problems.push('transceiver');
    if (!Array.isArray(e.streams)) problems.push('streams');
    else if (!e.streams.every((s) => s.getTracks().includes(e.track))) problems.push('stream contains track');
    if (e.receiver !== e.transceiver?.receiver) problems.push('receiver belongs to transceiver');
    if (e.track !== e.receiver?.track) problems.push('track belongs to receiver');
    events.push(e);
  };
  pc.addEventListener('track', handler);
  return {
    finish() {
      pc.removeEventListener('track', handler);
      expect(problems).toEqual([]);
      return events;
    },
  };
}

/** WPT collectAddTrackEvents / collectRemoveTrackEvents. */
function collectStreamEvents(stream: MediaStream, name: 'addtrack' | 'removetrack') {
  const tracks: MediaStreamTrack[] = [];
  const problems: string[] = [];
  const handler = (ev: Event) => {
    const t = (ev as unknown as { track: MediaStreamTrack }).track;
    if (!(t instanceof MediaStreamTrack)) problems.push('track');
    if (stream.getTracks().includes(t) !== (name === 'addtrack')) problems.push('membership');
    tracks.push(t);
  };
  stream.addEventListener(name, handler);
  return {
    finish() {
      stream.removeEventListener(name, handler);
      expect(problems).toEqual([]);
      return tracks;
    },
  };
}

async function srdTrackEvents(pc: RTCPeerConnection, desc: unknown): Promise<TrackEventLike[]> {
  const c = collectTrackEvents(pc);
  await pc.setRemoteDescription(desc as never);
  return c.finish();
}

/** WPT offerAnswer(): the answerer's remote description is set before the offerer's local one. */
async function offerAnswer(offerer: RTCPeerConnection, answerer: RTCPeerConnection) {
  const offer = await offerer.createOffer();
  await answerer.setRemoteDescription(offer);
  await offerer.setLocalDescription(offer);
  const answer = await answerer.createAnswer();
  await offerer.setRemoteDescription(answer);
  await answerer.setLocalDescription(answer);
}

const negotiationNeeded = (pc: RTCPeerConnection) => new Promise((r) => (pc.onnegotiationneeded = r));

async function expectRejectsOrThrowsNamed(fn: () => unknown, name: string) {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect((caught as Error | undefined)?.name).toBe(name);
}

describe('RTCRtpTransceiver', () => {
  test('checkAddTransceiverNoTrack', () => {
    const pc = newPc();
    hasProps(pc.getTransceivers(), []);
    pc.addTransceiver('audio');
    pc.addTransceiver('video');
    hasProps(pc.getTransceivers(), [
      { receiver: { track: { kind: 'audio', readyState: 'live', muted: true } }, sender: { track: null }, direction: 'sendrecv', mid: null, currentDirection: null },
      { receiver: { track: { kind: 'video', readyState: 'live', muted: true } }, sender: { track: null }, direction: 'sendrecv', mid: null, currentDirection: null },
    ]);
  });

  test('checkAddTransceiverWithTrack', () => {
    const pc = newPc();
    const stream = noiseStream({ audio: true, video: true });
    const audio = stream.getAudioTracks()[0]!;
    const video = stream.getVideoTracks()[0]!;
    pc.addTransceiver(audio);
    pc.addTransceiver(video);
    hasProps(pc.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: audio }, direction: 'sendrecv', mid: null, currentDirection: null },
      { receiver: { track: { kind: 'video' } }, sender: { track: video }, direction: 'sendrecv', mid: null, currentDirection: null },
    ]);
  });

  test('checkAddTransceiverWithAddTrack', () => {
    const pc = newPc();
    const stream = noiseStream({ audio: true, video: true });
    const audio = stream.getAudioTracks()[0]!;
    const video = stream.getVideoTracks()[0]!;
    pc.addTrack(audio, stream);
    pc.addTrack(video, stream);
    hasProps(pc.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: audio }, direction: 'sendrecv', mid: null, currentDirection: null },
      { receiver: { track: { kind: 'video' } }, sender: { track: video }, direction: 'sendrecv', mid: null, currentDirection: null },
    ]);
  });

  test('checkAddTransceiverWithDirection', () => {
    const pc = newPc();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    hasProps(pc.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: null }, direction: 'recvonly', mid: null, currentDirection: null },
      { receiver: { track: { kind: 'video' } }, sender: { track: null }, direction: 'recvonly', mid: null, currentDirection: null },
    ]);
  });

  test('checkAddTransceiverWithSetRemoteOfferSending', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    pc1.addTransceiver(stream.getAudioTracks()[0]!, { streams: [stream] });
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[0]!.receiver.track, streams: [{ id: stream.id }] }]);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: null }, direction: 'recvonly', currentDirection: null },
    ]);
  });

  test('checkAddTransceiverWithSetRemoteOfferNoSend', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    pc1.addTransceiver(stream.getAudioTracks()[0]!);
    pc1.getTransceivers()[0]!.direction = 'recvonly';
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, []);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: null }, direction: 'recvonly', currentDirection: null },
    ]);
  });

  test('checkAddTransceiverBadKind', () => {
    const pc = newPc();
    let caught: unknown;
    try {
      pc.addTransceiver('foo');
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).name).toBe('TypeError');
    hasProps(pc.getTransceivers(), []);
  });

  test('checkNoMidOffer', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    pc1.addTrack(stream.getAudioTracks()[0]!, stream);
    const offer = await pc1.createOffer();
    await pc1.setLocalDescription(offer);
    const munged = { type: offer.type, sdp: requireSdp(offer.sdp).replace('a=mid:', 'a=unknownattr:').replace('a=group:', 'a=unknownattr:') };
    await pc2.setRemoteDescription(munged);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: null }, direction: 'recvonly', currentDirection: null },
    ]);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc1.setRemoteDescription(answer);
  });

  test('checkNoMidAnswer', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    pc1.addTrack(stream.getAudioTracks()[0]!, stream);
    const offer = await pc1.createOffer();
    await pc1.setLocalDescription(offer);
    await pc2.setRemoteDescription(offer);
    hasPropsAndUniqueMids(pc1.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: { kind: 'audio' } }, direction: 'sendrecv', currentDirection: null },
    ]);
    const lastMid = pc1.getTransceivers()[0]!.mid;
    const answer = await pc2.createAnswer();
    const munged = { type: answer.type, sdp: requireSdp(answer.sdp).replace('a=mid:', 'a=unknownattr:').replace('a=group:', 'a=unknownattr:') };
    await pc1.setRemoteDescription(munged);
    const expected = [
      { receiver: { track: { kind: 'audio' } }, sender: { track: { kind: 'audio' } }, direction: 'sendrecv', currentDirection: 'sendonly', mid: lastMid },
    ];
    hasProps(pc1.getTransceivers(), expected);
    await pc1.setLocalDescription(await pc1.createOffer());
    hasProps(pc1.getTransceivers(), expected);
  });

  test('checkSetDirection', () => {
    const pc = newPc();
    pc.addTransceiver('audio');
    for (const direction of ['sendonly', 'recvonly', 'inactive', 'sendrecv'] as const) {
      pc.getTransceivers()[0]!.direction = direction;
      hasProps(pc.getTransceivers(), [{ direction }]);
    }
  });

  test('checkCurrentDirection', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc1.addTrack(t, stream);
    pc2.addTrack(t, stream);
    hasProps(pc1.getTransceivers(), [{ currentDirection: null }]);
    let offer = await pc1.createOffer();
    hasProps(pc1.getTransceivers(), [{ currentDirection: null }]);
    await pc1.setLocalDescription(offer);
    hasProps(pc1.getTransceivers(), [{ currentDirection: null }]);
    let trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[0]!.receiver.track, streams: [{ id: stream.id }] }]);
    hasProps(pc2.getTransceivers(), [{ currentDirection: null }]);
    let answer = await pc2.createAnswer();
    hasProps(pc2.getTransceivers(), [{ currentDirection: null }]);
    await pc2.setLocalDescription(answer);
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'sendrecv' }]);
    trackEvents = await srdTrackEvents(pc1, answer);
    hasProps(trackEvents, [{ track: pc1.getTransceivers()[0]!.receiver.track, streams: [{ id: stream.id }] }]);
    hasProps(pc1.getTransceivers(), [{ currentDirection: 'sendrecv' }]);

    pc2.getTransceivers()[0]!.direction = 'sendonly';
    offer = await pc2.createOffer();
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'sendrecv' }]);
    await pc2.setLocalDescription(offer);
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'sendrecv' }]);
    trackEvents = await srdTrackEvents(pc1, offer);
    hasProps(trackEvents, []);
    hasProps(pc1.getTransceivers(), [{ currentDirection: 'sendrecv' }]);
    answer = await pc1.createAnswer();
    hasProps(pc1.getTransceivers(), [{ currentDirection: 'sendrecv' }]);
    await pc1.setLocalDescription(answer);
    hasProps(pc1.getTransceivers(), [{ currentDirection: 'recvonly' }]);
    trackEvents = await srdTrackEvents(pc2, answer);
    hasProps(trackEvents, []);
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'sendonly' }]);

    pc2.getTransceivers()[0]!.direction = 'sendrecv';
    offer = await pc2.createOffer();
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'sendonly' }]);
    await pc2.setLocalDescription(offer);
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'sendonly' }]);
    trackEvents = await srdTrackEvents(pc1, offer);
    hasProps(trackEvents, []);
    hasProps(pc1.getTransceivers(), [{ currentDirection: 'recvonly' }]);
    answer = await pc1.createAnswer();
    hasProps(pc1.getTransceivers(), [{ currentDirection: 'recvonly' }]);
    await pc1.setLocalDescription(answer);
    hasProps(pc1.getTransceivers(), [{ currentDirection: 'sendrecv' }]);
    trackEvents = await srdTrackEvents(pc2, answer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[0]!.receiver.track, streams: [{ id: stream.id }] }]);
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'sendrecv' }]);

    pc2.close();
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'stopped' }]);
  });

  test('checkSendrecvWithTracklessStream', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({});
    pc1.addTransceiver('audio', { streams: [stream] });
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[0]!.receiver.track, streams: [{ id: stream.id }] }]);
  });

  test('checkAddTransceiverNoTrackDoesntPair', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    pc2.addTransceiver('audio');
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[1]!.receiver.track, streams: [] }]);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [{ mid: null }, {}]);
  });

  test('checkAddTransceiverWithTrackDoesntPair', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    const t = noiseStream({ audio: true }).getAudioTracks()[0]!;
    pc2.addTransceiver(t);
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[1]!.receiver.track, streams: [] }]);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [{ mid: null, sender: { track: t } }, { sender: { track: null } }]);
  });

  test('checkAddTransceiverThenReplaceTrackDoesntPair', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    pc2.addTransceiver('audio');
    const t = noiseStream({ audio: true }).getAudioTracks()[0]!;
    await pc2.getTransceivers()[0]!.sender.replaceTrack(t);
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[1]!.receiver.track, streams: [] }]);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [{ mid: null, sender: { track: t } }, { sender: { track: null } }]);
  });

  test('checkAddTrackPairs', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc2.addTrack(t, stream);
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[0]!.receiver.track, streams: [] }]);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [{ sender: { track: t } }]);
  });

  test('checkReplaceTrackNullDoesntPreventPairing', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    const stream = noiseStream({ audio: true });
    pc2.addTrack(stream.getAudioTracks()[0]!, stream);
    await pc2.getTransceivers()[0]!.sender.replaceTrack(null);
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[0]!.receiver.track, streams: [] }]);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [{ sender: { track: null } }]);
  });

  test('checkRemoveAndReadd', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc1.addTrack(t, stream);
    await offerAnswer(pc1, pc2);
    pc1.removeTrack(pc1.getSenders()[0]!);
    pc1.addTrack(t, stream);
    hasProps(pc1.getTransceivers(), [
      { sender: { track: null }, direction: 'recvonly' },
      { sender: { track: t }, direction: 'sendrecv' },
    ]);
    await offerAnswer(pc1, pc2);
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'inactive' }, { currentDirection: 'recvonly' }]);
    pc1.removeTrack(pc1.getSenders()[1]!);
    pc1.addTrack(t, stream);
    hasProps(pc1.getTransceivers(), [
      { sender: { track: null }, direction: 'recvonly' },
      { sender: { track: null }, direction: 'recvonly' },
      { sender: { track: t }, direction: 'sendrecv' },
    ]);
    pc2.addTransceiver('audio');
    await offerAnswer(pc2, pc1);
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'inactive' }, { currentDirection: 'inactive' }, { currentDirection: 'sendrecv' }]);
  });

  test('checkAddTrackExistingTransceiverThenRemove', async () => {
    const pc = newPc();
    pc.addTransceiver('audio');
    const stream = noiseStream({ audio: true });
    const audio = stream.getAudioTracks()[0]!;
    let sender = pc.addTrack(audio, stream);
    pc.removeTrack(sender);
    await pc.setLocalDescription(await pc.createOffer());
    sender = pc.addTrack(audio, stream);
    pc.removeTrack(sender);
    expect(pc.getSenders()[0]!.track).toBeNull();
  });

  test('checkRemoveTrackNegotiation', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true, video: true });
    const audio = stream.getAudioTracks()[0]!;
    const video = stream.getVideoTracks()[0]!;
    pc1.addTrack(audio, stream);
    pc1.addTrack(video, stream);
    pc1.getTransceivers()[1]!.direction = 'sendonly';
    let offer = await pc1.createOffer();
    let collector = collectTrackEvents(pc2);
    await pc2.setRemoteDescription(offer);
    let pc2TrackEvents = collector.finish();
    hasProps(pc2TrackEvents, [{ streams: [{ id: stream.id }] }, { streams: [{ id: stream.id }] }]);
    const receiveStream = pc2TrackEvents[0]!.streams[0]!;

    let removeCollector = collectStreamEvents(receiveStream, 'removetrack');
    await pc2.setRemoteDescription({ type: 'rollback' });
    let removed = removeCollector.finish();
    expect(removed.length).toBe(2);
    expect(removed).toContain(pc2TrackEvents[0]!.track);
    expect(removed).toContain(pc2TrackEvents[1]!.track);

    offer = await pc1.createOffer();
    let addCollector = collectStreamEvents(receiveStream, 'addtrack');
    collector = collectTrackEvents(pc2);
    await pc2.setRemoteDescription(offer);
    pc2TrackEvents = collector.finish();
    let added = addCollector.finish();
    expect(added.length).toBe(2);
    expect(added).toContain(pc2TrackEvents[0]!.track);
    expect(added).toContain(pc2TrackEvents[1]!.track);

    await pc1.setLocalDescription(offer);
    let answer = await pc2.createAnswer();
    await pc1.setRemoteDescription(answer);
    await pc2.setLocalDescription(answer);
    pc1.removeTrack(pc1.getSenders()[0]!);
    hasProps(pc1.getSenders(), [{ track: null }, { track: video }]);
    hasProps(pc1.getTransceivers(), [
      { sender: { track: null }, direction: 'recvonly' },
      { sender: { track: video }, direction: 'sendonly' },
    ]);
    await negotiationNeeded(pc1);
    pc1.removeTrack(pc1.getSenders()[1]!);
    hasProps(pc1.getSenders(), [{ track: null }, { track: null }]);
    hasProps(pc1.getTransceivers(), [
      { sender: { track: null }, direction: 'recvonly' },
      { sender: { track: null }, direction: 'inactive' },
    ]);

    offer = await pc1.createOffer();
    removeCollector = collectStreamEvents(receiveStream, 'removetrack');
    await pc2.setRemoteDescription(offer);
    removed = removeCollector.finish();
    expect(removed.length).toBe(2);
    expect(removed).toContain(pc2TrackEvents[0]!.track);
    expect(removed).toContain(pc2TrackEvents[1]!.track);

    addCollector = collectStreamEvents(receiveStream, 'addtrack');
    await pc2.setRemoteDescription({ type: 'rollback' });
    added = addCollector.finish();
    expect(added.length).toBe(2);

    offer = await pc2.createOffer();
    await pc2.setLocalDescription(offer);
    await pc1.setRemoteDescription(offer);
    answer = await pc1.createAnswer();
    await pc1.setLocalDescription(answer);
    removeCollector = collectStreamEvents(receiveStream, 'removetrack');
    await pc2.setRemoteDescription(answer);
    removed = removeCollector.finish();
    expect(removed.length).toBe(2);
    hasProps(pc2.getTransceivers(), [{ currentDirection: 'inactive' }, { currentDirection: 'inactive' }]);
  });

  test('checkStop', async () => {
    const pc1 = newPc();
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc1.addTrack(t, stream);
    let offer = await pc1.createOffer();
    await pc1.setLocalDescription(offer);
    const pc2 = newPc();
    await pc2.setRemoteDescription(offer);
    pc2.addTrack(t, stream);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc1.setRemoteDescription(answer);

    const stoppedTransceiver = pc1.getTransceivers()[0]!;
    let onended = new Promise((resolve) => (stoppedTransceiver.receiver.track.onended = resolve));
    stoppedTransceiver.stop();
    expect(pc1.getReceivers().length).toBe(1);
    expect(pc1.getSenders().length).toBe(1);
    await onended;
    hasPropsAndUniqueMids(pc1.getTransceivers(), [
      { sender: { track: { kind: 'audio' } }, receiver: { track: { kind: 'audio', readyState: 'ended' } }, currentDirection: 'sendrecv', direction: 'stopped' },
    ]);
    const transceiver = pc1.getTransceivers()[0]!;
    await expectRejectsOrThrowsNamed(() => transceiver.sender.setParameters(transceiver.sender.getParameters()), 'InvalidStateError');
    await expectRejectsOrThrowsNamed(() => transceiver.sender.replaceTrack(noiseStream({ audio: true }).getAudioTracks()[0]!), 'InvalidStateError');
    await expectRejectsOrThrowsNamed(() => {
      transceiver.direction = 'sendrecv';
    }, 'InvalidStateError');
    // (WPT also calls sender.dtmf.insertDTMF; RTCDTMFSender is not part of issue 2: see README.)
    stoppedTransceiver.stop();

    offer = await pc1.createOffer();
    await pc1.setLocalDescription(offer);
    const stoppedCalleeTransceiver = pc2.getTransceivers()[0]!;
    onended = new Promise((resolve) => (stoppedCalleeTransceiver.receiver.track.onended = resolve));
    await pc2.setRemoteDescription(offer);
    await onended;
    hasProps(pc2.getTransceivers(), [
      { sender: { track: { kind: 'audio' } }, receiver: { track: { kind: 'audio', readyState: 'ended' } }, currentDirection: 'stopped', direction: 'stopped' },
    ]);
    const stoppingAnswer = await pc2.createAnswer();
    await pc2.setLocalDescription(stoppingAnswer);
    expect(pc2.getTransceivers().length).toBe(0);
    expect(pc2.getReceivers().length).toBe(0);
    expect(pc2.getSenders().length).toBe(0);
    stoppedTransceiver.stop();
    await pc1.setRemoteDescription(stoppingAnswer);
    expect(pc1.getReceivers().length).toBe(0);
    expect(pc1.getSenders().length).toBe(0);
    pc1.close();
    pc2.close();
    await expectRejectsOrThrowsNamed(() => stoppedTransceiver.stop(), 'InvalidStateError');
  });

  test('checkStopAfterSetRemoteOffer', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc1.addTrack(t, stream);
    pc2.addTrack(t, stream);
    const offer = await pc1.createOffer();
    await pc2.setRemoteDescription(offer);
    await pc1.setLocalDescription(offer);
    pc2.getTransceivers()[0]!.stop();
    expect(pc2.getTransceivers()[0]!.direction).toBe('stopped');
    const answer = await pc2.createAnswer();
    const trackEvents = await srdTrackEvents(pc1, answer);
    hasProps(trackEvents, []);
    hasProps(pc2.getTransceivers(), [{ direction: 'stopped', currentDirection: null }]);
    const nn = negotiationNeeded(pc2);
    await pc2.setLocalDescription(answer);
    hasProps(pc2.getTransceivers(), [{ direction: 'stopped', currentDirection: 'inactive' }]);
    await nn;
  });

  test('checkStopAfterClose', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc1.addTrack(t, stream);
    pc2.addTrack(t, stream);
    const offer = await pc1.createOffer();
    await pc2.setRemoteDescription(offer);
    await pc1.setLocalDescription(offer);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc1.setRemoteDescription(answer);
    pc1.close();
    await expectRejectsOrThrowsNamed(() => pc1.getTransceivers()[0]!.stop(), 'InvalidStateError');
  });

  test('checkLocalRollback', async () => {
    const pc = newPc();
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc.addTrack(t, stream);
    let offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    hasPropsAndUniqueMids(pc.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: t }, direction: 'sendrecv', currentDirection: null },
    ]);
    pc.getTransceivers()[0]!.direction = 'sendonly';
    const track2 = noiseStream({ audio: true }).getAudioTracks()[0]!;
    await pc.getTransceivers()[0]!.sender.replaceTrack(track2);
    await pc.setLocalDescription({ type: 'rollback' });
    hasProps(pc.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: track2 }, direction: 'sendonly', mid: null, currentDirection: null },
    ]);
    offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    pc.getTransceivers()[0]!.stop();
    await pc.setLocalDescription({ type: 'rollback' });
    hasProps(pc.getTransceivers(), [{ direction: 'stopped' }]);
  });

  test('checkRollbackAndSetRemoteOfferWithDifferentType', async () => {
    const pc1 = newPc();
    const audioStream = noiseStream({ audio: true });
    const audioTrack = audioStream.getAudioTracks()[0]!;
    pc1.addTrack(audioTrack, audioStream);
    const pc2 = newPc();
    const videoStream = noiseStream({ video: true });
    const videoTrack = videoStream.getVideoTracks()[0]!;
    pc2.addTrack(videoTrack, videoStream);
    await pc1.setLocalDescription(await pc1.createOffer());
    await pc1.setLocalDescription({ type: 'rollback' });
    hasProps(pc1.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: audioTrack }, direction: 'sendrecv', mid: null, currentDirection: null },
    ]);
    hasProps(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'video' } }, sender: { track: videoTrack }, direction: 'sendrecv', mid: null, currentDirection: null },
    ]);
    await offerAnswer(pc2, pc1);
    hasPropsAndUniqueMids(pc1.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: audioTrack }, direction: 'sendrecv', mid: null, currentDirection: null },
      { receiver: { track: { kind: 'video' } }, sender: { track: null }, direction: 'recvonly', currentDirection: 'recvonly' },
    ]);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'video' } }, sender: { track: videoTrack }, direction: 'sendrecv', currentDirection: 'sendonly' },
    ]);
    await offerAnswer(pc1, pc2);
  });

  test('checkRemoteRollback', async () => {
    const pc1 = newPc();
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc1.addTrack(t, stream);
    let offer = await pc1.createOffer();
    const pc2 = newPc();
    await pc2.setRemoteDescription(offer);
    const removedTransceiver = pc2.getTransceivers()[0]!;
    const onended = new Promise((resolve) => (removedTransceiver.receiver.track.onended = resolve));
    await pc2.setRemoteDescription({ type: 'rollback' });
    hasProps(pc2.getTransceivers(), []);
    hasProps(removedTransceiver, { mid: null, currentDirection: 'stopped' });
    await onended;
    hasProps(removedTransceiver, { receiver: { track: { readyState: 'ended' } }, mid: null, currentDirection: 'stopped' });

    await pc2.setRemoteDescription(offer);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: null }, direction: 'recvonly', currentDirection: null },
    ]);
    const mid0 = pc2.getTransceivers()[0]!.mid;
    const stream2 = noiseStream({ audio: true });
    const track2 = stream2.getAudioTracks()[0]!;
    await pc2.getTransceivers()[0]!.sender.replaceTrack(track2);
    pc2.getTransceivers()[0]!.direction = 'sendrecv';
    hasProps(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: track2 }, direction: 'sendrecv', mid: mid0, currentDirection: null },
    ]);
    await pc2.setRemoteDescription({ type: 'rollback' });
    hasProps(pc2.getTransceivers(), []);

    await pc2.setRemoteDescription(offer);
    hasProps(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: null }, direction: 'recvonly', mid: mid0, currentDirection: null },
    ]);
    pc2.addTrack(track2, stream2);
    hasProps(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: track2 }, direction: 'sendrecv', mid: mid0, currentDirection: null },
    ]);
    await pc2.setRemoteDescription({ type: 'rollback' });
    hasProps(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: track2 }, direction: 'sendrecv', mid: null, currentDirection: null },
    ]);

    await pc1.setLocalDescription(offer);
    let trackEvents = await srdTrackEvents(pc2, offer);
    expect(trackEvents.length).toBe(1);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[0]!.receiver.track, streams: [{ id: stream.id }] }]);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    trackEvents = await srdTrackEvents(pc1, answer);
    expect(trackEvents.length).toBe(1);
    hasProps(trackEvents, [{ track: pc1.getTransceivers()[0]!.receiver.track, streams: [{ id: stream2.id }] }]);
    hasProps(pc1.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: t }, direction: 'sendrecv', mid: mid0, currentDirection: 'sendrecv' },
    ]);

    pc1.getTransceivers()[0]!.direction = 'recvonly';
    offer = await pc1.createOffer();
    trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, []);
    trackEvents = await srdTrackEvents(pc2, { type: 'rollback' });
    expect(trackEvents.length).toBe(1);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[0]!.receiver.track, streams: [{ id: stream.id }] }]);

    pc1.getTransceivers()[0]!.stop();
    offer = await pc1.createOffer();
    await pc2.setRemoteDescription(offer);
    hasProps(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: track2 }, direction: 'stopped', mid: mid0, currentDirection: 'stopped' },
    ]);
    await pc2.setRemoteDescription({ type: 'rollback' });
    hasProps(pc2.getTransceivers(), [
      { receiver: { track: { kind: 'audio' } }, sender: { track: { kind: 'audio' } }, direction: 'stopped', mid: mid0, currentDirection: 'stopped' },
    ]);
  });

  test('checkStopAfterCreateOfferWithReusedMsection', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true, video: true });
    pc1.addTrack(stream.getAudioTracks()[0]!, stream);
    pc1.addTrack(stream.getVideoTracks()[0]!, stream);
    await offerAnswer(pc1, pc2);
    pc1.getTransceivers()[1]!.stop();
    await offerAnswer(pc1, pc2);
    const transceiver = pc1.addTransceiver('video');
    const offer = await pc1.createOffer();
    transceiver.stop();
    await pc1.setLocalDescription(offer);
    await pc2.setRemoteDescription(offer);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc1.setRemoteDescription(answer);
    expect(pc1.signalingState).toBe('stable');
  });

  test('checkAddIceCandidateToStoppedTransceiver', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream = noiseStream({ audio: true, video: true });
    const audio = stream.getAudioTracks()[0]!;
    const video = stream.getVideoTracks()[0]!;
    pc1.addTrack(audio, stream);
    pc1.addTrack(video, stream);
    pc2.addTrack(audio, stream);
    pc2.addTrack(video, stream);
    await pc1.setLocalDescription(await pc1.createOffer());
    pc1.getTransceivers()[1]!.stop();
    void pc1.setLocalDescription({ type: 'rollback' });
    const offer = await pc2.createOffer();
    await pc2.setLocalDescription(offer);
    await pc1.setRemoteDescription(offer);
    await pc1.addIceCandidate({ candidate: 'candidate:0 1 UDP 2122252543 192.168.1.112 64261 typ host', sdpMid: pc2.getTransceivers()[1]!.mid });
  });

  test('checkBundleTagRejected', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    const stream1 = noiseStream({ audio: true });
    const stream2 = noiseStream({ audio: true });
    pc1.addTrack(stream1.getAudioTracks()[0]!, stream1);
    pc1.addTrack(stream2.getAudioTracks()[0]!, stream2);
    await offerAnswer(pc1, pc2);
    pc2.getTransceivers()[0]!.stop();
    await offerAnswer(pc1, pc2);
    await offerAnswer(pc2, pc1);
    expect(pc1.signalingState).toBe('stable');
  });

  for (const kind of ['audio', 'video'] as const) {
    test(`track with ${kind} is muted after SRD`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver(kind);
      const unmutedInOntrack: boolean[] = [];
      pc2.ontrack = (e: Event) => unmutedInOntrack.push(!(e as unknown as { track: MediaStreamTrack }).track.muted);
      const offer = await pc1.createOffer();
      await pc2.setRemoteDescription(offer);
      expect(pc2.getReceivers()[0]!.track.muted).toBe(true);
      expect(unmutedInOntrack).toEqual([false]);
    });
  }

  test('checkAddTransceiverThenAddTrackPairs', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    pc2.addTransceiver('audio');
    const stream = noiseStream({ audio: true });
    pc2.addTrack(stream.getAudioTracks()[0]!, stream);
    const offer = await pc1.createOffer();
    const trackEvents = await srdTrackEvents(pc2, offer);
    // WPT's hasProps here only checks that `track` is an object; the intent is that the
    // transceiver created for the offer (index 1) receives it.
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[1]!.receiver.track, streams: [] }]);
    expect(pc2.getTransceivers()[0]!.mid).toBeNull();
    expect(pc2.getTransceivers()[1]!.mid).not.toBeNull();
  });

  test('checkMsectionReuse', async () => {
    const pc1 = newPc({ bundlePolicy: 'max-compat' });
    const pc2 = newPc({ bundlePolicy: 'max-compat' });
    const stream = noiseStream({ audio: true });
    const t = stream.getAudioTracks()[0]!;
    pc1.addTrack(t, stream);
    const [pc1Transceiver] = pc1.getTransceivers();
    await pc1.setLocalDescription();
    await pc2.setRemoteDescription(pc1.localDescription!);
    const stoppedMid0 = pc2.getTransceivers()[0]!.mid;
    const [pc2Transceiver] = pc2.getTransceivers();
    pc2Transceiver!.stop();
    expect(pc2.getTransceivers()[0]!.direction).toBe('stopped');
    expect(pc2.getTransceivers()[0]!.currentDirection).not.toBe('stopped');
    await pc2.setLocalDescription();
    await pc1.setRemoteDescription(pc2.localDescription!);
    expect(pc1Transceiver!.mid).toBe(stoppedMid0);
    expect(pc1Transceiver!.direction).toBe('sendrecv');
    expect(pc1Transceiver!.currentDirection).toBe('inactive');
    expect(pc2Transceiver!.mid).toBe(stoppedMid0);
    expect(pc2Transceiver!.direction).toBe('stopped');
    expect(pc2Transceiver!.currentDirection).toBe('inactive');

    await pc2.setLocalDescription();
    await pc1.setRemoteDescription(pc2.localDescription!);
    await pc1.setLocalDescription();
    await pc2.setRemoteDescription(pc1.localDescription!);
    expect(pc1.getTransceivers().length).toBe(0);
    expect(pc2.getTransceivers().length).toBe(0);
    expect(pc1Transceiver!.mid).toBeNull();
    expect(pc1Transceiver!.direction).toBe('stopped');
    expect(pc1Transceiver!.currentDirection).toBe('stopped');
    expect(pc2Transceiver!.mid).toBeNull();
    expect(pc2Transceiver!.direction).toBe('stopped');
    expect(pc2Transceiver!.currentDirection).toBe('stopped');

    const stream2 = noiseStream({ audio: true });
    const track2 = stream2.getAudioTracks()[0]!;
    pc1.addTrack(track2, stream2);
    let offer = await pc1.createOffer();
    expect(requireSdp(offer.sdp).match(/m=/g)!.length).toBe(1);
    hasProps(pc1.getTransceivers(), [{ sender: { track: track2 } }]);
    expect(pc1.getTransceivers()[0]!.mid).not.toBe(stoppedMid0);
    pc2.addTrack(t, stream);
    offer = await pc2.createOffer();
    expect(requireSdp(offer.sdp).match(/m=/g)!.length).toBe(1);
    hasProps(pc2.getTransceivers(), [{ sender: { track: t } }]);
    expect(pc2.getTransceivers()[0]!.mid).not.toBe(stoppedMid0);
    await pc2.setLocalDescription(offer);
    await pc1.setRemoteDescription(offer);
    let answer = await pc1.createAnswer();
    await pc1.setLocalDescription(answer);
    await pc2.setRemoteDescription(answer);
    hasPropsAndUniqueMids(pc1.getTransceivers(), [{ sender: { track: track2 }, currentDirection: 'sendrecv' }]);
    const mid0 = pc1.getTransceivers()[0]!.mid;
    hasProps(pc2.getTransceivers(), [{ sender: { track: t }, currentDirection: 'sendrecv', mid: mid0 }]);

    const stoppedMid1 = pc1.getTransceivers()[0]!.mid;
    pc1.getTransceivers()[0]!.stop();
    const stream3 = noiseStream({ audio: true });
    const track3 = stream3.getAudioTracks()[0]!;
    pc1.addTrack(track3, stream3);
    offer = await pc1.createOffer();
    expect(requireSdp(offer.sdp).match(/m=/g)!.length).toBe(2);
    expect(requireSdp(offer.sdp).match(/m=audio 0 /g)!.length).toBe(1);
    await pc1.setLocalDescription(offer);
    let trackEvents = await srdTrackEvents(pc2, offer);
    hasProps(trackEvents, [{ track: pc2.getTransceivers()[1]!.receiver.track, streams: [{ id: stream3.id }] }]);
    answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    trackEvents = await srdTrackEvents(pc1, answer);
    hasProps(trackEvents, []);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [{ sender: { track: null }, currentDirection: 'recvonly' }]);
    const mid1 = pc2.getTransceivers()[0]!.mid;
    expect(mid1).not.toBe(stoppedMid1);

    pc2.addTrack(track3, stream3);
    offer = await pc2.createOffer();
    expect(requireSdp(offer.sdp).match(/m=/g)!.length).toBe(2);
    expect(requireSdp(offer.sdp).match(/m=audio 0 /g)!.length).toBe(1);
    hasProps(pc2.getTransceivers(), [{ mid: mid1, sender: { track: track3 }, currentDirection: 'recvonly', direction: 'sendrecv' }]);

    const stream4 = noiseStream({ audio: true });
    const track4 = stream4.getAudioTracks()[0]!;
    pc2.addTrack(track4, stream4);
    offer = await pc2.createOffer();
    await pc2.setLocalDescription(offer);
    hasPropsAndUniqueMids(pc2.getTransceivers(), [{ mid: mid1 }, { sender: { track: track4 } }]);
    expect(pc2.getTransceivers()[1]!.mid).not.toBe(stoppedMid0);
    expect(pc2.getTransceivers()[1]!.mid).not.toBe(stoppedMid1);
    expect(requireSdp(offer.sdp).match(/m=/g)!.length).toBe(2);
    expect(requireSdp(offer.sdp).match(/m=audio 0 /g)).toBeNull();
  });
});
