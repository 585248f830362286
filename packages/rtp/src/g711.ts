/**
 * G.711 PCMU / PCMA RTP payload (RFC 3551 §4.5.14): one 8-bit sample per
 * octet at 8000 Hz, no payload header. A block of samples is split into
 * packets of `samplesPerPacket` (20 ms = 160 by default); each RTP packet is
 * a frame, and its timestamp advances by its sample count.
 *
 * Also the ITU-T G.711 companding laws, for callers that hold linear PCM.
 */
import { checkMaxPayloadSize, type Packetizer, WholeFrameDepacketizer } from './payload-format.js';

/** Static payload types (RFC 3551 Table 4). */
export const G711PayloadType = { PCMU: 0, PCMA: 8 } as const;

/** Options of {@link G711Packetizer}. */
export interface G711PacketizerOptions {
  /** Samples (= bytes) per packet. Default 160 (20 ms). */
  samplesPerPacket?: number;
}

/** G.711 packetizer. */
export class G711Packetizer implements Packetizer {
  readonly samplesPerPacket: number;
  constructor(options: G711PacketizerOptions = {}) {
    this.samplesPerPacket = checkMaxPayloadSize(options.samplesPerPacket ?? 160, 1);
  }
  /** Splits samples into packets; packet k's RTP timestamp is the block's plus k × samplesPerPacket. */
  packetize(samples: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let o = 0; o < samples.length; o += this.samplesPerPacket) out.push(samples.slice(o, o + this.samplesPerPacket));
    return out;
  }
}

/** G.711 depacketizer: every packet is a frame of samples. */
export class G711Depacketizer extends WholeFrameDepacketizer {}

/** ITU-T G.711 μ-law encoding of one 16-bit linear sample. */
export function linearToMulaw(sample: number): number {
  const BIAS = 0x84;
  let s = Math.max(-32635, Math.min(32635, sample | 0));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s += BIAS;
  let exp = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exp > 0; mask >>= 1) exp--;
  const mantissa = (s >> (exp + 3)) & 0x0f;
  return ~(sign | (exp << 4) | mantissa) & 0xff;
}

/** ITU-T G.711 μ-law decoding to a 16-bit linear sample. */
export function mulawToLinear(u: number): number {
  const x = ~u & 0xff;
  const exp = (x >> 4) & 7;
  const s = ((((x & 0x0f) << 3) + 0x84) << exp) - 0x84;
  return x & 0x80 ? -s : s;
}

/** ITU-T G.711 A-law encoding of one 16-bit linear sample. */
export function linearToAlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, sample | 0)) >> 3; // 13-bit
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  let out: number;
  if (s < 32) {
    out = s >> 1;
  } else {
    let exp = 1;
    while (s >= 64 << (exp - 1) && exp < 7) exp++;
    out = (exp << 4) | ((s >> exp) & 0x0f);
  }
  return (out | sign) ^ 0x55;
}

/** ITU-T G.711 A-law decoding to a 16-bit linear sample. */
export function alawToLinear(a: number): number {
  const x = (a ^ 0x55) & 0xff;
  const exp = (x >> 4) & 7;
  const m = x & 0x0f;
  const s = exp === 0 ? (m << 4) + 8 : ((m << 4) + 0x108) << (exp - 1);
  return x & 0x80 ? s : -s;
}
