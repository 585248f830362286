import { codecDictionaryMatch, localCodecs } from '../src/jsep-codecs';
import { negotiateCodecs, codecsOfSection } from '../src/jsep-negotiate-codecs';
import { answerDirection } from '../src/jsep-plan';
import { bundleGroups, isRejected, mediaDirection, parseSdpView, reverseDirection } from '../src/jsep-sdp';

const SDP = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE a v',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
  'c=IN IP4 0.0.0.0',
  'a=mid:a',
  'a=sendonly',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10',
  'a=rtpmap:0 PCMU/8000',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'a=mid:v',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('jsep-sdp line view', () => {
  test('parses sections, attributes and the BUNDLE group', () => {
    const r = parseSdpView(SDP);
    if (!r.ok) throw new Error(r.reason);
    expect(r.sdp.media.map((m) => [m.kind, m.port, m.formats])).toEqual([
      ['audio', 9, ['111', '0']],
      ['video', 0, ['96']],
    ]);
    expect(bundleGroups(r.sdp)).toEqual([['a', 'v']]);
    expect(mediaDirection(r.sdp, r.sdp.media[0]!)).toBe('sendonly');
    expect(isRejected(r.sdp.media[1]!)).toBe(true);
  });

  test.each([
    ['v=1\r\n', 1],
    ['v=0\r\no=bad\r\n', 2],
    ['v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n', 5],
    ['v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\nt=0 0\r\na=ice-ufrag:ab\r\n', 5],
    ['v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\n', 3],
    ['v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\nt=0 0\r\nnonsense\r\n', 5],
  ])('reports the 1-based line of the first error (%#)', (text, line) => {
    const r = parseSdpView(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(line);
  });

  test('never throws for non-string input', () => {
    expect(parseSdpView(42 as never).ok).toBe(false);
  });
});

describe('JSEP answer rules (RFC 8829 §5.3.1)', () => {
  test.each([
    ['sendrecv', 'sendrecv', 'sendrecv'],
    ['sendrecv', 'sendonly', 'recvonly'],
    ['sendrecv', 'recvonly', 'sendonly'],
    ['sendrecv', 'inactive', 'inactive'],
    ['recvonly', 'sendrecv', 'recvonly'],
    ['sendonly', 'sendonly', 'inactive'],
  ] as const)('local %s answering an offered %s gives %s', (local, offered, answer) => {
    expect(answerDirection(local, offered)).toBe(answer);
  });

  test('reverseDirection swaps send and receive', () => {
    expect(reverseDirection('sendonly')).toBe('recvonly');
    expect(reverseDirection('inactive')).toBe('inactive');
  });

  test('negotiated codecs keep the offerer payload types and drop unknown ones', () => {
    const r = parseSdpView(SDP.replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:0 PCMU/8000\r\na=rtpmap:5 unknown/8000').replace('111 0', '111 0 5'));
    if (!r.ok) throw new Error(r.reason);
    const offered = codecsOfSection(r.sdp.media[0]!);
    expect(negotiateCodecs(localCodecs('audio'), offered, []).map((c) => c.payloadType)).toEqual([111, 0]);
  });

  test('RTX survives only with its apt partner', () => {
    const video = localCodecs('video');
    const offered = video.filter((c) => c.payloadType === 97 || c.payloadType === 98 || c.payloadType === 99);
    const out = negotiateCodecs(video, offered, []).map((c) => c.payloadType);
    expect(out).toEqual([98, 99]);
  });

  test('codec dictionary match compares fmtp as key/value sets', () => {
    expect(codecDictionaryMatch({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'a=1;b=2' }, { mimeType: 'video/h264', clockRate: 90000, sdpFmtpLine: 'b=2;a=1' })).toBe(true);
    expect(codecDictionaryMatch({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'a=1' }, { mimeType: 'video/H264', clockRate: 90000 })).toBe(false);
  });
});

describe('media format matching for answers', () => {
  test('Opus matches whatever its preference parameters (Firefox-style fmtp)', async () => {
    const { sameMediaFormat } = await import('../src/jsep-negotiate-codecs');
    expect(sameMediaFormat({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'maxplaybackrate=48000;stereo=1;useinbandfec=1' }, localCodecs('audio')[0]!)).toBe(true);
  });

  test('H.264 packetization-mode 0 does not match mode 1', async () => {
    const { sameMediaFormat } = await import('../src/jsep-negotiate-codecs');
    const h264 = localCodecs('video').find((c) => c.mimeType === 'video/H264')!;
    expect(sameMediaFormat({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'profile-level-id=42e01f;packetization-mode=0' }, h264)).toBe(false);
    expect(sameMediaFormat({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'profile-level-id=42e034;packetization-mode=1' }, h264)).toBe(true);
  });
});
