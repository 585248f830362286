import {
  isIcePwd,
  isIceUfrag,
  parseExtmap,
  parseFingerprint,
  parseFmtp,
  parseMsid,
  parseRid,
  parseRtpmap,
  parseSimulcast,
  ridPayloadTypes,
  serializeRid,
  serializeSimulcast,
} from '@purertc/sdp';

test('rtpmap with and without channels', () => {
  expect(parseRtpmap('111 opus/48000/2')).toEqual({ payloadType: 111, name: 'opus', clockRate: 48000, channels: 2 });
  expect(parseRtpmap('96 VP8/90000')).toEqual({ payloadType: 96, name: 'VP8', clockRate: 90000 });
  expect(parseRtpmap('96 VP8/0')).toBeUndefined();
  expect(parseRtpmap('96 VP8/90000/2/1')).toBeUndefined();
});

test('fmtp keeps order, bare tokens and = inside values; tolerates spaces after ;', () => {
  expect(parseFmtp('96 sprop-parameter-sets=Z0IAH5WoFAFuQA==,aM48gA==; packetization-mode=1')).toEqual({
    format: '96',
    parameters: [
      { key: 'sprop-parameter-sets', value: 'Z0IAH5WoFAFuQA==,aM48gA==' },
      { key: 'packetization-mode', value: '1' },
    ],
  });
  expect(parseFmtp('101 0-15')?.parameters).toEqual([{ key: '0-15' }]);
  expect(parseFmtp('101 =1')).toBeUndefined();
});

test('extmap with direction and extension attributes (RFC 8285 §8)', () => {
  expect(parseExtmap('2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level')).toEqual({
    id: 2,
    direction: 'recvonly',
    uri: 'urn:ietf:params:rtp-hdrext:csrc-audio-level',
  });
  expect(parseExtmap('5 urn:ietf:params:rtp-hdrext:encrypt urn:x vad=on')).toEqual({
    id: 5,
    uri: 'urn:ietf:params:rtp-hdrext:encrypt',
    attributes: 'urn:x vad=on',
  });
});

test('fingerprint accepts either hex case and needs colon-separated pairs', () => {
  expect(parseFingerprint('sha-256 ab:CD:01')).toEqual({ algorithm: 'sha-256', value: 'ab:CD:01' });
  expect(parseFingerprint('sha-256 ABCD')).toBeUndefined();
  expect(parseFingerprint('sha-256 AB:CD:')).toBeUndefined();
});

test('msid: stream only, stream and track, and the 64-char limit', () => {
  expect(parseMsid('stream')).toEqual({ streamId: 'stream' });
  expect(parseMsid('- t')).toEqual({ streamId: '-', trackId: 't' });
  expect(parseMsid('x'.repeat(64))).toBeDefined();
  expect(parseMsid('x'.repeat(65))).toBeUndefined();
});

test('ice-ufrag and ice-pwd lengths and characters (RFC 8839 §5.4)', () => {
  expect(isIceUfrag('abcd')).toBe(true);
  expect(isIceUfrag('a'.repeat(256))).toBe(true);
  expect(isIceUfrag('a'.repeat(257))).toBe(false);
  expect(isIceUfrag('ab d')).toBe(false);
  expect(isIcePwd('a'.repeat(22))).toBe(true);
  expect(isIcePwd('a'.repeat(21))).toBe(false);
  expect(isIcePwd('+/'.repeat(11))).toBe(true);
});

describe('rid (RFC 8851 §10)', () => {
  test('pt list and restrictions', () => {
    const r = parseRid('1 send pt=96,97;max-width=1280;max-height=720;depend=0');
    expect(r).toEqual({
      id: '1',
      direction: 'send',
      params: [
        { key: 'pt', value: '96,97' },
        { key: 'max-width', value: '1280' },
        { key: 'max-height', value: '720' },
        { key: 'depend', value: '0' },
      ],
    });
    expect(ridPayloadTypes(r!)).toEqual([96, 97]);
    expect(serializeRid(r!)).toBe('1 send pt=96,97;max-width=1280;max-height=720;depend=0');
  });

  test('a flag parameter without a value', () => {
    expect(parseRid('h recv x-flag')?.params).toEqual([{ key: 'x-flag' }]);
  });

  test('unrestricted rid has no payload types', () => {
    expect(ridPayloadTypes(parseRid('f send')!)).toBeUndefined();
  });

  test.each(['', 'f', 'f sendrecv', 'f send pt=', 'f send ;', 'f@ send', 'f send max width=1'])('rejects %p', (s) => {
    expect(parseRid(s)).toBeUndefined();
  });
});

describe('simulcast (RFC 8853 §5.1)', () => {
  test('alternatives, paused streams, both directions', () => {
    const s = parseSimulcast('send 1,2;~3 recv 4');
    expect(s).toEqual({
      send: [
        [
          { rid: '1', paused: false },
          { rid: '2', paused: false },
        ],
        [{ rid: '3', paused: true }],
      ],
      recv: [[{ rid: '4', paused: false }]],
    });
    expect(serializeSimulcast(s!)).toBe('send 1,2;~3 recv 4');
  });

  test('recv before send round-trips in that order', () => {
    expect(serializeSimulcast(parseSimulcast('recv a;b send c')!)).toBe('recv a;b send c');
  });

  test.each(['', 'send', 'send a;b recv', 'send a,,b', 'both a', 'send a send b', 'send ~', 'send a;b;'])('rejects %p', (s) => {
    expect(parseSimulcast(s)).toBeUndefined();
  });
});
