/**
 * Goodbye, PT 203 (RFC 3550 §6.6).
 *
 * ```
 *        |V=2|P|    SC   |   PT=BYE=203  |             length            |
 *        |                           SSRC/CSRC                           |
 *        :                              ...                              :
 * (opt)  |     length    |               reason for leaving            ...
 * ```
 */
import { u32, w32, RtcpPacketType, type Goodbye, type RtcpBodyCodec } from './rtcp-types.js';

const te = new TextEncoder();
const td = new TextDecoder();

/** Decodes a BYE body with `sc` sources; undefined when malformed. */
export function decodeBye(body: Uint8Array, sc: number): Goodbye | undefined {
  if (body.length < sc * 4) return undefined;
  const sources: number[] = [];
  for (let i = 0; i < sc; i++) sources.push(u32(body, i * 4));
  let o = sc * 4;
  let reason: string | undefined;
  if (o < body.length) {
    const len = body[o]!;
    if (o + 1 + len > body.length) return undefined;
    reason = td.decode(body.subarray(o + 1, o + 1 + len));
  }
  return { type: 'bye', sources, reason };
}

/** BYE codec. */
export const byeCodec: RtcpBodyCodec<Goodbye> = {
  packetType: () => RtcpPacketType.BYE,
  count: (p) => {
    if (p.sources.length > 31) throw new RangeError('RTCP BYE: at most 31 sources');
    return p.sources.length;
  },
  bodyLength: (p) => p.sources.length * 4 + (p.reason === undefined ? 0 : (te.encode(p.reason).length + 4) & ~3),
  encodeBody(p, dst, o) {
    for (const s of p.sources) {
      w32(dst, o, s);
      o += 4;
    }
    if (p.reason !== undefined) {
      const t = te.encode(p.reason);
      if (t.length > 255) throw new RangeError('RTCP BYE: reason up to 255 bytes');
      const end = o + ((t.length + 4) & ~3);
      dst[o] = t.length;
      dst.set(t, o + 1);
      dst.fill(0, o + 1 + t.length, end);
      o = end;
    }
    return o;
  },
};
