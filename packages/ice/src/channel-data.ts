/**
 * TURN ChannelData messages (RFC 8656 §12.4) and the stream framing used over
 * TCP/TLS (RFC 8656 §12.5; RFC 6544 §3 / RFC 4571 for ICE-TCP).
 *
 * ```
 *  0                   1                   2                   3
 * |         Channel Number        |            Length             |
 * |                       Application Data                        |
 * ```
 * Channel numbers are 0x4000-0x4FFF; over TCP/TLS the message is padded to a
 * multiple of 4 bytes (the padding is not counted in Length).
 */
import { viewOf } from '@purertc/common';
import { STUN_HEADER_LENGTH } from './stun-constants.js';

/** Lowest and highest valid channel numbers (RFC 8656 §12). */
export const MIN_CHANNEL = 0x4000;
export const MAX_CHANNEL = 0x4fff;

/** True if the first byte says ChannelData (RFC 7983: 64-79). */
export function isChannelData(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0]! >= 0x40 && bytes[0]! <= 0x4f;
}

/** Decodes a ChannelData message; `undefined` if malformed. `data` is a view. */
export function decodeChannelData(bytes: Uint8Array): { channel: number; data: Uint8Array } | undefined {
  if (!isChannelData(bytes)) return undefined;
  const v = viewOf(bytes);
  const channel = v.getUint16(0);
  const len = v.getUint16(2);
  if (4 + len > bytes.length) return undefined;
  return { channel, data: bytes.subarray(4, 4 + len) };
}

/** Encoded size of a ChannelData message (with stream padding when `padded`). */
export function channelDataLength(dataLength: number, padded: boolean): number {
  return 4 + (padded ? (dataLength + 3) & ~3 : dataLength);
}

/** Writes a ChannelData message into `dst` at `offset`; returns bytes written. */
export function encodeChannelDataInto(channel: number, data: Uint8Array, dst: Uint8Array, offset: number, padded: boolean): number {
  if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) throw new RangeError(`bad channel number ${channel}`);
  const n = channelDataLength(data.length, padded);
  const v = viewOf(dst);
  v.setUint16(offset, channel);
  v.setUint16(offset + 2, data.length);
  dst.set(data, offset + 4);
  dst.fill(0, offset + 4 + data.length, offset + n);
  return n;
}

/** A fresh ChannelData message. */
export function encodeChannelData(channel: number, data: Uint8Array, padded = false): Uint8Array {
  const out = new Uint8Array(channelDataLength(data.length, padded));
  encodeChannelDataInto(channel, data, out, 0, padded);
  return out;
}

/**
 * Splits a TCP/TLS byte stream to a TURN server into STUN and ChannelData
 * messages (RFC 8656 §12.5). Bytes are buffered until a message is complete;
 * a stream that is neither (bad first byte or cookie) sets {@link error} and
 * is dropped, since framing cannot recover.
 */
export class StunStreamFramer {
  private buf = new Uint8Array(0);
  private len = 0;
  /** Set once the stream is unrecoverable. */
  error: string | undefined;
  /** Maximum buffered bytes before the stream is declared broken (memory bound). */
  readonly maxBuffered: number;

  constructor(maxBuffered = 65536 + 8) {
    this.maxBuffered = maxBuffered;
  }

  /** Appends received bytes (copied). */
  push(chunk: Uint8Array): void {
    if (this.error) return;
    if (this.len + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length, 256));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    if (this.len > this.maxBuffered) this.error = 'buffer-overflow';
  }

  /** The next complete message (a fresh copy), or undefined. */
  next(): Uint8Array | undefined {
    if (this.error || this.len < 4) return undefined;
    const b0 = this.buf[0]!;
    const declared = (this.buf[2]! << 8) | this.buf[3]!;
    let total: number;
    if (b0 < 0x40) {
      if ((declared & 3) !== 0) {
        this.error = 'bad-stun-length';
        return undefined;
      }
      total = STUN_HEADER_LENGTH + declared;
      if (this.len >= 8 && !(this.buf[4] === 0x21 && this.buf[5] === 0x12 && this.buf[6] === 0xa4 && this.buf[7] === 0x42)) {
        this.error = 'bad-magic-cookie';
        return undefined;
      }
    } else if (b0 <= 0x4f) {
      total = 4 + ((declared + 3) & ~3);
    } else {
      this.error = 'not-stun-or-channeldata';
      return undefined;
    }
    if (this.len < total) return undefined;
    const msg = this.buf.slice(0, total);
    this.buf.copyWithin(0, total, this.len);
    this.len -= total;
    return msg;
  }

  /** Bytes currently buffered. */
  get buffered(): number {
    return this.len;
  }
}
