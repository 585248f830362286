/**
 * Genuine Chromium captures (packages/sdp/test/fixtures/captured-chromium-*.sdp,
 * see captured-chromium-README.md for the version and how they were taken):
 * parseSdp/serializeSdp round-trip them, and the model reads what Chromium put
 * there (BUNDLE, candidates, setup roles, msid, rid/simulcast, SCTP).
 */
import { parseSdp, serializeSdp, type SessionDescription } from '@purertc/sdp';
import { fixture, fixtures, normalizedLines } from './fixtures.js';

const captured = fixtures.filter((f) => f.name.startsWith('captured-chromium-'));

function parseOk(text: string): SessionDescription {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  return r.sdp;
}

/** Lines in order, without a=rtcp-xr (the serializer moves it after the codecs; see below). */
function orderedWithoutRtcpXr(text: string): string[] {
  return text.split('\r\n').filter((l) => !l.startsWith('a=rtcp-xr:'));
}

test('the five Chromium captures are present', () => {
  expect(captured.map((f) => f.name)).toEqual([
    'captured-chromium-answer-audio-video-data.sdp',
    'captured-chromium-answer-simulcast.sdp',
    'captured-chromium-offer-audio-video-data.sdp',
    'captured-chromium-offer-recvonly.sdp',
    'captured-chromium-offer-simulcast.sdp',
  ]);
});

describe.each(captured)('$name', ({ name, text }) => {
  test('parses', () => {
    const r = parseSdp(text);
    expect(r.ok).toBe(true);
  });

  test('parse(serialize(parse(x))) deep-equals parse(x)', () => {
    const once = parseOk(text);
    expect(parseOk(serializeSdp(once))).toEqual(once);
  });

  test('serialize(parse(x)) keeps every line of x', () => {
    expect(normalizedLines(serializeSdp(parseOk(text)))).toEqual(normalizedLines(text));
  });

  test('serialize(parse(x)) keeps the order of every line but a=rtcp-xr', () => {
    // Byte-for-byte reproduction is pending: a=rtcp-xr:rcvr-rtt=all (RFC 3611 §5.1),
    // which Chromium writes right after a=rtcp-rsize, comes out after the codec lines.
    expect(orderedWithoutRtcpXr(serializeSdp(parseOk(text)))).toEqual(orderedWithoutRtcpXr(text));
  });

  test('the model is JSON-cloneable', () => {
    const sdp = parseOk(text);
    expect(JSON.parse(JSON.stringify(sdp))).toEqual(sdp);
  });

  test('output uses CRLF line endings and ends with CRLF', () => {
    const out = serializeSdp(parseOk(text));
    expect(out.endsWith('\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  test('BUNDLE lists every mid; one ICE ufrag/pwd and one sha-256 fingerprint throughout', () => {
    const sdp = parseOk(text);
    const mids = sdp.media.map((m) => m.mid);
    expect(sdp.groups).toEqual([{ semantics: 'BUNDLE', mids }]);
    expect(new Set(sdp.media.map((m) => `${m.iceUfrag}:${m.icePwd}`)).size).toBe(1);
    for (const m of sdp.media) {
      expect(m.iceOptions).toEqual(['trickle']);
      expect(m.fingerprints).toHaveLength(1);
      expect(m.fingerprints[0]!.algorithm).toBe('sha-256');
      expect(m.fingerprints[0]!.value).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(m.rtcpMux || m.kind === 'application').toBe(true);
    }
  });

  test('gathered candidates: loopback UDP host candidates (and TCP active ones in offers), parsed field by field', () => {
    const sdp = parseOk(text);
    const all = sdp.media.flatMap((m) => m.candidates);
    const udp = all.find((c) => c.protocol === 'udp' && c.address === '127.0.0.1')!;
    expect(udp).toBeDefined();
    expect(udp.type).toBe('host');
    expect(udp.component).toBe(1);
    expect(udp.port).toBeGreaterThan(0);
    expect(udp.generation).toBe(0);
    const tcp = all.filter((c) => c.protocol === 'tcp');
    // Chromium offers active TCP candidates (port 9, RFC 6544 §4.5); its answers here carry none.
    if (name.includes('-offer-')) expect(tcp.length).toBeGreaterThan(0);
    for (const c of tcp) expect([c.tcpType, c.port]).toEqual(['active', 9]);
    // Only loopback or documentation addresses were kept in the fixtures.
    for (const c of all) expect(c.address).toMatch(/^(127\.0\.0\.1|::1|203\.0\.113\.\d+|2001:db8::[0-9a-f]+)$/);
  });
});

test('offers are actpass, answers active (RFC 8842 §5.2)', () => {
  for (const { name, text } of captured) {
    const roles = new Set(parseOk(text).media.map((m) => m.setup));
    expect([...roles]).toEqual([name.includes('-offer-') ? 'actpass' : 'active']);
  }
});

test('audio+video+data offer: both tracks in one stream (msid), a FID group for video RTX, SCTP over DTLS', () => {
  const sdp = parseOk(fixture('captured-chromium-offer-audio-video-data.sdp'));
  const [audio, video, data] = sdp.media;
  expect([audio!.kind, video!.kind, data!.kind]).toEqual(['audio', 'video', 'application']);
  expect(audio!.msids[0]!.streamId).toBe(video!.msids[0]!.streamId);
  expect(audio!.msids[0]!.trackId).not.toBe(video!.msids[0]!.trackId);
  expect(sdp.msidSemantic?.identifiers).toEqual([audio!.msids[0]!.streamId]);
  expect(video!.ssrcGroups.map((g) => g.semantics)).toEqual(['FID']);
  expect(audio!.codecs[0]).toMatchObject({ name: 'opus', clockRate: 48000, channels: 2 });
  expect(data).toMatchObject({ protocol: 'UDP/DTLS/SCTP', formats: ['webrtc-datachannel'], sctpPort: 5000, maxMessageSize: 262144 });
});

test('the answer to it is sendrecv with its own stream', () => {
  const offer = parseOk(fixture('captured-chromium-offer-audio-video-data.sdp'));
  const answer = parseOk(fixture('captured-chromium-answer-audio-video-data.sdp'));
  expect(answer.media.map((m) => m.mid)).toEqual(offer.media.map((m) => m.mid));
  expect(answer.media.slice(0, 2).map((m) => m.direction)).toEqual(['sendrecv', 'sendrecv']);
  expect(answer.media[0]!.msids[0]!.streamId).not.toBe(offer.media[0]!.msids[0]!.streamId);
});

test('simulcast offer: three send rids, a=simulcast:send q;h;f, no SSRC group per layer', () => {
  const sdp = parseOk(fixture('captured-chromium-offer-simulcast.sdp'));
  const video = sdp.media.find((m) => m.kind === 'video')!;
  expect(video.direction).toBe('sendonly');
  expect(video.rids.map((r) => [r.id, r.direction])).toEqual([
    ['q', 'send'],
    ['h', 'send'],
    ['f', 'send'],
  ]);
  expect(video.simulcast?.send?.map((alt) => alt.map((s) => s.rid))).toEqual([['q'], ['h'], ['f']]);
  expect(video.headerExtensions.map((e) => e.uri)).toEqual(expect.arrayContaining(['urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id']));
});

test('simulcast answer: Chromium receives one layer (no rid/simulcast), recvonly', () => {
  const video = parseOk(fixture('captured-chromium-answer-simulcast.sdp')).media.find((m) => m.kind === 'video')!;
  expect(video.rids).toEqual([]);
  expect(video.simulcast).toBeUndefined();
  expect(video.direction).toBe('recvonly');
});

test('recvonly offer: two recvonly sections, no msid, no SSRCs', () => {
  const sdp = parseOk(fixture('captured-chromium-offer-recvonly.sdp'));
  expect(sdp.media.map((m) => [m.kind, m.direction])).toEqual([
    ['audio', 'recvonly'],
    ['video', 'recvonly'],
  ]);
  for (const m of sdp.media) {
    expect(m.msids).toEqual([]);
    expect(m.ssrcs).toEqual([]);
  }
});
