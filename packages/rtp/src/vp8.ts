/**
 * VP8 RTP payload format (RFC 7741).
 *
 * Payload descriptor (§4.2):
 * ```
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (OPTIONAL, M=1: 15-bit PictureID over two octets)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * ```
 * The VP8 payload header (§4.3) starts the first partition: bit 0 of its
 * first octet is the inverse key frame flag P (0 = key frame).
 */
import { checkMaxPayloadSize, DEFAULT_MAX_PAYLOAD_SIZE, type Depacketizer, type Packetizer } from './payload-format.js';

/** Options of {@link Vp8Packetizer}. */
export interface Vp8PacketizerOptions {
  /** Default 1200. */
  maxPayloadSize?: number;
  /**
   * First 15-bit PictureID, incremented per frame (§4.2 I bit, M=1 as Chrome
   * sends it). Null to send no PictureID. Default 0.
   */
  pictureId?: number | null;
}

/** Length of the payload descriptor at the start of `p`, or -1 when truncated (§4.2). */
export function vp8DescriptorLength(p: Uint8Array): number {
  if (p.length < 1) return -1;
  let n = 1;
  if (p[0]! & 0x80) {
    if (p.length < 2) return -1;
    const x = p[1]!;
    n = 2;
    if (x & 0x80) {
      if (p.length < n + 1) return -1;
      n += p[n]! & 0x80 ? 2 : 1;
    }
    if (x & 0x40) n += 1;
    if (x & 0x30) n += 1;
  }
  return n <= p.length ? n : -1;
}

/** VP8 packetizer: one partition index (0), S on the first packet, optional 15-bit PictureID. */
export class Vp8Packetizer implements Packetizer {
  private readonly max: number;
  private pictureId: number | null;

  constructor(options: Vp8PacketizerOptions = {}) {
    this.max = checkMaxPayloadSize(options.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE, 5);
    this.pictureId = options.pictureId === undefined ? 0 : options.pictureId === null ? null : options.pictureId & 0x7fff;
  }

  /** The PictureID the next frame will carry (null when disabled). */
  get nextPictureId(): number | null {
    return this.pictureId;
  }

  /**
   * Splits `frame` into payloads of near-equal size (§4.1: the first carries
   * S=1). The payloads are views of one new buffer, laid out back to back.
   */
  packetize(frame: Uint8Array): Uint8Array[] {
    const pid = this.pictureId;
    const dlen = pid === null ? 1 : 4;
    const per = this.max - dlen;
    const count = Math.max(1, Math.ceil(frame.length / per));
    const even = Math.ceil(frame.length / count);
    const out: Uint8Array[] = new Array(count);
    // One backing store for the whole frame, each payload a view of it: creating an ArrayBuffer
    // per packet is most of the cost of a slice loop in V8 (benchmarks/RESULTS.md, rtp-packetize).
    // The payloads of a frame are sent (and retained, for retransmission) together.
    const store = new Uint8Array(count * dlen + frame.length);
    let at = 0;
    let o = 0;
    for (let k = 0; k < count; k++) {
      const len = Math.min(even, frame.length - o);
      const p = store.subarray(at, at + dlen + len);
      at += dlen + len;
      if (pid === null) {
        p[0] = k === 0 ? 0x10 : 0x00;
      } else {
        p[0] = k === 0 ? 0x90 : 0x80; // X, S on the first packet, PID 0
        p[1] = 0x80; // I
        p[2] = 0x80 | (pid >> 8); // M=1: 15-bit PictureID
        p[3] = pid & 0xff;
      }
      p.set(frame.subarray(o, o + len), dlen);
      out[k] = p;
      o += len;
    }
    if (pid !== null) this.pictureId = (pid + 1) & 0x7fff;
    return out;
  }
}

/** True when the payload starts a key frame: S=1, PID=0 and the P bit of the VP8 payload header is 0 (§4.3). */
export function isVp8Keyframe(payload: Uint8Array): boolean {
  if (payload.length < 1 || (payload[0]! & 0x17) !== 0x10) return false;
  const d = vp8DescriptorLength(payload);
  return d >= 0 && d < payload.length && (payload[d]! & 0x01) === 0;
}

/** VP8 depacketizer: strips descriptors and joins the frame once. */
export class Vp8Depacketizer implements Depacketizer {
  /** §4.2: S=1 with partition index 0 starts a frame. */
  isFrameStart(payload: Uint8Array): boolean | undefined {
    if (payload.length < 1) return undefined;
    return (payload[0]! & 0x17) === 0x10;
  }
  isFrameEnd(): boolean {
    return false;
  }
  isKeyframe(payload: Uint8Array): boolean {
    return isVp8Keyframe(payload);
  }
  depacketize(payloads: readonly Uint8Array[]): Uint8Array | undefined {
    let total = 0;
    for (let k = 0; k < payloads.length; k++) {
      const d = vp8DescriptorLength(payloads[k]!);
      if (d < 0) return undefined;
      total += payloads[k]!.length - d;
    }
    if (payloads.length === 0 || (payloads[0]![0]! & 0x17) !== 0x10) return undefined;
    const out = new Uint8Array(total);
    let o = 0;
    for (let k = 0; k < payloads.length; k++) {
      const p = payloads[k]!;
      const d = vp8DescriptorLength(p);
      out.set(d === 0 ? p : p.subarray(d), o);
      o += p.length - d;
    }
    return out;
  }
}
