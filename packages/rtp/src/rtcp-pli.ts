/**
 * Picture loss indication, PSFB (PT 206) FMT 1 (RFC 4585 §6.3.1): the common
 * feedback header with no FCI.
 *
 * ```
 *  |V=2|P|  FMT=1  |   PT=206      |          length = 2           |
 *  |                  SSRC of packet sender                        |
 *  |                  SSRC of media source                         |
 * ```
 */
import { u32, w32, RtcpPacketType, type PictureLossIndication, type RtcpBodyCodec } from './rtcp-types.js';

/** Decodes a PLI body; undefined when shorter than 8 bytes. */
export function decodePli(body: Uint8Array): PictureLossIndication | undefined {
  if (body.length < 8) return undefined;
  return { type: 'pli', senderSsrc: u32(body, 0), mediaSsrc: u32(body, 4) };
}

/** PLI codec. */
export const pliCodec: RtcpBodyCodec<PictureLossIndication> = {
  packetType: () => RtcpPacketType.PSFB,
  count: () => 1,
  bodyLength: () => 8,
  encodeBody(p, dst, o) {
    w32(dst, o, p.senderSsrc);
    w32(dst, o + 4, p.mediaSsrc);
    return o + 8;
  },
};
