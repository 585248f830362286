/**
 * Shared packetize → (reorder, lose) → FrameAssembler harness for every codec.
 */
import { FrameAssembler, type AssembledFrame, type Depacketizer, type FrameAssemblerOptions } from '@purertc/rtp';
import { seededFloats } from '@purertc/common';

/** Deterministic PRNG (mulberry32): `seededFloats` of @purertc/common. */
export const prng = seededFloats;

/** Bytes in [lo, 255] (lo = 1 avoids start-code emulation in H.264 NAL bodies), xorshift-filled. */
export function randomBytes(rand: () => number, n: number, lo = 0): Uint8Array {
  const words = new Uint32Array((n + 3) >> 2);
  let x = (Math.floor(rand() * 0xffffffff) | 1) >>> 0;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x;
  }
  const b = new Uint8Array(words.buffer, 0, n);
  if (lo > 0) for (let i = 0; i < n; i++) if (b[i]! < lo) b[i] = lo;
  return b;
}

export interface WirePacket {
  seq: number;
  ts: number;
  marker: boolean;
  payload: Uint8Array;
}

/** Packetizes frames into RTP-like packets, with consecutive sequence numbers from `seq0` (wrapping). */
export function toPackets(frames: readonly Uint8Array[], packetize: (f: Uint8Array) => Uint8Array[], seq0 = 65000, ts0 = 0xfffff000, tsStep = 3000): WirePacket[] {
  const out: WirePacket[] = [];
  let seq = seq0;
  frames.forEach((f, i) => {
    const payloads = packetize(f);
    payloads.forEach((p, k) => {
      out.push({ seq: seq & 0xffff, ts: (ts0 + i * tsStep) >>> 0, marker: k === payloads.length - 1, payload: p });
      seq++;
    });
  });
  return out;
}

/** Shuffles within windows of `w` packets (bounded reordering). */
export function reorder(packets: WirePacket[], rand: () => number, w = 8): WirePacket[] {
  const out = packets.slice();
  for (let i = 0; i < out.length; i += w) {
    const end = Math.min(out.length, i + w);
    for (let j = end - 1; j > i; j--) {
      const k = i + Math.floor(rand() * (j - i + 1));
      [out[j], out[k]] = [out[k]!, out[j]!];
    }
  }
  return out;
}

/** Feeds packets to a fresh assembler and returns every frame it emits. */
export function assemble(format: Depacketizer, packets: readonly WirePacket[], options?: FrameAssemblerOptions): { frames: AssembledFrame[]; assembler: FrameAssembler } {
  const a = new FrameAssembler(format, options);
  const frames: AssembledFrame[] = [];
  for (const p of packets) {
    a.push(p.seq, p.ts, p.marker, p.payload);
    for (let f = a.poll(); f; f = a.poll()) frames.push(f);
  }
  a.flush(); // end of stream
  for (let f = a.poll(); f; f = a.poll()) frames.push(f);
  return { frames, assembler: a };
}

export const SIZES = [1, 1024, 10 * 1024, 100 * 1024, 1024 * 1024];
