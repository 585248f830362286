/**
 * Sender and receiver reports (RFC 3550 §6.4).
 *
 * ```
 *         0                   1                   2                   3
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *        |                         SSRC of sender                        |
 * sender |              NTP timestamp, most significant word             |
 * info   |             NTP timestamp, least significant word             |
 *        |                         RTP timestamp                         |
 *        |                     sender's packet count                     |
 *        |                      sender's octet count                     |
 * report |                 SSRC_1 (SSRC of first source)                 |
 * block  | fraction lost |       cumulative number of packets lost       |
 *   1    |           extended highest sequence number received           |
 *        |                      interarrival jitter                      |
 *        |                         last SR (LSR)                         |
 *        |                   delay since last SR (DLSR)                  |
 *        |                  profile-specific extensions                  |
 * ```
 * The RR (PT 201) is the same without the sender info.
 */
import { u32, w32, RtcpPacketType, type ReportBlock, type SenderReport, type ReceiverReport, type RtcpBodyCodec } from './rtcp-types.js';

const BLOCK = 24;

function decodeBlocks(b: Uint8Array, o: number, n: number): ReportBlock[] {
  const out: ReportBlock[] = [];
  for (let i = 0; i < n; i++, o += BLOCK) {
    const lost24 = (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!;
    out.push({
      ssrc: u32(b, o),
      fractionLost: b[o + 4]!,
      // 24-bit two's complement (RFC 3550 §6.4.1 "cumulative number of packets lost", signed).
      cumulativeLost: lost24 & 0x800000 ? lost24 - 0x1000000 : lost24,
      extendedHighestSequence: u32(b, o + 8),
      jitter: u32(b, o + 12),
      lastSr: u32(b, o + 16),
      delaySinceLastSr: u32(b, o + 20),
    });
  }
  return out;
}

function encodeBlocks(blocks: ReportBlock[], dst: Uint8Array, o: number): number {
  for (const r of blocks) {
    w32(dst, o, r.ssrc);
    dst[o + 4] = r.fractionLost & 0xff;
    const l = r.cumulativeLost & 0xffffff;
    dst[o + 5] = l >> 16;
    dst[o + 6] = (l >> 8) & 0xff;
    dst[o + 7] = l & 0xff;
    w32(dst, o + 8, r.extendedHighestSequence);
    w32(dst, o + 12, r.jitter);
    w32(dst, o + 16, r.lastSr);
    w32(dst, o + 20, r.delaySinceLastSr);
    o += BLOCK;
  }
  return o;
}

/** Decodes an SR body (after the common header); undefined when too short. */
export function decodeSenderReport(body: Uint8Array, rc: number): SenderReport | undefined {
  if (body.length < 24 + rc * BLOCK) return undefined;
  const hi = u32(body, 4);
  const lo = u32(body, 8);
  return {
    type: 'sr',
    ssrc: u32(body, 0),
    ntpTimestamp: (BigInt(hi) << 32n) | BigInt(lo),
    rtpTimestamp: u32(body, 12),
    packetCount: u32(body, 16),
    octetCount: u32(body, 20),
    reports: decodeBlocks(body, 24, rc),
    extension: body.subarray(24 + rc * BLOCK),
  };
}

/** Decodes an RR body; undefined when too short. */
export function decodeReceiverReport(body: Uint8Array, rc: number): ReceiverReport | undefined {
  if (body.length < 4 + rc * BLOCK) return undefined;
  return { type: 'rr', ssrc: u32(body, 0), reports: decodeBlocks(body, 4, rc), extension: body.subarray(4 + rc * BLOCK) };
}

function checkBlocks(n: number): number {
  if (n > 31) throw new RangeError('RTCP: at most 31 report blocks per SR/RR');
  return n;
}

/** SR codec. */
export const senderReportCodec: RtcpBodyCodec<SenderReport> = {
  packetType: () => RtcpPacketType.SR,
  count: (p) => checkBlocks(p.reports.length),
  bodyLength: (p) => 24 + p.reports.length * BLOCK + ((p.extension.length + 3) & ~3),
  encodeBody(p, dst, o) {
    w32(dst, o, p.ssrc);
    w32(dst, o + 4, Number((p.ntpTimestamp >> 32n) & 0xffffffffn));
    w32(dst, o + 8, Number(p.ntpTimestamp & 0xffffffffn));
    w32(dst, o + 12, p.rtpTimestamp);
    w32(dst, o + 16, p.packetCount);
    w32(dst, o + 20, p.octetCount);
    o = encodeBlocks(p.reports, dst, o + 24);
    dst.set(p.extension, o);
    const end = o + ((p.extension.length + 3) & ~3);
    dst.fill(0, o + p.extension.length, end);
    return end;
  },
};

/** RR codec. */
export const receiverReportCodec: RtcpBodyCodec<ReceiverReport> = {
  packetType: () => RtcpPacketType.RR,
  count: (p) => checkBlocks(p.reports.length),
  bodyLength: (p) => 4 + p.reports.length * BLOCK + ((p.extension.length + 3) & ~3),
  encodeBody(p, dst, o) {
    w32(dst, o, p.ssrc);
    o = encodeBlocks(p.reports, dst, o + 4);
    dst.set(p.extension, o);
    const end = o + ((p.extension.length + 3) & ~3);
    dst.fill(0, o + p.extension.length, end);
    return end;
  },
};
