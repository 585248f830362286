/**
 * Generic NACK, RTPFB (PT 205) FMT 1 (RFC 4585 §6.2.1).
 *
 * ```
 *  |V=2|P|  FMT=1  |   PT=205      |          length               |
 *  |                  SSRC of packet sender                        |
 *  |                  SSRC of media source                         |
 *  |            PID                |             BLP               |   (FCI, repeated)
 * ```
 * BLP bit i (LSB = 0) reports the loss of packet PID + i + 1.
 */
import { u32, w16, w32, RtcpPacketType, type GenericNack, type NackItem, type RtcpBodyCodec } from './rtcp-types.js';

/** Decodes a generic NACK body; undefined when malformed. */
export function decodeNack(body: Uint8Array): GenericNack | undefined {
  if (body.length < 12 || (body.length & 3) !== 0) return undefined;
  const items: NackItem[] = [];
  for (let o = 8; o < body.length; o += 4) items.push({ pid: (body[o]! << 8) | body[o + 1]!, blp: (body[o + 2]! << 8) | body[o + 3]! });
  return { type: 'nack', senderSsrc: u32(body, 0), mediaSsrc: u32(body, 4), items };
}

/** Generic NACK codec. */
export const nackCodec: RtcpBodyCodec<GenericNack> = {
  packetType: () => RtcpPacketType.RTPFB,
  count: () => 1,
  bodyLength: (p) => 8 + 4 * p.items.length,
  encodeBody(p, dst, o) {
    w32(dst, o, p.senderSsrc);
    w32(dst, o + 4, p.mediaSsrc);
    o += 8;
    for (const it of p.items) {
      w16(dst, o, it.pid);
      w16(dst, o + 2, it.blp);
      o += 4;
    }
    return o;
  },
};

/**
 * Packs lost sequence numbers into NACK items (each covering PID and the 16
 * following), in the order given; wraparound-safe.
 */
export function nackItemsFromSequenceNumbers(lost: readonly number[]): NackItem[] {
  const items: NackItem[] = [];
  let cur: NackItem | undefined;
  for (const s of lost) {
    const seq = s & 0xffff;
    if (cur) {
      const d = (seq - cur.pid) & 0xffff;
      if (d === 0) continue;
      if (d <= 16) {
        cur.blp |= 1 << (d - 1);
        continue;
      }
    }
    cur = { pid: seq, blp: 0 };
    items.push(cur);
  }
  return items;
}

/** Expands NACK items into the sequence numbers they report lost. */
export function sequenceNumbersFromNackItems(items: readonly NackItem[]): number[] {
  const out: number[] = [];
  for (const it of items) {
    out.push(it.pid);
    for (let i = 0; i < 16; i++) if (it.blp & (1 << i)) out.push((it.pid + i + 1) & 0xffff);
  }
  return out;
}
