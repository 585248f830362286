import {
  effectiveDirection,
  effectiveIceCredentials,
  effectiveSetup,
  isDataChannelSection,
  isRejectedSection,
  msidStreamIds,
  parseSdp,
  type SessionDescription,
} from '@purertc/sdp';

const TEXT = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=ice-ufrag:sess',
  'a=ice-pwd:sessionpasswordsessionpw',
  'a=setup:active',
  'a=sendonly',
  'a=group:BUNDLE a d b',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:a',
  'a=ice-ufrag:medi',
  'a=recvonly',
  'a=msid:- t1',
  'a=msid:s1 t1',
  'a=msid:s1 t2',
  'a=msid:s2 t1',
  'a=rtpmap:111 opus/48000/2',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:d',
  'a=setup:passive',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'a=mid:b',
  'a=bundle-only',
  'a=rtpmap:96 VP8/90000',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'a=mid:r',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

function parse(): SessionDescription {
  const r = parseSdp(TEXT);
  if (!r.ok) throw new Error(`${r.line} ${r.reason}`);
  return r.sdp;
}

test('isRejectedSection: port 0 without bundle-only only', () => {
  expect(parse().media.map(isRejectedSection)).toEqual([false, false, false, true]);
});

test('isDataChannelSection recognises the SCTP application section', () => {
  expect(parse().media.map(isDataChannelSection)).toEqual([false, true, false, false]);
});

test('effectiveDirection falls back to the session level, then sendrecv', () => {
  const sdp = parse();
  expect(effectiveDirection(sdp, sdp.media[0]!)).toBe('recvonly');
  expect(effectiveDirection(sdp, sdp.media[1]!)).toBe('sendonly');
  delete sdp.direction;
  expect(effectiveDirection(sdp, sdp.media[1]!)).toBe('sendrecv');
});

test('effectiveIceCredentials and effectiveSetup prefer the media level', () => {
  const sdp = parse();
  expect(effectiveIceCredentials(sdp, sdp.media[0]!)).toEqual({ ufrag: 'medi', pwd: 'sessionpasswordsessionpw' });
  expect(effectiveIceCredentials(sdp, sdp.media[1]!)).toEqual({ ufrag: 'sess', pwd: 'sessionpasswordsessionpw' });
  expect(effectiveSetup(sdp, sdp.media[0]!)).toBe('active');
  expect(effectiveSetup(sdp, sdp.media[1]!)).toBe('passive');
});

test('msidStreamIds drops "-" and duplicates, keeping order', () => {
  expect(msidStreamIds(parse().media[0]!)).toEqual(['s1', 's2']);
  expect(msidStreamIds(parse().media[1]!)).toEqual([]);
});
