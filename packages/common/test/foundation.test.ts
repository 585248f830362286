/**
 * Issue 2, Deliver 2: the `hex` helper, typed errors with stable names, and
 * the injected-environment helpers (the types themselves are checked by the
 * TypeScript consumer in test/signaling/packaging.test.ts).
 */
import {
  fromHex,
  hex,
  isErrorNamed,
  ParseError,
  ProtocolError,
  PureRtcError,
  randomUint32,
  seededRandom,
  silentLogger,
  StateError,
  toHex,
  type Components,
  type RandomSource,
} from '@purertc/common';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';

describe('hex tagged template', () => {
  test('interpolated values are spliced in as text before parsing', () => {
    const n = 0xab;
    expect(toHex(hex`01 ${n.toString(16)} ${'cd'}ef`)).toBe('01abcdef');
  });
  test('an RFC-style multi-line vector with comments', () => {
    const v = hex`
      00 01 02 03   # first word
      04:05:06:07   # colons are separators
    `;
    expect(Array.from(v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  test('an empty template is an empty array; odd digits throw TypeError', () => {
    expect(hex``.length).toBe(0);
    expect(() => hex`0`).toThrow(TypeError);
    expect(() => fromHex('0g')).toThrow(/non-hex/);
  });
  test('upper-case input parses; output is lower case', () => {
    expect(toHex(fromHex('DEADBEEF'))).toBe('deadbeef');
  });
});

describe('typed errors', () => {
  test.each([
    [new PureRtcError('x', 'm'), 'PureRtcError', 'x'],
    [new ParseError('m'), 'ParseError', 'parse'],
    [new StateError('m'), 'StateError', 'state'],
    [new ProtocolError('bad-mac', 'm'), 'ProtocolError', 'bad-mac'],
  ])('%s has the stable name %s and code %s, and is an Error', (err, name, code) => {
    expect(err.name).toBe(name);
    expect(err.code).toBe(code);
    expect(err.message).toBe('m');
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toBe(`${name}: m`);
    expect(isErrorNamed(err, name)).toBe(true);
  });
  test('the cause is kept', () => {
    const cause = new Error('inner');
    expect(new ParseError('m', { cause }).cause).toBe(cause);
  });
  test('isErrorNamed is false for other names and for non-objects', () => {
    expect(isErrorNamed(new StateError('m'), 'ParseError')).toBe(false);
    for (const v of [null, undefined, 'ParseError', 42]) expect(isErrorNamed(v, 'ParseError')).toBe(false);
  });
});

describe('injected environment', () => {
  test('randomUint32 reads 4 bytes big-endian from the source', () => {
    const fixed: RandomSource = (dst) => dst.set([0xde, 0xad, 0xbe, 0xef].slice(0, dst.length));
    expect(randomUint32(fixed)).toBe(0xdeadbeef);
  });
  test('seededRandom fills odd lengths and differs between draws', () => {
    const r = seededRandom(1);
    const a = new Uint8Array(7);
    const b = new Uint8Array(7);
    r(a);
    r(b);
    expect(toHex(a)).not.toBe(toHex(b));
  });
  test('silentLogger accepts every level and writes nothing', () => {
    expect(() => {
      silentLogger.debug('x', 1);
      silentLogger.info('x');
      silentLogger.warn('x');
    }).not.toThrow();
  });
  test('the node implementation satisfies Components', () => {
    const env: Components = { crypto: nodeCrypto, random: nodeRandom, log: silentLogger };
    const buf = new Uint8Array(32);
    env.random(buf);
    expect(buf.some((b) => b !== 0)).toBe(true);
    expect(toHex(env.crypto.hash('sha-256', new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
