import fc from 'fast-check';
import {
  convertToInt,
  defineReadonlyAttributes,
  dictionary,
  domException,
  enumeration,
  exposeInterface,
  interfaceType,
  nullable,
  registerInterface,
  requireArguments,
  toBoolean,
  toDOMString,
  toDictionary,
  toEnum,
  toLong,
  toLongLong,
  toOctet,
  toSequence,
  toUnsignedLong,
  toUnsignedLongLong,
  toUnsignedShort,
  toUSVString,
} from '../src/webidl.js';

describe('domException', () => {
  test('is an instance of the runtime DOMException', () => {
    const e = domException('InvalidStateError', 'closed');
    expect(e).toBeInstanceOf(globalThis.DOMException);
  });
  test('carries name, message and the legacy code', () => {
    const e = domException('InvalidStateError', 'closed');
    expect(e.name).toBe('InvalidStateError');
    expect(e.message).toBe('closed');
    expect(e.code).toBe(11);
  });
});

describe('DOMString / USVString', () => {
  test('strings pass through', () => expect(toDOMString('abc')).toBe('abc'));
  test('numbers, null and undefined are stringified', () => {
    expect(toDOMString(12)).toBe('12');
    expect(toDOMString(null)).toBe('null');
    expect(toDOMString(undefined)).toBe('undefined');
  });
  test('objects go through toString', () => {
    expect(toDOMString({ toString: () => 'x' })).toBe('x');
  });
  test('a Symbol is a TypeError', () => {
    expect(() => toDOMString(Symbol('s'))).toThrow(TypeError);
  });
  test('USVString replaces lone surrogates with U+FFFD', () => {
    expect(toUSVString('a\ud800b')).toBe('a\ufffdb');
    expect(toUSVString('\udc00')).toBe('\ufffd');
  });
  test('USVString keeps valid surrogate pairs', () => {
    expect(toUSVString('x\ud83d\ude00y')).toBe('x\ud83d\ude00y');
  });
});

describe('boolean', () => {
  test('uses ToBoolean', () => {
    expect(toBoolean(0)).toBe(false);
    expect(toBoolean('')).toBe(false);
    expect(toBoolean('false')).toBe(true);
    expect(toBoolean({})).toBe(true);
  });
});

describe('[EnforceRange] integers', () => {
  test('truncate toward zero', () => {
    expect(toOctet(3.9)).toBe(3);
    expect(toLong(-3.9)).toBe(-3);
  });
  test('convert numeric strings', () => expect(toUnsignedShort('42')).toBe(42));
  test('NaN is a TypeError', () => expect(() => toOctet(NaN)).toThrow(TypeError));
  test('a non-numeric string is a TypeError', () => expect(() => toOctet('abc')).toThrow(TypeError));
  test('Infinity is a TypeError', () => {
    expect(() => toUnsignedLong(Infinity)).toThrow(TypeError);
    expect(() => toLong(-Infinity)).toThrow(TypeError);
  });
  test('octet range is [0, 255]', () => {
    expect(toOctet(255)).toBe(255);
    expect(() => toOctet(256)).toThrow(TypeError);
    expect(() => toOctet(-1)).toThrow(TypeError);
  });
  test('values within one of the bound truncate into range', () => {
    expect(toOctet(255.5)).toBe(255);
    expect(toOctet(-0.5)).toBe(0);
    expect(Object.is(toOctet(-0.5), 0)).toBe(true);
  });
  test('unsigned short range is [0, 65535]', () => {
    expect(toUnsignedShort(65535)).toBe(65535);
    expect(() => toUnsignedShort(65536)).toThrow(TypeError);
  });
  test('unsigned long range is [0, 2^32-1]', () => {
    expect(toUnsignedLong(2 ** 32 - 1)).toBe(2 ** 32 - 1);
    expect(() => toUnsignedLong(2 ** 32)).toThrow(TypeError);
  });
  test('long range is [-2^31, 2^31-1]', () => {
    expect(toLong(-(2 ** 31))).toBe(-(2 ** 31));
    expect(() => toLong(2 ** 31)).toThrow(TypeError);
  });
  test('long long range is ±(2^53-1)', () => {
    expect(toLongLong(Number.MIN_SAFE_INTEGER)).toBe(Number.MIN_SAFE_INTEGER);
    expect(() => toLongLong(2 ** 53)).toThrow(TypeError);
    expect(() => toUnsignedLongLong(-1)).toThrow(TypeError);
  });
  test('a Symbol or BigInt is a TypeError', () => {
    expect(() => toOctet(Symbol())).toThrow(TypeError);
    expect(() => toOctet(1n)).toThrow(TypeError);
  });
  test('undefined converts to NaN and is a TypeError', () => {
    expect(() => toUnsignedShort(undefined)).toThrow(TypeError);
  });
});

describe('plain (modulo) and [Clamp] integers', () => {
  test('modulo wraps', () => {
    expect(convertToInt(65536 + 5, 16, false, 'modulo')).toBe(5);
    expect(convertToInt(-1, 16, false, 'modulo')).toBe(65535);
    expect(convertToInt(2 ** 31, 32, true, 'modulo')).toBe(-(2 ** 31));
  });
  test('modulo maps NaN and Infinity to 0', () => {
    expect(convertToInt(NaN, 8, false, 'modulo')).toBe(0);
    expect(convertToInt(Infinity, 8, false, 'modulo')).toBe(0);
  });
  test('clamp clamps and rounds half to even', () => {
    expect(convertToInt(300, 8, false, 'clamp')).toBe(255);
    expect(convertToInt(2.5, 8, false, 'clamp')).toBe(2);
    expect(convertToInt(3.5, 8, false, 'clamp')).toBe(4);
  });
});

describe('nullable and enum', () => {
  test('nullable maps null and undefined to null', () => {
    const conv = nullable(toDOMString);
    expect(conv(null, 'x')).toBeNull();
    expect(conv(undefined, 'x')).toBeNull();
    expect(conv(5, 'x')).toBe('5');
  });
  test('enum accepts its values', () => {
    expect(toEnum('a', ['a', 'b'] as const)).toBe('a');
  });
  test('enum rejects other values with TypeError', () => {
    expect(() => toEnum('c', ['a', 'b'] as const)).toThrow(TypeError);
  });
  test('enum is case-sensitive', () => {
    expect(() => enumeration('E', ['all'])('ALL', 'x')).toThrow(TypeError);
  });
  test('enum stringifies before comparing', () => {
    expect(toEnum({ toString: () => 'b' }, ['a', 'b'] as const)).toBe('b');
  });
});

describe('sequence', () => {
  test('converts arrays element by element', () => {
    expect(toSequence([1, 2], toDOMString)).toEqual(['1', '2']);
  });
  test('accepts any iterable', () => {
    expect(toSequence(new Set(['a']), toDOMString)).toEqual(['a']);
  });
  test('a string is not a sequence', () => {
    expect(() => toSequence('ab', toDOMString)).toThrow(TypeError);
  });
  test('a non-iterable object is a TypeError', () => {
    expect(() => toSequence({ length: 1, 0: 'a' }, toDOMString)).toThrow(TypeError);
  });
  test('null is a TypeError', () => {
    expect(() => toSequence(null, toDOMString)).toThrow(TypeError);
  });
});

describe('dictionary', () => {
  const conv = dictionary<{ a?: string; b: number; c?: boolean }>('D', {
    c: { convert: toBoolean, default: false },
    b: { convert: (v, c) => toOctet(v, c), required: true },
    a: { convert: toDOMString },
  });
  test('undefined and null are an empty dictionary', () => {
    const opt = dictionary<{ x?: string }>('O', { x: { convert: toDOMString, default: 'd' } });
    expect(opt(undefined, 'o')).toEqual({ x: 'd' });
    expect(opt(null, 'o')).toEqual({ x: 'd' });
  });
  test('a non-object is a TypeError', () => {
    expect(() => conv(5, 'd')).toThrow(TypeError);
    expect(() => conv('x', 'd')).toThrow(TypeError);
  });
  test('a missing required member is a TypeError', () => {
    expect(() => conv({ a: 'x' }, 'd')).toThrow(TypeError);
  });
  test('defaults fill missing members; absent members without default stay absent', () => {
    const r = conv({ b: 1 }, 'd');
    expect(r).toEqual({ b: 1, c: false });
    expect('a' in r).toBe(false);
  });
  test('members are read in lexicographic order', () => {
    const seen: string[] = [];
    const src = new Proxy({ a: 'x', b: 1, c: true } as Record<string, unknown>, {
      get(t, k) {
        if (typeof k === 'string') seen.push(k);
        return t[k as string];
      },
    });
    conv(src, 'd');
    expect(seen).toEqual(['a', 'b', 'c']);
  });
  test('inherited members are read before the derived ones', () => {
    const parent = dictionary<object>('P', { z: { convert: toDOMString } });
    const child = dictionary<object>('C', { a: { convert: toDOMString } }, parent);
    const seen: string[] = [];
    const src = new Proxy({ a: 'x', z: 'y' } as Record<string, unknown>, {
      get(t, k) {
        if (typeof k === 'string') seen.push(k);
        return t[k as string];
      },
    });
    child(src, 'c');
    expect(seen).toEqual(['z', 'a']);
  });
  test('an explicit undefined member counts as missing', () => {
    expect(() => conv({ b: undefined }, 'd')).toThrow(TypeError);
  });
  test('inherited (prototype) properties are read', () => {
    const r = toDictionary<{ a?: string }>(Object.create({ a: 'proto' }), [{ a: { convert: toDOMString } }]);
    expect(r.a).toBe('proto');
  });
  test('function defaults produce fresh values', () => {
    const d = dictionary<{ list: string[] }>('L', { list: { convert: (v) => v as string[], default: () => [] } });
    expect(d({}, 'l').list).not.toBe(d({}, 'l').list);
  });
});

describe('interface types', () => {
  class Thing {}
  registerInterface('TestThing', (v) => v instanceof Thing);
  test('accepts a registered instance', () => {
    const t = new Thing();
    expect(interfaceType('TestThing')(t, 'x')).toBe(t);
  });
  test('rejects a plain object once registered', () => {
    expect(() => interfaceType('TestThing')({}, 'x')).toThrow(TypeError);
  });
  test('rejects non-objects even when unregistered', () => {
    expect(() => interfaceType('Unregistered')(null, 'x')).toThrow(TypeError);
    expect(() => interfaceType('Unregistered')('s', 'x')).toThrow(TypeError);
  });
});

describe('arguments and attributes', () => {
  test('requireArguments throws a TypeError for too few arguments', () => {
    expect(() => requireArguments(0, 1, 'f')).toThrow(TypeError);
    expect(() => requireArguments(1, 1, 'f')).not.toThrow();
  });
  test('defineReadonlyAttributes puts enumerable getters on the prototype', () => {
    class A {
      v = 3;
    }
    defineReadonlyAttributes(A.prototype, {
      value(this: A) {
        return this.v;
      },
    });
    const a = new A() as A & { value: number };
    expect(a.value).toBe(3);
    const d = Object.getOwnPropertyDescriptor(A.prototype, 'value')!;
    expect(d.enumerable).toBe(true);
    expect(d.set).toBeUndefined();
    expect(() => {
      'use strict';
      (a as { value: number }).value = 4;
    }).toThrow(TypeError);
  });
  test('exposeInterface makes class accessors enumerable and sets the class string', () => {
    class B {
      get x(): number {
        return 1;
      }
    }
    exposeInterface(B, ['x']);
    expect(Object.getOwnPropertyDescriptor(B.prototype, 'x')!.enumerable).toBe(true);
    expect(Object.prototype.toString.call(new B())).toBe('[object B]');
  });
});

describe('integer conversion properties', () => {
  test('[EnforceRange] unsigned short truncates every in-range double and rejects the rest', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (x) => {
        const t = Math.trunc(x);
        if (Number.isFinite(x) && t >= 0 && t <= 65535) return toUnsignedShort(x) === (t === 0 ? 0 : t);
        try {
          toUnsignedShort(x);
          return false;
        } catch (e) {
          return e instanceof TypeError;
        }
      }),
    );
  });
  test('modulo conversion always lands in range', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const v = convertToInt(x, 16, false, 'modulo');
        return Number.isInteger(v) && v >= 0 && v <= 65535;
      }),
    );
  });
});
