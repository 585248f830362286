import { parseSdp, serializeSdp, type SessionDescription } from '@purertc/sdp';
import { fixture, fixtures, normalizedLines } from './fixtures.js';

function parseOk(text: string): SessionDescription {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  return r.sdp;
}

describe.each(fixtures)('fixture $name', ({ text }) => {
  test('parses', () => {
    expect(parseSdp(text).ok).toBe(true);
  });

  test('parse(serialize(parse(x))) deep-equals parse(x)', () => {
    const once = parseOk(text);
    expect(parseOk(serializeSdp(once))).toEqual(once);
  });

  test('serialize(parse(x)) keeps every line of x', () => {
    expect(normalizedLines(serializeSdp(parseOk(text)))).toEqual(normalizedLines(text));
  });

  test('the model is JSON-cloneable', () => {
    const sdp = parseOk(text);
    expect(JSON.parse(JSON.stringify(sdp))).toEqual(sdp);
    expect(structuredClone(sdp)).toEqual(sdp);
  });

  test('output uses CRLF line endings and ends with CRLF', () => {
    const out = serializeSdp(parseOk(text));
    expect(out.endsWith('\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('Chrome and Safari order', () => {
  test.each([
    'chrome-offer-audio-video-data.sdp',
    'chrome-answer-audio-video-data.sdp',
    'chrome-offer-simulcast.sdp',
    'safari-offer-audio-video-data.sdp',
    'safari-answer-audio-video.sdp',
  ])('%s is reproduced byte for byte', (name) => {
    const text = fixture(name);
    expect(serializeSdp(parseOk(text))).toBe(text);
  });
});

describe('LF input', () => {
  test('parses the same as CRLF input', () => {
    const text = fixture('firefox-offer-audio-video-data.sdp');
    expect(parseOk(text.replace(/\r\n/g, '\n'))).toEqual(parseOk(text));
  });
});

describe('unknown attribute placement', () => {
  const section = (attrs: string[]) =>
    ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 0', 'c=IN IP4 0.0.0.0', ...attrs, ''].join('\r\n');
  test('a=rtcp-xr is written right after a=rtcp-rsize, where Chrome writes it (RFC 3611 §5.1)', () => {
    const text = section(['a=rtcp-mux', 'a=rtcp-rsize', 'a=rtcp-xr:rcvr-rtt=all', 'a=rtpmap:0 PCMU/8000', 'a=x-custom:1']);
    const r = parseSdp(text);
    if (!r.ok) throw new Error(r.reason);
    expect(serializeSdp(r.sdp)).toBe(text);
  });
  test('unknown attributes keep their relative order, so they parse back the same', () => {
    const r = parseSdp(section(['a=x-first', 'a=rtcp-rsize', 'a=rtpmap:0 PCMU/8000', 'a=rtcp-xr:rcvr-rtt=all', 'a=x-last']));
    if (!r.ok) throw new Error(r.reason);
    const again = parseSdp(serializeSdp(r.sdp));
    if (!again.ok) throw new Error(again.reason);
    expect(again.sdp.media[0]!.attributes.map((a) => a.name)).toEqual(['x-first', 'rtcp-xr', 'x-last']);
    expect(serializeSdp(r.sdp)).toContain('a=rtcp-rsize\r\na=x-first\r\na=rtcp-xr:rcvr-rtt=all\r\na=rtpmap:0 PCMU/8000\r\na=x-last\r\n');
  });
});
