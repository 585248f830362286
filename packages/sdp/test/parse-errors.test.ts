import { parseSdp } from '@purertc/sdp';
import { fixture } from './fixtures.js';

const HEAD = ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0'];
const AUDIO = [
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=rtpmap:111 opus/48000/2',
];
const VIDEO = ['m=video 9 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=mid:1', 'a=rtpmap:96 VP8/90000'];

function sdp(lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

/** The failing line number (and fails the test if the SDP parses). */
function errorLine(text: string): number {
  const r = parseSdp(text);
  if (r.ok) throw new Error('expected a syntax error');
  expect(typeof r.reason).toBe('string');
  return r.line;
}

/** A valid description with one extra line inserted after the audio section's a=mid (line 7). */
function withAudioLine(line: string): string {
  return sdp([...HEAD, ...AUDIO.slice(0, 3), line, ...AUDIO.slice(3)]);
}
const INSERTED = HEAD.length + 4; // 1-based number of the inserted line

test('the base description is valid', () => {
  expect(parseSdp(sdp([...HEAD, ...AUDIO, ...VIDEO])).ok).toBe(true);
  expect(parseSdp(withAudioLine('a=x-unknown:anything goes')).ok).toBe(true);
});

test('empty string fails at line 1', () => {
  expect(errorLine('')).toBe(1);
});

test('missing v= fails at line 1', () => {
  expect(errorLine(sdp(HEAD.slice(1)))).toBe(1);
});

test('v=1 fails at line 1', () => {
  expect(errorLine(sdp(['v=1', ...HEAD.slice(1)]))).toBe(1);
});

test('missing o= fails at line 2', () => {
  expect(errorLine(sdp(['v=0', 's=-', 't=0 0']))).toBe(2);
});

test('o= with 5 fields fails at line 2', () => {
  expect(errorLine(sdp(['v=0', 'o=- 1 2 IN IP4', 's=-', 't=0 0']))).toBe(2);
});

test('o= with a non-numeric session id fails at line 2', () => {
  expect(errorLine(sdp(['v=0', 'o=- abc 2 IN IP4 127.0.0.1', 's=-', 't=0 0']))).toBe(2);
});

test('missing s= fails at line 3', () => {
  expect(errorLine(sdp(['v=0', HEAD[1]!, 't=0 0']))).toBe(3);
});

test('missing t= before m= fails at the m= line', () => {
  expect(errorLine(sdp([...HEAD.slice(0, 3), ...AUDIO]))).toBe(4);
});

test('missing t= without media fails after the last line', () => {
  expect(errorLine(sdp(HEAD.slice(0, 3)))).toBe(4);
});

test('only v=0 reports the missing o= at line 2', () => {
  expect(errorLine('v=0\r\n')).toBe(2);
});

test('a non-numeric m= port fails at the m= line', () => {
  expect(errorLine(sdp([...HEAD, 'm=audio x UDP/TLS/RTP/SAVPF 111']))).toBe(5);
});

test('an m= port above 65535 fails', () => {
  expect(errorLine(sdp([...HEAD, 'm=audio 65536 UDP/TLS/RTP/SAVPF 111']))).toBe(5);
});

test('an m= line without formats fails', () => {
  expect(errorLine(sdp([...HEAD, 'm=audio 9 UDP/TLS/RTP/SAVPF']))).toBe(5);
});

test('an RTP m= line with a payload type above 127 fails', () => {
  expect(errorLine(sdp([...HEAD, 'm=audio 9 UDP/TLS/RTP/SAVPF 128']))).toBe(5);
});

test('a garbage line fails at that line', () => {
  expect(errorLine(withAudioLine('this is not sdp'))).toBe(INSERTED);
});

test('a line with no = fails at that line', () => {
  expect(errorLine(withAudioLine('a'))).toBe(INSERTED);
});

test('an upper-case type letter fails', () => {
  expect(errorLine(withAudioLine('A=mid:0'))).toBe(INSERTED);
});

test('an unknown line type fails (RFC 8866 §5)', () => {
  expect(errorLine(withAudioLine('x=1'))).toBe(INSERTED);
});

test('an empty line in the middle fails', () => {
  expect(errorLine(withAudioLine(''))).toBe(INSERTED);
});

test('t= inside a media section fails', () => {
  expect(errorLine(withAudioLine('t=0 0'))).toBe(INSERTED);
});

test.each([
  ['bad rtpmap (no clock rate)', 'a=rtpmap:111 opus'],
  ['bad rtpmap (payload type 200)', 'a=rtpmap:200 opus/48000/2'],
  ['bad rtpmap (no space)', 'a=rtpmap:111'],
  ['bad fmtp (no parameters)', 'a=fmtp:111'],
  ['bad fmtp (non-numeric format)', 'a=fmtp:opus minptime=10'],
  ['bad rtcp-fb', 'a=rtcp-fb:111'],
  ['bad fingerprint (odd hex)', 'a=fingerprint:sha-256 AB:C'],
  ['bad fingerprint (not hex)', 'a=fingerprint:sha-256 ZZ:00'],
  ['bad fingerprint (no hash)', 'a=fingerprint:AB:CD'],
  ['extmap id 15 without allow-mixed', 'a=extmap:15 urn:ietf:params:rtp-hdrext:sdes:mid'],
  ['extmap id 0', 'a=extmap:0 urn:ietf:params:rtp-hdrext:sdes:mid'],
  ['extmap bad direction', 'a=extmap:1/sideways urn:ietf:params:rtp-hdrext:sdes:mid'],
  ['extmap without URI', 'a=extmap:1'],
  ['non-numeric sctp-port', 'a=sctp-port:abc'],
  ['sctp-port above 65535', 'a=sctp-port:70000'],
  ['non-numeric max-message-size', 'a=max-message-size:big'],
  ['bad setup', 'a=setup:maybe'],
  ['duplicate mid', 'a=mid:1'],
  ['mid with a space', 'a=mid:a b'],
  ['ice-ufrag too short', 'a=ice-ufrag:abc'],
  ['ice-ufrag with a bad char', 'a=ice-ufrag:ab-cd'],
  ['ice-pwd too short', 'a=ice-pwd:abcdefghijklmnopqrstu'],
  ['bad candidate (missing typ)', 'a=candidate:1 1 udp 2122260223 192.168.1.2 5000 host host'],
  ['bad candidate (port)', 'a=candidate:1 1 udp 2122260223 192.168.1.2 99999 typ host'],
  ['bad candidate (priority)', 'a=candidate:1 1 udp 99999999999 192.168.1.2 5000 typ host'],
  ['bad candidate (odd extension)', 'a=candidate:1 1 udp 1 192.168.1.2 5000 typ host generation'],
  ['bad ssrc', 'a=ssrc:abc cname:x'],
  ['ssrc above 2^32-1', 'a=ssrc:4294967296 cname:x'],
  ['bad ssrc-group', 'a=ssrc-group:FID'],
  ['bad rid direction', 'a=rid:f both'],
  ['bad rid id', 'a=rid:f! send'],
  ['rid pt not first', 'a=rid:f send max-width=1280;pt=96'],
  ['bad simulcast direction', 'a=simulcast:sideways f;h'],
  ['bad simulcast (empty alternative)', 'a=simulcast:send f;;h'],
  ['bad simulcast (send twice)', 'a=simulcast:send f recv h send q'],
  ['msid with three fields', 'a=msid:a b c'],
  ['msid id over 64 chars', `a=msid:${'x'.repeat(65)} t`],
  ['rtcp-mux with a value', 'a=rtcp-mux:yes'],
  ['two directions', 'a=sendonly\r\na=recvonly'],
  ['bad rtcp attribute', 'a=rtcp:port'],
  ['mid without value', 'a=mid'],
  ['attribute with an empty name', 'a=:x'],
])('%s reports its line', (_name, line) => {
  const extra = line.split('\r\n').length - 1;
  expect(errorLine(withAudioLine(line))).toBe(INSERTED + extra);
});

test('a duplicate rtpmap fails at the second occurrence', () => {
  const lines = [...HEAD, ...AUDIO, 'a=rtpmap:111 opus/48000/2'];
  expect(errorLine(sdp(lines))).toBe(lines.length);
});

test('c= with an unknown address type fails', () => {
  expect(errorLine(withAudioLine('c=IN IPX 0.0.0.0'))).toBe(INSERTED);
});

test('c= with a non-IN net type fails', () => {
  expect(errorLine(sdp([...HEAD.slice(0, 3), 'c=ATM NSAP x', 't=0 0']))).toBe(4);
});

test('bad b= fails', () => {
  expect(errorLine(withAudioLine('b=AS:lots'))).toBe(INSERTED);
});

test('bad session-level group fails at its line', () => {
  expect(errorLine(sdp([...HEAD, 'a=group:BUNDLE  0', ...AUDIO]))).toBe(5);
});

test('bad session-level fingerprint fails at its line', () => {
  expect(errorLine(sdp([...HEAD, 'a=fingerprint:sha-256 XY', ...AUDIO]))).toBe(5);
});

test('an error in the second media section reports its line', () => {
  const lines = [...HEAD, ...AUDIO, ...VIDEO.slice(0, 3), 'a=rtpmap:96 VP8', ...VIDEO.slice(4)];
  expect(errorLine(sdp(lines))).toBe(HEAD.length + AUDIO.length + 4);
});

test('an extmap id out of range in the second section reports its line', () => {
  const lines = [...HEAD, ...AUDIO, ...VIDEO, 'a=extmap:16 urn:ietf:params:rtp-hdrext:toffset'];
  expect(errorLine(sdp(lines))).toBe(lines.length);
});

test('extmap ids up to 255 are valid with session-level extmap-allow-mixed (RFC 8285 §6)', () => {
  const lines = [...HEAD, 'a=extmap-allow-mixed', ...AUDIO, 'a=extmap:255 urn:ietf:params:rtp-hdrext:sdes:mid'];
  expect(parseSdp(sdp(lines)).ok).toBe(true);
});

test('extmap ids up to 255 are valid with media-level extmap-allow-mixed, even after the extmap', () => {
  const lines = [...HEAD, ...AUDIO, 'a=extmap:100 urn:ietf:params:rtp-hdrext:sdes:mid', 'a=extmap-allow-mixed'];
  expect(parseSdp(sdp(lines)).ok).toBe(true);
});

test('extmap id 256 is invalid even with extmap-allow-mixed', () => {
  const lines = [...HEAD, 'a=extmap-allow-mixed', ...AUDIO, 'a=extmap:256 urn:ietf:params:rtp-hdrext:sdes:mid'];
  expect(errorLine(sdp(lines))).toBe(lines.length);
});

test('a duplicate extmap id in one section fails at the second', () => {
  const lines = [...HEAD, ...AUDIO, 'a=extmap:1 urn:a', 'a=extmap:1 urn:b'];
  expect(errorLine(sdp(lines))).toBe(lines.length);
});

test('a stray CR inside a line fails at that line', () => {
  expect(errorLine(withAudioLine('a=x-foo:bar\rbaz'))).toBe(INSERTED);
});

test('a corrupted fixture line is reported at its own line number', () => {
  const lines = fixture('firefox-offer-audio-video-data.sdp').split('\r\n');
  const i = lines.findIndex((l) => l.startsWith('a=rtpmap:126'));
  lines[i] = 'a=rtpmap:126 H264';
  expect(errorLine(lines.join('\r\n'))).toBe(i + 1);
});

test('LF line endings give the same line numbers', () => {
  expect(errorLine(withAudioLine('a=setup:maybe').replace(/\r\n/g, '\n'))).toBe(INSERTED);
});
