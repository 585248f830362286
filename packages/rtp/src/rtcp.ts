/**
 * RTCP compound packets (RFC 3550 §6.1) and reduced-size RTCP (RFC 5506).
 *
 * Every RTCP packet starts with the common header:
 * ```
 *  0                   1                   2                   3
 *  |V=2|P| count/FMT |      PT       |     length (32-bit words - 1)  |
 * ```
 * A compound packet is a plain concatenation. RFC 3550 §6.1 requires it to
 * start with an SR or RR; RFC 5506 §3 allows a single non-compound packet
 * (a NACK or PLI alone) once reduced-size RTCP is negotiated, so
 * {@link decodeRtcp} accepts any sequence by default and checks the RFC 3550
 * rule only when asked.
 */
import { RtcpPacketType, type RtcpBodyCodec, type RtcpPacket, type UnknownRtcp } from './rtcp-types.js';
import { decodeSenderReport, decodeReceiverReport, senderReportCodec, receiverReportCodec } from './rtcp-report.js';
import { decodeSdes, sdesCodec } from './rtcp-sdes.js';
import { decodeBye, byeCodec } from './rtcp-bye.js';
import { decodeApp, appCodec } from './rtcp-app.js';
import { decodeNack, nackCodec } from './rtcp-nack.js';
import { decodePli, pliCodec } from './rtcp-pli.js';
import { decodeFir, firCodec } from './rtcp-fir.js';
import { decodeRemb, isRembBody, rembCodec } from './rtcp-remb.js';
import { decodeTwcc, twccCodec } from './rtcp-twcc.js';

/** Options of {@link decodeRtcp}. */
export interface DecodeRtcpOptions {
  /** Enforce RFC 3550 §6.1 / A.2: the first packet is an SR or RR and only the last one may be padded. Default false (RFC 5506). */
  requireCompound?: boolean;
}

function decodeBody(pt: number, count: number, body: Uint8Array): RtcpPacket | undefined {
  switch (pt) {
    case RtcpPacketType.SR:
      return decodeSenderReport(body, count);
    case RtcpPacketType.RR:
      return decodeReceiverReport(body, count);
    case RtcpPacketType.SDES:
      return decodeSdes(body, count);
    case RtcpPacketType.BYE:
      return decodeBye(body, count);
    case RtcpPacketType.APP:
      return decodeApp(body, count);
    case RtcpPacketType.RTPFB:
      if (count === 1) return decodeNack(body);
      if (count === 15) return decodeTwcc(body);
      break;
    case RtcpPacketType.PSFB:
      if (count === 1) return decodePli(body);
      if (count === 4) return decodeFir(body);
      if (count === 15 && isRembBody(body)) return decodeRemb(body);
      break;
  }
  const u: UnknownRtcp = { type: 'unknown', packetType: pt, count, body };
  return u;
}

/**
 * Decodes a compound (or, RFC 5506, non-compound) RTCP packet. Returns
 * undefined when any part is malformed (RFC 3550 Appendix A.2 validity
 * checks); byte fields of the result are views of `bytes`. Never throws.
 */
export function decodeRtcp(bytes: Uint8Array, options?: DecodeRtcpOptions): RtcpPacket[] | undefined {
  const out: RtcpPacket[] = [];
  const n = bytes.length;
  let o = 0;
  if (n < 4) return undefined;
  while (o < n) {
    if (o + 4 > n) return undefined;
    const b0 = bytes[o]!;
    if (b0 >> 6 !== 2) return undefined;
    const pt = bytes[o + 1]!;
    const len = (((bytes[o + 2]! << 8) | bytes[o + 3]!) + 1) * 4;
    if (o + len > n) return undefined;
    let bodyEnd = o + len;
    if (b0 & 0x20) {
      // RFC 3550 §6.4.1: the last octet counts the padding octets, itself included.
      if (options?.requireCompound && o + len !== n) return undefined;
      const pad = bytes[bodyEnd - 1]!;
      if (pad === 0 || pad > len - 4) return undefined;
      bodyEnd -= pad;
    }
    if (options?.requireCompound && o === 0 && pt !== RtcpPacketType.SR && pt !== RtcpPacketType.RR) return undefined;
    const p = decodeBody(pt, b0 & 0x1f, bytes.subarray(o + 4, bodyEnd));
    if (!p) return undefined;
    out.push(p);
    o += len;
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function codecOf(p: RtcpPacket): RtcpBodyCodec<any> | undefined {
  switch (p.type) {
    case 'sr':
      return senderReportCodec;
    case 'rr':
      return receiverReportCodec;
    case 'sdes':
      return sdesCodec;
    case 'bye':
      return byeCodec;
    case 'app':
      return appCodec;
    case 'nack':
      return nackCodec;
    case 'pli':
      return pliCodec;
    case 'fir':
      return firCodec;
    case 'remb':
      return rembCodec;
    case 'twcc':
      return twccCodec;
    case 'unknown':
      return undefined;
  }
}

function bodyLength(p: RtcpPacket): number {
  const c = codecOf(p);
  if (c) return c.bodyLength(p);
  return ((p as UnknownRtcp).body.length + 3) & ~3;
}

/** Encoded length of one RTCP packet. */
export function rtcpPacketEncodedLength(p: RtcpPacket): number {
  return 4 + bodyLength(p);
}

/** Encoded length of a compound packet made of `packets`. */
export function rtcpEncodedLength(packets: readonly RtcpPacket[]): number {
  let n = 0;
  for (const p of packets) n += 4 + bodyLength(p);
  return n;
}

/** Writes one RTCP packet at `offset`; returns the bytes written. */
export function encodeRtcpPacketInto(p: RtcpPacket, dst: Uint8Array, offset: number): number {
  const c = codecOf(p);
  let count: number;
  let pt: number;
  let end: number;
  if (c) {
    count = c.count(p);
    pt = c.packetType(p);
    end = c.encodeBody(p, dst, offset + 4);
  } else {
    const u = p as UnknownRtcp;
    count = u.count & 0x1f;
    pt = u.packetType;
    dst.set(u.body, offset + 4);
    end = offset + 4 + ((u.body.length + 3) & ~3);
    dst.fill(0, offset + 4 + u.body.length, end);
  }
  const words = (end - offset) / 4 - 1;
  dst[offset] = 0x80 | count;
  dst[offset + 1] = pt;
  dst[offset + 2] = words >> 8;
  dst[offset + 3] = words & 0xff;
  return end - offset;
}

/** Writes a compound packet at `offset`; returns the bytes written. */
export function encodeRtcpInto(packets: readonly RtcpPacket[], dst: Uint8Array, offset = 0): number {
  let o = offset;
  for (const p of packets) o += encodeRtcpPacketInto(p, dst, o);
  return o - offset;
}

/** Encodes a compound (or single, RFC 5506) RTCP packet into a new array. */
export function encodeRtcp(packets: readonly RtcpPacket[]): Uint8Array {
  const out = new Uint8Array(rtcpEncodedLength(packets));
  encodeRtcpInto(packets, out, 0);
  return out;
}
