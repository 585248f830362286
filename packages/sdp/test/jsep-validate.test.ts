import { cloneSdp, parseSdp, validateJsepDescription, type SessionDescription } from '@purertc/sdp';
import { fixtures, fixture } from './fixtures.js';

function parse(text: string): SessionDescription {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.reason}`);
  return r.sdp;
}

test.each(fixtures.filter((f) => !f.name.startsWith('legacy')))('$name passes the content checks', ({ name, text }) => {
  expect(validateJsepDescription(parse(text), name.includes('answer') ? 'answer' : 'offer')).toEqual({ ok: true });
});

const offer = parse(fixture('chrome-offer-audio-video-data.sdp'));

test('a BUNDLE group naming an unknown mid fails', () => {
  const s = cloneSdp(offer);
  s.groups[0]!.mids.push('9');
  expect(validateJsepDescription(s, 'offer')).toEqual({ ok: false, reason: 'a=group:BUNDLE references unknown mid 9' });
});

test('a mid in two BUNDLE groups fails', () => {
  const s = cloneSdp(offer);
  s.groups.push({ semantics: 'BUNDLE', mids: ['0'] });
  expect(validateJsepDescription(s, 'offer').ok).toBe(false);
});

test('duplicate mids fail', () => {
  const s = cloneSdp(offer);
  s.media[1]!.mid = '0';
  expect(validateJsepDescription(s, 'offer')).toEqual({ ok: false, reason: 'duplicate a=mid:0' });
});

test('a section without ice-ufrag fails, unless the session level has one', () => {
  const s = cloneSdp(offer);
  delete s.media[1]!.iceUfrag;
  expect(validateJsepDescription(s, 'offer')).toEqual({ ok: false, reason: 'm= section 1 has no a=ice-ufrag' });
  s.iceUfrag = 'abcd';
  expect(validateJsepDescription(s, 'offer').ok).toBe(true);
});

test('a section without ice-pwd fails', () => {
  const s = cloneSdp(offer);
  delete s.media[2]!.icePwd;
  expect(validateJsepDescription(s, 'offer').ok).toBe(false);
});

test('a section without a fingerprint fails, unless the session level has one', () => {
  const s = cloneSdp(offer);
  s.media[0]!.fingerprints = [];
  expect(validateJsepDescription(s, 'offer')).toEqual({ ok: false, reason: 'm= section 0 has no a=fingerprint' });
  s.fingerprints = [{ algorithm: 'sha-256', value: 'AB:CD' }];
  expect(validateJsepDescription(s, 'offer').ok).toBe(true);
});

test('a rejected section needs no transport attributes', () => {
  const s = cloneSdp(offer);
  s.media[1]!.port = 0;
  s.media[1]!.fingerprints = [];
  delete s.media[1]!.iceUfrag;
  expect(validateJsepDescription(s, 'offer').ok).toBe(true);
});

test('a=setup:actpass is valid in an offer but not in an answer or pranswer', () => {
  expect(validateJsepDescription(offer, 'offer').ok).toBe(true);
  expect(validateJsepDescription(offer, 'answer')).toEqual({ ok: false, reason: 'm= section 0 has a=setup:actpass in an answer' });
  expect(validateJsepDescription(offer, 'pranswer').ok).toBe(false);
});
