/** Codec-shaped test frames of a given size, and the codec table the round-trip tests iterate. */
import { concatBytes } from '@purertc/common';
import {
  Av1Depacketizer, Av1Packetizer, H264Depacketizer, H264Packetizer, Vp8Depacketizer, Vp8Packetizer, Vp9Depacketizer, Vp9Packetizer,
  writeLeb128, leb128Length, type Depacketizer, type Packetizer,
} from '@purertc/rtp';
import { randomBytes } from './roundtrip';

/** VP8 frame: bit 0 of the first byte is the inverse key frame flag (RFC 7741 §4.3). */
export function vp8Frame(rand: () => number, size: number, key: boolean): Uint8Array {
  const f = randomBytes(rand, Math.max(1, size));
  f[0] = (f[0]! & 0xfe) | (key ? 0 : 1);
  return f;
}

/** VP9 frame whose uncompressed header says profile 0, frame_type key (0) or inter (1). */
export function vp9Frame(rand: () => number, size: number, key: boolean): Uint8Array {
  const f = randomBytes(rand, Math.max(1, size));
  f[0] = 0x80 | (key ? 0 : 0x04) | (f[0]! & 0x03);
  return f;
}

function obu(type: number, payload: Uint8Array, ext?: number): Uint8Array {
  const hl = ext === undefined ? 1 : 2;
  const out = new Uint8Array(hl + leb128Length(payload.length) + payload.length);
  out[0] = (type << 3) | (ext === undefined ? 0 : 0x04) | 0x02;
  if (ext !== undefined) out[1] = ext;
  const o = writeLeb128(out, hl, payload.length);
  out.set(payload, o);
  return out;
}

/** AV1 temporal unit: TD, [sequence header], metadata, then frame OBUs (one with an extension header) of about `size` bytes. */
export function av1TemporalUnit(rand: () => number, size: number, key: boolean): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x12, 0x00)];
  if (key) parts.push(obu(1, randomBytes(rand, 11)));
  parts.push(obu(5, randomBytes(rand, 3)));
  const s = Math.max(1, size);
  if (s > 2000) {
    parts.push(obu(6, randomBytes(rand, Math.floor(s / 3)), 0x28));
    parts.push(obu(4, randomBytes(rand, s - Math.floor(s / 3))));
  } else {
    parts.push(obu(6, randomBytes(rand, s), 0x28));
  }
  return concatBytes(parts);
}

const SC = Uint8Array.of(0, 0, 0, 1);
/** H.264 access unit in Annex B: [SPS, PPS], slices with no zero bytes (no start-code emulation). */
export function h264AccessUnit(rand: () => number, size: number, key: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  if (key) parts.push(SC, Uint8Array.of(0x67, 0x42, 0xc0, 0x1f), SC, Uint8Array.of(0x68, 0xce, 0x3c, 0x80));
  const s = Math.max(1, size);
  const a = randomBytes(rand, s, 1);
  a[0] = key ? 0x65 : 0x41;
  parts.push(SC, a);
  return concatBytes(parts);
}

export interface VideoCodec {
  name: string;
  frame: (rand: () => number, size: number, key: boolean) => Uint8Array;
  packetizer: (maxPayloadSize?: number) => Packetizer;
  depacketizer: () => Depacketizer;
}

export const VIDEO_CODECS: VideoCodec[] = [
  { name: 'H.264', frame: h264AccessUnit, packetizer: (m) => new H264Packetizer({ maxPayloadSize: m }), depacketizer: () => new H264Depacketizer() },
  { name: 'VP8', frame: vp8Frame, packetizer: (m) => new Vp8Packetizer({ maxPayloadSize: m }), depacketizer: () => new Vp8Depacketizer() },
  { name: 'VP9 non-flexible', frame: vp9Frame, packetizer: (m) => new Vp9Packetizer({ maxPayloadSize: m, width: 640, height: 360 }), depacketizer: () => new Vp9Depacketizer() },
  { name: 'VP9 flexible', frame: vp9Frame, packetizer: (m) => new Vp9Packetizer({ maxPayloadSize: m, mode: 'flexible' }), depacketizer: () => new Vp9Depacketizer() },
  { name: 'AV1', frame: av1TemporalUnit, packetizer: (m) => new Av1Packetizer({ maxPayloadSize: m }), depacketizer: () => new Av1Depacketizer() },
];
