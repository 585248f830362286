/**
 * Application-defined, PT 204 (RFC 3550 §6.7).
 *
 * ```
 *    |V=2|P| subtype |   PT=APP=204  |             length            |
 *    |                           SSRC/CSRC                           |
 *    |                          name (ASCII)                         |
 *    |                   application-dependent data                ...
 * ```
 */
import { u32, w32, RtcpPacketType, type ApplicationDefined, type RtcpBodyCodec } from './rtcp-types.js';

/** Decodes an APP body; undefined when shorter than SSRC + name. */
export function decodeApp(body: Uint8Array, subtype: number): ApplicationDefined | undefined {
  if (body.length < 8) return undefined;
  const name = String.fromCharCode(body[4]!, body[5]!, body[6]!, body[7]!);
  return { type: 'app', subtype, ssrc: u32(body, 0), name, data: body.subarray(8) };
}

/** APP codec. */
export const appCodec: RtcpBodyCodec<ApplicationDefined> = {
  packetType: () => RtcpPacketType.APP,
  count: (p) => p.subtype & 0x1f,
  bodyLength: (p) => 8 + ((p.data.length + 3) & ~3),
  encodeBody(p, dst, o) {
    if (p.name.length !== 4 || !/^[\x00-\x7f]{4}$/.test(p.name)) throw new RangeError('RTCP APP: name must be 4 ASCII characters');
    w32(dst, o, p.ssrc);
    for (let i = 0; i < 4; i++) dst[o + 4 + i] = p.name.charCodeAt(i);
    dst.set(p.data, o + 8);
    const end = o + 8 + ((p.data.length + 3) & ~3);
    dst.fill(0, o + 8 + p.data.length, end);
    return end;
  },
};
