/**
 * Signaling interop between purertc's RTCPeerConnection (in Node) and headless
 * Chromium's: offers and answers in both directions with audio, video and a
 * data channel, simulcast, renegotiation, implicit rollback, ICE restart and
 * `track` events for Chromium's msid streams. SDP only: no transport runs yet
 * (issue 7 connects them). Each test is bounded; Chromium is closed in afterAll.
 */
import { createMediaStreamTrack, MediaStream, RTCPeerConnection, type RTCRtpTransceiver, type RTCTrackEvent } from '@purertc/peerconnection';
import { SIMULCAST_ENCODINGS } from './capture.js';
import { launchChromium, type ChromiumHarness, type ChromiumPeer, type DescriptionInit, type TransceiverInfo } from './harness.js';

jest.setTimeout(20_000);

let browser: ChromiumHarness;
const ours: RTCPeerConnection[] = [];
const theirs: ChromiumPeer[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterEach(async () => {
  for (const pc of ours.splice(0)) pc.close();
  for (const pc of theirs.splice(0)) await pc.close();
});

afterAll(async () => {
  await browser?.close();
});

function purertc(): RTCPeerConnection {
  // Loopback only: these connections now run ICE for real.
  const pc = new RTCPeerConnection({}, { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } });
  ours.push(pc);
  return pc;
}

async function chromium(): Promise<ChromiumPeer> {
  const pc = await browser.newPeer();
  theirs.push(pc);
  return pc;
}

/** purertc's localDescription as plain JSON for the page. */
function json(pc: RTCPeerConnection): DescriptionInit & { sdp: string } {
  const d = pc.localDescription!;
  return { type: d.type as DescriptionInit['type'], sdp: d.sdp };
}

/** The direction the other side of an m= section sees (RFC 8829 §5.3.1). */
function reverse(direction: string | null): string | null {
  return direction === 'sendonly' ? 'recvonly' : direction === 'recvonly' ? 'sendonly' : direction;
}

function info(t: RTCRtpTransceiver): TransceiverInfo {
  return { mid: t.mid, kind: t.receiver.track.kind, direction: t.direction, currentDirection: t.currentDirection };
}

/**
 * Both sides have the same negotiated mids with the same kinds, and mirrored
 * current directions. Transceivers not negotiated yet (mid null) are left out;
 * the two sides may list transceivers in different orders (creation order).
 */
async function expectAgreement(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<{ ours: TransceiverInfo[]; theirs: TransceiverInfo[] }> {
  const byMid = (x: TransceiverInfo, y: TransceiverInfo) => Number(x.mid) - Number(y.mid);
  const a = pc.getTransceivers().map(info).filter((t) => t.mid !== null).sort(byMid);
  const b = (await peer.transceivers()).filter((t) => t.mid !== null).sort(byMid);
  expect(a.map((t) => [t.mid, t.kind])).toEqual(b.map((t) => [t.mid, t.kind]));
  for (const t of a) {
    const other = b.find((x) => x.mid === t.mid)!;
    expect({ mid: t.mid, currentDirection: reverse(t.currentDirection) }).toEqual({ mid: other.mid, currentDirection: other.currentDirection });
  }
  return { ours: a, theirs: b };
}

function iceCredentials(sdp: string): { ufrag: string; pwd: string } {
  return { ufrag: /^a=ice-ufrag:(\S+)$/m.exec(sdp)![1]!, pwd: /^a=ice-pwd:(\S+)$/m.exec(sdp)![1]! };
}

function midsOf(sdp: string): string[] {
  return [...sdp.matchAll(/^a=mid:(\S+)$/gm)].map((m) => m[1]!);
}

/** purertc with an audio track (addTrack), a video track (addTransceiver) in one stream, and a data channel. */
function purertcWithMedia(): { pc: RTCPeerConnection; stream: MediaStream } {
  const pc = purertc();
  const stream = new MediaStream();
  pc.addTrack(createMediaStreamTrack('audio'), stream);
  pc.addTransceiver(createMediaStreamTrack('video'), { direction: 'sendrecv', streams: [stream] });
  pc.createDataChannel('chat');
  return { pc, stream };
}

/** purertc offers, Chromium answers (with its own audio and video tracks), purertc applies the answer. */
async function purertcOffers(pc: RTCPeerConnection, peer: ChromiumPeer): Promise<{ offer: DescriptionInit; answer: DescriptionInit }> {
  await pc.setLocalDescription();
  const offer = json(pc);
  await peer.setRemoteDescription(offer);
  const answer = (await peer.setLocalDescription())!;
  await pc.setRemoteDescription(answer as never);
  return { offer, answer };
}

/** Chromium offers, purertc answers, Chromium applies the answer. */
async function chromiumOffers(pc: RTCPeerConnection, peer: ChromiumPeer, options?: RTCOfferOptions): Promise<{ offer: DescriptionInit; answer: DescriptionInit & { sdp: string } }> {
  const offer = await peer.createOffer(options);
  await peer.setLocalDescription(offer);
  await pc.setRemoteDescription(offer as never);
  await pc.setLocalDescription();
  const answer = json(pc);
  await peer.setRemoteDescription(answer);
  return { offer, answer };
}

describe('(a) purertc offers, Chromium answers', () => {
  test('audio + video + data: both stable, same mids and kinds, sendrecv on both sides', async () => {
    const { pc } = purertcWithMedia();
    const peer = await chromium();
    await pc.setLocalDescription();
    await peer.setRemoteDescription(json(pc));
    // Chromium's addTrack after the offer reuses the offered transceivers (webrtc-pc §5.1 addTrack step 9).
    await peer.addTrack('audio', ['answer-stream']);
    await peer.addTrack('video', ['answer-stream']);
    const answer = (await peer.setLocalDescription())!;
    expect(answer.type).toBe('answer');
    expect(midsOf(answer.sdp!)).toEqual(midsOf(pc.localDescription!.sdp));
    expect(answer.sdp).toMatch(/^m=application 9 UDP\/DTLS\/SCTP webrtc-datachannel$/m);
    await pc.setRemoteDescription(answer as never);

    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
    const { ours: a } = await expectAgreement(pc, peer);
    expect(a.map((t) => [t.kind, t.currentDirection])).toEqual([
      ['audio', 'sendrecv'],
      ['video', 'sendrecv'],
    ]);
    // Chromium accepted the data section: it has an SCTP transport for it.
    expect(await peer.eval((p) => p.sctp !== null)).toBe(true);
  });

  test('without tracks on the Chromium side the answer is recvonly and purertc sees sendonly', async () => {
    const { pc } = purertcWithMedia();
    const peer = await chromium();
    await purertcOffers(pc, peer);
    const { ours: a, theirs: b } = await expectAgreement(pc, peer);
    expect(a.map((t) => t.currentDirection)).toEqual(['sendonly', 'sendonly']);
    expect(b.map((t) => t.currentDirection)).toEqual(['recvonly', 'recvonly']);
  });

  test('legacy offerToReceiveAudio/Video offer (no local tracks) is answered sendonly by Chromium with tracks', async () => {
    const pc = purertc();
    const peer = await chromium();
    const offer = (await pc.createOffer({ offerToReceiveAudio: true, offerToReceiveVideo: true }))!;
    await pc.setLocalDescription(offer as never);
    await peer.setRemoteDescription(json(pc));
    await peer.addTrack('audio', ['s']);
    await peer.addTrack('video', ['s']);
    await pc.setRemoteDescription((await peer.setLocalDescription()) as never);
    const { ours: a } = await expectAgreement(pc, peer);
    expect(a.map((t) => [t.kind, t.currentDirection])).toEqual([
      ['audio', 'recvonly'],
      ['video', 'recvonly'],
    ]);
  });
});

describe('(b) Chromium offers, purertc answers', () => {
  test('audio + video + data: purertc answers with its own tracks, Chromium accepts, both stable', async () => {
    const pc = purertc();
    const peer = await chromium();
    await peer.addTrack('audio', ['c']);
    await peer.addTrack('video', ['c']);
    await peer.createDataChannel('chat');
    const offer = (await peer.setLocalDescription())!;
    await pc.setRemoteDescription(offer as never);
    expect(pc.signalingState).toBe('have-remote-offer');
    // addTrack reuses the transceivers the offer created (webrtc-pc §5.1 addTrack step 9).
    const stream = new MediaStream();
    pc.addTrack(createMediaStreamTrack('audio'), stream);
    pc.addTrack(createMediaStreamTrack('video'), stream);
    expect(pc.getTransceivers()).toHaveLength(2);
    await pc.setLocalDescription();
    const answer = json(pc);
    expect(answer.type).toBe('answer');
    expect(midsOf(answer.sdp)).toEqual(midsOf(offer.sdp!));
    expect(answer.sdp).toMatch(/^a=setup:(active|passive)$/m);
    await peer.setRemoteDescription(answer);

    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
    const { ours: a } = await expectAgreement(pc, peer);
    expect(a.map((t) => [t.kind, t.currentDirection])).toEqual([
      ['audio', 'sendrecv'],
      ['video', 'sendrecv'],
    ]);
    expect(await peer.eval((p) => p.sctp !== null)).toBe(true);
  });

  test('simulcast: Chromium sends three rids, purertc answers with receive simulcast, Chromium keeps three encodings', async () => {
    const pc = purertc();
    const peer = await chromium();
    await peer.addTransceiver('audio', { direction: 'sendonly', streams: ['sim'], withTrack: true });
    await peer.addTransceiver('video', { direction: 'sendonly', streams: ['sim'], withTrack: true, sendEncodings: SIMULCAST_ENCODINGS });
    await peer.createDataChannel('data');
    const { offer, answer } = await chromiumOffers(pc, peer);
    expect(offer.sdp).toContain('a=simulcast:send q;h;f\r\n');
    const video = answer.sdp.split(/^m=/m).find((s) => s.startsWith('video'))!;
    expect(video).toMatch(/^a=rid:q recv\r$/m);
    expect(video).toMatch(/^a=rid:h recv\r$/m);
    expect(video).toMatch(/^a=rid:f recv\r$/m);
    expect(video).toMatch(/^a=simulcast:recv q;h;f\r$/m);
    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
    const { ours: a } = await expectAgreement(pc, peer);
    expect(a.map((t) => [t.kind, t.currentDirection])).toEqual([
      ['audio', 'recvonly'],
      ['video', 'recvonly'],
    ]);
    // Had the answer dropped simulcast, Chromium would have cut the sender to one encoding.
    const rids = await peer.eval((p) => p.getTransceivers()[1]!.sender.getParameters().encodings.map((e) => e.rid ?? null));
    expect(rids).toEqual(['q', 'h', 'f']);
  });
});

describe('(c) renegotiation', () => {
  test('session started by purertc: purertc adds a transceiver and re-offers, Chromium answers', async () => {
    const { pc } = purertcWithMedia();
    const peer = await chromium();
    await purertcOffers(pc, peer);
    await expectAgreement(pc, peer);

    // A new recvonly video transceiver fires negotiationneeded (webrtc-pc §4.7.3).
    let needed = 0;
    pc.addEventListener('negotiationneeded', () => needed++);
    pc.addTransceiver('video', { direction: 'recvonly' });
    await new Promise((r) => setTimeout(r, 0));
    expect(needed).toBe(1);
    const { offer } = await purertcOffers(pc, peer);
    expect(midsOf(offer.sdp!)).toHaveLength(4);
    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
    const after = await expectAgreement(pc, peer);
    // Chromium has nothing to send on it: its transceiver (created recvonly by the offer) answers inactive.
    expect(after.ours.at(-1)).toMatchObject({ kind: 'video', currentDirection: 'inactive' });
    expect(after.theirs.at(-1)).toMatchObject({ kind: 'video', direction: 'recvonly', currentDirection: 'inactive' });
    // (Chromium re-offering in a session purertc started: pending-dtls-role.test.ts.ignore.)
  });

  test('session started by Chromium: Chromium adds a transceiver and re-offers, then purertc does', async () => {
    const pc = purertc();
    const peer = await chromium();
    await peer.addTrack('audio', ['c']);
    await peer.createDataChannel('chat');
    await chromiumOffers(pc, peer);
    await expectAgreement(pc, peer);

    await peer.addTransceiver('video', { direction: 'sendonly', streams: ['late'], withTrack: true });
    const first = await chromiumOffers(pc, peer);
    expect(midsOf(first.offer.sdp!)).toEqual(['0', '1', '2']);
    expect(midsOf(first.answer.sdp!)).toEqual(['0', '1', '2']);
    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
    const after1 = await expectAgreement(pc, peer);
    expect(after1.ours.at(-1)).toMatchObject({ mid: '2', kind: 'video', currentDirection: 'recvonly' });

    pc.addTransceiver(createMediaStreamTrack('audio'), { direction: 'sendonly' });
    const second = await purertcOffers(pc, peer);
    expect(midsOf(second.offer.sdp!)).toHaveLength(4);
    expect(midsOf(second.answer.sdp!)).toEqual(midsOf(second.offer.sdp!));
    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
    const after2 = await expectAgreement(pc, peer);
    expect(after2.ours.at(-1)).toMatchObject({ kind: 'audio', currentDirection: 'sendonly' });
    expect(after2.theirs.at(-1)).toMatchObject({ kind: 'audio', currentDirection: 'recvonly' });
  });

  test('a direction change on purertc is renegotiated and Chromium follows', async () => {
    const { pc } = purertcWithMedia();
    const peer = await chromium();
    await purertcOffers(pc, peer);
    pc.getTransceivers()[0]!.direction = 'inactive';
    await purertcOffers(pc, peer);
    const { ours: a, theirs: b } = await expectAgreement(pc, peer);
    expect(a[0]!.currentDirection).toBe('inactive');
    expect(b[0]!.currentDirection).toBe('inactive');
  });
});

describe('(d) implicit rollback', () => {
  test("purertc in have-local-offer applies Chromium's offer: rolled back, answers, both stable", async () => {
    const { pc } = purertcWithMedia();
    const peer = await chromium();
    await peer.addTrack('audio', ['c']);
    await peer.createDataChannel('their-chat');

    await pc.setLocalDescription();
    expect(pc.signalingState).toBe('have-local-offer');
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));

    const offer = (await peer.setLocalDescription())!;
    await pc.setRemoteDescription(offer as never);
    // webrtc-pc §4.4.1.5: rollback to stable, then have-remote-offer.
    expect(states).toEqual(['stable', 'have-remote-offer']);
    expect(pc.pendingLocalDescription).toBeNull();
    await pc.setLocalDescription();
    await peer.setRemoteDescription(json(pc));
    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
    await expectAgreement(pc, peer);
    // purertc's own video was not in Chromium's offer: it still needs negotiating.
    expect(pc.getTransceivers().some((t) => t.mid === null && t.receiver.track.kind === 'video')).toBe(true);
  });

  test("Chromium in have-local-offer applies purertc's offer (its own implicit rollback), purertc accepts the answer", async () => {
    const { pc } = purertcWithMedia();
    const peer = await chromium();
    await peer.addTrack('video', ['c']);
    await peer.setLocalDescription();
    expect(await peer.signalingState()).toBe('have-local-offer');
    await purertcOffers(pc, peer);
    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
    await expectAgreement(pc, peer);
  });
});

describe('(e) ICE restart', () => {
  test('purertc restarts: Chromium accepts the offer and both sides change ufrag/pwd', async () => {
    const { pc } = purertcWithMedia();
    const peer = await chromium();
    const before = await purertcOffers(pc, peer);
    const offer = (await pc.createOffer({ iceRestart: true }))!;
    await pc.setLocalDescription(offer as never);
    const { answer } = await (async () => {
      await peer.setRemoteDescription(json(pc));
      const a = (await peer.setLocalDescription())!;
      await pc.setRemoteDescription(a as never);
      return { answer: a };
    })();
    expect(iceCredentials(pc.localDescription!.sdp).ufrag).not.toBe(iceCredentials(before.offer.sdp!).ufrag);
    expect(iceCredentials(pc.localDescription!.sdp).pwd).not.toBe(iceCredentials(before.offer.sdp!).pwd);
    expect(iceCredentials(answer.sdp!).ufrag).not.toBe(iceCredentials(before.answer.sdp!).ufrag);
    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
  });

  test('restartIce() on purertc leads to a restart offer Chromium accepts', async () => {
    const { pc } = purertcWithMedia();
    const peer = await chromium();
    const before = await purertcOffers(pc, peer);
    pc.restartIce();
    const after = await purertcOffers(pc, peer);
    expect(iceCredentials(after.offer.sdp!).ufrag).not.toBe(iceCredentials(before.offer.sdp!).ufrag);
    expect(iceCredentials(after.answer.sdp!).ufrag).not.toBe(iceCredentials(before.answer.sdp!).ufrag);
  });

  test('Chromium restarts: purertc accepts the offer and answers with new ufrag/pwd', async () => {
    const pc = purertc();
    const peer = await chromium();
    await peer.addTrack('audio', ['c']);
    await peer.createDataChannel('chat');
    const before = await chromiumOffers(pc, peer);
    const after = await chromiumOffers(pc, peer, { iceRestart: true });
    expect(iceCredentials(after.offer.sdp!).ufrag).not.toBe(iceCredentials(before.offer.sdp!).ufrag);
    // RFC 8829 §5.3.1: an answer to an ICE-restarting offer carries new credentials.
    expect(iceCredentials(after.answer.sdp!).ufrag).not.toBe(iceCredentials(before.answer.sdp!).ufrag);
    expect(iceCredentials(after.answer.sdp!).pwd).not.toBe(iceCredentials(before.answer.sdp!).pwd);
    expect(pc.signalingState).toBe('stable');
    expect(await peer.signalingState()).toBe('stable');
  });
});

describe('trickle: Chromium candidates into purertc.addIceCandidate', () => {
  test("Chromium's loopback candidates are accepted and appear in purertc's remote description", async () => {
    const pc = purertc();
    const peer = await chromium();
    await peer.addTrack('audio', ['c']);
    await peer.createDataChannel('chat');
    const offer = (await peer.setLocalDescription())!;
    expect(offer.sdp).not.toMatch(/^a=candidate:/m);
    await pc.setRemoteDescription(offer as never);
    await peer.gatheredLocalDescription();
    const trickled = await peer.iceCandidates();
    expect(trickled.at(-1)).toBeNull();
    const loopback = trickled.filter((c): c is RTCIceCandidateInit => c !== null && / (127\.0\.0\.1|::1) /.test(c.candidate!));
    expect(loopback.length).toBeGreaterThan(0);
    for (const c of loopback) await pc.addIceCandidate(c as never);
    const remote = pc.remoteDescription!.sdp;
    for (const c of loopback) expect(remote).toContain(`a=${c.candidate}\r\n`);
    await pc.setLocalDescription();
    await peer.setRemoteDescription(json(pc));
    expect(await peer.signalingState()).toBe('stable');
  });
});

describe('(f) track events on the purertc side', () => {
  test("one per remote track, with Chromium's msid stream ids, kinds and mids", async () => {
    const pc = purertc();
    const peer = await chromium();
    const audioTrack = await peer.addTrack('audio', ['both']);
    const videoTrack = await peer.addTrack('video', ['both', 'extra']);
    const loneVideo = await peer.addTrack('video', []);
    const [both, extra] = [await peer.streamId('both'), await peer.streamId('extra')];

    const events: RTCTrackEvent[] = [];
    pc.addEventListener('track', (e) => events.push(e as RTCTrackEvent));
    await chromiumOffers(pc, peer);

    const seen = events.map((e) => ({ kind: e.track.kind, mid: e.transceiver.mid, streams: e.streams.map((s) => s.id) }));
    expect(seen).toEqual([
      { kind: 'audio', mid: '0', streams: [both] },
      { kind: 'video', mid: '1', streams: [both, extra] },
      { kind: 'video', mid: '2', streams: [] },
    ]);
    // The same MediaStream object stands for "both" in both events, holding both tracks.
    expect(events[0]!.streams[0]).toBe(events[1]!.streams[0]);
    expect(events[0]!.streams[0]!.getTracks().map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    for (const e of events) expect(e.receiver).toBe(e.transceiver.receiver);
    // Chromium's track ids are in the SDP; the ids stay Chromium's sender track ids there.
    const offerSdp = pc.remoteDescription!.sdp;
    for (const id of [audioTrack, videoTrack, loneVideo]) expect(offerSdp).toContain(id);
  });

  test('renegotiation: a track Chromium adds later fires one more track event with its stream', async () => {
    const pc = purertc();
    const peer = await chromium();
    await peer.addTrack('audio', ['first']);
    const events: RTCTrackEvent[] = [];
    pc.addEventListener('track', (e) => events.push(e as RTCTrackEvent));
    await chromiumOffers(pc, peer);
    expect(events).toHaveLength(1);
    await peer.addTrack('video', ['first', 'late']);
    const [first, late] = [await peer.streamId('first'), await peer.streamId('late')];
    await chromiumOffers(pc, peer);
    expect(events.map((e) => [e.track.kind, e.transceiver.mid, e.streams.map((s) => s.id)])).toEqual([
      ['audio', '0', [first]],
      ['video', '1', [first, late]],
    ]);
    expect(events[1]!.streams[0]).toBe(events[0]!.streams[0]);
  });
});
