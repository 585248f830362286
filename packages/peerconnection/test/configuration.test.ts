import {
  configurationToDictionary,
  defaultConfiguration,
  normalizeConfiguration,
  parseIceServerUrl,
  type NormalizedConfiguration,
} from '../src/configuration.js';
import { registerInterface } from '../src/webidl.js';

// A stand-in certificate class (RTCCertificate itself is tested in RTCCertificate.test.ts).
class FakeCert {
  constructor(readonly expires: number) {}
}
registerInterface('RTCCertificate', (v) => v instanceof FakeCert);

const NOW = 1_700_000_000_000;
const ctor = (input: unknown) => normalizeConfiguration(input, { now: NOW });
const set = (input: unknown, current: NormalizedConfiguration = ctor({}), extra: { hasLocalDescription?: boolean; closed?: boolean } = {}) =>
  normalizeConfiguration(input, { now: NOW, current, ...extra });

function expectDom(fn: () => unknown, name: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(globalThis.DOMException);
  expect((caught as DOMException).name).toBe(name);
}

/** Runs a check both as the constructor and as setConfiguration on a default connection (as WPT's config_test does). */
function bothWays(name: string, check: (make: (input: unknown) => NormalizedConfiguration) => void): void {
  test(`constructor: ${name}`, () => check(ctor));
  test(`setConfiguration: ${name}`, () => check((input) => set(input)));
}

describe('defaults', () => {
  test('no configuration gives the defaults', () => {
    expect(configurationToDictionary(ctor(undefined))).toEqual({
      iceServers: [],
      iceTransportPolicy: 'all',
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
      certificates: [],
      iceCandidatePoolSize: 0,
    });
  });
  test('defaultConfiguration equals the converted empty dictionary', () => {
    expect(defaultConfiguration()).toEqual(ctor({}));
  });
  test('undefined members take their defaults', () => {
    const c = ctor({ bundlePolicy: undefined, rtcpMuxPolicy: undefined, iceServers: undefined });
    expect(c.bundlePolicy).toBe('balanced');
    expect(c.rtcpMuxPolicy).toBe('require');
    expect(c.iceServers).toEqual([]);
  });
  test('a non-object configuration is a TypeError', () => {
    expect(() => ctor(42)).toThrow(TypeError);
  });
});

describe('iceServers', () => {
  bothWays('{ iceServers: null } is a TypeError', (make) => expect(() => make({ iceServers: null })).toThrow(TypeError));
  bothWays('[null] is a TypeError', (make) => expect(() => make({ iceServers: [null] })).toThrow(TypeError));
  bothWays('[undefined] is a TypeError', (make) => expect(() => make({ iceServers: [undefined] })).toThrow(TypeError));
  bothWays('[{}] (no urls) is a TypeError', (make) => expect(() => make({ iceServers: [{}] })).toThrow(TypeError));
  bothWays('a stun url string becomes a one-element list', (make) => {
    const c = configurationToDictionary(make({ iceServers: [{ urls: 'stun:stun1.example.net' }] }));
    expect(c.iceServers).toEqual([{ urls: ['stun:stun1.example.net'] }]);
  });
  bothWays('a url array is kept', (make) => {
    const c = make({ iceServers: [{ urls: ['stun:stun1.example.net', 'stun:stun2.example.net'] }] });
    expect(c.iceServers[0]!.urls).toEqual(['stun:stun1.example.net', 'stun:stun2.example.net']);
  });
  bothWays('turn with username and credential', (make) => {
    const c = configurationToDictionary(make({ iceServers: [{ urls: 'turn:turn.example.org', username: 'user', credential: 'cred' }] }));
    expect(c.iceServers[0]).toEqual({ urls: ['turn:turn.example.org'], username: 'user', credential: 'cred' });
  });
  bothWays('turns with empty username succeeds', (make) => {
    const c = make({ iceServers: [{ urls: 'turns:turn.example.org', username: '', credential: 'cred' }] });
    expect(c.iceServers[0]!.username).toBe('');
    expect(c.iceServers[0]!.credential).toBe('cred');
  });
  bothWays('turn(s) with an empty credential is an InvalidAccessError (RFC 8265 §4.1)', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'turns:turn.example.org', username: 'user', credential: '' }] }), 'InvalidAccessError'),
  );
  bothWays('a TURN username of 509 bytes succeeds', (make) => {
    make({ iceServers: [{ urls: 'turn:turn.example.net', username: 'a'.repeat(509), credential: 'c' }] });
  });
  bothWays('a backslash in a stun/turn URL is a SyntaxError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'stun:example.org\\path' }] }), 'SyntaxError'),
  );
  bothWays('turn without credentials is an InvalidAccessError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'turn:turn.example.net' }] }), 'InvalidAccessError'),
  );
  bothWays('turn with only a username is an InvalidAccessError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'turn:turn.example.net', username: 'user' }] }), 'InvalidAccessError'),
  );
  bothWays('turns with only a credential is an InvalidAccessError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'turns:turn.example.net', credential: 'cred' }] }), 'InvalidAccessError'),
  );
  bothWays('a TURN username over 509 bytes is an InvalidAccessError', (make) =>
    expectDom(
      () => make({ iceServers: [{ urls: 'turn:turn.example.net', username: 'é'.repeat(255), credential: 'c' }] }),
      'InvalidAccessError',
    ),
  );
  bothWays('a stun server needs no credentials', (make) => {
    expect(() => make({ iceServers: [{ urls: 'stun:example.net' }] })).not.toThrow();
  });
  bothWays('an empty url is a SyntaxError', (make) => expectDom(() => make({ iceServers: [{ urls: '' }] }), 'SyntaxError'));
  bothWays('an empty url after a valid one is a SyntaxError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: ['stun:stun1.example.net', ''] }] }), 'SyntaxError'),
  );
  bothWays('an empty urls list is a SyntaxError', (make) => expectDom(() => make({ iceServers: [{ urls: [] }] }), 'SyntaxError'));
  bothWays('a relative url is a SyntaxError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'relative-url' }] }), 'SyntaxError'),
  );
  bothWays('an http url is a SyntaxError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'http://example.com' }] }), 'SyntaxError'),
  );
  bothWays('turn://host/path?x=y is a SyntaxError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'turn://example.org/foo?x=y', username: 'u', credential: 'c' }] }), 'SyntaxError'),
  );
  bothWays('stun://host is a SyntaxError', (make) =>
    expectDom(() => make({ iceServers: [{ urls: 'stun://example.org/foo?x=y' }] }), 'SyntaxError'),
  );
  bothWays('a SyntaxError wins over a later server: the whole configuration is rejected', (make) =>
    expectDom(() => make({ iceTransportPolicy: 'relay', iceServers: [{ urls: '' }] }), 'SyntaxError'),
  );
  test('urls is converted as a sequence when iterable', () => {
    const c = ctor({ iceServers: [{ urls: new Set(['stun:a.example']) }] });
    expect(c.iceServers[0]!.urls).toEqual(['stun:a.example']);
  });
  test('getConfiguration copies are fresh objects', () => {
    const c = ctor({ iceServers: [{ urls: 'stun:a.example' }] });
    const a = configurationToDictionary(c);
    a.iceServers[0]!.urls.push('stun:b.example');
    expect(configurationToDictionary(c).iceServers[0]!.urls).toEqual(['stun:a.example']);
    expect(configurationToDictionary(c)).not.toBe(configurationToDictionary(c));
  });
  test('the caller mutating its input afterwards changes nothing', () => {
    const urls = ['stun:a.example'];
    const c = ctor({ iceServers: [{ urls }] });
    urls.push('stun:b.example');
    expect(c.iceServers[0]!.urls).toEqual(['stun:a.example']);
  });
});

describe('ICE server URL syntax', () => {
  const valid = [
    'stun:example\t.\norg',
    'stun:ex%61mple.net',
    'stun:[2001::1]',
    'stun:example.net:',
    'stun:example.net:0000000000000000',
    'stun:example.net:65535',
    'stun:www.foo。bar.com',
    'stun:你好你好',
    'stun:faß.ExAmPlE',
    'stun:1.2.3.4.',
    'stun:256',
    'turn:turn.example.org?transport=udp',
    'turns:turn.example.org:443?transport=tcp',
    'STUN:example.net',
  ];
  const invalid = [
    'stun:example.net:65536',
    'stun:example.net:b',
    'stun:example.net:-21',
    'stun:example.net#foo',
    'stun:[61:24:74]:98',
    'stun:192.168.0.257',
    'stun:x x:12',
    'stun:a<b',
    'stun:%25',
    'stun:256.256.256.256',
    'stun:example.net/foo',
    'stun:/example.net',
    'stun:user@example.net',
    'stun:@example.net',
    'stun:example.net?transport=udp',
    'turn:example.net?transport=sctp',
    'turn:example.net?foo=bar',
    'stunx:example.net',
  ];
  for (const u of valid) {
    test(`valid: ${JSON.stringify(u)}`, () => expect(() => parseIceServerUrl(u)).not.toThrow());
  }
  for (const u of invalid) {
    test(`invalid: ${JSON.stringify(u)}`, () => expectDom(() => parseIceServerUrl(u), 'SyntaxError'));
  }
  test('default ports: 3478 for stun/turn, 5349 for stuns/turns', () => {
    expect(parseIceServerUrl('stun:a.example').port).toBe(3478);
    expect(parseIceServerUrl('turn:a.example').port).toBe(3478);
    expect(parseIceServerUrl('stuns:a.example').port).toBe(5349);
    expect(parseIceServerUrl('turns:a.example').port).toBe(5349);
  });
  test('an explicit port is kept, even 443', () => {
    expect(parseIceServerUrl('turns:a.example:443').port).toBe(443);
    expect(parseIceServerUrl('stun:[2001:db8::1]:19302')).toMatchObject({ host: '2001:db8::1', port: 19302 });
  });
  test('transport comes from ?transport= or the scheme', () => {
    expect(parseIceServerUrl('turn:a.example').transport).toBe('udp');
    expect(parseIceServerUrl('turn:a.example?transport=tcp').transport).toBe('tcp');
    expect(parseIceServerUrl('turns:a.example').transport).toBe('tcp');
  });
  test('the scheme is lower-cased and the url kept as given', () => {
    expect(parseIceServerUrl('STUN:Example.NET')).toMatchObject({ scheme: 'stun', host: 'example.net', url: 'STUN:Example.NET' });
  });
});

describe('policies', () => {
  bothWays('bundlePolicy null is a TypeError', (make) => expect(() => make({ bundlePolicy: null })).toThrow(TypeError));
  bothWays('an invalid bundlePolicy is a TypeError', (make) => expect(() => make({ bundlePolicy: 'invalid' })).toThrow(TypeError));
  test('every bundlePolicy value is accepted by the constructor', () => {
    for (const p of ['balanced', 'max-compat', 'max-bundle']) expect(ctor({ bundlePolicy: p }).bundlePolicy).toBe(p);
  });
  bothWays('rtcpMuxPolicy null is a TypeError', (make) => expect(() => make({ rtcpMuxPolicy: null })).toThrow(TypeError));
  bothWays('an invalid rtcpMuxPolicy is a TypeError', (make) => expect(() => make({ rtcpMuxPolicy: 'invalid' })).toThrow(TypeError));
  test("rtcpMuxPolicy 'negotiate' is a NotSupportedError in the constructor", () => {
    expectDom(() => ctor({ rtcpMuxPolicy: 'negotiate' }), 'NotSupportedError');
  });
  bothWays('iceTransportPolicy relay is kept', (make) => expect(make({ iceTransportPolicy: 'relay' }).iceTransportPolicy).toBe('relay'));
  bothWays('an invalid iceTransportPolicy is a TypeError', (make) =>
    expect(() => make({ iceTransportPolicy: 'none' })).toThrow(TypeError),
  );
});

describe('iceCandidatePoolSize', () => {
  bothWays('0 and 255 are accepted', (make) => {
    expect(make({ iceCandidatePoolSize: 0 }).iceCandidatePoolSize).toBe(0);
    expect(make({ iceCandidatePoolSize: 255 }).iceCandidatePoolSize).toBe(255);
  });
  bothWays('-1 is a TypeError', (make) => expect(() => make({ iceCandidatePoolSize: -1 })).toThrow(TypeError));
  bothWays('256 is a TypeError', (make) => expect(() => make({ iceCandidatePoolSize: 256 })).toThrow(TypeError));
  bothWays('NaN is a TypeError', (make) => expect(() => make({ iceCandidatePoolSize: NaN })).toThrow(TypeError));
  test('a fractional size truncates', () => expect(ctor({ iceCandidatePoolSize: 3.7 }).iceCandidatePoolSize).toBe(3));
  test('can change before setLocalDescription', () => {
    expect(set({ iceCandidatePoolSize: 4 }, ctor({}), { hasLocalDescription: false }).iceCandidatePoolSize).toBe(4);
  });
  test('changing after setLocalDescription is an InvalidModificationError', () => {
    expectDom(() => set({ iceCandidatePoolSize: 4 }, ctor({}), { hasLocalDescription: true }), 'InvalidModificationError');
  });
  test('the same size after setLocalDescription is fine', () => {
    expect(() => set({ iceCandidatePoolSize: 2 }, ctor({ iceCandidatePoolSize: 2 }), { hasLocalDescription: true })).not.toThrow();
  });
});

describe('setConfiguration rules', () => {
  test('setConfiguration({}) keeps the default bundlePolicy', () => {
    expect(set({}).bundlePolicy).toBe('balanced');
  });
  test('the same bundlePolicy is accepted', () => {
    expect(() => set({ bundlePolicy: 'max-bundle' }, ctor({ bundlePolicy: 'max-bundle' }))).not.toThrow();
  });
  test('a different bundlePolicy is an InvalidModificationError', () => {
    expectDom(() => set({ bundlePolicy: 'max-compat' }, ctor({ bundlePolicy: 'max-bundle' })), 'InvalidModificationError');
  });
  test('omitting a non-default bundlePolicy is an InvalidModificationError', () => {
    expectDom(() => set({}, ctor({ bundlePolicy: 'max-bundle' })), 'InvalidModificationError');
  });
  test("rtcpMuxPolicy 'negotiate' on a 'require' connection is an InvalidModificationError", () => {
    expectDom(() => set({ rtcpMuxPolicy: 'negotiate' }), 'InvalidModificationError');
  });
  test('a closed connection is an InvalidStateError', () => {
    expectDom(() => set({}, ctor({}), { closed: true }), 'InvalidStateError');
  });
  test('TypeErrors from conversion come before InvalidStateError', () => {
    expect(() => set({ bundlePolicy: 'bad' }, ctor({}), { closed: true })).toThrow(TypeError);
  });
  test('InvalidModificationError comes before ICE server validation', () => {
    expectDom(() => set({ bundlePolicy: 'max-compat', iceServers: [{ urls: '' }] }), 'InvalidModificationError');
  });
  test('iceServers and iceTransportPolicy may change', () => {
    const c = set({ iceServers: [{ urls: 'stun:a.example' }], iceTransportPolicy: 'relay' });
    expect(c.iceServers[0]!.urls).toEqual(['stun:a.example']);
    expect(c.iceTransportPolicy).toBe('relay');
  });
});

describe('certificates', () => {
  test('a valid certificate is kept by identity', () => {
    const cert = new FakeCert(NOW + 1000);
    const c = ctor({ certificates: [cert] });
    expect(c.certificates[0]).toBe(cert);
    expect(configurationToDictionary(c).certificates[0]).toBe(cert);
  });
  test('an expired certificate is an InvalidAccessError in the constructor', () => {
    expectDom(() => ctor({ certificates: [new FakeCert(NOW - 1)] }), 'InvalidAccessError');
  });
  test('a non-certificate is a TypeError', () => {
    expect(() => ctor({ certificates: [{ expires: NOW + 1000 }] })).toThrow(TypeError);
  });
  test('certificates not a sequence is a TypeError', () => {
    expect(() => ctor({ certificates: new FakeCert(NOW + 1000) })).toThrow(TypeError);
  });
  test('the same certificates in setConfiguration are accepted', () => {
    const cert = new FakeCert(NOW + 1000);
    expect(() => set({ certificates: [cert] }, ctor({ certificates: [cert] }))).not.toThrow();
  });
  test('different certificates in setConfiguration are an InvalidModificationError', () => {
    const cert = new FakeCert(NOW + 1000);
    expectDom(() => set({ certificates: [new FakeCert(NOW + 1000)] }, ctor({ certificates: [cert] })), 'InvalidModificationError');
  });
  test('omitting the certificates in setConfiguration is an InvalidModificationError', () => {
    const cert = new FakeCert(NOW + 1000);
    expectDom(() => set({}, ctor({ certificates: [cert] })), 'InvalidModificationError');
  });
  test('setConfiguration(getConfiguration()) round-trips', () => {
    const cert = new FakeCert(NOW + 1000);
    const c = ctor({ certificates: [cert], bundlePolicy: 'max-bundle', iceServers: [{ urls: 'turn:t.example', username: 'u', credential: 'p' }] });
    expect(set(configurationToDictionary(c), c)).toEqual(c);
  });
});
