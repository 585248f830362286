import fc from 'fast-check';
import { parseCandidateAttribute, parseSdp, serializeSdp } from '@purertc/sdp';
import { fixtures, normalizedLines } from './fixtures.js';

/** parseSdp must return a result, never throw, and report a line inside the input (+1 for a missing line). */
function checkNeverThrows(text: string): void {
  const r = parseSdp(text);
  if (!r.ok) {
    const lines = text.split(/\r?\n/).length;
    expect(r.line).toBeGreaterThanOrEqual(1);
    expect(r.line).toBeLessThanOrEqual(lines + 1);
  }
}

const sdpChars = fc.constantFrom(...'v=0o=s-t am:/ 123456789\r\n;,~*.{}ABCDEFxyz'.split(''));

test('parseSdp never throws on arbitrary strings', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), checkNeverThrows), { numRuns: 300 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkNeverThrows), { numRuns: 300 });
  fc.assert(fc.property(fc.string({ unit: sdpChars, maxLength: 300 }), checkNeverThrows), { numRuns: 300 });
});

test('parseSdp never throws on non-string input', () => {
  for (const x of [undefined, null, 42, {}, []]) {
    expect(parseSdp(x as unknown as string).ok).toBe(false);
  }
});

/** A mutation of one line: replace, delete, duplicate, truncate, or insert noise. */
const mutation = fc.record({
  kind: fc.constantFrom('replace', 'delete', 'duplicate', 'truncate', 'insert', 'flip'),
  index: fc.nat(),
  text: fc.string({ maxLength: 40 }),
  cut: fc.nat(),
});

describe.each(fixtures)('random line mutations of $name', ({ text }) => {
  test('never throw, and whatever parses round-trips', () => {
    const base = text.split('\r\n');
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
        const lines = [...base];
        for (const m of muts) {
          const i = m.index % lines.length;
          const line = lines[i]!;
          switch (m.kind) {
            case 'replace':
              lines[i] = line.slice(0, 2) + m.text;
              break;
            case 'delete':
              lines.splice(i, 1);
              break;
            case 'duplicate':
              lines.splice(i, 0, line);
              break;
            case 'truncate':
              lines[i] = line.slice(0, m.cut % (line.length + 1));
              break;
            case 'insert':
              lines.splice(i, 0, m.text);
              break;
            case 'flip': {
              const j = m.cut % Math.max(1, line.length);
              lines[i] = line.slice(0, j) + m.text.slice(0, 1) + line.slice(j + 1);
              break;
            }
          }
          if (lines.length === 0) lines.push('');
        }
        const mutated = lines.join('\r\n');
        checkNeverThrows(mutated);
        const r = parseSdp(mutated);
        if (r.ok) {
          const out = serializeSdp(r.sdp);
          const again = parseSdp(out);
          expect(again.ok).toBe(true);
          if (again.ok) expect(again.sdp).toEqual(r.sdp);
        }
      }),
      { numRuns: 60 },
    );
  });
});

test('parseCandidateAttribute never throws', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 120 }), (s) => {
      parseCandidateAttribute(s);
      parseCandidateAttribute('candidate:' + s);
    }),
    { numRuns: 500 },
  );
});

test('unknown attributes survive a round trip in order', () => {
  const name = fc.stringMatching(/^x-[a-z0-9-]{1,10}$/);
  const value = fc.stringMatching(/^[A-Za-z0-9 =;:/.-]{0,20}$/);
  fc.assert(
    fc.property(fc.array(fc.tuple(name, fc.option(value, { nil: undefined })), { maxLength: 6 }), (attrs) => {
      const extra = attrs.map(([n, v]) => (v === undefined ? `a=${n}` : `a=${n}:${v}`));
      const text = [
        'v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0',
        'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', 'a=mid:0', ...extra,
      ].join('\r\n') + '\r\n';
      const r = parseSdp(text);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.sdp.media[0]!.attributes.map((a) => (a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`))).toEqual(extra);
      expect(normalizedLines(serializeSdp(r.sdp))).toEqual(normalizedLines(text));
    }),
    { numRuns: 200 },
  );
});
