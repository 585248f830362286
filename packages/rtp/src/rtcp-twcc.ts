/**
 * Transport-wide congestion control feedback, RTPFB (PT 205) FMT 15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).
 *
 * ```
 *  0                   1                   2                   3
 *  |V=2|P|  FMT=15 |    PT=205     |           length              |
 *  |                     SSRC of packet sender                     |
 *  |                      SSRC of media source                     |
 *  |      base sequence number     |      packet status count      |
 *  |                 reference time                | fb pkt. count |
 *  |          packet chunk         |         packet chunk          |
 *  .                                                               .
 *  |         packet chunk          |  recv delta   |  recv delta   |
 *  .                                                               .
 *  |           recv delta          |  recv delta   | zero padding  |
 * ```
 * Packet chunks (§3.1.3, §3.1.4):
 * ```
 *  run length:     |T=0| S (2) |      run length (13)      |
 *  status vector:  |T=1|S|        symbol list (14)         |
 *                  S=0: 14 one-bit symbols, S=1: 7 two-bit symbols
 * ```
 * Symbols: 00 not received, 01 received with a small delta (1 byte,
 * unsigned), 10 received with a large or negative delta (2 bytes, signed),
 * 11 reserved. Deltas are in 250 µs ticks; the reference time is a 24-bit
 * signed count of 64 ms.
 */
import { u32, w16, w32, RtcpPacketType, TwccStatus, type RtcpBodyCodec, type TransportWideFeedback } from './rtcp-types.js';

/** Decodes a transport-wide feedback body; undefined when malformed. */
export function decodeTwcc(body: Uint8Array): TransportWideFeedback | undefined {
  const n = body.length;
  if (n < 16) return undefined;
  const count = (body[10]! << 8) | body[11]!;
  const ref24 = (body[12]! << 16) | (body[13]! << 8) | body[14]!;
  const statuses: number[] = [];
  let o = 16;
  while (statuses.length < count) {
    if (o + 2 > n) return undefined;
    const chunk = (body[o]! << 8) | body[o + 1]!;
    o += 2;
    const left = count - statuses.length;
    if ((chunk & 0x8000) === 0) {
      // §3.1.3 run length chunk
      const s = (chunk >> 13) & 3;
      if (s === 3) return undefined;
      const run = chunk & 0x1fff;
      if (run === 0) return undefined;
      const take = run < left ? run : left;
      for (let i = 0; i < take; i++) statuses.push(s);
    } else if ((chunk & 0x4000) === 0) {
      // §3.1.4 status vector, 14 one-bit symbols (MSB first)
      const take = left < 14 ? left : 14;
      for (let i = 0; i < take; i++) statuses.push((chunk >> (13 - i)) & 1);
    } else {
      // §3.1.4 status vector, 7 two-bit symbols
      const take = left < 7 ? left : 7;
      for (let i = 0; i < take; i++) {
        const s = (chunk >> (12 - 2 * i)) & 3;
        if (s === 3) return undefined;
        statuses.push(s);
      }
    }
  }
  const deltas: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = statuses[i]!;
    if (s === TwccStatus.SmallDelta) {
      if (o + 1 > n) return undefined;
      deltas.push(body[o]!);
      o += 1;
    } else if (s === TwccStatus.LargeDelta) {
      if (o + 2 > n) return undefined;
      const v = (body[o]! << 8) | body[o + 1]!;
      deltas.push(v & 0x8000 ? v - 0x10000 : v);
      o += 2;
    }
  }
  return {
    type: 'twcc',
    senderSsrc: u32(body, 0),
    mediaSsrc: u32(body, 4),
    baseSequenceNumber: (body[8]! << 8) | body[9]!,
    referenceTime: ref24 & 0x800000 ? ref24 - 0x1000000 : ref24,
    feedbackPacketCount: body[15]!,
    statuses,
    deltas,
  };
}

/**
 * Chooses the packet chunks for `statuses` greedily: a run-length chunk for
 * runs of 14 or more (7 or more large deltas), else a one-bit vector when the
 * next 14 symbols need no two-bit one, else a two-bit vector of 7.
 * Calls `emit(chunk)` for each 16-bit chunk and returns how many there are.
 */
function chunkStatuses(statuses: readonly number[], emit?: (chunk: number, index: number) => void): number {
  const n = statuses.length;
  let i = 0;
  let chunks = 0;
  while (i < n) {
    const s = statuses[i]!;
    let run = 1;
    while (i + run < n && run < 0x1fff && statuses[i + run] === s) run++;
    let chunk: number;
    if (run >= 14 || (s === TwccStatus.LargeDelta && run >= 7) || i + run === n) {
      chunk = (s << 13) | run;
      i += run;
    } else {
      let twoBit = false;
      const lim = Math.min(n, i + 14);
      for (let j = i; j < lim; j++) if (statuses[j] === TwccStatus.LargeDelta) twoBit = true;
      if (!twoBit) {
        chunk = 0x8000;
        for (let j = 0; j < 14 && i + j < n; j++) chunk |= statuses[i + j]! << (13 - j);
        i = lim;
      } else {
        chunk = 0xc000;
        for (let j = 0; j < 7 && i + j < n; j++) chunk |= statuses[i + j]! << (12 - 2 * j);
        i = Math.min(n, i + 7);
      }
    }
    if (emit) emit(chunk, chunks);
    chunks++;
  }
  return chunks;
}

function deltaBytes(p: TransportWideFeedback): number {
  let n = 0;
  for (const s of p.statuses) n += s === TwccStatus.SmallDelta ? 1 : s === TwccStatus.LargeDelta ? 2 : 0;
  return n;
}

/** Transport-wide feedback codec (zero padding to 32 bits, as in the draft's figure). */
export const twccCodec: RtcpBodyCodec<TransportWideFeedback> = {
  packetType: () => RtcpPacketType.RTPFB,
  count: () => 15,
  bodyLength: (p) => (16 + 2 * chunkStatuses(p.statuses) + deltaBytes(p) + 3) & ~3,
  encodeBody(p, dst, o) {
    const count = p.statuses.length;
    if (count > 0xffff) throw new RangeError('TWCC: at most 65535 statuses');
    w32(dst, o, p.senderSsrc);
    w32(dst, o + 4, p.mediaSsrc);
    w16(dst, o + 8, p.baseSequenceNumber);
    w16(dst, o + 10, count);
    const ref = p.referenceTime & 0xffffff;
    dst[o + 12] = ref >> 16;
    dst[o + 13] = (ref >> 8) & 0xff;
    dst[o + 14] = ref & 0xff;
    dst[o + 15] = p.feedbackPacketCount & 0xff;
    const start = o;
    o += 16;
    const at = o;
    o += 2 * chunkStatuses(p.statuses, (c, k) => w16(dst, at + 2 * k, c));
    let d = 0;
    for (let i = 0; i < count; i++) {
      const s = p.statuses[i]!;
      if (s === TwccStatus.NotReceived) continue;
      const v = p.deltas[d++];
      if (v === undefined) throw new RangeError('TWCC: one delta per received packet');
      if (s === TwccStatus.SmallDelta) {
        if (v < 0 || v > 255) throw new RangeError('TWCC: small delta must be 0-255 ticks');
        dst[o++] = v;
      } else if (s === TwccStatus.LargeDelta) {
        if (v < -32768 || v > 32767) throw new RangeError('TWCC: large delta must fit 16 bits signed');
        w16(dst, o, v & 0xffff);
        o += 2;
      } else {
        throw new RangeError(`TWCC: invalid status ${s}`);
      }
    }
    const end = start + ((o - start + 3) & ~3);
    dst.fill(0, o, end);
    return end;
  },
};

/**
 * Arrival times in microseconds (in the feedback sender's time base) of each
 * packet in `fb`, undefined for packets not received (§3.1.5: each delta is
 * relative to the previous received packet, the first to the reference time).
 */
export function twccArrivalTimesUs(fb: TransportWideFeedback): (number | undefined)[] {
  let t = fb.referenceTime * 64000;
  let d = 0;
  return fb.statuses.map((s) => {
    if (s === TwccStatus.NotReceived) return undefined;
    t += fb.deltas[d++]! * 250;
    return t;
  });
}
