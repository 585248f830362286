/**
 * Typed codecs of STUN attribute values (RFC 8489 §14, RFC 8656 §18,
 * RFC 8445 §16.1). Decoders never throw: they return `undefined`.
 */
import { viewOf } from '@purertc/common';
import type { Address } from '@purertc/common';
import { Attr, ERROR_REASONS, MAGIC_COOKIE } from './stun-constants.js';
import { bytesToIp, ipToBytes } from './ip.js';
import type { StunMessage, StunMessageBuilder } from './stun-message.js';
import { getAttribute } from './stun-message.js';

/** A transport address as STUN carries it. */
export interface StunAddress {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}

/**
 * MAPPED-ADDRESS family (RFC 8489 §14.1):
 * ```
 * |0 0 0 0 0 0 0 0|    Family     |           Port                |
 * |                 Address (32 bits or 128 bits)                 |
 * ```
 */
export function decodeAddress(value: Uint8Array): StunAddress | undefined {
  if (value.length !== 8 && value.length !== 20) return undefined;
  const family = value[1];
  if ((family === 1 && value.length !== 8) || (family === 2 && value.length !== 20) || (family !== 1 && family !== 2)) return undefined;
  const port = (value[2]! << 8) | value[3]!;
  const address = bytesToIp(value.subarray(4));
  if (address === undefined) return undefined;
  return { address, port, family: family === 1 ? 'IPv4' : 'IPv6' };
}

/** Encodes a MAPPED-ADDRESS-style value; throws TypeError for a non-IP address (a caller bug). */
export function encodeAddress(addr: Address): Uint8Array {
  const ip = ipToBytes(addr.address);
  if (ip === undefined) throw new TypeError(`not an IP address: ${addr.address}`);
  const out = new Uint8Array(4 + ip.length);
  out[1] = ip.length === 4 ? 1 : 2;
  out[2] = (addr.port >> 8) & 0xff;
  out[3] = addr.port & 0xff;
  out.set(ip, 4);
  return out;
}

/** XOR-MAPPED-ADDRESS and friends (RFC 8489 §14.2): port XOR cookie>>16, address XOR cookie‖transaction ID. */
export function decodeXorAddress(value: Uint8Array, transactionId: Uint8Array): StunAddress | undefined {
  if (value.length !== 8 && value.length !== 20) return undefined;
  if (transactionId.length !== 12) return undefined;
  const plain = value.slice();
  xorAddressBytes(plain, transactionId);
  return decodeAddress(plain);
}

/** Encodes an XOR-…-ADDRESS value. */
export function encodeXorAddress(addr: Address, transactionId: Uint8Array): Uint8Array {
  const out = encodeAddress(addr);
  xorAddressBytes(out, transactionId);
  return out;
}

function xorAddressBytes(v: Uint8Array, tid: Uint8Array): void {
  v[2]! ^= (MAGIC_COOKIE >>> 24) & 0xff;
  v[3]! ^= (MAGIC_COOKIE >>> 16) & 0xff;
  const cookie = [0x21, 0x12, 0xa4, 0x42];
  for (let i = 4; i < v.length; i++) v[i]! ^= i < 8 ? cookie[i - 4]! : tid[i - 8]!;
}

/** ERROR-CODE value (RFC 8489 §14.8). */
export interface StunErrorCode {
  code: number;
  reason: string;
}

/**
 * ```
 * |           Reserved, should be 0         |Class|     Number    |
 * |      Reason Phrase (variable)                                ..
 * ```
 */
export function decodeErrorCode(value: Uint8Array): StunErrorCode | undefined {
  if (value.length < 4) return undefined;
  const cls = value[2]! & 0x07;
  const num = value[3]!;
  if (cls < 3 || cls > 6 || num > 99) return undefined;
  return { code: cls * 100 + num, reason: decodeText(value.subarray(4)) };
}

/** Encodes ERROR-CODE; `reason` defaults to the registered phrase. */
export function encodeErrorCode(code: number, reason?: string): Uint8Array {
  if (!Number.isInteger(code) || code < 300 || code > 699) throw new RangeError(`bad STUN error code ${code}`);
  const text = new TextEncoder().encode(reason ?? ERROR_REASONS[code] ?? '');
  const out = new Uint8Array(4 + text.length);
  out[2] = Math.floor(code / 100);
  out[3] = code % 100;
  out.set(text, 4);
  return out;
}

/** UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): a list of 16-bit types. */
export function decodeUnknownAttributes(value: Uint8Array): number[] | undefined {
  if (value.length % 2 !== 0) return undefined;
  const out: number[] = [];
  for (let i = 0; i < value.length; i += 2) out.push((value[i]! << 8) | value[i + 1]!);
  return out;
}

/** Encodes UNKNOWN-ATTRIBUTES. */
export function encodeUnknownAttributes(types: readonly number[]): Uint8Array {
  const out = new Uint8Array(types.length * 2);
  types.forEach((t, i) => {
    out[2 * i] = t >> 8;
    out[2 * i + 1] = t & 0xff;
  });
  return out;
}

/** UTF-8 text of a value (USERNAME, REALM, NONCE, SOFTWARE, reason phrases); invalid sequences become U+FFFD. */
export function decodeText(value: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(value);
}

/** A 32-bit unsigned value (PRIORITY, LIFETIME, FINGERPRINT), or undefined if the length is not 4. */
export function decodeUint32(value: Uint8Array): number | undefined {
  return value.length === 4 ? viewOf(value).getUint32(0) : undefined;
}

/** CHANNEL-NUMBER (RFC 8656 §18.1): 16-bit number then RFFU. */
export function decodeChannelNumber(value: Uint8Array): number | undefined {
  return value.length === 4 ? (value[0]! << 8) | value[1]! : undefined;
}

/** REQUESTED-TRANSPORT (RFC 8656 §18.7): protocol number (17 = UDP) then RFFU. */
export function encodeRequestedTransport(protocol: number): Uint8Array {
  return Uint8Array.of(protocol & 0xff, 0, 0, 0);
}

/** REQUESTED-ADDRESS-FAMILY / ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.8, §18.11): 0x01 IPv4, 0x02 IPv6. */
export function encodeAddressFamily(family: 'IPv4' | 'IPv6'): Uint8Array {
  return Uint8Array.of(family === 'IPv4' ? 1 : 2, 0, 0, 0);
}

/** PASSWORD-ALGORITHMS (RFC 8489 §14.11): list of (algorithm u16, params length u16, params padded). */
export function decodePasswordAlgorithms(value: Uint8Array): { algorithm: number; params: Uint8Array }[] | undefined {
  const out: { algorithm: number; params: Uint8Array }[] = [];
  let off = 0;
  while (off < value.length) {
    if (off + 4 > value.length) return undefined;
    const algorithm = (value[off]! << 8) | value[off + 1]!;
    const len = (value[off + 2]! << 8) | value[off + 3]!;
    if (off + 4 + len > value.length) return undefined;
    out.push({ algorithm, params: value.subarray(off + 4, off + 4 + len) });
    off += 4 + ((len + 3) & ~3);
  }
  return out;
}

/** The XOR-decoded address of attribute `type` in `msg`, if present and well formed. */
export function getXorAddress(msg: StunMessage, type: number): StunAddress | undefined {
  const a = getAttribute(msg, type);
  return a === undefined ? undefined : decodeXorAddress(a.value, msg.transactionId);
}

/** The ERROR-CODE of `msg`, if present and well formed. */
export function getErrorCode(msg: StunMessage): StunErrorCode | undefined {
  const a = getAttribute(msg, Attr.ErrorCode);
  return a === undefined ? undefined : decodeErrorCode(a.value);
}

/** The UTF-8 text of attribute `type`, if present. */
export function getText(msg: StunMessage, type: number): string | undefined {
  const a = getAttribute(msg, type);
  return a === undefined ? undefined : decodeText(a.value);
}

/** The uint32 of attribute `type`, if present with length 4. */
export function getUint32(msg: StunMessage, type: number): number | undefined {
  const a = getAttribute(msg, type);
  return a === undefined ? undefined : decodeUint32(a.value);
}

/** Appends an XOR-…-ADDRESS attribute to a builder. */
export function addXorAddress(b: StunMessageBuilder, type: number, addr: Address): StunMessageBuilder {
  return b.add(type, encodeXorAddress(addr, b.transactionId));
}

/** Appends ERROR-CODE to a builder. */
export function addErrorCode(b: StunMessageBuilder, code: number, reason?: string): StunMessageBuilder {
  return b.add(Attr.ErrorCode, encodeErrorCode(code, reason));
}
