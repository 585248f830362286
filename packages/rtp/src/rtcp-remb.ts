/**
 * Receiver estimated maximum bitrate: PSFB (PT 206) FMT 15 application layer
 * feedback with the "REMB" identifier (draft-alvestrand-rmcat-remb-03 §2.2).
 *
 * ```
 *  |V=2|P| FMT=15  |   PT=206      |             length            |
 *  |                  SSRC of packet sender                        |
 *  |                  SSRC of media source (0)                     |
 *  |  Unique identifier 'R' 'E' 'M' 'B'                            |
 *  |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 *  |   SSRC feedback                                               |   (repeated)
 * ```
 */
import { u32, w32, RtcpPacketType, type Remb, type RtcpBodyCodec } from './rtcp-types.js';

/** True when a PSFB FMT 15 body carries the REMB identifier. */
export function isRembBody(body: Uint8Array): boolean {
  return body.length >= 16 && body[8] === 0x52 && body[9] === 0x45 && body[10] === 0x4d && body[11] === 0x42;
}

/** Decodes a REMB body; undefined when malformed. */
export function decodeRemb(body: Uint8Array): Remb | undefined {
  if (!isRembBody(body)) return undefined;
  const n = body[12]!;
  if (body.length < 16 + 4 * n) return undefined;
  const exp = body[13]! >> 2;
  const mantissa = ((body[13]! & 3) << 16) | (body[14]! << 8) | body[15]!;
  const ssrcs: number[] = [];
  for (let i = 0; i < n; i++) ssrcs.push(u32(body, 16 + 4 * i));
  return { type: 'remb', senderSsrc: u32(body, 0), mediaSsrc: u32(body, 4), bitrate: mantissa * 2 ** exp, ssrcs };
}

/** Splits a bitrate into the 6-bit exponent and 18-bit mantissa (rounding down when it does not fit exactly). */
export function rembExponentMantissa(bitrate: number): [exp: number, mantissa: number] {
  let exp = 0;
  let b = Math.max(0, Math.floor(bitrate));
  while (b >= 0x40000 && exp < 63) {
    exp++;
    b = Math.floor(bitrate / 2 ** exp);
  }
  return [exp, Math.min(b, 0x3ffff)];
}

/** REMB codec. */
export const rembCodec: RtcpBodyCodec<Remb> = {
  packetType: () => RtcpPacketType.PSFB,
  count: () => 15,
  bodyLength: (p) => 16 + 4 * p.ssrcs.length,
  encodeBody(p, dst, o) {
    if (p.ssrcs.length > 255) throw new RangeError('REMB: at most 255 SSRCs');
    w32(dst, o, p.senderSsrc);
    w32(dst, o + 4, p.mediaSsrc);
    dst[o + 8] = 0x52;
    dst[o + 9] = 0x45;
    dst[o + 10] = 0x4d;
    dst[o + 11] = 0x42;
    const [exp, m] = rembExponentMantissa(p.bitrate);
    dst[o + 12] = p.ssrcs.length;
    dst[o + 13] = (exp << 2) | (m >> 16);
    dst[o + 14] = (m >> 8) & 0xff;
    dst[o + 15] = m & 0xff;
    o += 16;
    for (const s of p.ssrcs) {
      w32(dst, o, s);
      o += 4;
    }
    return o;
  },
};
