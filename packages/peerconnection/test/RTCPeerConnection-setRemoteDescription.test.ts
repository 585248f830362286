import { createMediaStreamTrack, MediaStream, RTCError, RTCPeerConnection, RTCTrackEvent } from '@purertc/peerconnection';
import { editLine, lines, negotiate, nextTask, record, rejectsWithName, remoteOffer, sections } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
function pc(): RTCPeerConnection {
  const p = new RTCPeerConnection();
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

async function offerFrom(setup: (p: RTCPeerConnection) => void): Promise<{ offerer: RTCPeerConnection; offer: { type: 'offer'; sdp: string } }> {
  const offerer = pc();
  setup(offerer);
  const offer = (await offerer.createOffer()) as { type: 'offer'; sdp: string };
  return { offerer, offer };
}

describe('setRemoteDescription: argument and state errors', () => {
  test('a description without type rejects with TypeError', async () => {
    await expect(pc().setRemoteDescription({ sdp: 'v=0' } as never)).rejects.toThrow(TypeError);
  });

  test('no argument rejects with TypeError', async () => {
    await expect((pc().setRemoteDescription as () => Promise<void>)()).rejects.toThrow(TypeError);
  });

  test('an unknown type rejects with TypeError, never throwing synchronously', async () => {
    const p = pc();
    let promise!: Promise<unknown>;
    expect(() => (promise = p.setRemoteDescription({ type: 'nope', sdp: '' } as never))).not.toThrow();
    await expect(promise).rejects.toThrow(TypeError);
  });

  test('an answer in stable rejects with InvalidStateError (checked before the SDP)', async () => {
    await rejectsWithName(pc().setRemoteDescription({ type: 'answer', sdp: 'garbage' }), 'InvalidStateError');
  });

  test('a pranswer in stable rejects with InvalidStateError', async () => {
    const { offer } = await offerFrom((p) => p.addTransceiver('audio'));
    await rejectsWithName(pc().setRemoteDescription({ type: 'pranswer', sdp: offer.sdp }), 'InvalidStateError');
  });

  test('rollback in stable rejects with InvalidStateError', async () => {
    await rejectsWithName(pc().setRemoteDescription({ type: 'rollback' }), 'InvalidStateError');
  });

  test('a closed connection rejects with InvalidStateError', async () => {
    const p = pc();
    p.close();
    await rejectsWithName(p.setRemoteDescription(await remoteOffer()), 'InvalidStateError');
  });
});

describe('setRemoteDescription: sdp-syntax-error (RTCError)', () => {
  test('malformed SDP rejects with an RTCError whose errorDetail is sdp-syntax-error', async () => {
    const err = await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: 'bogus' }), 'OperationError');
    expect(err).toBeInstanceOf(RTCError);
    expect((err as RTCError).errorDetail).toBe('sdp-syntax-error');
  });

  test('sdpLineNumber is 1 for a bad first line', async () => {
    const err = (await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: 'x=1\r\n' }), 'OperationError')) as RTCError;
    expect(err.sdpLineNumber).toBe(1);
  });

  test('sdpLineNumber points at a garbage line in the middle', async () => {
    const offer = await remoteOffer();
    const ls = offer.sdp.split('\r\n');
    ls.splice(9, 0, 'this is not sdp');
    const err = (await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: ls.join('\r\n') }), 'OperationError')) as RTCError;
    expect(err.sdpLineNumber).toBe(10);
  });

  test('sdpLineNumber points at an m= line with a non-numeric port', async () => {
    const offer = await remoteOffer();
    const sdp = editLine(offer.sdp, /^m=audio/, 'm=audio nine UDP/TLS/RTP/SAVPF 111');
    const lineNo = sdp.split('\r\n').findIndex((l) => l.startsWith('m=audio')) + 1;
    const err = (await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp }), 'OperationError')) as RTCError;
    expect(err.sdpLineNumber).toBe(lineNo);
  });

  test('the empty string is a syntax error at line 1', async () => {
    const err = (await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: '' }), 'OperationError')) as RTCError;
    expect(err.sdpLineNumber).toBe(1);
  });

  test('a failed setRemoteDescription leaves the state unchanged', async () => {
    const p = pc();
    await p.setRemoteDescription({ type: 'offer', sdp: 'bogus' }).catch(() => undefined);
    expect(p.signalingState).toBe('stable');
    expect(p.remoteDescription).toBeNull();
  });
});

describe('setRemoteDescription: InvalidAccessError for invalid content', () => {
  test('a BUNDLE group naming an unknown mid', async () => {
    const offer = await remoteOffer();
    const sdp = editLine(offer.sdp, /^a=group:BUNDLE/, 'a=group:BUNDLE 0 7');
    await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp }), 'InvalidAccessError');
  });

  test('a media section without ice-ufrag', async () => {
    const offer = await remoteOffer();
    await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: editLine(offer.sdp, /^a=ice-ufrag:/, undefined) }), 'InvalidAccessError');
  });

  test('a media section without ice-pwd', async () => {
    const offer = await remoteOffer();
    await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: editLine(offer.sdp, /^a=ice-pwd:/, undefined) }), 'InvalidAccessError');
  });

  test('a media section without a fingerprint', async () => {
    const offer = await remoteOffer();
    await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: editLine(offer.sdp, /^a=fingerprint:/, undefined) }), 'InvalidAccessError');
  });

  test('a media section without rtcp-mux (rtcpMuxPolicy require)', async () => {
    const offer = await remoteOffer();
    await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: editLine(offer.sdp, /^a=rtcp-mux$/, undefined) }), 'InvalidAccessError');
  });

  test('two media sections with the same mid', async () => {
    const offer = await remoteOffer((p) => {
      p.addTransceiver('audio');
      p.addTransceiver('audio');
    });
    await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: editLine(offer.sdp, /^a=mid:1$/, 'a=mid:0') }), 'InvalidAccessError');
  });

  test('an answer with fewer m= sections than the offer', async () => {
    const a = pc();
    a.addTransceiver('audio');
    a.addTransceiver('video');
    await a.setLocalDescription((await a.createOffer())!);
    // An answer to a one-section offer from elsewhere.
    const b = pc();
    await b.setRemoteDescription(await remoteOffer());
    const answer = (await b.createAnswer())!;
    await rejectsWithName(a.setRemoteDescription(answer), 'InvalidAccessError');
  });

  test('an answer whose m= kinds differ from the offer', async () => {
    const a = pc();
    a.addTransceiver('audio');
    await a.setLocalDescription((await a.createOffer())!);
    const videoOffer = await remoteOffer((p) => p.addTransceiver('video'));
    const b = pc();
    await b.setRemoteDescription(videoOffer);
    const answer = (await b.createAnswer())!;
    await rejectsWithName(a.setRemoteDescription(answer), 'InvalidAccessError');
  });

  test('a subsequent offer that removes a negotiated m= section', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    a.addTransceiver('video');
    await negotiate(a, b);
    const fewer = await remoteOffer();
    await rejectsWithName(b.setRemoteDescription(fewer), 'InvalidAccessError');
    expect(b.signalingState).toBe('stable');
  });
});

describe('setRemoteDescription(offer): transceivers and tracks', () => {
  test('moves to have-remote-offer with a pending remote description', async () => {
    const p = pc();
    const offer = await remoteOffer();
    await p.setRemoteDescription(offer);
    expect(p.signalingState).toBe('have-remote-offer');
    expect(p.pendingRemoteDescription!.sdp).toBe(offer.sdp);
    expect(p.remoteDescription).toBe(p.pendingRemoteDescription);
    expect(p.currentRemoteDescription).toBeNull();
  });

  test('creates a recvonly transceiver per new m= section, with its mid and kind', async () => {
    const p = pc();
    await p.setRemoteDescription(
      await remoteOffer((o) => {
        o.addTransceiver('audio');
        o.addTransceiver('video');
      }),
    );
    const ts = p.getTransceivers();
    expect(ts.map((t) => [t.mid, t.receiver.track.kind, t.direction, t.currentDirection])).toEqual([
      ['0', 'audio', 'recvonly', null],
      ['1', 'video', 'recvonly', null],
    ]);
  });

  test('the receiver track is muted and live, kind from the m= line', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer((o) => o.addTransceiver('video')));
    const track = p.getReceivers()[0]!.track;
    expect(track.kind).toBe('video');
    expect(track.readyState).toBe('live');
    expect(track.muted).toBe(true);
  });

  test('fires track with the receiver, transceiver and the msid stream', async () => {
    const { offer } = await offerFrom((o) => {
      const t = createMediaStreamTrack('audio');
      o.addTrack(t, new MediaStream([t]));
    });
    const streamId = /a=msid:(\S+)/.exec(offer.sdp)![1];
    const p = pc();
    const events: RTCTrackEvent[] = [];
    p.ontrack = (e: Event) => events.push(e as RTCTrackEvent);
    await p.setRemoteDescription(offer);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toBeInstanceOf(RTCTrackEvent);
    expect(e.transceiver).toBe(p.getTransceivers()[0]);
    expect(e.receiver).toBe(p.getReceivers()[0]);
    expect(e.track).toBe(p.getReceivers()[0]!.track);
    expect(e.streams.map((s: MediaStream) => s.id)).toEqual([streamId]);
    expect(e.streams[0].getTracks()).toEqual([e.track]);
  });

  test('track fires after signalingstatechange and before the promise resolves', async () => {
    const { offer } = await offerFrom((o) => o.addTrack(createMediaStreamTrack('audio')));
    const p = pc();
    const log: string[] = [];
    p.onsignalingstatechange = () => log.push('signalingstatechange');
    p.ontrack = () => log.push('track');
    await p.setRemoteDescription(offer).then(() => log.push('resolved'));
    expect(log).toEqual(['signalingstatechange', 'track', 'resolved']);
  });

  test('a recvonly remote section (nothing sent to us) fires no track event', async () => {
    const { offer } = await offerFrom((o) => o.addTransceiver('audio', { direction: 'recvonly' }));
    const p = pc();
    const log = record(p, ['track']);
    await p.setRemoteDescription(offer);
    expect(log).toEqual([]);
  });

  test('two tracks in one stream share the remote MediaStream object', async () => {
    const { offer } = await offerFrom((o) => {
      const s = new MediaStream();
      o.addTrack(createMediaStreamTrack('audio'), s);
      o.addTrack(createMediaStreamTrack('video'), s);
    });
    const p = pc();
    const streams: MediaStream[] = [];
    p.ontrack = (e: Event) => streams.push((e as RTCTrackEvent).streams[0]);
    await p.setRemoteDescription(offer);
    expect(streams).toHaveLength(2);
    expect(streams[0]).toBe(streams[1]);
    expect(streams[0]!.getTracks().map((t) => t.kind)).toEqual(['audio', 'video']);
  });

  test('an addTrack transceiver is reused for a matching remote m= section', async () => {
    const p = pc();
    const sender = p.addTrack(createMediaStreamTrack('audio'));
    await p.setRemoteDescription(await remoteOffer());
    expect(p.getTransceivers()).toHaveLength(1);
    expect(p.getTransceivers()[0]!.sender).toBe(sender);
    expect(p.getTransceivers()[0]!.mid).toBe('0');
  });

  test('an addTransceiver transceiver is not reused; a new one is created', async () => {
    const p = pc();
    p.addTransceiver('audio');
    await p.setRemoteDescription(await remoteOffer());
    expect(p.getTransceivers()).toHaveLength(2);
    expect(p.getTransceivers()[0]!.mid).toBeNull();
  });

  test('a rejected (port 0) m= section in a remote offer stops its transceiver', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await negotiate(a, b);
    t.stop();
    await b.setRemoteDescription((await a.createOffer())!);
    expect(b.getTransceivers()[0]!.currentDirection).toBe('stopped');
  });
});

describe('setRemoteDescription: msid rules (RFC 8830)', () => {
  test('the same a=msid in two m= sections rejects with OperationError (not InvalidAccessError)', async () => {
    const { offer } = await offerFrom((p) => p.addTrack(createMediaStreamTrack('audio'), new MediaStream()));
    const [head, audio] = [offer.sdp.slice(0, offer.sdp.indexOf('m=')), offer.sdp.slice(offer.sdp.indexOf('m='))];
    const sdp = head.replace(/a=group:BUNDLE .*\r\n/, '') + audio + audio.replace(/a=mid:\S+/, 'a=mid:other');
    const p = pc();
    await rejectsWithName(p.setRemoteDescription({ type: 'offer', sdp }), 'OperationError');
    expect(p.signalingState).toBe('stable');
  });

  test('a repeated a=msid line inside one m= section is not a duplicate', async () => {
    const { offer } = await offerFrom((p) => p.addTrack(createMediaStreamTrack('audio'), new MediaStream()));
    const msid = lines(offer.sdp, 'a=msid:')[0]!;
    await pc().setRemoteDescription({ type: 'offer', sdp: offer.sdp.replace(`${msid}\r\n`, `${msid}\r\n${msid}\r\n`) });
  });

  test('a receiving m= section without any a=msid puts its track in one default stream', async () => {
    const { offer } = await offerFrom((p) => {
      p.addTrack(createMediaStreamTrack('audio'), new MediaStream());
      p.addTrack(createMediaStreamTrack('video'), new MediaStream());
    });
    const p = pc();
    const events: RTCTrackEvent[] = [];
    p.ontrack = (e) => events.push(e);
    await p.setRemoteDescription({ type: 'offer', sdp: offer.sdp.replace(/a=msid:.*\r\n/g, '').replace(/a=ssrc:\d+ msid:.*\r\n/g, '') });
    await nextTask();
    expect(events).toHaveLength(2);
    expect(events[0]!.streams).toHaveLength(1);
    expect(events[1]!.streams[0]).toBe(events[0]!.streams[0]);
    expect(events[0]!.streams[0]!.getTracks()).toEqual([events[0]!.track, events[1]!.track]);
  });

  test('an a=msid with stream "-" means no stream (no default stream)', async () => {
    const { offer } = await offerFrom((p) => p.addTrack(createMediaStreamTrack('audio')));
    expect(lines(offer.sdp, 'a=msid:')[0]).toMatch(/^a=msid:- /);
    const p = pc();
    const events: RTCTrackEvent[] = [];
    p.ontrack = (e) => events.push(e);
    await p.setRemoteDescription(offer);
    await nextTask();
    expect(events).toHaveLength(1);
    expect(events[0]!.streams).toEqual([]);
  });
});

describe('setRemoteDescription(answer / pranswer)', () => {
  test('a remote answer completes the negotiation and sets currentDirection', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await negotiate(a, b);
    expect(a.signalingState).toBe('stable');
    expect(a.currentRemoteDescription!.type).toBe('answer');
    expect(a.currentLocalDescription!.type).toBe('offer');
    expect(t.currentDirection).toBe('sendonly');
    expect(b.getTransceivers()[0]!.currentDirection).toBe('recvonly');
  });

  test('a remote pranswer moves to have-remote-pranswer; the final answer to stable', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await a.setLocalDescription((await a.createOffer())!);
    await b.setRemoteDescription(a.localDescription!);
    const answer = (await b.createAnswer())!;
    await a.setRemoteDescription({ type: 'pranswer', sdp: answer.sdp });
    expect(a.signalingState).toBe('have-remote-pranswer');
    expect(a.pendingRemoteDescription!.type).toBe('pranswer');
    await a.setRemoteDescription(answer);
    expect(a.signalingState).toBe('stable');
  });

  test('a stopping transceiver does not affect createAnswer: its section is answered inactive', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await b.setRemoteDescription((await a.createOffer())!);
    b.getTransceivers()[0]!.stop();
    const [s] = sections((await b.createAnswer())!.sdp);
    expect(s![0]).toMatch(/^m=audio 9 /);
    expect(s).toContain('a=inactive');
  });

  test('an answer rejecting an m= section (port 0) stops and removes the transceiver', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await a.setLocalDescription((await a.createOffer())!);
    await b.setRemoteDescription(a.localDescription!);
    const answer = (await b.createAnswer())!;
    const rejected = editLine(answer.sdp, /^m=audio 9 /, sections(answer.sdp)[0]![0]!.replace('m=audio 9 ', 'm=audio 0 '));
    await a.setRemoteDescription({ type: 'answer', sdp: rejected });
    expect(t.currentDirection).toBe('stopped');
    expect(a.getTransceivers()).not.toContain(t);
  });

  test('a stopped transceiver m= section is recycled by a new transceiver with a new mid', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await negotiate(a, b);
    t.stop();
    await negotiate(a, b);
    expect(a.getTransceivers()).toHaveLength(0);
    const t2 = a.addTransceiver('video');
    const offer = (await a.createOffer())!;
    expect(sections(offer.sdp)).toHaveLength(1);
    expect(sections(offer.sdp)[0]![0]).toMatch(/^m=video 9 /);
    await negotiate(a, b);
    expect(t2.mid).not.toBe('0');
    expect(t2.mid).toBe(lines(a.localDescription!.sdp, 'a=mid:')[0]!.slice(6));
  });

  test('when the remote stops sending, the track leaves its stream (removetrack) and is muted', async () => {
    const a = pc();
    const b = pc();
    const track = createMediaStreamTrack('audio');
    const sender = a.addTrack(track, new MediaStream([track]));
    const got = new Promise<RTCTrackEvent>((resolve) => (b.ontrack = (e: Event) => resolve(e as RTCTrackEvent)));
    await negotiate(a, b);
    const e = await got;
    const stream = e.streams[0] as MediaStream;
    const removed = record(stream, ['removetrack']);
    a.removeTrack(sender);
    await negotiate(a, b);
    expect(removed).toEqual(['removetrack']);
    expect(stream.getTracks()).toEqual([]);
    expect(e.track.muted).toBe(true);
  });
});

describe('descriptions without a=mid (RFC 8829 §5.10)', () => {
  test('an offer without a=mid and BUNDLE is accepted; mids are derived', async () => {
    const offer = await remoteOffer((o) => {
      o.addTransceiver('audio');
      o.addTransceiver('video');
    });
    const sdp = offer.sdp.replace(/a=mid:.*\r\n/g, '').replace(/a=group:BUNDLE.*\r\n/, '');
    const p = pc();
    await p.setRemoteDescription({ type: 'offer', sdp });
    expect(p.getTransceivers().map((t) => t.mid)).toEqual(['0', '1']);
  });

  test('an answer without a=mid takes the offer mids', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    const sdp = b.localDescription!.sdp.replace(/a=mid:.*\r\n/g, '').replace(/a=group:BUNDLE.*\r\n/, '');
    await a.setRemoteDescription({ type: 'answer', sdp });
    expect(t.mid).toBe('0');
    expect(t.currentDirection).toBe('sendonly');
  });

  test('a BUNDLE group with an m= section lacking a=mid is InvalidAccessError', async () => {
    const offer = await remoteOffer();
    await rejectsWithName(pc().setRemoteDescription({ type: 'offer', sdp: offer.sdp.replace(/a=mid:.*\r\n/, '') }), 'InvalidAccessError');
  });
});

describe('rollback (webrtc-pc §4.4.1.6)', () => {
  test('an offer in have-local-offer rolls back implicitly and is applied', async () => {
    const p = pc();
    p.addTransceiver('video');
    await p.setLocalDescription((await p.createOffer())!);
    const states: string[] = [];
    p.onsignalingstatechange = () => states.push(p.signalingState);
    await p.setRemoteDescription(await remoteOffer());
    expect(states).toEqual(['stable', 'have-remote-offer']);
    expect(p.pendingLocalDescription).toBeNull();
    expect(p.signalingState).toBe('have-remote-offer');
  });

  test('explicit remote rollback in have-remote-offer returns to stable', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    await p.setRemoteDescription({ type: 'rollback' });
    expect(p.signalingState).toBe('stable');
    expect(p.remoteDescription).toBeNull();
  });

  test('rollback removes transceivers created by the remote offer', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    expect(p.getTransceivers()).toHaveLength(1);
    await p.setLocalDescription({ type: 'rollback' });
    expect(p.getTransceivers()).toHaveLength(0);
  });

  test('rollback keeps a remote-created transceiver once addTrack used it, without mid', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    const sender = p.addTrack(createMediaStreamTrack('audio'));
    await p.setRemoteDescription({ type: 'rollback' });
    expect(p.getTransceivers()).toHaveLength(1);
    expect(p.getTransceivers()[0]!.sender).toBe(sender);
    expect(p.getTransceivers()[0]!.mid).toBeNull();
  });

  test('rollback of a remote offer removes the remote track from its stream', async () => {
    const { offer } = await offerFrom((o) => {
      const t = createMediaStreamTrack('audio');
      o.addTrack(t, new MediaStream([t]));
    });
    const p = pc();
    let stream!: MediaStream;
    p.ontrack = (e: Event) => (stream = (e as RTCTrackEvent).streams[0]);
    await p.setRemoteDescription(offer);
    expect(stream.getTracks()).toHaveLength(1);
    await p.setRemoteDescription({ type: 'rollback' });
    expect(stream.getTracks()).toHaveLength(0);
  });

  test('rollback ignores the sdp member, even garbage', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    await p.setRemoteDescription({ type: 'rollback', sdp: 'not sdp at all' });
    expect(p.signalingState).toBe('stable');
  });

  test('after a remote rollback a local offer can be applied', async () => {
    const p = pc();
    p.addTransceiver('audio');
    await p.setRemoteDescription(await remoteOffer((o) => o.addTransceiver('video')));
    await p.setRemoteDescription({ type: 'rollback' });
    await p.setLocalDescription();
    expect(p.signalingState).toBe('have-local-offer');
    expect(sections(p.localDescription!.sdp).map((s) => s[0]!.split(' ')[0])).toEqual(['m=audio']);
  });

  test('rollback of a local offer keeps addTransceiver transceivers, without mid', async () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    await p.setLocalDescription();
    expect(t.mid).toBe('0');
    await p.setLocalDescription({ type: 'rollback' });
    expect(p.getTransceivers()).toEqual([t]);
    expect(t.mid).toBeNull();
  });

  test('rollback in have-remote-pranswer rejects with InvalidStateError', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await a.setLocalDescription((await a.createOffer())!);
    await b.setRemoteDescription(a.localDescription!);
    await a.setRemoteDescription({ type: 'pranswer', sdp: (await b.createAnswer())!.sdp });
    await rejectsWithName(a.setRemoteDescription({ type: 'rollback' }), 'InvalidStateError');
  });

  test('a remote offer in have-local-pranswer rejects with InvalidStateError (no implicit rollback)', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    await p.setLocalDescription({ type: 'pranswer', sdp: (await p.createAnswer())!.sdp });
    await rejectsWithName(p.setRemoteDescription(await remoteOffer()), 'InvalidStateError');
  });

  test('the legacy setRemoteDescription(desc, success, failure) calls success', async () => {
    const p = pc();
    const offer = await remoteOffer();
    const result = await new Promise((resolve) => void p.setRemoteDescription(offer, () => resolve('ok'), (e: unknown) => resolve(e)));
    expect(result).toBe('ok');
    await nextTask();
  });
});
