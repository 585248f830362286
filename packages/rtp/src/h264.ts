/**
 * H.264 RTP payload format (RFC 6184): single NAL unit packets, STAP-A
 * aggregation and FU-A fragmentation; packetization-mode 0 (single NAL unit
 * only) and 1 (non-interleaved). Frames are Annex B byte streams
 * (ITU-T H.264 Annex B: NAL units behind 00 00 01 / 00 00 00 01 start codes).
 *
 * NAL unit header (RFC 6184 §1.3):
 * ```
 * +---------------+
 * |0|1|2|3|4|5|6|7|
 * |F|NRI|  Type   |
 * +---------------+
 * ```
 * STAP-A (§5.7.1): `[STAP-A NAL HDR] ([NALU size (16)] [NALU])+`
 * FU-A (§5.8): `[FU indicator: F|NRI|28] [FU header: S|E|R|Type] [fragment]`
 */
import { checkMaxPayloadSize, DEFAULT_MAX_PAYLOAD_SIZE, type Depacketizer, type Packetizer } from './payload-format.js';

/** NAL unit types used here (H.264 Table 7-1, RFC 6184 Table 3). */
export const H264NalType = { NonIdr: 1, Idr: 5, Sei: 6, Sps: 7, Pps: 8, Aud: 9, StapA: 24, StapB: 25, Mtap16: 26, Mtap24: 27, FuA: 28, FuB: 29 } as const;

/**
 * Splits an Annex B byte stream into NAL unit views (start codes and the
 * trailing zero bytes before a 4-byte start code removed). Linear: the scan
 * uses the native `indexOf` to find each 0x01 byte.
 */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const n = stream.length;
  let nalStart = -1;
  let i = 0;
  for (;;) {
    const one = stream.indexOf(1, i + 2);
    if (one < 0) break;
    if (stream[one - 1] === 0 && stream[one - 2] === 0) {
      // start code 00 00 01 ends at `one`
      if (nalStart >= 0) {
        let end = one - 2;
        while (end > nalStart && stream[end - 1] === 0) end--;
        if (end > nalStart) out.push(stream.subarray(nalStart, end));
      }
      nalStart = one + 1;
      i = one + 1;
    } else {
      i = one - 1;
    }
  }
  if (nalStart < 0) {
    // No start code at all: treat the input as one NAL unit.
    if (n > 0) out.push(stream);
  } else if (nalStart < n) {
    out.push(stream.subarray(nalStart));
  }
  return out;
}

/** Options of {@link H264Packetizer}. */
export interface H264PacketizerOptions {
  /** Default 1200. */
  maxPayloadSize?: number;
  /** RFC 6184 §6.2 / §6.3: 0 = single NAL unit mode, 1 = non-interleaved (STAP-A, FU-A). Default 1. */
  packetizationMode?: 0 | 1;
  /** Send the last SPS and PPS before an IDR picture that lacks them. Default true. */
  injectParameterSets?: boolean;
}

/** H.264 packetizer (RFC 6184 modes 0 and 1). Keeps the last SPS/PPS seen for injection. */
export class H264Packetizer implements Packetizer {
  private readonly max: number;
  private readonly mode: 0 | 1;
  private readonly inject: boolean;
  private sps: Uint8Array | undefined;
  private pps: Uint8Array | undefined;

  constructor(options: H264PacketizerOptions = {}) {
    this.max = checkMaxPayloadSize(options.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE, 3);
    this.mode = options.packetizationMode ?? 1;
    this.inject = options.injectParameterSets ?? true;
  }

  /** Packetizes one Annex B access unit. */
  packetize(frame: Uint8Array): Uint8Array[] {
    return this.packetizeNalUnits(splitAnnexB(frame));
  }

  /** Packetizes one access unit given as NAL units (without start codes). */
  packetizeNalUnits(nalsIn: readonly Uint8Array[]): Uint8Array[] {
    let nals = nalsIn;
    let sawSps = false;
    let sawPps = false;
    for (let k = 0; k < nalsIn.length; k++) {
      const nal = nalsIn[k]!;
      if (nal.length === 0) continue;
      const t = nal[0]! & 0x1f;
      if (t === H264NalType.Sps) {
        sawSps = true;
        this.sps = nal.slice();
      } else if (t === H264NalType.Pps) {
        sawPps = true;
        this.pps = nal.slice();
      } else if (t === H264NalType.Idr && this.inject && (!sawSps || !sawPps) && this.sps && this.pps) {
        // An IDR picture the decoder cannot start from without parameter sets: send ours first.
        const extra: Uint8Array[] = [];
        if (!sawSps) extra.push(this.sps);
        if (!sawPps) extra.push(this.pps);
        nals = [...nalsIn.slice(0, k), ...extra, ...nalsIn.slice(k)];
        break;
      }
    }
    const out: Uint8Array[] = [];
    const max = this.max;
    let i = 0;
    while (i < nals.length) {
      const nal = nals[i]!;
      if (nal.length === 0) {
        i++;
        continue;
      }
      if (this.mode === 1) {
        // STAP-A (§5.7.1): aggregate as many following small NAL units as fit.
        let size = 1 + 2 + nal.length;
        let j = i + 1;
        while (j < nals.length && size + 2 + nals[j]!.length <= max) {
          size += 2 + nals[j]!.length;
          j++;
        }
        if (j - i >= 2) {
          const p = new Uint8Array(size);
          let nri = 0;
          let f = 0;
          let o = 1;
          for (let k = i; k < j; k++) {
            const u = nals[k]!;
            // §5.7.1: F is the OR of the aggregated F bits, NRI their maximum.
            f |= u[0]! & 0x80;
            if ((u[0]! & 0x60) > nri) nri = u[0]! & 0x60;
            p[o] = u.length >> 8;
            p[o + 1] = u.length & 0xff;
            p.set(u, o + 2);
            o += 2 + u.length;
          }
          p[0] = f | nri | H264NalType.StapA;
          out.push(p);
          i = j;
          continue;
        }
      }
      if (nal.length <= max) {
        out.push(nal.slice());
      } else if (this.mode === 0) {
        throw new RangeError(`H.264 packetization-mode 0 cannot carry a ${nal.length}-byte NAL unit in ${max} bytes`);
      } else {
        // FU-A (§5.8): the NAL header is not sent; its F/NRI go in the indicator, its type in the FU header.
        const indicator = (nal[0]! & 0xe0) | H264NalType.FuA;
        const type = nal[0]! & 0x1f;
        const body = nal.length - 1;
        const per = max - 2;
        const count = Math.ceil(body / per);
        // Even fragment sizes: no tiny last packet.
        const even = Math.ceil(body / count);
        let o = 1;
        for (let k = 0; k < count; k++) {
          const len = Math.min(even, nal.length - o);
          const p = new Uint8Array(2 + len);
          p[0] = indicator;
          p[1] = (k === 0 ? 0x80 : 0) | (k === count - 1 ? 0x40 : 0) | type;
          p.set(nal.subarray(o, o + len), 2);
          out.push(p);
          o += len;
        }
      }
      i++;
    }
    return out;
  }
}

/**
 * True when the payload carries (the start of) an IDR slice or an SPS: the
 * picture is a random access point (RFC 6184 payload types 1-23, 24, 28).
 */
export function isH264Keyframe(payload: Uint8Array): boolean {
  if (payload.length === 0) return false;
  const t = payload[0]! & 0x1f;
  if (t === H264NalType.Idr || t === H264NalType.Sps) return true;
  if (t === H264NalType.StapA) {
    let o = 1;
    while (o + 2 < payload.length) {
      const size = (payload[o]! << 8) | payload[o + 1]!;
      const nt = payload[o + 2]! & 0x1f;
      if (nt === H264NalType.Idr || nt === H264NalType.Sps) return true;
      o += 2 + size;
    }
    return false;
  }
  if (t === H264NalType.FuA) {
    return payload.length > 1 && (payload[1]! & 0x80) !== 0 && (payload[1]! & 0x1f) === H264NalType.Idr;
  }
  return false;
}

/** H.264 depacketizer: RTP payloads → Annex B access unit with 4-byte start codes. */
export class H264Depacketizer implements Depacketizer {
  /** An FU-A continuation cannot start a frame; anything else might (the format does not say). */
  isFrameStart(payload: Uint8Array): boolean | undefined {
    if (payload.length < 2) return undefined;
    const t = payload[0]! & 0x1f;
    if (t === H264NalType.FuA && (payload[1]! & 0x80) === 0) return false;
    const nt = t === H264NalType.FuA ? payload[1]! & 0x1f : t === H264NalType.StapA && payload.length > 3 ? payload[3]! & 0x1f : t;
    // An access unit delimiter or SPS opens an access unit (H.264 §7.4.1.2.3).
    if (nt === H264NalType.Aud || nt === H264NalType.Sps) return true;
    return undefined;
  }
  isFrameEnd(): boolean {
    return false;
  }
  isKeyframe(payload: Uint8Array): boolean {
    return isH264Keyframe(payload);
  }

  /** Joins payloads into an Annex B access unit: one pass to size and validate, one to copy. */
  depacketize(payloads: readonly Uint8Array[]): Uint8Array | undefined {
    const total = this.walk(payloads, undefined);
    if (total < 0) return undefined;
    const out = new Uint8Array(total);
    this.walk(payloads, out);
    return out;
  }

  /** Validates and sizes (dst undefined) or writes (dst given); returns the byte count or -1. */
  private walk(payloads: readonly Uint8Array[], dst: Uint8Array | undefined): number {
    let o = 0;
    let inFu = false;
    for (let k = 0; k < payloads.length; k++) {
      const p = payloads[k]!;
      if (p.length === 0) return -1;
      const t = p[0]! & 0x1f;
      if (inFu && t !== H264NalType.FuA) return -1;
      if (t >= 1 && t <= 23) {
        if (dst) {
          dst[o] = dst[o + 1] = dst[o + 2] = 0;
          dst[o + 3] = 1;
          dst.set(p, o + 4);
        }
        o += 4 + p.length;
      } else if (t === H264NalType.StapA) {
        let i = 1;
        if (p.length < 3) return -1;
        while (i < p.length) {
          if (i + 2 > p.length) return -1;
          const size = (p[i]! << 8) | p[i + 1]!;
          if (size === 0 || i + 2 + size > p.length) return -1;
          if (dst) {
            dst[o] = dst[o + 1] = dst[o + 2] = 0;
            dst[o + 3] = 1;
            dst.set(p.subarray(i + 2, i + 2 + size), o + 4);
          }
          o += 4 + size;
          i += 2 + size;
        }
      } else if (t === H264NalType.FuA) {
        if (p.length < 3) return -1;
        const h = p[1]!;
        const s = (h & 0x80) !== 0;
        const e = (h & 0x40) !== 0;
        // §5.8: S and E both set is invalid; a fragment without a start is a gap.
        if (s && e) return -1;
        if (s === inFu) return -1;
        if (s) {
          if (dst) {
            dst[o] = dst[o + 1] = dst[o + 2] = 0;
            dst[o + 3] = 1;
            dst[o + 4] = (p[0]! & 0xe0) | (h & 0x1f);
          }
          o += 5;
          inFu = true;
        }
        if (dst) dst.set(p.subarray(2), o);
        o += p.length - 2;
        if (e) inFu = false;
      } else {
        // STAP-B, MTAP, FU-B belong to the interleaved mode (2), not negotiated here; 0, 30, 31 are undefined.
        return -1;
      }
    }
    return inFu ? -1 : o;
  }
}
