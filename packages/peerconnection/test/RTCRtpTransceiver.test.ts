import { createMediaStreamTrack, MediaStream, RTCPeerConnection, RTCRtpReceiver, RTCRtpSender, RTCRtpTransceiver, type RTCRtpTransceiverDirection } from '@purertc/peerconnection';
import { lines, negotiate, nextTask, rejectsWithName } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
function pc(): RTCPeerConnection {
  const p = new RTCPeerConnection();
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

describe('addTransceiver (webrtc-pc §5.1)', () => {
  test('addTransceiver("audio") creates a sendrecv transceiver with a null mid and null currentDirection', () => {
    const t = pc().addTransceiver('audio');
    expect(t).toBeInstanceOf(RTCRtpTransceiver);
    expect(t.direction).toBe('sendrecv');
    expect(t.mid).toBeNull();
    expect(t.currentDirection).toBeNull();
    expect(t.sender.track).toBeNull();
    expect(t.receiver.track.kind).toBe('audio');
  });

  test('an unknown kind throws TypeError', () => {
    expect(() => pc().addTransceiver('data')).toThrow(TypeError);
  });

  test('a track sets the kind and the sender track', () => {
    const track = createMediaStreamTrack('video');
    const t = pc().addTransceiver(track);
    expect(t.sender.track).toBe(track);
    expect(t.receiver.track.kind).toBe('video');
  });

  test('init.direction is applied', () => {
    expect(pc().addTransceiver('audio', { direction: 'recvonly' }).direction).toBe('recvonly');
  });

  test('an invalid init.direction throws TypeError', () => {
    // deliberate: an invalid enum value, to check the TypeError
    expect(() => pc().addTransceiver('audio', { direction: 'sideways' as unknown as RTCRtpTransceiverDirection })).toThrow(TypeError);
  });

  test('init.streams become the msid of the offer', async () => {
    const p = pc();
    const stream = new MediaStream();
    p.addTransceiver(createMediaStreamTrack('audio'), { streams: [stream] });
    expect(lines((await p.createOffer())!.sdp, 'a=msid:')[0]).toMatch(new RegExp(`^a=msid:${stream.id} `));
  });

  test('on a closed connection throws InvalidStateError', () => {
    const p = pc();
    p.close();
    expect(() => p.addTransceiver('audio')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('getTransceivers lists transceivers in insertion order; getSenders/getReceivers match', () => {
    const p = pc();
    const t1 = p.addTransceiver('audio');
    const t2 = p.addTransceiver('video');
    expect(p.getTransceivers()).toEqual([t1, t2]);
    expect(p.getSenders()).toEqual([t1.sender, t2.sender]);
    expect(p.getReceivers()).toEqual([t1.receiver, t2.receiver]);
  });

  test('sender, receiver and transceiver cannot be constructed by users', () => {
    expect(() => new (RTCRtpTransceiver as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new (RTCRtpSender as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new (RTCRtpReceiver as unknown as new () => unknown)()).toThrow(TypeError);
  });
});

describe('addTransceiver sendEncodings validation (webrtc-pc §5.1)', () => {
  test('an invalid rid throws TypeError', () => {
    expect(() => pc().addTransceiver('video', { sendEncodings: [{ rid: 'a b' }, { rid: 'c' }] })).toThrow(TypeError);
  });

  test('some but not all encodings with a rid throws TypeError', () => {
    expect(() => pc().addTransceiver('video', { sendEncodings: [{ rid: 'a' }, {}] })).toThrow(TypeError);
  });

  test('duplicate rids throw TypeError', () => {
    expect(() => pc().addTransceiver('video', { sendEncodings: [{ rid: 'a' }, { rid: 'a' }] })).toThrow(TypeError);
  });

  test('scaleResolutionDownBy below 1 throws RangeError', () => {
    expect(() => pc().addTransceiver('video', { sendEncodings: [{ scaleResolutionDownBy: 0.5 }] })).toThrow(RangeError);
  });

  test('maxFramerate of 0 throws RangeError', () => {
    expect(() => pc().addTransceiver('video', { sendEncodings: [{ maxFramerate: 0 }] })).toThrow(RangeError);
  });

  test('a read-only member (ssrc) throws InvalidAccessError', () => {
    expect(() => pc().addTransceiver('video', { sendEncodings: [{ ssrc: 1 }] })).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
  });

  test('a codec not in the capabilities throws OperationError', () => {
    expect(() => pc().addTransceiver('video', { sendEncodings: [{ codec: { mimeType: 'video/nope', clockRate: 90000 } }] })).toThrow(
      expect.objectContaining({ name: 'OperationError' }),
    );
  });

  test('video encodings without scaleResolutionDownBy get 4:2:1', () => {
    const t = pc().addTransceiver('video', { sendEncodings: [{ rid: 'q' }, { rid: 'h' }, { rid: 'f' }] });
    expect(t.sender.getParameters().encodings.map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
  });

  test('a lone encoding loses its rid', () => {
    const t = pc().addTransceiver('video', { sendEncodings: [{ rid: 'only' }] });
    expect(t.sender.getParameters().encodings[0]!.rid).toBeUndefined();
  });

  test('audio encodings drop scaleResolutionDownBy', () => {
    const t = pc().addTransceiver('audio', { sendEncodings: [{ scaleResolutionDownBy: 2 }] });
    expect(t.sender.getParameters().encodings[0]!.scaleResolutionDownBy).toBeUndefined();
  });

  test('three rids produce a=rid and a=simulcast:send in the offer', async () => {
    const p = pc();
    p.addTransceiver('video', { sendEncodings: [{ rid: 'a' }, { rid: 'b' }, { rid: 'c' }] });
    const sdp = (await p.createOffer())!.sdp;
    expect(lines(sdp, 'a=rid:')).toEqual(['a=rid:a send', 'a=rid:b send', 'a=rid:c send']);
    expect(lines(sdp, 'a=simulcast:')).toEqual(['a=simulcast:send a;b;c']);
  });
});

describe('addTrack / removeTrack (webrtc-pc §5.1)', () => {
  test('addTrack creates a sendrecv transceiver whose sender has the track', () => {
    const p = pc();
    const track = createMediaStreamTrack('audio');
    const sender = p.addTrack(track);
    expect(sender.track).toBe(track);
    expect(p.getTransceivers()[0]!.direction).toBe('sendrecv');
  });

  test('adding the same track twice throws InvalidAccessError', () => {
    const p = pc();
    const track = createMediaStreamTrack('audio');
    p.addTrack(track);
    expect(() => p.addTrack(track)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
  });

  test('addTrack on a closed connection throws InvalidStateError', () => {
    const p = pc();
    p.close();
    expect(() => p.addTrack(createMediaStreamTrack('audio'))).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('addTrack with a non-track throws TypeError', () => {
    expect(() => pc().addTrack({} as never)).toThrow(TypeError);
  });

  test('addTrack reuses a recvonly transceiver without a track, making it sendrecv', () => {
    const p = pc();
    const t = p.addTransceiver('audio', { direction: 'recvonly' });
    const sender = p.addTrack(createMediaStreamTrack('audio'));
    expect(sender).toBe(t.sender);
    expect(t.direction).toBe('sendrecv');
    expect(p.getTransceivers()).toHaveLength(1);
  });

  test('addTrack reuses an inactive transceiver, making it sendonly', () => {
    const p = pc();
    const t = p.addTransceiver('video', { direction: 'inactive' });
    p.addTrack(createMediaStreamTrack('video'));
    expect(t.direction).toBe('sendonly');
  });

  test('addTrack does not reuse a transceiver of another kind', () => {
    const p = pc();
    p.addTransceiver('video', { direction: 'recvonly' });
    p.addTrack(createMediaStreamTrack('audio'));
    expect(p.getTransceivers()).toHaveLength(2);
  });

  test('addTrack does not reuse a transceiver that has sent before', async () => {
    const a = pc();
    const b = pc();
    const sender = a.addTrack(createMediaStreamTrack('audio'));
    await negotiate(a, b);
    a.removeTrack(sender);
    a.addTrack(createMediaStreamTrack('audio'));
    expect(a.getTransceivers()).toHaveLength(2);
  });

  test('removeTrack clears the track and turns sendrecv into recvonly', () => {
    const p = pc();
    const sender = p.addTrack(createMediaStreamTrack('audio'));
    p.removeTrack(sender);
    expect(sender.track).toBeNull();
    expect(p.getTransceivers()[0]!.direction).toBe('recvonly');
    expect(p.getSenders()).toContain(sender);
  });

  test('removeTrack turns sendonly into inactive', () => {
    const p = pc();
    const t = p.addTransceiver(createMediaStreamTrack('audio'), { direction: 'sendonly' });
    p.removeTrack(t.sender);
    expect(t.direction).toBe('inactive');
  });

  test('removeTrack of another connection\'s sender throws InvalidAccessError', () => {
    const other = pc().addTrack(createMediaStreamTrack('audio'));
    expect(() => pc().removeTrack(other)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
  });

  test('removeTrack on a closed connection throws InvalidStateError', () => {
    const p = pc();
    const sender = p.addTrack(createMediaStreamTrack('audio'));
    p.close();
    expect(() => p.removeTrack(sender)).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });
});

describe('RTCRtpTransceiver.direction, stop(), currentDirection (webrtc-pc §5.4)', () => {
  test('setting "stopped" throws TypeError', () => {
    const t = pc().addTransceiver('audio');
    expect(() => {
      t.direction = 'stopped';
    }).toThrow(TypeError);
  });

  test('a value outside the enum is ignored (WebIDL enum attribute)', () => {
    const t = pc().addTransceiver('audio');
    (t as { direction: string }).direction = 'sideways';
    expect(t.direction).toBe('sendrecv');
  });

  test('setting the direction of a stopped transceiver throws InvalidStateError', () => {
    const t = pc().addTransceiver('audio');
    t.stop();
    expect(() => {
      t.direction = 'sendonly';
    }).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('stop() makes direction "stopped" and ends the receiver track in a queued task', async () => {
    const t = pc().addTransceiver('audio');
    const ended: string[] = [];
    t.receiver.track.addEventListener('ended', () => ended.push('ended'));
    t.stop();
    expect(t.direction).toBe('stopped');
    expect(t.receiver.track.readyState).toBe('live');
    await nextTask();
    expect(t.receiver.track.readyState).toBe('ended');
    expect(ended).toEqual(['ended']);
  });

  test('stop() returns undefined and a second call does nothing', () => {
    const t = pc().addTransceiver('audio');
    expect(t.stop()).toBeUndefined();
    expect(t.stop()).toBeUndefined();
  });

  test('stop() on a closed connection throws InvalidStateError', () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    p.close();
    expect(() => t.stop()).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('currentDirection is "stopped" after stop() and negotiation', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await negotiate(a, b);
    t.stop();
    await negotiate(a, b);
    expect(t.currentDirection).toBe('stopped');
  });

  test('a stopped transceiver is excluded from getSenders/getReceivers', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('audio');
    await negotiate(a, b);
    const bt = b.getTransceivers()[0]!;
    t.stop();
    await a.setLocalDescription((await a.createOffer())!);
    await b.setRemoteDescription(a.localDescription!);
    expect(b.getSenders()).not.toContain(bt.sender);
    expect(b.getReceivers()).not.toContain(bt.receiver);
  });
});

describe('setCodecPreferences and getCapabilities (webrtc-pc §5.2, §5.4)', () => {
  test('getCapabilities("audio") lists opus; ("video") lists VP8 and one rtx', () => {
    expect(RTCRtpSender.getCapabilities('audio')!.codecs.some((c) => c.mimeType === 'audio/opus')).toBe(true);
    const video = RTCRtpReceiver.getCapabilities('video')!.codecs;
    expect(video.some((c) => c.mimeType === 'video/VP8')).toBe(true);
    expect(video.filter((c) => c.mimeType === 'video/rtx')).toHaveLength(1);
  });

  test('getCapabilities of another kind is null', () => {
    expect(RTCRtpSender.getCapabilities('data')).toBeNull();
  });

  test('header extensions are listed by uri', () => {
    expect(RTCRtpSender.getCapabilities('video')!.headerExtensions).toContainEqual({ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' });
  });

  test('a codec not in the capabilities throws InvalidModificationError', () => {
    const t = pc().addTransceiver('audio');
    expect(() => t.setCodecPreferences([{ mimeType: 'audio/unknown', clockRate: 8000 }])).toThrow(expect.objectContaining({ name: 'InvalidModificationError' }));
  });

  test('only RTX throws InvalidModificationError', () => {
    const t = pc().addTransceiver('video');
    const rtx = RTCRtpSender.getCapabilities('video')!.codecs.filter((c) => c.mimeType === 'video/rtx');
    expect(() => t.setCodecPreferences(rtx)).toThrow(expect.objectContaining({ name: 'InvalidModificationError' }));
  });

  test('an empty list resets the preferences', async () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    t.setCodecPreferences(RTCRtpSender.getCapabilities('audio')!.codecs.filter((c) => c.mimeType === 'audio/PCMU'));
    t.setCodecPreferences([]);
    expect((await p.createOffer())!.sdp).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126');
  });

  test('the answer follows the answerer codec preferences', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await b.setRemoteDescription((await a.createOffer())!);
    b.getTransceivers()[0]!.setCodecPreferences(RTCRtpSender.getCapabilities('audio')!.codecs.filter((c) => c.mimeType === 'audio/PCMA'));
    expect((await b.createAnswer())!.sdp).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 8\r\n');
  });

  test('a non-sequence throws TypeError', () => {
    const t = pc().addTransceiver('audio');
    expect(() => t.setCodecPreferences(5 as never)).toThrow(TypeError);
  });
});

describe('RTCRtpSender model (webrtc-pc §5.2)', () => {
  test('replaceTrack with a track of another kind rejects with TypeError', async () => {
    const t = pc().addTransceiver('audio');
    await expect(t.sender.replaceTrack(createMediaStreamTrack('video'))).rejects.toThrow(TypeError);
  });

  test('replaceTrack sets the track without negotiation', async () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    const track = createMediaStreamTrack('audio');
    await t.sender.replaceTrack(track);
    expect(t.sender.track).toBe(track);
  });

  test('replaceTrack(null) clears the track', async () => {
    const p = pc();
    const sender = p.addTrack(createMediaStreamTrack('audio'));
    await sender.replaceTrack(null);
    expect(sender.track).toBeNull();
  });

  test('replaceTrack on a stopped transceiver rejects with InvalidStateError', async () => {
    const t = pc().addTransceiver('audio');
    t.stop();
    await rejectsWithName(t.sender.replaceTrack(createMediaStreamTrack('audio')), 'InvalidStateError');
  });

  test('getParameters returns the same object within a task, a new transactionId later', async () => {
    const t = pc().addTransceiver('video');
    const p1 = t.sender.getParameters();
    expect(t.sender.getParameters()).toBe(p1);
    await nextTask();
    expect(t.sender.getParameters().transactionId).not.toBe(p1.transactionId);
  });

  test('getParameters has encodings, rtcp.cname, codecs and headerExtensions', () => {
    const params = pc().addTransceiver('video').sender.getParameters();
    expect(params.encodings).toHaveLength(1);
    expect(params.encodings[0]!.active).toBe(true);
    expect(typeof params.rtcp.cname).toBe('string');
    expect(Array.isArray(params.codecs)).toBe(true);
    expect(Array.isArray(params.headerExtensions)).toBe(true);
  });

  test('setParameters with the last getParameters result resolves and applies', async () => {
    const t = pc().addTransceiver('video');
    const params = t.sender.getParameters();
    params.encodings[0]!.maxBitrate = 100000;
    await t.sender.setParameters(params);
    expect(t.sender.getParameters().encodings[0]!.maxBitrate).toBe(100000);
  });

  test('setParameters without a prior getParameters rejects with InvalidStateError', async () => {
    const t = pc().addTransceiver('video');
    const params = t.sender.getParameters();
    await nextTask();
    await rejectsWithName(t.sender.setParameters(params), 'InvalidStateError');
  });

  test('setParameters twice with the same parameters: the second rejects with InvalidStateError', async () => {
    const t = pc().addTransceiver('video');
    const params = t.sender.getParameters();
    await t.sender.setParameters(params);
    await rejectsWithName(t.sender.setParameters(params), 'InvalidStateError');
  });

  test('a changed transactionId rejects with InvalidModificationError', async () => {
    const t = pc().addTransceiver('video');
    const params = t.sender.getParameters();
    await rejectsWithName(t.sender.setParameters({ ...params, transactionId: 'other' }), 'InvalidModificationError');
  });

  test('a changed number of encodings rejects with InvalidModificationError', async () => {
    const t = pc().addTransceiver('video');
    const params = t.sender.getParameters();
    await rejectsWithName(t.sender.setParameters({ ...params, encodings: [] }), 'InvalidModificationError');
  });

  test('scaleResolutionDownBy below 1 rejects with RangeError', async () => {
    const t = pc().addTransceiver('video');
    const params = t.sender.getParameters();
    params.encodings[0]!.scaleResolutionDownBy = 0.5;
    await expect(t.sender.setParameters(params)).rejects.toThrow(RangeError);
  });

  test('setParameters with a missing required member rejects with TypeError', async () => {
    const t = pc().addTransceiver('video');
    t.sender.getParameters();
    await expect(t.sender.setParameters({} as never)).rejects.toThrow(TypeError);
  });

  test('setParameters on a stopped transceiver rejects with InvalidStateError', async () => {
    const t = pc().addTransceiver('video');
    const params = t.sender.getParameters();
    t.stop();
    await rejectsWithName(t.sender.setParameters(params), 'InvalidStateError');
  });

  test('setStreams on a closed connection throws InvalidStateError', () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    p.close();
    expect(() => t.sender.setStreams(new MediaStream())).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('setStreams changes the msid of the next offer', async () => {
    const p = pc();
    const sender = p.addTrack(createMediaStreamTrack('audio'));
    const s1 = new MediaStream();
    const s2 = new MediaStream();
    sender.setStreams(s1, s2);
    const msids = lines((await p.createOffer())!.sdp, 'a=msid:').map((l) => l.slice(7).split(' ')[0]);
    expect(msids).toEqual([s1.id, s2.id]);
  });

  test('transport is null before transports exist', () => {
    const t = pc().addTransceiver('audio');
    expect(t.sender.transport).toBeNull();
    expect(t.receiver.transport).toBeNull();
  });
});

describe('pairing with remote offers and disassociation (RFC 9429 §5.10)', () => {
  test('a transceiver made by addTransceiver() and reused by addTrack() does not pair with a remote offer', async () => {
    const offerer = pc();
    offerer.addTrack(createMediaStreamTrack('audio'), new MediaStream());
    const answerer = pc();
    const own = answerer.addTransceiver('audio');
    answerer.addTrack(createMediaStreamTrack('audio'));
    expect(answerer.getTransceivers()).toEqual([own]);
    await answerer.setRemoteDescription((await offerer.createOffer())!);
    expect(answerer.getTransceivers()).toHaveLength(2);
    expect(own.mid).toBeNull();
    expect(answerer.getTransceivers()[1]!.mid).not.toBeNull();
  });

  test('a transceiver made by addTrack() pairs with a remote offer', async () => {
    const offerer = pc();
    offerer.addTrack(createMediaStreamTrack('audio'), new MediaStream());
    const answerer = pc();
    const sender = answerer.addTrack(createMediaStreamTrack('audio'));
    await answerer.setRemoteDescription((await offerer.createOffer())!);
    expect(answerer.getTransceivers()).toHaveLength(1);
    expect(answerer.getTransceivers()[0]!.sender).toBe(sender);
  });

  test('a stopped transceiver whose m= section the answer rejects loses its mid and leaves the list', async () => {
    const a = pc();
    const b = pc();
    const t = a.addTransceiver('video');
    await negotiate(a, b);
    expect(t.mid).toBe('0');
    t.stop();
    expect(t.mid).toBe('0');
    await negotiate(a, b);
    expect(t.mid).toBeNull();
    expect(a.getTransceivers()).toEqual([]);
    expect(b.getTransceivers()).toEqual([]);
  });
});
