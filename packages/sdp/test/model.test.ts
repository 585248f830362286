import { getBundleGroups, getMids, findMediaByMid, parseSdp, serializeSdp, type SessionDescription } from '@purertc/sdp';
import { fixture } from './fixtures.js';

function parse(name: string): SessionDescription {
  const r = parseSdp(fixture(name));
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  return r.sdp;
}

const chrome = parse('chrome-offer-audio-video-data.sdp');
const firefox = parse('firefox-offer-audio-video-data.sdp');

test('origin ids stay exact decimal strings beyond 2^53', () => {
  expect(chrome.origin).toEqual({
    username: '-',
    sessionId: '3304229686190011165',
    sessionVersion: '2',
    netType: 'IN',
    addressType: 'IP4',
    address: '127.0.0.1',
  });
});

test('session fields: name, timing, group, extmap-allow-mixed, msid-semantic', () => {
  expect(chrome.sessionName).toBe('-');
  expect(chrome.timing).toEqual({ start: 0, stop: 0 });
  expect(chrome.groups).toEqual([{ semantics: 'BUNDLE', mids: ['0', '1', '2'] }]);
  expect(chrome.extmapAllowMixed).toBe(true);
  expect(chrome.msidSemantic).toEqual({ semantic: 'WMS', identifiers: ['3b43bf3b-262d-45df-a91d-c6f4dcf00b4e'] });
  expect(firefox.msidSemantic).toEqual({ semantic: 'WMS', identifiers: ['*'] });
});

test('Firefox session-level fingerprint, ice-options and direction', () => {
  expect(firefox.fingerprints).toHaveLength(1);
  expect(firefox.fingerprints[0]!.algorithm).toBe('sha-256');
  expect(firefox.iceOptions).toEqual(['trickle']);
  expect(firefox.direction).toBe('sendrecv');
});

test('media kinds, ports, protocols, mids', () => {
  expect(chrome.media.map((m) => [m.kind, m.port, m.protocol, m.mid])).toEqual([
    ['audio', 9, 'UDP/TLS/RTP/SAVPF', '0'],
    ['video', 9, 'UDP/TLS/RTP/SAVPF', '1'],
    ['application', 9, 'UDP/DTLS/SCTP', '2'],
  ]);
  expect(chrome.media[2]!.formats).toEqual(['webrtc-datachannel']);
});

test('transport attributes of a media section', () => {
  const a = chrome.media[0]!;
  expect(a.connection).toEqual({ netType: 'IN', addressType: 'IP4', address: '0.0.0.0' });
  expect(a.rtcp).toEqual({ port: 9, netType: 'IN', addressType: 'IP4', address: '0.0.0.0' });
  expect(a.iceUfrag).toBe('Ezq+');
  expect(a.icePwd).toBe('3lSMQj0krWe/iGb7ex4U+/2d');
  expect(a.iceOptions).toEqual(['trickle']);
  expect(a.setup).toBe('actpass');
  expect(a.direction).toBe('sendrecv');
  expect(a.rtcpMux).toBe(true);
  expect(a.rtcpRsize).toBe(true);
  expect(a.fingerprints[0]!.value.split(':')).toHaveLength(32);
});

test('codecs: rtpmap, ordered fmtp parameters, rtcp-fb, channels', () => {
  const opus = chrome.media[0]!.codecs[0]!;
  expect(opus).toEqual({
    payloadType: 111,
    name: 'opus',
    clockRate: 48000,
    channels: 2,
    parameters: [
      { key: 'minptime', value: '10' },
      { key: 'useinbandfec', value: '1' },
    ],
    rtcpFeedback: [{ type: 'transport-cc' }],
  });
  const red = chrome.media[0]!.codecs[1]!;
  expect(red.parameters).toEqual([{ key: '111/111' }]);
  const vp8 = chrome.media[1]!.codecs[0]!;
  expect(vp8.rtcpFeedback).toContainEqual({ type: 'nack', parameter: 'pli' });
  expect(vp8.rtcpFeedback).toContainEqual({ type: 'ccm', parameter: 'fir' });
});

test('codecs follow the m= line order even when rtpmap lines do not (Firefox)', () => {
  const video = firefox.media[1]!;
  expect(video.codecs.map((c) => c.payloadType)).toEqual([120, 124, 121, 125, 126, 127, 97, 98]);
  expect(video.codecs.find((c) => c.payloadType === 101)).toBeUndefined();
  const te = firefox.media[0]!.codecs.find((c) => c.payloadType === 101)!;
  expect(te.parameters).toEqual([{ key: '0-15' }]);
});

test('header extensions with direction (Firefox)', () => {
  expect(firefox.media[0]!.headerExtensions[1]).toEqual({
    id: 2,
    direction: 'recvonly',
    uri: 'urn:ietf:params:rtp-hdrext:csrc-audio-level',
  });
});

test('msid with and without a stream', () => {
  expect(chrome.media[0]!.msids).toEqual([
    { streamId: '3b43bf3b-262d-45df-a91d-c6f4dcf00b4e', trackId: 'cac04ecb-ee49-46c0-a5b9-189a33774647' },
  ]);
  const ff = parse('firefox-offer-simulcast.sdp');
  expect(ff.media[0]!.msids).toEqual([{ streamId: '-', trackId: '{7e5d3c1b-9a8f-4e6d-b2c4-a1f3e5d7c9b0}' }]);
});

test('ssrc lines are grouped per SSRC in order, with the FID group', () => {
  const v = chrome.media[1]!;
  expect(v.ssrcGroups).toEqual([{ semantics: 'FID', ssrcs: [2231627014, 632943048] }]);
  expect(v.ssrcs.map((s) => s.ssrc)).toEqual([2231627014, 632943048]);
  expect(v.ssrcs[0]!.attributes).toEqual([
    { name: 'cname', value: '4Cqdy6kA30DYfwYF' },
    { name: 'msid', value: '3b43bf3b-262d-45df-a91d-c6f4dcf00b4e 1e9d2b8f-0d53-4b3b-8a8a-5f1a3c0a9e11' },
  ]);
});

test('rid and simulcast (Chrome)', () => {
  const v = parse('chrome-offer-simulcast.sdp').media[0]!;
  expect(v.rids).toEqual([
    { id: 'q', direction: 'send', params: [] },
    { id: 'h', direction: 'send', params: [] },
    { id: 'f', direction: 'send', params: [] },
  ]);
  expect(v.simulcast).toEqual({
    send: [[{ rid: 'q', paused: false }], [{ rid: 'h', paused: false }], [{ rid: 'f', paused: false }]],
  });
});

test('paused simulcast stream and recv rids (ice-lite server)', () => {
  const sdp = parse('ice-lite-server-answer.sdp');
  expect(sdp.iceLite).toBe(true);
  const v = sdp.media[0]!;
  expect(v.simulcast?.recv?.[2]).toEqual([{ rid: 'q', paused: true }]);
  expect(v.rids.every((r) => r.direction === 'recv')).toBe(true);
});

test('extmap ids above 14 parse with extmap-allow-mixed (Chrome simulcast offer)', () => {
  const v = parse('chrome-offer-simulcast.sdp').media[0]!;
  expect(v.headerExtensions.map((e) => e.id)).toContain(18);
});

test('candidates and end-of-candidates (Firefox)', () => {
  const a = firefox.media[0]!;
  expect(a.candidates).toHaveLength(6);
  expect(a.candidates[0]).toMatchObject({
    attribute: 'candidate:0 1 UDP 2122252543 172.22.0.1 33514 typ host',
    foundation: '0',
    protocol: 'UDP',
    port: 33514,
    type: 'host',
  });
  expect(a.candidates[5]).toMatchObject({ type: 'relay', relatedAddress: '203.0.113.250', relatedPort: 59261 });
  expect(a.endOfCandidates).toBe(true);
  expect(chrome.media[0]!.endOfCandidates).toBe(false);
});

test('data section: sctp-port and max-message-size', () => {
  expect(chrome.media[2]!.sctpPort).toBe(5000);
  expect(chrome.media[2]!.maxMessageSize).toBe(262144);
  expect(firefox.media[2]!.maxMessageSize).toBe(1073741823);
});

test('legacy sctpmap, b= line and unknown attributes', () => {
  const sdp = parse('legacy-sctpmap-plan-b.sdp');
  const data = sdp.media[1]!;
  expect(data.protocol).toBe('DTLS/SCTP');
  expect(data.formats).toEqual(['5000']);
  expect(data.sctpmap).toEqual({ port: 5000, protocol: 'webrtc-datachannel', streams: 1024 });
  expect(data.bandwidths).toEqual([{ type: 'AS', value: 30 }]);
  expect(sdp.media[0]!.attributes).toEqual([{ name: 'maxptime', value: '60' }]);
});

test('a static payload type without rtpmap becomes an implicit codec and emits no rtpmap', () => {
  const text = ['v=0', 'o=- 1 1 IN IP4 0.0.0.0', 's=-', 't=0 0', 'm=audio 9 RTP/AVP 0 8', 'a=rtpmap:8 PCMA/8000', ''].join('\r\n');
  const r = parseSdp(text);
  if (!r.ok) throw new Error(r.reason);
  expect(r.sdp.media[0]!.codecs[0]).toEqual({
    payloadType: 0,
    name: 'PCMU',
    clockRate: 8000,
    parameters: [],
    rtcpFeedback: [],
    implicit: true,
  });
  expect(serializeSdp(r.sdp)).toBe(text);
});

test('rejected section with port 0 and no mid (Firefox)', () => {
  const sdp = parse('ice-lite-server-answer.sdp');
  expect(sdp.media[1]!.port).toBe(0);
  expect(sdp.media[1]!.direction).toBe('inactive');
});

test('rtcp-fb wildcard, m= port count, session u=/e= lines and extra t= lines survive', () => {
  const text = [
    'v=0', 'o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5', 's=SDP Seminar', 'i=A Seminar',
    'u=http://www.example.com/seminars/sdp.pdf', 'e=j.doe@example.com (Jane Doe)', 'c=IN IP4 224.2.17.12/127',
    't=2873397496 2873404696', 'r=7d 1h 0 25h', 't=0 0', 'a=recvonly',
    'm=video 51372/2 RTP/AVP 99', 'a=rtpmap:99 h263-1998/90000', 'a=rtcp-fb:* nack', '',
  ].join('\r\n');
  const r = parseSdp(text);
  if (!r.ok) throw new Error(`${r.line} ${r.reason}`);
  expect(r.sdp.media[0]!.numberOfPorts).toBe(2);
  expect(r.sdp.media[0]!.rtcpFeedbackWildcard).toEqual([{ type: 'nack' }]);
  expect(r.sdp.timing).toEqual({ start: 2873397496, stop: 2873404696 });
  expect(serializeSdp(r.sdp)).toBe(text);
});

test('getMids, getBundleGroups, findMediaByMid', () => {
  expect(getMids(chrome)).toEqual(['0', '1', '2']);
  expect(getBundleGroups(chrome)).toEqual([{ semantics: 'BUNDLE', mids: ['0', '1', '2'] }]);
  expect(findMediaByMid(chrome, '2')).toBe(2);
  expect(findMediaByMid(chrome, 'x')).toBe(-1);
  const legacy = parse('ice-lite-server-answer.sdp');
  expect(getMids(legacy)).toEqual(['0', '1']);
});
