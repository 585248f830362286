import {
  createDataMediaSection,
  createRejectedMediaSection,
  createRtpMediaSection,
  createSenderSsrcs,
  createSessionDescription,
  createSimulcast,
  defaultCodecs,
  defaultHeaderExtensions,
  intersectCodecs,
  intersectHeaderExtensions,
  answerDirection,
  parseSdp,
  serializeSdp,
  type SessionDescription,
} from '@purertc/sdp';
import { fixture } from './fixtures.js';

const transport = {
  iceUfrag: 'Ezq+',
  icePwd: '3lSMQj0krWe/iGb7ex4U+/2d',
  fingerprints: [{ algorithm: 'sha-256', value: 'B1:4D:7F:6B:5A:88:67:5D:D1:9E:D2:1C:FB:22:71:21:9B:09:B4:8D:C0:52:DC:6F:C9:A7:2D:D2:08:44:B8:70' }],
};

function buildOffer(): SessionDescription {
  const sdp = createSessionDescription({ sessionId: '4611731400430051336', sessionVersion: 2, bundleMids: ['0', '1', '2'] });
  const audioSsrcs = createSenderSsrcs({ ssrc: 1111, cname: 'cname1', streamIds: ['s1'], trackId: 't1' });
  sdp.media.push(
    createRtpMediaSection({
      ...transport,
      kind: 'audio',
      mid: '0',
      setup: 'actpass',
      direction: 'sendrecv',
      codecs: defaultCodecs('audio'),
      headerExtensions: defaultHeaderExtensions('audio'),
      msids: [{ streamId: 's1', trackId: 't1' }],
      ...audioSsrcs,
      candidates: [
        { foundation: '1', component: 1, protocol: 'udp', priority: 2122260223, address: '127.0.0.1', port: 50000, type: 'host', extensions: [] },
      ],
      endOfCandidates: true,
    }),
  );
  const sim = createSimulcast([{ rid: 'h' }, { rid: 'm' }, { rid: 'l', paused: true }]);
  const videoSsrcs = createSenderSsrcs({ ssrc: 2222, rtxSsrc: 3333, cname: 'cname1', streamIds: [], trackId: 't2' });
  sdp.media.push(
    createRtpMediaSection({
      ...transport,
      kind: 'video',
      mid: '1',
      setup: 'actpass',
      direction: 'sendonly',
      codecs: defaultCodecs('video'),
      headerExtensions: defaultHeaderExtensions('video'),
      msids: [{ streamId: '-', trackId: 't2' }],
      ...videoSsrcs,
      ...sim,
    }),
  );
  sdp.media.push(createDataMediaSection({ ...transport, mid: '2', setup: 'actpass' }));
  return sdp;
}

const offerText = serializeSdp(buildOffer());
const offerLines = offerText.split('\r\n');

test('the built offer parses back to the same model', () => {
  const r = parseSdp(offerText);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  expect(r.sdp).toEqual(buildOffer());
});

test.each([
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1 2',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
  'a=end-of-candidates',
  'a=ice-ufrag:Ezq+',
  'a=ice-pwd:3lSMQj0krWe/iGb7ex4U+/2d',
  'a=ice-options:trickle',
  `a=fingerprint:sha-256 ${transport.fingerprints[0]!.value}`,
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=sendrecv',
  'a=msid:s1 t1',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:1111 cname:cname1',
  'a=ssrc:1111 msid:s1 t1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103 104 105 106 107 108 109 127 125 39 40 112 113 45 46',
  'a=mid:1',
  'a=sendonly',
  'a=msid:- t2',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 goog-remb',
  'a=rtcp-fb:96 transport-cc',
  'a=rtcp-fb:96 ccm fir',
  'a=rtcp-fb:96 nack',
  'a=rtcp-fb:96 nack pli',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=fmtp:98 profile-id=0',
  'a=fmtp:100 profile-id=2',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f',
  'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
  'a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f',
  'a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034',
  'a=rtpmap:45 AV1/90000',
  'a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=rid:h send',
  'a=rid:m send',
  'a=rid:l send',
  'a=simulcast:send h;m;~l',
  'a=ssrc-group:FID 2222 3333',
  'a=ssrc:2222 cname:cname1',
  'a=ssrc:3333 msid:- t2',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:2',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
])('the offer contains %s', (line) => {
  expect(offerLines).toContain(line);
});

test('every RTX codec points at a codec in the same section', () => {
  const video = buildOffer().media[1]!;
  const pts = new Set(video.codecs.map((c) => c.payloadType));
  const rtx = video.codecs.filter((c) => c.name === 'rtx');
  expect(rtx).toHaveLength(11);
  for (const c of rtx) expect(pts.has(Number(c.parameters[0]!.value))).toBe(true);
});

test('the m= format list equals the codec payload types', () => {
  for (const m of buildOffer().media.slice(0, 2)) expect(m.formats).toEqual(m.codecs.map((c) => `${c.payloadType}`));
});

test('bundle-only sections have port 0 and a=bundle-only', () => {
  const m = createDataMediaSection({ ...transport, mid: '3', setup: 'actpass', bundleOnly: true });
  const text = serializeSdp({ ...createSessionDescription({ sessionId: '1', sessionVersion: '1' }), media: [m] });
  expect(text).toContain('m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n');
  expect(text).toContain('a=bundle-only\r\n');
  expect(parseSdp(text).ok).toBe(true);
});

test('a rejected section has port 0, keeps its mid and first format, and is inactive', () => {
  const offered = buildOffer().media[1]!;
  const m = createRejectedMediaSection(offered);
  const sdp = { ...createSessionDescription({ sessionId: '1', sessionVersion: '1' }), media: [m] };
  const lines = serializeSdp(sdp).split('\r\n');
  expect(lines).toContain('m=video 0 UDP/TLS/RTP/SAVPF 96');
  expect(lines).toContain('a=mid:1');
  expect(lines).toContain('a=inactive');
  expect(lines).toContain('a=rtpmap:96 VP8/90000');
  expect(lines.some((l) => l.startsWith('a=ice-ufrag'))).toBe(false);
  expect(parseSdp(lines.join('\r\n')).ok).toBe(true);
});

test('a rejected data section keeps webrtc-datachannel', () => {
  const m = createRejectedMediaSection({ kind: 'application', protocol: 'UDP/DTLS/SCTP', formats: ['webrtc-datachannel'], mid: '2' });
  expect(m.port).toBe(0);
  expect(m.formats).toEqual(['webrtc-datachannel']);
});

test('an RTP section without codecs is refused', () => {
  expect(() =>
    createRtpMediaSection({ ...transport, kind: 'audio', mid: '0', setup: 'actpass', direction: 'sendrecv', codecs: [], headerExtensions: [] }),
  ).toThrow(RangeError);
});

test('createSessionDescription options: no bundle, no msid-semantic, ice-lite, string version', () => {
  const s = createSessionDescription({ sessionId: '9223372036854775807', sessionVersion: '18446744073709551615', msidSemanticStreams: false, extmapAllowMixed: false, iceLite: true });
  const text = serializeSdp(s);
  expect(text).toBe('v=0\r\no=- 9223372036854775807 18446744073709551615 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n');
  const r = parseSdp(text);
  expect(r.ok && r.sdp).toEqual(s);
});

test('builders copy their inputs (mutating the result leaves the defaults intact)', () => {
  const codecs = defaultCodecs('audio');
  const m = createRtpMediaSection({ ...transport, kind: 'audio', mid: '0', setup: 'actpass', direction: 'sendrecv', codecs, headerExtensions: [] });
  m.codecs[0]!.parameters.push({ key: 'stereo', value: '1' });
  expect(codecs[0]!.parameters).toHaveLength(2);
  expect(defaultCodecs('audio')[0]!.parameters).toHaveLength(2);
});

test('an IPv6 connection address gives c=IN IP6', () => {
  const m = createDataMediaSection({ ...transport, mid: '0', setup: 'passive', connectionAddress: '::1', port: 5000 });
  expect(m.connection).toEqual({ netType: 'IN', addressType: 'IP6', address: '::1' });
});

describe('answering a Chrome offer', () => {
  const r = parseSdp(fixture('chrome-offer-audio-video-data.sdp'));
  if (!r.ok) throw new Error(r.reason);
  const offer = r.sdp;

  function buildAnswer(): SessionDescription {
    const answer = createSessionDescription({ sessionId: '1234', sessionVersion: 1, bundleMids: offer.groups[0]!.mids });
    for (const m of offer.media) {
      if (m.kind === 'application') {
        answer.media.push(createDataMediaSection({ ...transport, mid: m.mid!, setup: 'active' }));
        continue;
      }
      answer.media.push(
        createRtpMediaSection({
          ...transport,
          kind: m.kind,
          mid: m.mid!,
          setup: 'active',
          direction: answerDirection(m.direction!, 'recvonly'),
          codecs: intersectCodecs(defaultCodecs(m.kind), m.codecs),
          headerExtensions: intersectHeaderExtensions(defaultHeaderExtensions(m.kind), m.headerExtensions),
        }),
      );
    }
    return answer;
  }

  test('the answer parses and keeps the offered mids, payload types and extension ids', () => {
    const text = serializeSdp(buildAnswer());
    const a = parseSdp(text);
    if (!a.ok) throw new Error(`line ${a.line}: ${a.reason}`);
    expect(a.sdp.media.map((m) => m.mid)).toEqual(['0', '1', '2']);
    expect(a.sdp.media[0]!.formats).toEqual(['111', '0', '8', '110', '126']);
    expect(a.sdp.media[1]!.codecs.find((c) => c.name === 'VP8')?.payloadType).toBe(96);
    const ext = a.sdp.media[1]!.headerExtensions.find((e) => e.uri === 'urn:3gpp:video-orientation');
    expect(ext?.id).toBe(13);
    expect(text).toContain('a=setup:active\r\n');
    expect(text).toContain('a=recvonly\r\n');
  });

  test('H.264 in the answer keeps only profiles we support, with the offered payload types', () => {
    const video = buildAnswer().media[1]!;
    const h264 = video.codecs.filter((c) => c.name === 'H264').map((c) => c.payloadType);
    expect(h264).toEqual([102, 104, 106, 108, 127, 39, 112]);
  });
});

describe('a=ice-options separators', () => {
  const base = (opts: string) =>
    ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', `a=ice-options:${opts}`, 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', 'a=mid:0', ''].join('\r\n');
  test("libdatachannel's comma-separated tags are accepted as separate tags", () => {
    const r = parseSdp(base('ice2,trickle'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.sdp.iceOptions).toEqual(['ice2', 'trickle']);
  });
  test('space-separated tags as RFC 8839 writes them', () => {
    const r = parseSdp(base('trickle renomination'));
    expect(r.ok && r.sdp.iceOptions).toEqual(['trickle', 'renomination']);
  });
  test('empty tags and non-ice-char tags are still rejected at their line', () => {
    for (const bad of ['', 'trickle,,ice2', 'tri@ckle', ',trickle']) {
      const r = parseSdp(base(bad));
      expect(r).toEqual(expect.objectContaining({ ok: false, line: 5 }));
    }
  });
});
