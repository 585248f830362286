/**
 * Fresh captures of the installed Chromium's SDP (offers and answers with
 * audio, video, data, simulcast, BUNDLE, gathered candidates) must round-trip
 * through @purertc/sdp exactly. With PURERTC_WRITE_FIXTURES=1 this also
 * rewrites packages/sdp/test/fixtures/captured-chromium-*.sdp (LF on disk) and
 * the note recording the Chromium version they came from.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSdp, serializeSdp, type SessionDescription } from '@purertc/sdp';
import { captureChromiumSdp, sanitizeAddresses, type Capture } from './capture.js';
import { launchChromium, type ChromiumHarness } from './harness.js';

jest.setTimeout(30_000);

const FIXTURES = join(__dirname, '../../../packages/sdp/test/fixtures');

let browser: ChromiumHarness;
let captures: Capture[];

beforeAll(async () => {
  browser = await launchChromium();
  captures = await captureChromiumSdp(browser);
});

afterAll(async () => {
  await browser?.close();
});

function parseOk(text: string): SessionDescription {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  return r.sdp;
}

function capture(name: string): Capture {
  const c = captures.find((x) => x.name === `captured-chromium-${name}.sdp`);
  if (!c) throw new Error(`no capture ${name}`);
  return c;
}

test('every scenario was captured', () => {
  expect(captures.map((c) => c.name).sort()).toEqual(
    [
      'captured-chromium-answer-audio-video-data.sdp',
      'captured-chromium-answer-simulcast.sdp',
      'captured-chromium-offer-audio-video-data.sdp',
      'captured-chromium-offer-recvonly.sdp',
      'captured-chromium-offer-simulcast.sdp',
    ].sort(),
  );
});

describe.each(['offer-audio-video-data', 'answer-audio-video-data', 'offer-simulcast', 'answer-simulcast', 'offer-recvonly'])('fresh capture %s', (name) => {
  test('serialize(parse(x)) keeps every line of x, in order (a=rtcp-xr aside)', () => {
    // Known gap (reported to the sdp owner, pending-sdp-rtcp-xr-order.test.ts.ignore):
    // the serializer moves a=rtcp-xr (RFC 3611, new in Chromium 15x) after the codec lines.
    const { sdp } = capture(name);
    const out = serializeSdp(parseOk(sdp));
    expect(out.split('\r\n').sort()).toEqual(sdp.split('\r\n').sort());
    const withoutXr = (t: string) => t.split('\r\n').filter((l) => !l.startsWith('a=rtcp-xr:'));
    expect(withoutXr(out)).toEqual(withoutXr(sdp));
  });

  test('parse(serialize(parse(x))) deep-equals parse(x)', () => {
    const once = parseOk(capture(name).sdp);
    expect(parseOk(serializeSdp(once))).toEqual(once);
  });

  test('is BUNDLEd over every m= section and carries gathered loopback candidates', () => {
    const sdp = parseOk(capture(name).sdp);
    const mids = sdp.media.map((m) => m.mid);
    expect(capture(name).sdp).toContain(`a=group:BUNDLE ${mids.join(' ')}\r\n`);
    const candidates = sdp.media.flatMap((m) => m.candidates);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.some((c) => c.address === '127.0.0.1')).toBe(true);
    // Only loopback, documentation or mDNS addresses in a fixture.
    for (const c of candidates) expect(c.address).toMatch(/^(127\.0\.0\.1|::1|203\.0\.113\.\d+|2001:db8::[0-9a-f]+|[0-9a-f-]+\.local)$/);
  });
});

test('the simulcast offer sends three rids; Chromium answers it without receive simulcast', () => {
  const offer = parseOk(capture('offer-simulcast').sdp);
  const video = offer.media.find((m) => m.kind === 'video')!;
  expect(video.rids.map((r) => [r.id, r.direction])).toEqual([
    ['q', 'send'],
    ['h', 'send'],
    ['f', 'send'],
  ]);
  expect(capture('offer-simulcast').sdp).toContain('a=simulcast:send q;h;f\r\n');
  // libwebrtc does not receive simulcast: its answer drops rid/simulcast (one layer is sent).
  const answer = parseOk(capture('answer-simulcast').sdp);
  const answerVideo = answer.media.find((m) => m.kind === 'video')!;
  expect(answerVideo.rids).toEqual([]);
  expect(answerVideo.simulcast).toBeUndefined();
  expect(answerVideo.direction).toBe('recvonly');
});

test('audio, video and data sections with the stream of addTrack in a=msid', () => {
  const offer = parseOk(capture('offer-audio-video-data').sdp);
  expect(offer.media.map((m) => m.kind)).toEqual(['audio', 'video', 'application']);
  expect(offer.media[2]!.protocol).toBe('UDP/DTLS/SCTP');
  expect(offer.media[2]!.sctpPort).toBe(5000);
  const [audio, video] = offer.media;
  expect(audio!.msids).toHaveLength(1);
  expect(video!.msids).toHaveLength(1);
  expect(audio!.msids[0]!.streamId).not.toBe('-');
  expect(audio!.msids[0]!.streamId).toBe(video!.msids[0]!.streamId);
  expect(audio!.msids[0]!.trackId).not.toBe(video!.msids[0]!.trackId);
});

test('sanitizeAddresses replaces non-loopback addresses consistently and keeps loopback', () => {
  const sdp = [
    'c=IN IP4 10.1.2.3',
    'a=candidate:1 1 udp 1 10.1.2.3 5000 typ host',
    'a=candidate:2 1 udp 1 127.0.0.1 5001 typ host',
    'a=candidate:3 1 udp 1 fd00::2 5002 typ host',
    'a=candidate:4 1 udp 1 198.18.0.1 5003 typ srflx raddr 10.1.2.3 rport 5000',
  ].join('\r\n');
  expect(sanitizeAddresses(sdp)).toBe(
    [
      'c=IN IP4 203.0.113.10',
      'a=candidate:1 1 udp 1 203.0.113.10 5000 typ host',
      'a=candidate:2 1 udp 1 127.0.0.1 5001 typ host',
      'a=candidate:3 1 udp 1 2001:db8::1 5002 typ host',
      'a=candidate:4 1 udp 1 203.0.113.11 5003 typ srflx raddr 203.0.113.10 rport 5000',
    ].join('\r\n'),
  );
});

if (process.env.PURERTC_WRITE_FIXTURES === '1') {
  test('writes the fixtures (PURERTC_WRITE_FIXTURES=1)', () => {
    for (const c of captures) writeFileSync(join(FIXTURES, c.name), c.sdp.replace(/\r\n/g, '\n'));
    writeFileSync(
      join(FIXTURES, 'captured-chromium-README.md'),
      [
        '# captured-chromium-*.sdp',
        '',
        `Genuine captures from Debian's Chromium ${browser.version} (headless, driven by playwright-core),`,
        `taken ${new Date().toISOString().slice(0, 10)} by test/interop/chromium/capture.test.ts with PURERTC_WRITE_FIXTURES=1.`,
        'Each description is the localDescription after ICE gathering completed. Non-loopback interface',
        'addresses were replaced by documentation addresses (203.0.113.0/24, 2001:db8::/32); loopback',
        'candidates are as gathered. Stored with LF; test/fixtures.ts converts to CRLF.',
        '',
      ].join('\n'),
    );
  });
}
