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
