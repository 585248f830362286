/** Hex encoding and decoding. */

const HEX = '0123456789abcdef';

/** Lower-case hex of `bytes`, optionally with a separator between bytes (e.g. ':' for fingerprints). */
export function toHex(bytes: Uint8Array, separator = ''): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && separator) s += separator;
    const b = bytes[i]!;
    s += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return s;
}

/**
 * Parses hex, ignoring whitespace, ':' separators and `#` comments to the end
 * of a line, so RFC test vectors can be pasted as they are printed.
 * Throws a TypeError on an odd digit count or a non-hex character.
 */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/#[^\n]*/g, '').replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0) throw new TypeError(`fromHex: odd number of hex digits (${clean.length})`);
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw new TypeError('fromHex: non-hex character');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/**
 * Tagged template for test vectors: hex`00 01 02` → Uint8Array [0, 1, 2].
 * Interpolated values are inserted as text before parsing.
 */
export function hex(strings: TemplateStringsArray, ...values: unknown[]): Uint8Array {
  let s = strings[0]!;
  for (let i = 0; i < values.length; i++) s += String(values[i]) + strings[i + 1]!;
  return fromHex(s);
}
