/**
 * The WebIDL conversions (https://webidl.spec.whatwg.org/#es-type-mapping) the
 * W3C objects of this package apply to their arguments, so that callers get
 * exactly the TypeErrors a browser raises, plus small helpers for exposing
 * attributes the way browsers do (getters on the prototype).
 *
 * Errors are the runtime's own `TypeError` and `globalThis.DOMException`, never
 * a polyfill: callers compare them against their own globals.
 */

/**
 * Creates a `DOMException` of the runtime (`globalThis.DOMException`) with the
 * given `name` (for example 'InvalidStateError') and message.
 */
export function domException(name: string, message: string): DOMException {
  return new globalThis.DOMException(message, name);
}

/** A WebIDL conversion from any JavaScript value to `T`; `context` names the value in error messages. */
export type Converter<T> = (value: unknown, context: string) => T;

// WebIDL §3.2.10 DOMString: ToString(V). A template literal applies ToString
// (with hint "string"), which throws a TypeError for a Symbol as WebIDL requires.
/** WebIDL `DOMString`: `ToString(value)`; TypeError for a Symbol. */
export function toDOMString(value: unknown, context = 'value'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'symbol') throw new TypeError(`${context}: cannot convert a Symbol to a string`);
  return `${value as string}`;
}

// WebIDL §3.2.12 USVString: DOMString, then lone surrogates become U+FFFD.
/** WebIDL `USVString`: DOMString conversion, then every lone surrogate replaced by U+FFFD. */
export function toUSVString(value: unknown, context = 'value'): string {
  const s = toDOMString(value, context);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return replaceLoneSurrogates(s); // found a lone surrogate
  }
  return s;
}

function replaceLoneSurrogates(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
        continue;
      }
    }
    out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : s[i]!;
  }
  return out;
}

/** WebIDL `boolean`: `ToBoolean(value)`. */
export function toBoolean(value: unknown): boolean {
  return Boolean(value);
}

/** How an integer conversion treats values outside its type (WebIDL §3.2.4 ConvertToInt). */
export type IntegerMode = 'modulo' | 'enforceRange' | 'clamp';

/**
 * WebIDL ConvertToInt (§3.2.4.9) for the integer types of `bitLength` bits.
 * `enforceRange`: TypeError for NaN, ±Infinity and values outside the range
 * after truncation toward zero. `clamp`: clamp and round half to even. Default:
 * the modulo conversion of plain integer types.
 */
export function convertToInt(
  value: unknown,
  bitLength: 8 | 16 | 32 | 64,
  signed: boolean,
  mode: IntegerMode,
  context = 'value',
): number {
  let upper: number;
  let lower: number;
  if (bitLength === 64) {
    upper = Number.MAX_SAFE_INTEGER;
    lower = signed ? Number.MIN_SAFE_INTEGER : 0;
  } else if (signed) {
    lower = -(2 ** (bitLength - 1));
    upper = 2 ** (bitLength - 1) - 1;
  } else {
    lower = 0;
    upper = 2 ** bitLength - 1;
  }
  if (typeof value === 'symbol' || typeof value === 'bigint') {
    throw new TypeError(`${context}: cannot convert a ${typeof value} to a number`);
  }
  // ToNumber: unary plus throws for Symbol/BigInt results of ToPrimitive too.
  let x = +(value as number);
  if (Object.is(x, -0)) x = 0;
  if (mode === 'enforceRange') {
    if (Number.isNaN(x) || !Number.isFinite(x)) throw new TypeError(`${context}: ${String(x)} is not a finite number`);
    x = Math.trunc(x);
    if (x < lower || x > upper) throw new TypeError(`${context}: ${x} is outside [${lower}, ${upper}]`);
    return x === 0 ? 0 : x;
  }
  if (mode === 'clamp') {
    if (Number.isNaN(x)) return 0;
    x = Math.min(Math.max(x, lower), upper);
    // Round half to even.
    const f = Math.floor(x);
    const diff = x - f;
    if (diff > 0.5 || (diff === 0.5 && f % 2 !== 0)) x = f + 1;
    else x = f;
    return x === 0 ? 0 : x;
  }
  if (!Number.isFinite(x)) return 0;
  x = Math.trunc(x);
  if (bitLength === 64) {
    // Modulo 2^64 is not representable for unsafe values; keep what a double holds.
    return x === 0 ? 0 : x;
  }
  const m = 2 ** bitLength;
  x = ((x % m) + m) % m;
  if (signed && x >= 2 ** (bitLength - 1)) x -= m;
  return x === 0 ? 0 : x;
}

/** WebIDL `octet` (`[EnforceRange]` by default here, as the W3C APIs declare it). */
export function toOctet(value: unknown, context = 'value', mode: IntegerMode = 'enforceRange'): number {
  return convertToInt(value, 8, false, mode, context);
}

/** WebIDL `unsigned short` (`[EnforceRange]` unless `mode` says otherwise). */
export function toUnsignedShort(value: unknown, context = 'value', mode: IntegerMode = 'enforceRange'): number {
  return convertToInt(value, 16, false, mode, context);
}

/** WebIDL `unsigned long` (`[EnforceRange]` unless `mode` says otherwise). */
export function toUnsignedLong(value: unknown, context = 'value', mode: IntegerMode = 'enforceRange'): number {
  return convertToInt(value, 32, false, mode, context);
}

/** WebIDL `long` (`[EnforceRange]` unless `mode` says otherwise). */
export function toLong(value: unknown, context = 'value', mode: IntegerMode = 'enforceRange'): number {
  return convertToInt(value, 32, true, mode, context);
}

/** WebIDL `long long` (`[EnforceRange]` unless `mode` says otherwise; range ±(2^53 − 1)). */
export function toLongLong(value: unknown, context = 'value', mode: IntegerMode = 'enforceRange'): number {
  return convertToInt(value, 64, true, mode, context);
}

/** WebIDL `unsigned long long` (`[EnforceRange]` unless `mode` says otherwise; range [0, 2^53 − 1]). */
export function toUnsignedLongLong(value: unknown, context = 'value', mode: IntegerMode = 'enforceRange'): number {
  return convertToInt(value, 64, false, mode, context);
}

/** WebIDL `double`: ToNumber, TypeError for NaN and ±Infinity. */
export function toDouble(value: unknown, context = 'value'): number {
  if (typeof value === 'symbol' || typeof value === 'bigint') {
    throw new TypeError(`${context}: cannot convert a ${typeof value} to a number`);
  }
  const x = +(value as number);
  if (!Number.isFinite(x)) throw new TypeError(`${context}: ${String(x)} is not a finite number`);
  return x;
}

/** WebIDL nullable `T?`: `null` and `undefined` become `null`, anything else goes through `convert`. */
export function toNullable<T>(value: unknown, convert: Converter<T>, context = 'value'): T | null {
  if (value === null || value === undefined) return null;
  return convert(value, context);
}

/** Wraps a converter into its nullable form (WebIDL §3.2.22). */
export function nullable<T>(convert: Converter<T>): Converter<T | null> {
  return (value, context) => toNullable(value, convert, context);
}

/** WebIDL enumeration (§3.2.19): DOMString conversion, then TypeError unless the value is one of `values`. */
export function toEnum<T extends string>(value: unknown, values: readonly T[], context = 'value', enumName = 'enum'): T {
  const s = toDOMString(value, context);
  if (!(values as readonly string[]).includes(s)) {
    throw new TypeError(`${context}: '${s}' is not a valid value for enumeration ${enumName}`);
  }
  return s as T;
}

/** A converter for one enumeration. */
export function enumeration<T extends string>(enumName: string, values: readonly T[]): Converter<T> {
  return (value, context) => toEnum(value, values, context, enumName);
}

/** True when `value` is an object (including functions) in the JavaScript sense. */
export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * WebIDL `sequence<T>` (§3.2.26): TypeError unless `value` is an object with a
 * `@@iterator` method (so a string is never a sequence); each element converted.
 */
export function toSequence<T>(value: unknown, convert: Converter<T>, context = 'value'): T[] {
  if (!isObject(value)) throw new TypeError(`${context}: is not an iterable object`);
  const method = (value as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof method !== 'function') throw new TypeError(`${context}: is not iterable`);
  const out: T[] = [];
  const iterator = (method as () => Iterator<unknown>).call(value);
  if (!isObject(iterator)) throw new TypeError(`${context}: @@iterator did not return an object`);
  for (;;) {
    const step = iterator.next();
    if (!isObject(step)) throw new TypeError(`${context}: iterator result is not an object`);
    if (step.done) break;
    out.push(convert(step.value, `${context}[${out.length}]`));
  }
  return out;
}

/** Wraps a converter into its `sequence<T>` form. */
export function sequence<T>(convert: Converter<T>): Converter<T[]> {
  return (value, context) => toSequence(value, convert, context);
}

/** True when a union conversion should take the sequence branch (an object with `@@iterator`). */
export function isIterableObject(value: unknown): boolean {
  return isObject(value) && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/** One member of a dictionary description. */
export interface DictionaryMember<T = unknown> {
  /** Converter applied to a member value that is not `undefined`. */
  convert: Converter<T>;
  /** TypeError when the member is missing (undefined). */
  required?: boolean;
  /** Value used when the member is missing; a function is called for each conversion (fresh arrays). */
  default?: T | (() => T);
  /** Set when `default` is a value that happens to be a function (never in the W3C APIs); unused otherwise. */
  defaultIsValue?: boolean;
}

/** The member descriptions of one dictionary. */
export type DictionaryMembers = Record<string, DictionaryMember<any>>;

/**
 * WebIDL dictionary conversion (§3.2.23): `undefined`/`null` are an empty
 * dictionary; any other non-object is a TypeError. Members are read with `Get`
 * in lexicographic order of their names (inherited dictionaries' members
 * first), defaults applied, required members missing → TypeError. Members
 * absent without a default are absent from the result (not `undefined`).
 *
 * @param levels the dictionary's inheritance chain, most-derived last.
 */
export function toDictionary<T>(value: unknown, levels: readonly DictionaryMembers[], context = 'dictionary'): T {
  if (value !== undefined && value !== null && !isObject(value)) {
    throw new TypeError(`${context}: is not an object`);
  }
  const out: Record<string, unknown> = {};
  for (const members of levels) {
    for (const key of Object.keys(members).sort()) {
      const member = members[key]!;
      const v = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[key];
      if (v !== undefined) {
        out[key] = member.convert(v, `${context}.${key}`);
      } else if (member.required) {
        throw new TypeError(`${context}: required member ${key} is undefined`);
      } else if ('default' in member) {
        const d = member.default;
        out[key] = typeof d === 'function' && !member.defaultIsValue ? (d as () => unknown)() : d;
      }
    }
  }
  return out as T;
}

/** Builds a dictionary converter; `parent` is the converter's member list of the inherited dictionary. */
export function dictionary<T>(name: string, members: DictionaryMembers, parent?: { levels: readonly DictionaryMembers[] }): Converter<T> & { levels: readonly DictionaryMembers[] } {
  const levels = parent ? [...parent.levels, members] : [members];
  const convert = ((value: unknown, context?: string) => toDictionary<T>(value, levels, context ?? name)) as Converter<T> & {
    levels: readonly DictionaryMembers[];
  };
  convert.levels = levels;
  return convert;
}

/** The members of WebIDL's `EventInit` (DOM §2.2), inherited by every event init dictionary. */
export const eventInitMembers: DictionaryMembers = {
  bubbles: { convert: toBoolean, default: false },
  cancelable: { convert: toBoolean, default: false },
  composed: { convert: toBoolean, default: false },
};

/** `EventInit` as a dictionary converter, the parent of the event init dictionaries. */
export const toEventInit = dictionary<EventInit>('EventInit', eventInitMembers);

const interfaceChecks = new Map<string, (value: object) => boolean>();

/**
 * Registers how to recognise an instance of the platform interface `name`, for
 * {@link toInterface}. Each class registers itself when its module loads.
 */
export function registerInterface(name: string, isInstance: (value: object) => boolean): void {
  interfaceChecks.set(name, isInstance);
}

/**
 * WebIDL interface type conversion (§3.2.18): TypeError unless `value` is an
 * object implementing interface `name`. Until a class registers its check
 * (see {@link registerInterface}) any object is accepted.
 */
export function toInterface<T extends object>(value: unknown, name: string, context = 'value'): T {
  if (!isObject(value)) throw new TypeError(`${context}: is not of type '${name}'`);
  const check = interfaceChecks.get(name);
  if (check && !check(value)) throw new TypeError(`${context}: is not of type '${name}'`);
  return value as T;
}

/** A converter for interface type `name`. */
export function interfaceType<T extends object>(name: string): Converter<T> {
  return (value, context) => toInterface<T>(value, name, context);
}

/** Throws the TypeError browsers raise when fewer than `required` arguments are passed. */
export function requireArguments(count: number, required: number, what: string): void {
  if (count < required) {
    throw new TypeError(`${what}: ${required} argument${required === 1 ? '' : 's'} required, but only ${count} present.`);
  }
}

/**
 * Defines readonly attributes on a prototype as enumerable, configurable
 * getters (as WebIDL exposes attributes), with no setter: assigning to one
 * throws in strict code and is ignored otherwise.
 */
export function defineReadonlyAttributes<T extends object>(
  proto: T,
  getters: Record<string, (this: T) => unknown>,
): void {
  for (const [name, get] of Object.entries(getters)) {
    Object.defineProperty(proto, name, { get, set: undefined, enumerable: true, configurable: true });
  }
}

/**
 * Makes accessors and methods a class declares enumerable, as WebIDL
 * requires of attributes and operations (class syntax defines them
 * non-enumerable). Also sets the class string (`Symbol.toStringTag`).
 */
export function exposeInterface(ctor: { prototype: object; name: string }, members: readonly string[], className = ctor.name): void {
  const proto = ctor.prototype;
  for (const name of members) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (!desc) throw new Error(`exposeInterface: ${className}.prototype has no member ${name}`); // a typo in our own code
    Object.defineProperty(proto, name, { ...desc, enumerable: true });
  }
  Object.defineProperty(proto, Symbol.toStringTag, { value: className, configurable: true });
}
