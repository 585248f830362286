/**
 * Issue 2, Deliver 3/4: a malformed description given to
 * setRemoteDescription rejects with an RTCError (name OperationError,
 * errorDetail 'sdp-syntax-error', webrtc-pc §4.4.1.6 "set the session
 * description" step: "If the content of description is not valid SDP syntax,
 * then reject p with a newly created RTCError ... with errorDetail set to
 * "sdp-syntax-error" and the sdpLineNumber attribute set to the line number
 * in the SDP where the syntax error was detected"). End to end, on real
 * Chrome, Firefox and Safari offers: corrupt one line, expect that line's
 * 1-based number, and expect the connection unchanged (still stable, no
 * remote description, no transceivers, no signalingstatechange).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RTCError, RTCPeerConnection } from '@purertc/peerconnection';

const FIXTURES = join(__dirname, '../../packages/sdp/test/fixtures');
const OFFERS = ['chrome-offer-audio-video-data.sdp', 'firefox-offer-audio-video-data.sdp', 'safari-offer-audio-video-data.sdp', 'chrome-offer-simulcast.sdp'];

/** [description, line matcher, replacement]: each replacement breaks the grammar of that line. */
const CORRUPTIONS: [string, RegExp, (line: string) => string][] = [
  ['o= with a missing field', /^o=/, (l) => l.split(' ').slice(0, 4).join(' ')],
  ['m= with a non-numeric port', /^m=video /, (l) => l.replace(/^m=video \d+/, 'm=video nine')],
  ['rtpmap without a clock rate', /^a=rtpmap:/, (l) => l.replace(/\/\d+.*$/, '')],
  ['rtpmap with a payload type above 127', /^a=rtpmap:/, (l) => l.replace(/^a=rtpmap:\d+/, 'a=rtpmap:300')],
  ['extmap with id 0', /^a=extmap:/, (l) => l.replace(/^a=extmap:\d+/, 'a=extmap:0')],
  ['fingerprint with non-hex value', /^a=fingerprint:/, (l) => l.replace(/ .*$/, ' zz:zz')],
  ['a line without =', /^a=mid:/, () => 'this is not sdp'],
  ['an unknown line type', /^c=/, () => 'x=whatever'],
  ['c= with an unknown address type', /^c=/, () => 'c=IN IP5 0.0.0.0'],
  ['an empty line', /^a=rtcp-mux$/, () => ''],
];

function lines(name: string): string[] {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const out = text.split(/\r?\n/);
  if (out[out.length - 1] === '') out.pop();
  return out;
}

const pcs: RTCPeerConnection[] = [];
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

describe.each(OFFERS)('%s', (name) => {
  test('is accepted unmodified (so the failures below come from the corruption)', async () => {
    const pc = new RTCPeerConnection();
    pcs.push(pc);
    await pc.setRemoteDescription({ type: 'offer', sdp: lines(name).join('\r\n') + '\r\n' });
    expect(pc.signalingState).toBe('have-remote-offer');
  });

  test.each(CORRUPTIONS)('%s: RTCError sdp-syntax-error at the corrupted 1-based line', async (_what, match, corrupt) => {
    const ls = lines(name);
    // The last matching line, so the number is far from 1 and lies in a later section.
    let index = -1;
    for (let i = 0; i < ls.length; i++) if (match.test(ls[i]!)) index = i;
    expect(index).toBeGreaterThan(0);
    ls[index] = corrupt(ls[index]!);
    const pc = new RTCPeerConnection();
    pcs.push(pc);
    let stateChanges = 0;
    pc.onsignalingstatechange = () => stateChanges++;
    let error: unknown;
    await pc.setRemoteDescription({ type: 'offer', sdp: ls.join('\r\n') + '\r\n' }).then(
      () => (error = 'resolved'),
      (e: unknown) => (error = e),
    );
    expect(error).toBeInstanceOf(RTCError);
    const e = error as RTCError;
    expect(e.name).toBe('OperationError');
    expect(e.errorDetail).toBe('sdp-syntax-error');
    expect(e.sdpLineNumber).toBe(index + 1);
    expect(pc.signalingState).toBe('stable');
    expect(pc.remoteDescription).toBeNull();
    expect(pc.getTransceivers()).toHaveLength(0);
    await Promise.resolve();
    expect(stateChanges).toBe(0);
  });
});

test('an answer with a syntax error in have-local-offer reports its line and leaves the offer in place', async () => {
  const offerer = new RTCPeerConnection();
  const answerer = new RTCPeerConnection();
  pcs.push(offerer, answerer);
  offerer.addTransceiver('audio');
  offerer.createDataChannel('x');
  await offerer.setLocalDescription();
  await answerer.setRemoteDescription(offerer.localDescription!);
  await answerer.setLocalDescription();
  const ls = answerer.localDescription!.sdp.split('\r\n');
  const index = ls.findIndex((l) => l.startsWith('a=sctp-port:'));
  ls[index] = 'a=sctp-port:'; // RFC 8841 §5.2: sctp-port-attr = "a=sctp-port:" portnumber
  const err = (await offerer.setRemoteDescription({ type: 'answer', sdp: ls.join('\r\n') }).then(
    () => undefined,
    (e: unknown) => e,
  )) as RTCError;
  expect(err).toBeInstanceOf(RTCError);
  expect([err.errorDetail, err.sdpLineNumber]).toEqual(['sdp-syntax-error', index + 1]);
  expect(offerer.signalingState).toBe('have-local-offer');
  expect(offerer.pendingLocalDescription).not.toBeNull();
});

test('LF-only line endings give the same line numbers', async () => {
  const ls = lines('firefox-offer-audio-video-data.sdp');
  const index = ls.findIndex((l) => l.startsWith('a=rtpmap:'));
  ls[index] = 'a=rtpmap:x';
  const pc = new RTCPeerConnection();
  pcs.push(pc);
  const err = (await pc.setRemoteDescription({ type: 'offer', sdp: ls.join('\n') + '\n' }).then(
    () => undefined,
    (e: unknown) => e,
  )) as RTCError;
  expect([err.errorDetail, err.sdpLineNumber]).toEqual(['sdp-syntax-error', index + 1]);
});
