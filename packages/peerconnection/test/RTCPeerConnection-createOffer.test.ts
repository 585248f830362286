import { createMediaStreamTrack, MediaStream, RTCPeerConnection, RTCRtpSender, RTCSessionDescription } from '@purertc/peerconnection';
import { seededRandom } from '@purertc/common';
import { lines, negotiate, rejectsWithName, requireSdp, sections } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
function pc(...args: ConstructorParameters<typeof RTCPeerConnection>): RTCPeerConnection {
  const p = new RTCPeerConnection(...args);
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

describe('createOffer (webrtc-pc §4.4.1.5, RFC 8829 §5.2)', () => {
  test('resolves with a plain RTCSessionDescriptionInit, not an RTCSessionDescription', async () => {
    const offer = await pc().createOffer();
    expect(offer).not.toBeInstanceOf(RTCSessionDescription);
    expect(offer!.type).toBe('offer');
    expect(typeof offer!.sdp).toBe('string');
  });

  test('an offer with no transceivers has no m= sections and no BUNDLE group', async () => {
    const offer = await pc().createOffer();
    expect(sections(offer!.sdp)).toHaveLength(0);
    expect(offer!.sdp).not.toContain('a=group:BUNDLE');
    expect(requireSdp(offer!.sdp).startsWith('v=0\r\no=- ')).toBe(true);
  });

  test('one m= section per transceiver, in order, with BUNDLE and mids', async () => {
    const p = pc();
    p.addTransceiver('audio');
    p.addTransceiver('video');
    const offer = await p.createOffer();
    const s = sections(offer!.sdp);
    expect(s.map((x) => x[0]!.split(' ')[0])).toEqual(['m=audio', 'm=video']);
    expect(lines(offer!.sdp, 'a=mid:')).toEqual(['a=mid:0', 'a=mid:1']);
    expect(lines(offer!.sdp, 'a=group:BUNDLE')).toEqual(['a=group:BUNDLE 0 1']);
  });

  test('every m= section has ice-ufrag/pwd, trickle, sha-256 fingerprint, setup:actpass and rtcp-mux', async () => {
    const p = pc();
    p.addTransceiver('audio');
    const [s] = sections((await p.createOffer())!.sdp);
    expect(s!.some((l) => /^a=ice-ufrag:[A-Za-z0-9+/]{4,}$/.test(l))).toBe(true);
    expect(s!.some((l) => /^a=ice-pwd:[A-Za-z0-9+/]{22,}$/.test(l))).toBe(true);
    expect(s).toContain('a=ice-options:trickle');
    expect(s!.some((l) => l.startsWith('a=fingerprint:sha-256 '))).toBe(true);
    expect(s).toContain('a=setup:actpass');
    expect(s).toContain('a=rtcp-mux');
  });

  test('the transceiver direction is written on its m= section', async () => {
    const p = pc();
    p.addTransceiver('audio', { direction: 'recvonly' });
    p.addTransceiver('video', { direction: 'sendonly' });
    const s = sections((await p.createOffer())!.sdp);
    expect(s[0]).toContain('a=recvonly');
    expect(s[1]).toContain('a=sendonly');
  });

  test('a sending section carries a=msid with the stream id and track id', async () => {
    const p = pc();
    const track = createMediaStreamTrack('audio');
    const stream = new MediaStream([track]);
    p.addTrack(track, stream);
    const offer = await p.createOffer();
    expect(lines(offer!.sdp, 'a=msid:')).toEqual([`a=msid:${stream.id} ${track.id}`]);
  });

  test('a sending section without streams carries a=msid:- <track>', async () => {
    const p = pc();
    const track = createMediaStreamTrack('video');
    p.addTrack(track);
    expect(lines((await p.createOffer())!.sdp, 'a=msid:')).toEqual([`a=msid:- ${track.id}`]);
  });

  test('the first data channel adds an m=application section with sctp-port and max-message-size', async () => {
    const p = pc();
    p.createDataChannel('chat');
    const [s] = sections((await p.createOffer())!.sdp);
    expect(s![0]).toBe('m=application 9 UDP/DTLS/SCTP webrtc-datachannel');
    expect(s).toContain('a=sctp-port:5000');
    expect(s!.some((l) => l.startsWith('a=max-message-size:'))).toBe(true);
  });

  test('createOffer does not set transceiver.mid', async () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    await p.createOffer();
    expect(t.mid).toBeNull();
  });

  test('a transceiver added while createOffer is pending is in the offer', async () => {
    const p = pc();
    const promise = p.createOffer();
    p.addTransceiver('audio');
    expect(sections((await promise)!.sdp)).toHaveLength(1);
  });

  test('the o= version increases with each created description', async () => {
    const p = pc();
    const v = (sdp: string | undefined) => BigInt(lines(sdp, 'o=')[0]!.split(' ')[2]!);
    const o1 = await p.createOffer();
    const o2 = await p.createOffer();
    expect(v(o2!.sdp) > v(o1!.sdp)).toBe(true);
    expect(lines(o1!.sdp, 'o=')[0]!.split(' ')[1]).toBe(lines(o2!.sdp, 'o=')[0]!.split(' ')[1]);
  });

  test('ICE credentials and session id come from the injected random source', async () => {
    const a = pc(undefined, { random: seededRandom(7) });
    const b = pc(undefined, { random: seededRandom(7) });
    a.addTransceiver('audio');
    b.addTransceiver('audio');
    const oa = (await a.createOffer())!.sdp;
    const ob = (await b.createOffer())!.sdp;
    expect(lines(oa, 'a=ice-ufrag')).toEqual(lines(ob, 'a=ice-ufrag'));
    expect(lines(oa, 'o=')).toEqual(lines(ob, 'o='));
  });

  test('iceRestart: true gives new ICE credentials', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await negotiate(a, b);
    const before = lines(a.localDescription!.sdp, 'a=ice-ufrag')[0];
    const restart = await a.createOffer({ iceRestart: true });
    expect(lines(restart!.sdp, 'a=ice-ufrag')[0]).not.toBe(before);
    expect(lines(restart!.sdp, 'a=ice-pwd')[0]).not.toBe(lines(a.localDescription!.sdp, 'a=ice-pwd')[0]);
  });

  test('without iceRestart a subsequent offer keeps the ICE credentials', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await negotiate(a, b);
    const again = await a.createOffer();
    expect(lines(again!.sdp, 'a=ice-ufrag')).toEqual(lines(a.localDescription!.sdp, 'a=ice-ufrag'));
  });

  test('a subsequent offer keeps the negotiated mids and order', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('video');
    a.addTransceiver('audio');
    await negotiate(a, b);
    a.addTransceiver('audio');
    const offer = await a.createOffer();
    expect(lines(offer!.sdp, 'a=mid:')).toEqual(['a=mid:0', 'a=mid:1', 'a=mid:2']);
    expect(sections(offer!.sdp).map((s) => s[0]!.split(' ')[0])).toEqual(['m=video', 'm=audio', 'm=audio']);
  });

  test('a stopped transceiver gets port 0 in the next offer', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await negotiate(a, b);
    t.stop();
    const [s] = sections((await a.createOffer())!.sdp);
    expect(s![0]).toMatch(/^m=audio 0 /);
  });

  test('rejects with InvalidStateError in have-remote-offer', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await b.setRemoteDescription((await a.createOffer())!);
    await rejectsWithName(b.createOffer(), 'InvalidStateError');
  });

  test('rejects with InvalidStateError when closed, without throwing synchronously', async () => {
    const p = pc();
    p.close();
    let promise!: Promise<unknown>;
    expect(() => (promise = p.createOffer())).not.toThrow();
    await rejectsWithName(promise, 'InvalidStateError');
  });

  test('an options argument that is not an object rejects with TypeError', async () => {
    const p = pc();
    await expect(p.createOffer(42 as never)).rejects.toThrow(TypeError);
  });

  test('codec preferences order the m= line payload types', async () => {
    const p = pc();
    const t = p.addTransceiver('video');
    const caps = RTCRtpSender.getCapabilities('video')!;
    const h264 = caps.codecs.filter((c) => c.mimeType === 'video/H264');
    t.setCodecPreferences(h264);
    const [s] = sections((await p.createOffer())!.sdp);
    expect(s![0]).toBe('m=video 9 UDP/TLS/RTP/SAVPF 102 106');
    expect(s!.some((l) => l.startsWith('a=rtpmap:102 H264/90000'))).toBe(true);
    expect(s!.some((l) => l.startsWith('a=rtpmap:106 H264/90000'))).toBe(true);
  });
});

describe('legacy offerToReceiveAudio / offerToReceiveVideo (webrtc-pc §4.4.3.3)', () => {
  test('offerToReceiveAudio: true adds a recvonly audio transceiver', async () => {
    const p = pc();
    const offer = await p.createOffer({ offerToReceiveAudio: true });
    expect(sections(offer!.sdp).map((s) => s[0]!.split(' ')[0])).toEqual(['m=audio']);
    expect(p.getTransceivers()[0]!.direction).toBe('recvonly');
  });

  test('offerToReceiveVideo: true adds a recvonly video transceiver', async () => {
    const p = pc();
    await p.createOffer({ offerToReceiveVideo: true });
    expect(p.getTransceivers().map((t) => [t.receiver.track.kind, t.direction])).toEqual([['video', 'recvonly']]);
  });

  test('the implicit transceiver stays for later offers even with offerToReceiveAudio: false', async () => {
    const p = pc();
    await p.createOffer({ offerToReceiveAudio: true });
    const offer2 = await p.createOffer({ offerToReceiveAudio: false });
    expect(sections(offer2!.sdp)).toHaveLength(1);
    expect(p.getTransceivers()[0]!.direction).toBe('inactive');
  });

  test('offerToReceiveAudio: false turns sendrecv audio into sendonly', async () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    await p.createOffer({ offerToReceiveAudio: false });
    expect(t.direction).toBe('sendonly');
  });

  test('offerToReceiveAudio: true adds nothing when an audio transceiver already receives', async () => {
    const p = pc();
    p.addTransceiver('audio');
    await p.createOffer({ offerToReceiveAudio: true });
    expect(p.getTransceivers()).toHaveLength(1);
  });

  test('audio true then video true gives both sections', async () => {
    const p = pc();
    await p.createOffer({ offerToReceiveAudio: true, offerToReceiveVideo: false });
    const offer = await p.createOffer({ offerToReceiveAudio: false, offerToReceiveVideo: true });
    expect(sections(offer!.sdp).map((s) => s[0]!.split(' ')[0])).toEqual(['m=audio', 'm=video']);
  });
});

describe('legacy callback createOffer / createAnswer (webrtc-pc §4.4.3.1)', () => {
  test('createOffer(success, failure) calls success with the offer and resolves to undefined', async () => {
    const p = pc();
    const got = await new Promise<unknown[]>((resolve) => {
      const r = p.createOffer((o: unknown) => resolve(['ok', o, ret]), (e: unknown) => resolve(['err', e]));
      let ret: unknown;
      void r.then((v) => (ret = v));
    });
    expect(got[0]).toBe('ok');
    expect((got[1] as { type: string }).type).toBe('offer');
  });

  test('the legacy createOffer promise resolves with undefined', async () => {
    const p = pc();
    await expect(p.createOffer(() => {}, () => {})).resolves.toBeUndefined();
  });

  test('createOffer(success, failure) on a closed connection calls failure with InvalidStateError', async () => {
    const p = pc();
    p.close();
    const err = await new Promise<Error>((resolve) => void p.createOffer(() => resolve(new Error('success called')), (e: Error) => resolve(e)));
    expect(err.name).toBe('InvalidStateError');
  });

  test('createOffer(success) without a failure callback rejects with TypeError', async () => {
    const p = pc();
    // @ts-expect-error deliberate: the legacy form without its required failureCallback, to check the TypeError
    await expect(p.createOffer(() => {})).rejects.toThrow(TypeError);
  });

  test('createAnswer(success, failure) in stable calls failure with InvalidStateError', async () => {
    const p = pc();
    const err = await new Promise<Error>((resolve) => void p.createAnswer(() => resolve(new Error('success called')), (e: Error) => resolve(e)));
    expect(err.name).toBe('InvalidStateError');
  });

  test('createAnswer(success, failure) in have-remote-offer calls success with an answer', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await b.setRemoteDescription((await a.createOffer())!);
    const answer = await new Promise<{ type: string }>((resolve, reject) => void b.createAnswer(resolve, reject));
    expect(answer.type).toBe('answer');
  });
});
