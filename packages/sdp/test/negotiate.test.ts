import {
  answerDirection,
  codecsMatch,
  defaultCodecs,
  intersectCodecs,
  intersectDirections,
  intersectHeaderExtensions,
  makeDirection,
  parseH264ProfileLevelId,
  reverseDirection,
  type Codec,
  type Direction,
} from '@purertc/sdp';

function codec(payloadType: number, name: string, fmtp = '', clockRate = 90000, channels?: number): Codec {
  const c: Codec = {
    payloadType,
    name,
    clockRate,
    parameters: fmtp
      ? fmtp.split(';').map((p) => {
          const [key, value] = p.split('=') as [string, string | undefined];
          return value === undefined ? { key } : { key, value };
        })
      : [],
    rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'x-unknown-fb' }],
  };
  if (channels !== undefined) c.channels = channels;
  return c;
}

describe('intersectCodecs', () => {
  const local = defaultCodecs('video');

  test('keeps the offerer payload types and order', () => {
    const offered = [codec(120, 'VP8'), codec(124, 'rtx', 'apt=120'), codec(121, 'VP9', 'profile-id=0'), codec(125, 'rtx', 'apt=121')];
    const out = intersectCodecs(local, offered);
    expect(out.map((c) => [c.payloadType, c.name])).toEqual([
      [120, 'VP8'],
      [124, 'rtx'],
      [121, 'VP9'],
      [125, 'rtx'],
    ]);
    expect(out[1]!.parameters).toEqual([{ key: 'apt', value: '120' }]);
  });

  test('drops codecs we do not support', () => {
    const out = intersectCodecs(local, [codec(100, 'H265'), codec(96, 'VP8')]);
    expect(out.map((c) => c.name)).toEqual(['VP8']);
  });

  test('drops an RTX whose apt partner is dropped', () => {
    const out = intersectCodecs(local, [codec(100, 'H265'), codec(101, 'rtx', 'apt=100'), codec(96, 'VP8'), codec(97, 'rtx', 'apt=96')]);
    expect(out.map((c) => c.payloadType)).toEqual([96, 97]);
  });

  test('drops RTX when we have no RTX locally', () => {
    const noRtx = local.filter((c) => c.name !== 'rtx');
    expect(intersectCodecs(noRtx, [codec(96, 'VP8'), codec(97, 'rtx', 'apt=96')]).map((c) => c.name)).toEqual(['VP8']);
  });

  test('matches H.264 on profile and packetization-mode, not on level', () => {
    const offered = [
      codec(126, 'H264', 'profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1'),
      codec(97, 'H264', 'profile-level-id=42e00b;level-asymmetry-allowed=1'),
      codec(98, 'H264', 'profile-level-id=f4001f;packetization-mode=1'),
      codec(99, 'H264', 'profile-level-id=42e01f;packetization-mode=2'),
    ];
    const out = intersectCodecs(local, offered);
    expect(out.map((c) => c.payloadType)).toEqual([126, 97]);
    // H.264 echoes the offered parameters.
    expect(out[0]!.parameters).toEqual(offered[0]!.parameters);
  });

  test('matches VP9 on profile-id', () => {
    const out = intersectCodecs(local, [codec(98, 'VP9', 'profile-id=1'), codec(100, 'VP9', 'profile-id=2'), codec(101, 'VP9')]);
    expect(out.map((c) => c.payloadType)).toEqual([100, 101]);
  });

  test('intersects rtcp-fb with ours, in the offered order', () => {
    const out = intersectCodecs(local, [codec(96, 'VP8')]);
    expect(out[0]!.rtcpFeedback).toEqual([{ type: 'nack' }, { type: 'nack', parameter: 'pli' }]);
  });

  test('matches audio on name (case-insensitive), clock rate and channels', () => {
    const audio = defaultCodecs('audio');
    const offered = [codec(109, 'OPUS', 'maxplaybackrate=48000', 48000, 2), codec(9, 'G722', '', 8000), codec(0, 'PCMU', '', 8000), codec(101, 'telephone-event', '0-15', 8000), codec(102, 'opus', '', 48000, 1)];
    const out = intersectCodecs(audio, offered);
    expect(out.map((c) => c.payloadType)).toEqual([109, 0, 101]);
    expect(out[0]!.parameters).toEqual(audio[0]!.parameters);
  });

  test('returns [] when nothing matches', () => {
    expect(intersectCodecs(local, [codec(100, 'H265')])).toEqual([]);
  });

  test('does not alias its inputs', () => {
    const offered = [codec(96, 'VP8')];
    const out = intersectCodecs(local, offered);
    out[0]!.rtcpFeedback.push({ type: 'x' });
    out[0]!.parameters.push({ key: 'y' });
    expect(offered[0]!.rtcpFeedback).toHaveLength(3);
    expect(local[0]!.parameters).toHaveLength(0);
  });
});

test('codecsMatch: AV1 profile defaults to 0', () => {
  expect(codecsMatch(codec(45, 'AV1'), codec(35, 'AV1', 'profile=0'))).toBe(true);
  expect(codecsMatch(codec(45, 'AV1'), codec(35, 'AV1', 'profile=1'))).toBe(false);
});

describe('parseH264ProfileLevelId (RFC 6184 §8.1)', () => {
  test.each([
    ['42e01f', 'constrained-baseline', 0x1f],
    ['42001f', 'baseline', 0x1f],
    ['4d001f', 'main', 0x1f],
    ['4d801f', 'constrained-baseline', 0x1f],
    ['58001f', 'extended', 0x1f],
    ['640c1f', 'constrained-high', 0x1f],
    ['64001f', 'high', 0x1f],
    ['640034', 'high', 0x34],
    ['640c34', 'constrained-high', 0x34],
    ['6e0032', 'high-10', 0x32],
  ])('%s → %s', (plid, profile, level) => {
    expect(parseH264ProfileLevelId(plid)).toEqual({ profile, level });
  });

  test("Safari's 640c1f (constrained high) does not match our 640034 (high)", () => {
    const out = intersectCodecs(defaultCodecs('video'), [codec(96, 'H264', 'packetization-mode=1;profile-level-id=640c1f')]);
    expect(out).toEqual([]);
  });

  test.each(['', '42e0', 'zzzzzz', '42e01f00', '000000'])('rejects %p', (s) => {
    expect(parseH264ProfileLevelId(s)).toBeUndefined();
  });
});

describe('directions (RFC 3264 §6.1)', () => {
  const all: Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

  test('reverseDirection swaps send and receive', () => {
    expect(all.map(reverseDirection)).toEqual(['sendrecv', 'recvonly', 'sendonly', 'inactive']);
  });

  test('reverse is an involution', () => {
    for (const d of all) expect(reverseDirection(reverseDirection(d))).toBe(d);
  });

  test('makeDirection', () => {
    expect([makeDirection(true, true), makeDirection(true, false), makeDirection(false, true), makeDirection(false, false)]).toEqual(all);
  });

  test.each([
    ['sendrecv', 'sendrecv', 'sendrecv'],
    ['sendrecv', 'recvonly', 'recvonly'],
    ['sendonly', 'sendrecv', 'recvonly'],
    ['sendonly', 'sendonly', 'inactive'],
    ['recvonly', 'sendrecv', 'sendonly'],
    ['recvonly', 'recvonly', 'inactive'],
    ['inactive', 'sendrecv', 'inactive'],
  ] as [Direction, Direction, Direction][])('offered %s, wanted %s → %s', (offered, wanted, expected) => {
    expect(answerDirection(offered, wanted)).toBe(expected);
  });

  test('intersectDirections', () => {
    expect(intersectDirections('sendrecv', 'sendonly')).toBe('sendonly');
    expect(intersectDirections('sendonly', 'recvonly')).toBe('inactive');
  });
});

describe('intersectHeaderExtensions (RFC 8285 §6)', () => {
  test('keeps supported URIs with the offered ids and order', () => {
    const out = intersectHeaderExtensions(
      [{ id: 1, uri: 'urn:a' }, { id: 2, uri: 'urn:b' }],
      [{ id: 7, uri: 'urn:b' }, { id: 8, uri: 'urn:c' }, { id: 9, uri: 'urn:a' }],
    );
    expect(out).toEqual([{ id: 7, uri: 'urn:b' }, { id: 9, uri: 'urn:a' }]);
  });

  test('reverses an offered direction', () => {
    const out = intersectHeaderExtensions([{ id: 1, uri: 'urn:a' }], [{ id: 3, uri: 'urn:a', direction: 'sendonly' }]);
    expect(out).toEqual([{ id: 3, uri: 'urn:a', direction: 'recvonly' }]);
  });

  test('ignores a second offered use of the same id', () => {
    const out = intersectHeaderExtensions(
      [{ id: 1, uri: 'urn:a' }, { id: 2, uri: 'urn:b' }],
      [{ id: 3, uri: 'urn:a' }, { id: 3, uri: 'urn:b' }],
    );
    expect(out).toEqual([{ id: 3, uri: 'urn:a' }]);
  });
});
