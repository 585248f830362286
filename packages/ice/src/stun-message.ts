/**
 * STUN message framing (RFC 8489 §5, §14): decode into attribute views, and a
 * builder that appends attributes, MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT.
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Message type bits: M11..M7 C1 M6..M4 C0 M3..M0
 * ```
 */
import { viewOf } from '@purertc/common';
import { Attr, MAGIC_COOKIE, STUN_HEADER_LENGTH, StunClass, isKnownAttribute } from './stun-constants.js';
import { crc32Update } from './crc32.js';

/** One attribute: its type and a view of its value (borrowed from the message bytes). */
export interface StunAttribute {
  type: number;
  value: Uint8Array;
  /** Offset of the attribute header within {@link StunMessage.raw}. */
  offset: number;
}

/** A decoded STUN message. Views borrow from the input: copy what you retain. */
export interface StunMessage {
  method: number;
  class: StunClass;
  transactionId: Uint8Array;
  /** Attributes in wire order (those after MESSAGE-INTEGRITY other than MI-SHA256/FINGERPRINT, and anything after FINGERPRINT, are dropped: RFC 8489 §14.5, §14.7). */
  attributes: StunAttribute[];
  /** The message bytes (header and attributes). */
  raw: Uint8Array;
}

/** Counters of the decoder (shared, for diagnostics). */
export const stunDecodeStats = { decoded: 0, rejected: 0 };

/** Combines method and class into the 14-bit message type. */
export function messageType(method: number, cls: StunClass): number {
  return (
    (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | ((cls & 1) << 4) | ((cls & 2) << 7)
  );
}

/** Splits a message type into method and class. */
export function splitMessageType(type: number): { method: number; class: StunClass } {
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const cls = (((type >> 4) & 1) | ((type >> 7) & 2)) as StunClass;
  return { method, class: cls };
}

/**
 * Cheap test used for demultiplexing (RFC 7983 first byte 0-3, RFC 8489 §6:
 * the top two bits zero, length a multiple of 4, magic cookie).
 */
export function isStun(bytes: Uint8Array): boolean {
  if (bytes.length < STUN_HEADER_LENGTH) return false;
  if ((bytes[0]! & 0xc0) !== 0) return false;
  if ((bytes[3]! & 3) !== 0) return false;
  return bytes[4] === 0x21 && bytes[5] === 0x12 && bytes[6] === 0xa4 && bytes[7] === 0x42;
}

/**
 * Decodes a STUN message; `undefined` for anything malformed (never throws).
 * Bytes after the declared length are ignored (stream framing hands us exact
 * messages; on UDP a longer datagram is treated as the message it declares).
 */
export function decodeStun(bytes: Uint8Array): StunMessage | undefined {
  if (!(bytes instanceof Uint8Array) || !isStun(bytes)) {
    stunDecodeStats.rejected++;
    return undefined;
  }
  const view = viewOf(bytes);
  const length = view.getUint16(2);
  if (STUN_HEADER_LENGTH + length > bytes.length) {
    stunDecodeStats.rejected++;
    return undefined;
  }
  const raw = bytes.subarray(0, STUN_HEADER_LENGTH + length);
  const { method, class: cls } = splitMessageType(view.getUint16(0));
  const attributes: StunAttribute[] = [];
  let off = STUN_HEADER_LENGTH;
  let sawIntegrity = false;
  let sawFingerprint = false;
  while (off < raw.length) {
    if (off + 4 > raw.length) {
      stunDecodeStats.rejected++;
      return undefined;
    }
    const type = view.getUint16(off);
    const len = view.getUint16(off + 2);
    const end = off + 4 + len;
    if (end > raw.length) {
      stunDecodeStats.rejected++;
      return undefined;
    }
    // RFC 8489 §14.5 / §14.6 / §14.7: only MI-SHA256 and FINGERPRINT may follow
    // MESSAGE-INTEGRITY; nothing follows FINGERPRINT. Others are ignored.
    let keep = !sawFingerprint;
    if (keep && sawIntegrity && type !== Attr.MessageIntegritySha256 && type !== Attr.Fingerprint) keep = false;
    if (keep) attributes.push({ type, value: raw.subarray(off + 4, end), offset: off });
    if (type === Attr.MessageIntegrity || type === Attr.MessageIntegritySha256) sawIntegrity = true;
    if (type === Attr.Fingerprint) sawFingerprint = true;
    off = end + ((4 - (len & 3)) & 3);
  }
  if (off !== raw.length) {
    // Padding of the last attribute ran past the declared length.
    stunDecodeStats.rejected++;
    return undefined;
  }
  stunDecodeStats.decoded++;
  return { method, class: cls, transactionId: raw.subarray(8, 20), attributes, raw };
}

/** The first attribute of `type`, or undefined. */
export function getAttribute(msg: StunMessage, type: number): StunAttribute | undefined {
  for (const a of msg.attributes) if (a.type === type) return a;
  return undefined;
}

/** True if the message carries an attribute of `type`. */
export function hasAttribute(msg: StunMessage, type: number): boolean {
  return getAttribute(msg, type) !== undefined;
}

/** A hex key of a transaction ID, for maps. */
export function transactionKey(tid: Uint8Array): string {
  let s = '';
  for (let i = 0; i < tid.length; i++) s += (tid[i]! < 16 ? '0' : '') + tid[i]!.toString(16);
  return s;
}

const FINGERPRINT_XOR = 0x5354554e;

/**
 * Appends attributes to a STUN message under construction. Padding is zero
 * (RFC 8489 §14). MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT
 * are computed over what has been appended so far, so add them last, in that order.
 */
export class StunMessageBuilder {
  private buf: Uint8Array;
  private view: DataView;
  private len = STUN_HEADER_LENGTH;
  /** The transaction ID (a copy of what was passed). */
  readonly transactionId: Uint8Array;

  constructor(method: number, cls: StunClass, transactionId: Uint8Array, capacity = 256) {
    if (transactionId.length !== 12) throw new RangeError('STUN transaction ID must be 12 bytes');
    this.buf = new Uint8Array(Math.max(capacity, 64));
    this.view = viewOf(this.buf);
    this.view.setUint16(0, messageType(method, cls));
    this.view.setUint32(4, MAGIC_COOKIE);
    this.buf.set(transactionId, 8);
    this.transactionId = this.buf.slice(8, 20);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = viewOf(next);
  }

  /** Appends a raw attribute; returns the offset of its value. */
  add(type: number, value: Uint8Array): this {
    this.addRaw(type, value.length).set(value);
    return this;
  }

  /** Reserves an attribute of `length` bytes and returns its zeroed value view to fill in. */
  addRaw(type: number, length: number): Uint8Array {
    if (length > 0xffff) throw new RangeError('STUN attribute too long');
    const padded = (length + 3) & ~3;
    this.reserve(4 + padded);
    this.view.setUint16(this.len, type);
    this.view.setUint16(this.len + 2, length);
    const start = this.len + 4;
    this.buf.fill(0, start, start + padded);
    this.len = start + padded;
    this.view.setUint16(2, this.len - STUN_HEADER_LENGTH);
    return this.buf.subarray(start, start + length);
  }

  /** Appends a UTF-8 string attribute. */
  addString(type: number, text: string): this {
    return this.add(type, new TextEncoder().encode(text));
  }

  /** Appends a 32-bit unsigned attribute (PRIORITY, LIFETIME, …). */
  addUint32(type: number, value: number): this {
    const v = this.addRaw(type, 4);
    viewOf(v).setUint32(0, value >>> 0);
    return this;
  }

  /** Appends a 64-bit attribute given as 8 bytes (ICE-CONTROLLING/CONTROLLED tie-breaker). */
  addBytes(type: number, value: Uint8Array): this {
    return this.add(type, value);
  }

  /** Appends an empty attribute (USE-CANDIDATE, DONT-FRAGMENT). */
  addFlag(type: number): this {
    this.addRaw(type, 0);
    return this;
  }

  /**
   * Appends MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) or
   * MESSAGE-INTEGRITY-SHA256 (§14.6) with `hmac`, computed over the message
   * up to this attribute with the length field already covering it.
   */
  addIntegrity(type: typeof Attr.MessageIntegrity | typeof Attr.MessageIntegritySha256, hmac: (data: Uint8Array) => Uint8Array, truncate?: number): this {
    const size = type === Attr.MessageIntegrity ? 20 : Math.max(16, Math.min(32, truncate ?? 32)) & ~3;
    const head = this.len;
    this.view.setUint16(2, head + 4 + size - STUN_HEADER_LENGTH);
    const mac = hmac(this.buf.subarray(0, head));
    this.addRaw(type, size).set(mac.subarray(0, size));
    return this;
  }

  /** Appends FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message so far XOR 0x5354554e. */
  addFingerprint(): this {
    const head = this.len;
    this.view.setUint16(2, head + 8 - STUN_HEADER_LENGTH);
    const crc = (crc32Update(0, this.buf, 0, head) ^ FINGERPRINT_XOR) >>> 0;
    this.addUint32(Attr.Fingerprint, crc);
    return this;
  }

  /** Current encoded length. */
  get length(): number {
    return this.len;
  }

  /** The finished message (a fresh copy the caller owns). */
  build(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/**
 * Verifies FINGERPRINT if present: `true` valid, `false` invalid, `undefined`
 * absent (RFC 8489 §14.7).
 */
export function checkFingerprint(msg: StunMessage): boolean | undefined {
  const fp = getAttribute(msg, Attr.Fingerprint);
  if (fp === undefined) return undefined;
  if (fp.value.length !== 4) return false;
  const adjusted = fp.offset + 8 - STUN_HEADER_LENGTH;
  const head = new Uint8Array(4);
  head[0] = msg.raw[0]!;
  head[1] = msg.raw[1]!;
  head[2] = adjusted >> 8;
  head[3] = adjusted & 0xff;
  let crc = crc32Update(0, head);
  crc = crc32Update(crc, msg.raw, 4, fp.offset);
  return ((crc ^ FINGERPRINT_XOR) >>> 0) === viewOf(fp.value).getUint32(0);
}

/**
 * Comprehension-required attribute types (0x0000-0x7FFF) in `msg` that this
 * codec does not know: a request carrying any is answered with 420 and
 * UNKNOWN-ATTRIBUTES listing them (RFC 8489 §6.3.1.1).
 */
export function unknownRequiredAttributes(msg: StunMessage): number[] {
  const out: number[] = [];
  for (const a of msg.attributes) if (a.type < 0x8000 && !isKnownAttribute(a.type) && !out.includes(a.type)) out.push(a.type);
  return out;
}
