/**
 * Source description, PT 202 (RFC 3550 §6.5).
 *
 * ```
 *         0                   1                   2                   3
 * header |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * chunk  |                          SSRC/CSRC_1                          |
 *   1    |                           SDES items                          |
 *        |                              ...                              |
 * item:  |    type (8)   |   length (8)  | text (length octets) ...
 * ```
 * Each chunk's item list ends with at least one null octet (item type 0),
 * padded with nulls to the next 32-bit boundary (§6.5).
 */
import { u32, w32, RtcpPacketType, type RtcpBodyCodec, type SdesChunk, type SourceDescription } from './rtcp-types.js';

const te = new TextEncoder();
const td = new TextDecoder();

/** SDES item types (RFC 3550 §6.5). */
export const SdesItemType = { CNAME: 1, NAME: 2, EMAIL: 3, PHONE: 4, LOC: 5, TOOL: 6, NOTE: 7, PRIV: 8 } as const;

/** Decodes an SDES body with `sc` chunks; undefined when malformed. */
export function decodeSdes(body: Uint8Array, sc: number): SourceDescription | undefined {
  const chunks: SdesChunk[] = [];
  let o = 0;
  for (let c = 0; c < sc; c++) {
    if (o + 4 > body.length) return undefined;
    const chunk: SdesChunk = { source: u32(body, o), items: [] };
    o += 4;
    for (;;) {
      if (o >= body.length) return undefined;
      const t = body[o]!;
      if (t === 0) {
        // END: skip the null octet and the padding to the next 32-bit boundary.
        o = (o + 4) & ~3;
        break;
      }
      if (o + 2 > body.length) return undefined;
      const len = body[o + 1]!;
      if (o + 2 + len > body.length) return undefined;
      chunk.items.push({ itemType: t, text: td.decode(body.subarray(o + 2, o + 2 + len)) });
      o += 2 + len;
    }
    chunks.push(chunk);
  }
  return { type: 'sdes', chunks };
}

function chunkLength(c: SdesChunk): number {
  let n = 4;
  for (const it of c.items) n += 2 + te.encode(it.text).length;
  return (n + 4) & ~3; // at least one null octet, then pad to 32 bits
}

/** SDES codec. */
export const sdesCodec: RtcpBodyCodec<SourceDescription> = {
  packetType: () => RtcpPacketType.SDES,
  count: (p) => {
    if (p.chunks.length > 31) throw new RangeError('RTCP SDES: at most 31 chunks');
    return p.chunks.length;
  },
  bodyLength: (p) => p.chunks.reduce((n, c) => n + chunkLength(c), 0),
  encodeBody(p, dst, o) {
    for (const c of p.chunks) {
      const start = o;
      w32(dst, o, c.source);
      o += 4;
      for (const it of c.items) {
        const t = te.encode(it.text);
        if (it.itemType < 1 || it.itemType > 255 || t.length > 255) throw new RangeError('RTCP SDES: item type 1-255, text up to 255 bytes');
        dst[o] = it.itemType;
        dst[o + 1] = t.length;
        dst.set(t, o + 2);
        o += 2 + t.length;
      }
      const end = start + chunkLength(c);
      dst.fill(0, o, end);
      o = end;
    }
    return o;
  },
};
