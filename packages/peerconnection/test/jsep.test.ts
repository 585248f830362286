import {
  answerDirection,
  codecsMatch,
  effectiveDirection,
  getBundleGroups,
  intersectCodecs,
  isRejectedSection,
  parseSdp,
  reverseDirection,
  type SessionDescription,
} from '@purertc/sdp';
import { capabilities, codecDictionaryMatch, fromRtcCodec, localCodecs, toRtcCodec } from '../src/jsep-codecs';
import { answerCodecs, offerCodecs } from '../src/jsep-plan';
import { validateDescription } from '../src/jsep-validate';

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

function parse(text: string): SessionDescription {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(r.reason);
  return r.sdp;
}

describe('the @purertc/sdp model as the signaling core reads it', () => {
  test('parses sections, attributes and the BUNDLE group', () => {
    const sdp = parse(SDP);
    expect(sdp.media.map((m) => [m.kind, m.port, m.formats])).toEqual([
      ['audio', 9, ['111', '0']],
      ['video', 0, ['96']],
    ]);
    expect(getBundleGroups(sdp).map((g) => g.mids)).toEqual([['a', 'v']]);
    expect(effectiveDirection(sdp, sdp.media[0]!)).toBe('sendonly');
    expect(isRejectedSection(sdp.media[1]!)).toBe(true);
  });

  test.each([
    ['v=1\r\n', 1],
    ['v=0\r\no=bad\r\n', 2],
    ['v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n', 5],
    ['v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\nt=0 0\r\na=ice-ufrag:ab\r\n', 5],
    ['v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\n', 4],
    ['v=0\r\no=- 1 1 IN IP4 x\r\ns=-\r\nt=0 0\r\nnonsense\r\n', 5],
  ])('reports the 1-based line of the first error (%#)', (text, line) => {
    const r = parseSdp(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(line);
  });

  test('never throws for non-string input', () => {
    expect(parseSdp(42 as never).ok).toBe(false);
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
    expect(answerDirection(offered, local)).toBe(answer);
  });

  test('reverseDirection swaps send and receive', () => {
    expect(reverseDirection('sendonly')).toBe('recvonly');
    expect(reverseDirection('inactive')).toBe('inactive');
  });

  test('negotiated codecs keep the offerer payload types and drop unknown ones', () => {
    const sdp = parse(SDP.replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:0 PCMU/8000\r\na=rtpmap:5 unknown/8000').replace('111 0', '111 0 5'));
    expect(answerCodecs('audio', sdp.media[0]!.codecs, []).map((c) => c.payloadType)).toEqual([111, 0]);
  });

  test('RTX survives only with its apt partner', () => {
    const video = localCodecs('video');
    const offered = video.filter((c) => c.payloadType === 97 || c.payloadType === 98 || c.payloadType === 99);
    const out = intersectCodecs(video, offered).map((c) => c.payloadType);
    expect(out).toEqual([98, 99]);
  });

  test('codec dictionary match compares fmtp as key/value sets', () => {
    expect(codecDictionaryMatch({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'a=1;b=2' }, { mimeType: 'video/h264', clockRate: 90000, sdpFmtpLine: 'b=2;a=1' })).toBe(true);
    expect(codecDictionaryMatch({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'a=1' }, { mimeType: 'video/H264', clockRate: 90000 })).toBe(false);
  });
});

describe('media format matching for answers', () => {
  test('Opus matches whatever its preference parameters (Firefox-style fmtp)', async () => {
    const firefoxOpus = fromRtcCodec({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'maxplaybackrate=48000;stereo=1;useinbandfec=1' });
    expect(codecsMatch(firefoxOpus, localCodecs('audio')[0]!)).toBe(true);
  });

  test('H.264 packetization-mode 0 does not match mode 1', async () => {
    const h264 = localCodecs('video').find((c) => c.name === 'H264')!;
    const level = h264.parameters.find((p) => p.key === 'profile-level-id')!.value!;
    const other = (fmtp: string) => fromRtcCodec({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: fmtp });
    expect(codecsMatch(other(`profile-level-id=${level};packetization-mode=0`), h264)).toBe(false);
    // Same profile (first two bytes), another level: the same format.
    expect(codecsMatch(other(`profile-level-id=${level.slice(0, 4)}34;packetization-mode=1`), h264)).toBe(true);
  });
});

describe('the implemented codec set (defaultCodecs filtered, webrtc-pc §5.2)', () => {
  test('audio: opus, PCMU, PCMA and telephone-event at 8 kHz, in that order', () => {
    expect(localCodecs('audio').map((c) => `${c.payloadType} ${c.name}/${c.clockRate}`)).toEqual([
      '111 opus/48000',
      '0 PCMU/8000',
      '8 PCMA/8000',
      '126 telephone-event/8000',
    ]);
  });

  test('video: each primary is followed by its RTX partner and only kept primaries have one', () => {
    const video = localCodecs('video');
    const primaries = new Set(video.filter((c) => c.name !== 'rtx').map((c) => c.payloadType));
    for (const c of video.filter((x) => x.name === 'rtx')) {
      const apt = Number(c.parameters.find((p) => p.key === 'apt')!.value);
      expect(primaries.has(apt)).toBe(true);
      expect(video[video.indexOf(c) - 1]!.payloadType).toBe(apt);
    }
    // H.264 Baseline (42001f) and Constrained Baseline (42e01f), packetization-mode 1 only.
    const h264 = video.filter((c) => c.name === 'H264').map((c) => c.parameters.find((p) => p.key === 'profile-level-id')?.value);
    expect(h264).toEqual(['42001f', '42e01f']);
    expect(video.filter((c) => c.name === 'H264').every((c) => c.parameters.some((p) => p.key === 'packetization-mode' && p.value === '1'))).toBe(true);
  });

  test('getCapabilities reports audio channels and one RTX entry, without payload types', () => {
    const audio = capabilities('audio').codecs;
    expect(audio.every((c) => c.channels !== undefined && !('payloadType' in c))).toBe(true);
    expect(capabilities('video').codecs.filter((c) => c.mimeType === 'video/rtx')).toEqual([{ mimeType: 'video/rtx', clockRate: 90000 }]);
  });

  test('toRtcCodec writes fmtp parameters as sdpFmtpLine and fromRtcCodec reads them back', () => {
    const opus = localCodecs('audio')[0]!;
    const rtc = toRtcCodec('audio', opus);
    expect(rtc).toEqual({ payloadType: 111, mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'minptime=10;useinbandfec=1' });
    expect(fromRtcCodec(rtc).parameters).toEqual(opus.parameters);
  });
});

describe('codec preferences (webrtc-pc §4.4.1.5 filteredCodecs)', () => {
  const pcma = { mimeType: 'audio/PCMA', clockRate: 8000, channels: 1 };
  const opus = { mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'minptime=10;useinbandfec=1' };

  test('offerCodecs follows the preference order and drops the rest', () => {
    expect(offerCodecs('audio', [pcma, opus]).map((c) => c.payloadType)).toEqual([8, 111]);
  });

  test('offerCodecs keeps RTX only when the preferences list it', () => {
    const vp8 = { mimeType: 'video/VP8', clockRate: 90000 };
    expect(offerCodecs('video', [vp8]).map((c) => c.name)).toEqual(['VP8']);
    expect(offerCodecs('video', [vp8, { mimeType: 'video/rtx', clockRate: 90000 }]).map((c) => c.name)).toEqual(['VP8', 'rtx']);
  });

  test('answerCodecs reorders the offered codecs by preference, keeping the offered payload types', () => {
    const offered = localCodecs('audio').map((c) => (c.name === 'PCMA' ? { ...c, payloadType: 9 } : c));
    expect(answerCodecs('audio', offered, [pcma, opus]).map((c) => c.payloadType)).toEqual([9, 111]);
  });
});

describe('validateDescription (InvalidAccessError cases)', () => {
  const ok = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuv',
    'a=fingerprint:sha-256 AB:CD',
    'a=setup:actpass',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    '',
  ].join('\r\n');
  const check = (text: string, type: 'offer' | 'answer' = 'offer') => validateDescription({ sdp: parse(text), type, remote: true, offer: null, previous: null });

  test('a complete description passes', () => {
    expect(check(ok)).toBeUndefined();
  });
  test('a BUNDLE group naming an unknown mid is rejected', () => {
    expect(check(ok.replace('BUNDLE 0', 'BUNDLE 0 9'))?.name).toBe('InvalidAccessError');
  });
  test('an RTP section without rtcp-mux is rejected', () => {
    expect(check(ok.replace('a=rtcp-mux\r\n', ''))?.message).toMatch(/rtcp-mux/);
  });
  test('a section in use without a fingerprint is rejected', () => {
    expect(check(ok.replace('a=fingerprint:sha-256 AB:CD\r\n', ''))?.message).toMatch(/fingerprint/);
  });
  test('an answer with a=setup:actpass is rejected', () => {
    expect(check(ok, 'answer')?.message).toMatch(/setup/);
  });
});
