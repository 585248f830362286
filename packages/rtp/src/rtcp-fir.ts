/**
 * Full intra request, PSFB (PT 206) FMT 4 (RFC 5104 §4.3.1).
 *
 * ```
 *  |V=2|P|  FMT=4  |   PT=206      |          length               |
 *  |                  SSRC of packet sender                        |
 *  |             SSRC of media source (unused, 0)                  |
 *  |                              SSRC                             |   (FCI, repeated)
 *  | Seq nr.       |    Reserved                                   |
 * ```
 */
import { u32, w32, RtcpPacketType, type FirEntry, type FullIntraRequest, type RtcpBodyCodec } from './rtcp-types.js';

/** Decodes a FIR body; undefined when malformed. */
export function decodeFir(body: Uint8Array): FullIntraRequest | undefined {
  if (body.length < 8 || (body.length - 8) % 8 !== 0) return undefined;
  const entries: FirEntry[] = [];
  for (let o = 8; o < body.length; o += 8) entries.push({ ssrc: u32(body, o), sequenceNumber: body[o + 4]! });
  return { type: 'fir', senderSsrc: u32(body, 0), mediaSsrc: u32(body, 4), entries };
}

/** FIR codec. */
export const firCodec: RtcpBodyCodec<FullIntraRequest> = {
  packetType: () => RtcpPacketType.PSFB,
  count: () => 4,
  bodyLength: (p) => 8 + 8 * p.entries.length,
  encodeBody(p, dst, o) {
    w32(dst, o, p.senderSsrc);
    w32(dst, o + 4, p.mediaSsrc);
    o += 8;
    for (const e of p.entries) {
      w32(dst, o, e.ssrc);
      dst[o + 4] = e.sequenceNumber & 0xff;
      dst[o + 5] = dst[o + 6] = dst[o + 7] = 0;
      o += 8;
    }
    return o;
  },
};
