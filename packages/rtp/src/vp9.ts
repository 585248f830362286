/**
 * VP9 RTP payload format (RFC 9628), flexible and non-flexible modes.
 *
 * Payload descriptor (§4.2); flexible mode (F=1) carries P_DIFFs, non-flexible
 * mode (F=0) carries TL0PICIDX after the layer indices:
 * ```
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |I|P|L|F|B|E|V|Z| (REQUIRED)
 *  I:   |M| PICTURE ID  |
 *  M:   | EXTENDED PID  |
 *  L:   | TID |U| SID |D|
 *       |   TL0PICIDX   | (F=0 only)
 *  P,F: | P_DIFF      |N| (F=1 and P=1, up to 3 times while N=1)
 *  V:   | SS            |
 * ```
 * Scalability structure (§4.2.1):
 * ```
 *  V:   | N_S |Y|G|-|-|-|
 *  Y:   |     WIDTH (16) |  HEIGHT (16) |   N_S + 1 times
 *  G:   |      N_G      |
 *  N_G: | TID |U| R |-|-|  then R × P_DIFF (8)
 * ```
 */
import { checkMaxPayloadSize, DEFAULT_MAX_PAYLOAD_SIZE, type Depacketizer, type Packetizer } from './payload-format.js';

/** The fields of a VP9 payload descriptor. */
export interface Vp9Descriptor {
  /** Descriptor length in bytes. */
  length: number;
  interPicturePredicted: boolean;
  flexible: boolean;
  beginningOfFrame: boolean;
  endOfFrame: boolean;
  notReferenceForUpperSpatialLayer: boolean;
  /** 7- or 15-bit picture ID, when present. */
  pictureId?: number;
  temporalId?: number;
  switchingUpPoint?: boolean;
  spatialId?: number;
  interLayerDependency?: boolean;
  tl0PicIdx?: number;
  pDiffs: number[];
  /** Scalability structure, when V=1. */
  ss?: { spatialLayers: number; resolutions: { width: number; height: number }[]; pictureGroup: { temporalId: number; switchingUpPoint: boolean; pDiffs: number[] }[] };
}

/**
 * Length of the descriptor at the start of `p`, or -1 when truncated or
 * inconsistent. Allocates nothing (the depacketizer hot path).
 */
export function vp9DescriptorLength(p: Uint8Array): number {
  const n = p.length;
  if (n < 1) return -1;
  const b = p[0]!;
  let o = 1;
  if (b & 0x80) {
    if (o >= n) return -1;
    o += p[o]! & 0x80 ? 2 : 1;
  }
  const flexible = (b & 0x10) !== 0;
  if (b & 0x20) o += flexible ? 1 : 2;
  if (flexible && b & 0x40) {
    // up to 3 P_DIFFs, chained by N
    for (let k = 0; ; k++) {
      if (o >= n || k === 3) return -1;
      const more = p[o]! & 1;
      o++;
      if (!more) break;
    }
  }
  if (b & 0x02) {
    if (o >= n) return -1;
    const v = p[o]!;
    o++;
    const ns = (v >> 5) + 1;
    if (v & 0x10) o += 4 * ns;
    if (v & 0x08) {
      if (o >= n) return -1;
      const ng = p[o]!;
      o++;
      for (let g = 0; g < ng; g++) {
        if (o >= n) return -1;
        const r = (p[o]! >> 2) & 3;
        o += 1 + r;
      }
    }
  }
  return o <= n ? o : -1;
}

/** Decodes every field of a descriptor (allocates; for inspection and tests). */
export function parseVp9Descriptor(p: Uint8Array): Vp9Descriptor | undefined {
  const len = vp9DescriptorLength(p);
  if (len < 0) return undefined;
  const b = p[0]!;
  const d: Vp9Descriptor = {
    length: len,
    interPicturePredicted: (b & 0x40) !== 0,
    flexible: (b & 0x10) !== 0,
    beginningOfFrame: (b & 0x08) !== 0,
    endOfFrame: (b & 0x04) !== 0,
    notReferenceForUpperSpatialLayer: (b & 0x01) !== 0,
    pDiffs: [],
  };
  let o = 1;
  if (b & 0x80) {
    if (p[o]! & 0x80) {
      d.pictureId = ((p[o]! & 0x7f) << 8) | p[o + 1]!;
      o += 2;
    } else {
      d.pictureId = p[o]!;
      o++;
    }
  }
  if (b & 0x20) {
    const l = p[o++]!;
    d.temporalId = l >> 5;
    d.switchingUpPoint = (l & 0x10) !== 0;
    d.spatialId = (l >> 1) & 7;
    d.interLayerDependency = (l & 1) !== 0;
    if (!d.flexible) d.tl0PicIdx = p[o++]!;
  }
  if (d.flexible && d.interPicturePredicted) {
    for (;;) {
      const x = p[o++]!;
      d.pDiffs.push(x >> 1);
      if (!(x & 1)) break;
    }
  }
  if (b & 0x02) {
    const v = p[o++]!;
    const ss: NonNullable<Vp9Descriptor['ss']> = { spatialLayers: (v >> 5) + 1, resolutions: [], pictureGroup: [] };
    if (v & 0x10) {
      for (let s = 0; s < ss.spatialLayers; s++, o += 4) ss.resolutions.push({ width: (p[o]! << 8) | p[o + 1]!, height: (p[o + 2]! << 8) | p[o + 3]! });
    }
    if (v & 0x08) {
      const ng = p[o++]!;
      for (let g = 0; g < ng; g++) {
        const x = p[o++]!;
        const pDiffs: number[] = [];
        for (let r = 0; r < ((x >> 2) & 3); r++) pDiffs.push(p[o++]!);
        ss.pictureGroup.push({ temporalId: x >> 5, switchingUpPoint: (x & 0x10) !== 0, pDiffs });
      }
    }
    d.ss = ss;
  }
  return d;
}

/**
 * Key frame test on a VP9 frame's uncompressed header (VP9 bitstream spec
 * §6.2): frame_marker (2) = 2, profile bits, [reserved_zero when profile 3],
 * show_existing_frame, frame_type (0 = KEY_FRAME).
 */
export function isVp9KeyframeBitstream(frame: Uint8Array): boolean {
  if (frame.length < 1) return false;
  const b = frame[0]!;
  if (b >> 6 !== 2) return false;
  const profile = ((b >> 5) & 1) | (((b >> 4) & 1) << 1);
  let bit = 4; // bits consumed from the MSB
  if (profile === 3) bit++;
  const bitAt = (k: number) => (k < 8 ? (b >> (7 - k)) & 1 : frame.length > 1 ? (frame[1]! >> (15 - k)) & 1 : 1);
  if (bitAt(bit) === 1) return false; // show_existing_frame
  return bitAt(bit + 1) === 0;
}

/** Options of {@link Vp9Packetizer}. */
export interface Vp9PacketizerOptions {
  /** Default 1200. */
  maxPayloadSize?: number;
  /** 'non-flexible' (default, TL0PICIDX and a picture group in SS) or 'flexible' (P_DIFFs). */
  mode?: 'flexible' | 'non-flexible';
  /** First 15-bit picture ID; incremented per frame. Default 0. */
  pictureId?: number;
  /** Resolution sent in the scalability structure on key frames (Y bit), when known. */
  width?: number;
  height?: number;
}

/** VP9 packetizer for one spatial and one temporal layer. */
export class Vp9Packetizer implements Packetizer {
  private readonly max: number;
  private readonly flexible: boolean;
  private pictureId: number;
  private tl0PicIdx = 0;
  private readonly width: number | undefined;
  private readonly height: number | undefined;

  constructor(options: Vp9PacketizerOptions = {}) {
    this.max = checkMaxPayloadSize(options.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE, 20);
    this.flexible = options.mode === 'flexible';
    this.pictureId = (options.pictureId ?? 0) & 0x7fff;
    this.width = options.width;
    this.height = options.height;
  }

  /** Packetizes one frame; key frames (from the bitstream header) get P=0 and the scalability structure. */
  packetize(frame: Uint8Array): Uint8Array[] {
    const key = isVp9KeyframeBitstream(frame);
    // The descriptor written on every packet, and the SS on the first packet of a key frame.
    const ss: number[] = [];
    if (key) {
      const hasRes = this.width !== undefined && this.height !== undefined;
      ss.push((0 << 5) | (hasRes ? 0x10 : 0) | (this.flexible ? 0 : 0x08));
      if (hasRes) ss.push(this.width! >> 8, this.width! & 0xff, this.height! >> 8, this.height! & 0xff);
      // Non-flexible mode: a group of one picture, TID 0, referencing the previous picture.
      if (!this.flexible) ss.push(1, (0 << 5) | (1 << 2), 1);
    }
    const base = 1 + 2 + 1 + (this.flexible ? (key ? 0 : 1) : 1);
    const firstLen = base + ss.length;
    const total = frame.length;
    const capFirst = this.max - firstLen;
    const cap = this.max - base;
    const count = total <= capFirst ? 1 : 1 + Math.ceil((total - capFirst) / cap);
    // Balanced sizes: the first packet also carries the SS, so it may take less.
    const firstTake = count === 1 ? total : Math.min(Math.ceil(total / count), capFirst);
    const even = count === 1 ? 0 : Math.ceil((total - firstTake) / (count - 1));
    const out: Uint8Array[] = [];
    let o = 0;
    for (let k = 0; k < count; k++) {
      const first = k === 0;
      const last = k === count - 1;
      const dlen = first ? firstLen : base;
      const len = first ? firstTake : last ? total - o : even;
      const p = new Uint8Array(dlen + len);
      p[0] = 0x80 | (key ? 0 : 0x40) | 0x20 | (this.flexible ? 0x10 : 0) | (first ? 0x08 : 0) | (last ? 0x04 : 0) | (first && key ? 0x02 : 0);
      p[1] = 0x80 | (this.pictureId >> 8);
      p[2] = this.pictureId & 0xff;
      p[3] = 0x00; // TID 0, U 0, SID 0, D 0
      let d = 4;
      if (!this.flexible) p[d++] = this.tl0PicIdx;
      else if (!key) p[d++] = 1 << 1; // P_DIFF 1: the previous picture, N = 0
      if (first) for (const x of ss) p[d++] = x;
      p.set(frame.subarray(o, o + len), d);
      out.push(p);
      o += len;
    }
    if (o !== frame.length) throw new Error('VP9 packetizer: internal sizing error'); // cannot happen: the last packet takes the rest
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    this.tl0PicIdx = (this.tl0PicIdx + 1) & 0xff;
    return out;
  }
}

/** True when the payload starts a key picture: B=1, P=0 and spatial layer 0 (or no layer indices). */
export function isVp9Keyframe(payload: Uint8Array): boolean {
  if (payload.length < 1) return false;
  const b = payload[0]!;
  if ((b & 0x48) !== 0x08) return false;
  return (b & 0x20) === 0 || vp9SpatialId(payload) === 0;
}

function vp9SpatialId(p: Uint8Array): number {
  let o = 1;
  if (p[0]! & 0x80) o += p.length > 1 && p[1]! & 0x80 ? 2 : 1;
  return o < p.length ? (p[o]! >> 1) & 7 : -1;
}

/** VP9 depacketizer: strips descriptors, joins once. */
export class Vp9Depacketizer implements Depacketizer {
  /** B=1 in spatial layer 0 begins a picture (§4.2). */
  isFrameStart(payload: Uint8Array): boolean | undefined {
    if (payload.length < 1) return undefined;
    const b = payload[0]!;
    if (!(b & 0x08)) return false;
    return (b & 0x20) === 0 || vp9SpatialId(payload) === 0;
  }
  isFrameEnd(): boolean {
    return false;
  }
  isKeyframe(payload: Uint8Array): boolean {
    return isVp9Keyframe(payload);
  }
  depacketize(payloads: readonly Uint8Array[]): Uint8Array | undefined {
    if (payloads.length === 0 || !(payloads[0]![0]! & 0x08)) return undefined;
    let total = 0;
    for (let k = 0; k < payloads.length; k++) {
      const d = vp9DescriptorLength(payloads[k]!);
      if (d < 0) return undefined;
      total += payloads[k]!.length - d;
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (let k = 0; k < payloads.length; k++) {
      const p = payloads[k]!;
      const d = vp9DescriptorLength(p);
      out.set(p.subarray(d), o);
      o += p.length - d;
    }
    return out;
  }
}
